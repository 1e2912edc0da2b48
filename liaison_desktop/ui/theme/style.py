"""The application stylesheet and style, built in code from the palette and the metrics.

One stylesheet for the whole app (set on the QApplication), so a screen never styles itself. What it
draws on purpose:

- fields, buttons, lists and tables with a visible outline (3:1 against the background);
- a focus ring on every control that takes the keyboard, thicker than any outline and in its own
  color, so a keyboard user always sees where they are (the padding shrinks by what the ring adds, so
  nothing moves when focus arrives);
- the default button (and `ButtonKind.PRIMARY`) filled with the accent color;
- text roles (type scale) and tones (banners) from `roles.py`.

The base style is Fusion on every platform: the same look and metrics on Linux, Windows and macOS,
and a style that draws from the palette, so dark and high-contrast palettes apply everywhere. A thin
proxy gives layouts the spacing scale, so margins grow with the system font too, and gives every list,
tree and table the delegate that lays a cell's text out in the direction it is written
(`reading_order.py`) and every date field the app's date format (`date_fields.py`).
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QProxyStyle,
    QStyle,
    QStyledItemDelegate,
    QStyleFactory,
    QStyleOption,
    QWidget,
)

from liaison_desktop.ui.theme.arrows import arrow_image
from liaison_desktop.ui.theme.date_fields import localize_date_edit
from liaison_desktop.ui.theme.metrics import TYPE_SCALE, Metrics, Spacing, TextRole
from liaison_desktop.ui.theme.palette import ThemeColors
from liaison_desktop.ui.theme.reading_order import ReadingOrderDelegate
from liaison_desktop.ui.theme.roles import BUTTON_KIND_PROPERTY, TEXT_ROLE_PROPERTY, TONE_PROPERTY

BASE_STYLE = "Fusion"

_PM = QStyle.PixelMetric
_MARGINS = (
    _PM.PM_LayoutLeftMargin,
    _PM.PM_LayoutTopMargin,
    _PM.PM_LayoutRightMargin,
    _PM.PM_LayoutBottomMargin,
)
_SPACINGS = (_PM.PM_LayoutHorizontalSpacing, _PM.PM_LayoutVerticalSpacing)


class ThemeStyle(QProxyStyle):
    """Fusion, with layout margins and spacing taken from the spacing scale."""

    def __init__(self, spacing: Spacing) -> None:
        super().__init__(QStyleFactory.create(BASE_STYLE))
        self.spacing = spacing

    def pixelMetric(  # noqa: N802 - Qt's name
        self, metric: QStyle.PixelMetric, option: QStyleOption | None = None, widget: QWidget | None = None
    ) -> int:
        if metric in _MARGINS:
            return self.spacing.m
        if metric in _SPACINGS:
            return self.spacing.s
        return super().pixelMetric(metric, option, widget)

    def polish(self, target: object) -> None:  # type: ignore[override] - Qt overloads polish()
        """Every view with Qt's default delegate gets the reading-order one, every date field with Qt's
        default format the app's (a screen that chose its own keeps it)."""
        if isinstance(target, QAbstractItemView) and type(target.itemDelegate()) is QStyledItemDelegate:
            target.setItemDelegate(ReadingOrderDelegate(target))
        elif isinstance(target, QDateEdit):
            localize_date_edit(target)
        super().polish(target)


