"""One visual language: AA contrast in every variant, the theme in every language, icons, focus rings,
and layouts that stay whole at 200 % text and with long (Spanish-length) labels."""

from __future__ import annotations

import contextlib
import gettext
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)
from pytestqt.exceptions import TimeoutError as WaitTimedOut

from liaison_desktop.i18n import catalogs
from liaison_desktop.ui import theme
from liaison_desktop.ui.app import configure_application
from liaison_desktop.ui.shell.main_window import MainWindow
from liaison_desktop.ui.theme.palette import ALL_VARIANTS, NON_TEXT_PAIRS, TEXT_PAIRS, ThemeColors

from .conftest import ExistingProfile
from .helpers import unlock_through_screen

TEXT_CASES = [(v, fg, bg) for v in ALL_VARIANTS for fg, bg in TEXT_PAIRS]
OUTLINE_CASES = [(v, fg, bg) for v in ALL_VARIANTS for fg, bg in NON_TEXT_PAIRS]


@pytest.mark.parametrize(
    ("colors", "text", "background"), TEXT_CASES, ids=[f"{v.name}-{f}-on-{b}" for v, f, b in TEXT_CASES]
)
def test_every_text_color_reaches_aa_contrast_on_its_background(
    colors: ThemeColors, text: str, background: str
) -> None:
    ratio = theme.contrast_ratio(getattr(colors, text), getattr(colors, background))
    assert ratio >= 4.5, f"{colors.name}: {text} on {background} is {ratio:.2f}:1"


@pytest.mark.parametrize(
    ("colors", "outline", "background"),
    OUTLINE_CASES,
    ids=[f"{v.name}-{f}-on-{b}" for v, f, b in OUTLINE_CASES],
)
def test_outlines_and_focus_rings_reach_3_to_1_against_what_surrounds_them(
    colors: ThemeColors, outline: str, background: str
) -> None:
    ratio = theme.contrast_ratio(getattr(colors, outline), getattr(colors, background))
    assert ratio >= 3.0, f"{colors.name}: {outline} on {background} is {ratio:.2f}:1"


def test_the_contrast_formula_matches_wcag_reference_values() -> None:
    assert theme.contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert theme.contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_theme_applies_without_stylesheet_errors(qapp: QApplication, qtlog, language: str) -> None:  # noqa: ANN001
    configure_application(qapp, language)
    window = QWidget()
    layout = QVBoxLayout(window)
    banner = QLabel("banner")
    theme.set_tone(banner, theme.Tone.WARNING)
    layout.addWidget(banner)
    layout.addWidget(QPushButton("button"))
    window.show()
    window.grab()  # polishes and paints everything once

    assert layout.contentsMargins().left() == theme.spacing().m, "layouts take the spacing scale"
    assert qapp.palette().color(qapp.palette().ColorRole.Window) == QColor(theme.colors().window)
    assert "QPushButton:focus" in qapp.styleSheet()
    problems = [
        r.message for r in qtlog.records if "style" in r.message.lower() and "sheet" in r.message.lower()
    ]
    assert problems == []
    window.close()