def stylesheet(colors: ThemeColors, metrics: Metrics) -> str:
    c, m, space = colors, metrics, metrics.spacing
    bw, fw, radius = m.border_width, m.focus_width, m.radius
    ring = fw - bw  # what the focus ring adds to the border, taken back from the padding
    pad_y, pad_x = space.xs + space.xs // 2, space.m
    field_y, field_x = max(space.xs - 1, ring), space.s
    button_w = space.m + space.s  # spin and drop-down buttons: a comfortable target
    arrow_w, arrow_h = space.s + 1, space.xs + 2
    parts = [
        f"""
QToolTip {{ color: {c.on_tooltip}; background: {c.tooltip}; border: {bw}px solid {c.border};
    padding: {space.xs}px; }}

QPushButton {{ background: {c.surface}; color: {c.text}; border: {bw}px solid {c.border};
    border-radius: {radius}px; padding: {pad_y}px {pad_x}px; }}
QPushButton:hover {{ background: {c.surface_alt}; }}
QPushButton:pressed {{ background: {c.selection}; color: {c.on_selection}; }}
QPushButton:checked {{ background: {c.selection}; color: {c.on_selection}; border-color: {c.accent}; }}
QPushButton:focus {{ border: {fw}px solid {c.focus}; padding: {pad_y - ring}px {pad_x - ring}px; }}
QPushButton:default, QPushButton[{BUTTON_KIND_PROPERTY}="primary"] {{
    background: {c.accent}; color: {c.on_accent}; border-color: {c.accent}; }}
QPushButton:default:focus, QPushButton[{BUTTON_KIND_PROPERTY}="primary"]:focus {{
    border-color: {c.focus_on_accent}; }}
QPushButton[{BUTTON_KIND_PROPERTY}="danger"] {{ color: {c.danger}; border-color: {c.danger}; }}
QPushButton[{BUTTON_KIND_PROPERTY}="danger"]:focus {{ border-color: {c.focus}; }}
QPushButton:disabled, QPushButton:default:disabled {{ background: {c.window}; color: {c.text_disabled};
    border-color: {c.text_disabled}; }}

QToolButton {{ color: {c.text}; background: transparent; border: {fw}px solid transparent;
    border-radius: {radius}px; padding: {space.xs}px; }}
QToolButton:hover {{ background: {c.surface_alt}; border-color: {c.border}; }}
QToolButton:focus {{ border-color: {c.focus}; }}
QToolButton:disabled {{ color: {c.text_disabled}; }}

QLineEdit, QPlainTextEdit, QTextEdit, QAbstractSpinBox, QComboBox {{
    background: {c.surface}; color: {c.text}; border: {bw}px solid {c.border}; border-radius: {radius}px;
    padding: {field_y}px {field_x}px; selection-background-color: {c.selection};
    selection-color: {c.on_selection}; }}
QLineEdit:focus, QPlainTextEdit:focus, QTextEdit:focus, QAbstractSpinBox:focus, QComboBox:focus {{
    border: {fw}px solid {c.focus}; padding: {field_y - ring}px {field_x - ring}px; }}
QLineEdit:read-only, QPlainTextEdit:read-only, QTextEdit:read-only {{ background: {c.window}; }}
QLineEdit:disabled, QPlainTextEdit:disabled, QTextEdit:disabled, QAbstractSpinBox:disabled,
QComboBox:disabled {{ background: {c.window}; color: {c.text_disabled}; border-color: {c.text_disabled}; }}
QComboBox QAbstractItemView {{ border: {bw}px solid {c.border}; padding: 0px; }}
QAbstractSpinBox {{ padding-right: {button_w + field_x}px; }}
QAbstractSpinBox:focus {{ padding-right: {button_w + field_x - ring}px; }}
QAbstractSpinBox::up-button, QAbstractSpinBox::down-button {{ subcontrol-origin: border; width: {button_w}px;
    border-left: {bw}px solid {c.border}; background: {c.surface_alt}; }}
QAbstractSpinBox::up-button {{ subcontrol-position: top right; }}
QAbstractSpinBox::down-button {{ subcontrol-position: bottom right; }}
QAbstractSpinBox::up-button:hover, QAbstractSpinBox::down-button:hover {{ background: {c.selection}; }}
QAbstractSpinBox::up-arrow {{ image: url({arrow_image("up", c.text)}); width: {arrow_w}px; height: {arrow_h}px; }}
QAbstractSpinBox::down-arrow, QComboBox::down-arrow {{ image: url({arrow_image("down", c.text)});
    width: {arrow_w}px; height: {arrow_h}px; }}
QAbstractSpinBox::up-arrow:disabled, QAbstractSpinBox::up-arrow:off {{
    image: url({arrow_image("up", c.text_disabled)}); }}
QAbstractSpinBox::down-arrow:disabled, QAbstractSpinBox::down-arrow:off, QComboBox::down-arrow:disabled {{
    image: url({arrow_image("down", c.text_disabled)}); }}
QComboBox::drop-down {{ subcontrol-origin: border; subcontrol-position: top right; width: {button_w}px;
    border-left: {bw}px solid {c.border}; }}

QAbstractItemView {{ background: {c.surface}; alternate-background-color: {c.surface_alt};
    color: {c.text}; border: {bw}px solid {c.border}; padding: {ring}px;
    selection-background-color: {c.selection}; selection-color: {c.on_selection}; }}
QAbstractItemView:focus {{ border: {fw}px solid {c.focus}; padding: 0px; }}
QHeaderView {{ border: none; padding: 0px; }}
QHeaderView::section {{ background: {c.surface_alt}; color: {c.text}; border: none;
    border-bottom: {bw}px solid {c.border}; padding: {space.xs}px {space.s}px; }}
QTreeView::item {{ padding: {space.xs}px {space.s}px; }}

QCheckBox, QRadioButton {{ color: {c.text}; border: {fw}px solid transparent; border-radius: {radius}px;
    padding: {space.xs // 2}px; spacing: {space.s}px; }}
QCheckBox:focus, QRadioButton:focus {{ border-color: {c.focus}; }}
QCheckBox:disabled, QRadioButton:disabled {{ color: {c.text_disabled}; }}

QStatusBar {{ background: {c.surface}; color: {c.text}; border-top: {bw}px solid {c.border}; }}
QStatusBar QLabel {{ color: {c.text}; padding: 0px {space.xs}px; }}
"""
    ]
    parts.append(_text_roles(colors, metrics))
    parts.append(_tones(colors, metrics))
    return "\n".join(part.strip() for part in parts) + "\n"


def _text_roles(c: ThemeColors, m: Metrics) -> str:
    colors = {TextRole.CAPTION: c.text_muted, TextRole.ERROR: c.danger, TextRole.SUCCESS: c.success}
    rules = []
    for role, (_factor, bold) in TYPE_SCALE.items():
        declarations = [f"font-size: {m.font_size_css(role)};"]
        if bold:
            declarations.append("font-weight: bold;")
        if role in colors:
            declarations.append(f"color: {colors[role]};")
        rules.append(f'[{TEXT_ROLE_PROPERTY}="{role}"] {{ {" ".join(declarations)} }}')
    return "\n".join(rules)


def _tones(c: ThemeColors, m: Metrics) -> str:
    tones = {
        "info": (c.info_surface, c.on_info_surface, c.border),
        "warning": (c.warning_surface, c.on_warning_surface, c.warning_border),
        "danger": (c.danger_surface, c.on_danger_surface, c.danger),
        "success": (c.surface, c.success, c.success),
    }
    space = m.spacing
    return "\n".join(
        f'[{TONE_PROPERTY}="{tone}"] {{ background: {background}; color: {text}; '
        f"border: {m.border_width}px solid {border}; border-radius: {m.radius}px; "
        f"padding: {space.s}px {space.m}px; }}"
        for tone, (background, text, border) in tones.items()
    )