def test_dark_and_high_contrast_follow_the_system_or_the_setting(qapp: QApplication, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.delenv(theme.applied.THEME_ENV, raising=False)
    try:
        applied = theme.apply_theme(qapp, dark=True)
        assert applied.colors.name == "dark"
        assert qapp.palette().color(qapp.palette().ColorRole.Base) == QColor(applied.colors.surface)

        monkeypatch.setenv(theme.applied.THEME_ENV, "high-contrast-dark")
        assert theme.apply_theme(qapp).colors.name == "dark-high-contrast"
        monkeypatch.setenv(theme.applied.THEME_ENV, "high-contrast")
        assert theme.apply_theme(qapp).colors.name == "light-high-contrast"
        assert theme.current().metrics.focus_width > theme.current().metrics.border_width
    finally:
        monkeypatch.delenv(theme.applied.THEME_ENV, raising=False)
        theme.apply_theme(qapp)


def _image(icon_name: str, *, right_to_left: bool) -> QImage:
    return theme.icon(icon_name, right_to_left=right_to_left).pixmap(QSize(32, 32)).toImage()


def _painted_pixels(image: QImage) -> int:
    return sum(
        1 for y in range(image.height()) for x in range(image.width()) if image.pixelColor(x, y).alpha() > 0
    )


@pytest.mark.parametrize("name", sorted(theme.ICON_NAMES))
def test_every_icon_of_the_vocabulary_draws_something(qapp: QApplication, name: str) -> None:
    icon = theme.icon(name)
    assert not icon.isNull()
    assert _painted_pixels(_image(name, right_to_left=False)) > 20


def _difference(first: QImage, second: QImage) -> int:
    """Sum of alpha differences: 0 for the same drawing, large for different ones."""
    return sum(
        abs(first.pixelColor(x, y).alpha() - second.pixelColor(x, y).alpha())
        for y in range(first.height())
        for x in range(first.width())
    )


def test_icons_with_a_direction_mirror_in_right_to_left_and_others_do_not(qapp: QApplication) -> None:
    back_ltr, back_rtl = _image("back", right_to_left=False), _image("back", right_to_left=True)
    # The mirrored glyph may land a pixel off the exact mirror image: compare how far apart they are.
    assert (
        _difference(back_rtl, back_ltr.flipped(Qt.Orientation.Horizontal))
        < _difference(back_rtl, back_ltr) / 4
    )
    assert _image("lock", right_to_left=True) == _image("lock", right_to_left=False)


def test_the_application_direction_decides_when_no_direction_is_given(qapp: QApplication) -> None:
    configure_application(qapp, "ar")
    assert theme.icon("back").pixmap(QSize(32, 32)).toImage() == _image("back", right_to_left=True)
    assert theme.icon("back").pixmap(QSize(32, 32)).toImage() != _image("back", right_to_left=False)


def test_a_name_outside_the_vocabulary_is_refused(qapp: QApplication) -> None:
    with pytest.raises(theme.UnknownIcon):
        theme.icon("rocket")


def _focus_color_pixels(widget: QWidget) -> int:
    focus = QColor(theme.colors().focus)
    image = widget.grab().toImage()
    return sum(
        1 for y in range(image.height()) for x in range(image.width()) if image.pixelColor(x, y) == focus
    )


@pytest.mark.parametrize("make_control", [lambda: QPushButton("Save"), QLineEdit, QTableWidget])
def test_a_focused_control_shows_a_ring_in_the_focus_color(qtbot, make_control) -> None:  # noqa: ANN001
    window = QWidget()
    layout = QVBoxLayout(window)
    other = QLineEdit()
    control = make_control()
    layout.addWidget(other)
    layout.addWidget(control)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    other.setFocus()
    qtbot.waitUntil(other.hasFocus)
    unfocused = _focus_color_pixels(control)

    control.setFocus()
    qtbot.waitUntil(control.hasFocus)

    focused = _focus_color_pixels(control)
    ring = theme.current().metrics.focus_width
    assert unfocused == 0
    assert focused >= 2 * ring * (control.width() + control.height()) * 0.8, "a ring all around"


@pytest.mark.parametrize("make_control", [QSpinBox, QComboBox], ids=["spin-box", "combo-box"])
def test_spin_and_drop_down_buttons_show_their_arrows_in_the_text_color(qtbot, make_control) -> None:  # noqa: ANN001
    """An outlined spin box is drawn by the stylesheet, which draws no arrow unless given one: without
    it the buttons are blank boxes and a mouse user cannot tell them apart."""
    control = make_control()
    qtbot.addWidget(control)
    control.resize(200, control.sizeHint().height())
    control.show()
    qtbot.waitExposed(control)
    image = control.grab().toImage()
    button_w = theme.current().metrics.spacing.m + theme.current().metrics.spacing.s
    text = QColor(theme.colors().text)
    arrow_pixels = sum(
        1
        for y in range(image.height())
        for x in range(image.width() - button_w, image.width())
        if _near(image.pixelColor(x, y), text)
    )
    assert arrow_pixels >= 15, "an arrow of roughly 9 by 6 pixels, edges smoothed"


def _near(color: QColor, target: QColor, tolerance: int = 60) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(color.getRgb()[:3], target.getRgb()[:3], strict=True))


# --- layouts at 200 % and with long labels ---------------------------------------------------------


class _SpanishLength(gettext.NullTranslations):
    """Every string ~40 % longer, as Spanish runs against English, with accents; placeholders kept."""

    def gettext(self, message: str) -> str:
        return message + " " + ("Añadiéndose" * (1 + len(message) // 20))[: max(4, int(len(message) * 0.4))]

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.gettext(singular if n == 1 else plural)


@pytest.fixture
def double_font(qapp: QApplication) -> Iterator[None]:
    """The app as on a system at 200 %: the base font doubled, the theme rebuilt from it."""
    original = qapp.font()
    doubled = qapp.font()
    doubled.setPointSizeF(original.pointSizeF() * 2)
    qapp.setFont(doubled)
    theme.apply_theme(qapp)
    yield
    qapp.setFont(original)
    theme.apply_theme(qapp)


def _clipped_widgets(window: QWidget) -> list[str]:
    """Visible buttons and labels whose content needs more room than the layout gave them, and the
    window itself when its layout needs more than the screen has."""
    clipped = [] if window.width() <= SCREEN_AT_200.width() else [f"window {window.width()} wide"]
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window) or not isinstance(widget, (QPushButton, QLabel)):
            continue
        size, hint = widget.size(), widget.sizeHint()
        if isinstance(widget, QLabel) and widget.wordWrap():
            fits = size.height() >= widget.heightForWidth(size.width())
        else:
            fits = size.width() >= hint.width() and size.height() >= hint.height()
        if not fits:
            text = widget.text()[:40]
            clipped.append(f"{type(widget).__name__} {text!r} {size.toTuple()} < {hint.toTuple()}")
    for header in window.findChildren(QHeaderView):
        if header.isVisibleTo(window):
            for section in range(header.count()):
                if header.sectionSize(section) < header.sectionSizeHint(section):
                    label = header.model().headerData(section, header.orientation())
                    clipped.append(
                        f"header {label!r} {header.sectionSize(section)} < {header.sectionSizeHint(section)}"
                    )
    return clipped


SCREEN_AT_200 = QSize(960, 540)  # a 1920 x 1080 screen at 200 %


def _assert_whole(qtbot, window: MainWindow) -> None:  # noqa: ANN001
    window.resize(SCREEN_AT_200)
    qtbot.waitExposed(window)
    # Layouts settle over a few event-loop turns (the status bar grows a line, then the window relays).
    with contextlib.suppress(WaitTimedOut):
        qtbot.waitUntil(lambda: _clipped_widgets(window) == [], timeout=3000)
    assert _clipped_widgets(window) == []


@pytest.mark.parametrize("long_labels", [False, True], ids=["english", "spanish-length"])
def test_the_start_and_contacts_screens_stay_whole_at_double_text_size(
    qtbot, make_window, existing_profile: ExistingProfile, double_font, monkeypatch, long_labels: bool
) -> None:  # noqa: ANN001
    if long_labels:
        monkeypatch.setattr(catalogs, "_translations", _SpanishLength())
    window = make_window()
    _assert_whole(qtbot, window)

    unlock_through_screen(qtbot, window, existing_profile.profile_id, existing_profile.passphrase)
    qtbot.waitUntil(lambda: window.workspace_view is not None)
    _assert_whole(qtbot, window)


def test_a_sync_sentence_too_long_for_the_bar_is_shortened_on_screen_and_whole_for_a_screen_reader(
    qtbot, make_window, existing_profile: ExistingProfile, double_font, monkeypatch
) -> None:  # noqa: ANN001
    monkeypatch.setattr(catalogs, "_translations", _SpanishLength())
    window = make_window()
    unlock_through_screen(qtbot, window, existing_profile.profile_id, existing_profile.passphrase)
    qtbot.waitUntil(lambda: window.workspace_view is not None)
    window.resize(SCREEN_AT_200)
    qtbot.waitUntil(lambda: "changes waiting" in window.status.text)
    qtbot.waitUntil(lambda: window.status.sync_label.text().endswith("…"))

    button = window.status.sync_label
    assert button.accessibleName() == window.status.text
    assert button.toolTip() == window.status.text
    assert window.width() <= SCREEN_AT_200.width()
