"""Choosing and applying the theme: the system's light/dark and contrast preference, Fusion, the palette
and the one stylesheet.

The system decides: `QStyleHints.colorScheme()` (dark or light) and, since Qt 6.10,
`QStyleHints.accessibility().contrastPreference()` (high contrast). Where a platform reports neither
(many Linux desktops, the offscreen platform) `LIAISON_THEME` chooses: `light`, `dark`,
`high-contrast` or `high-contrast-dark`. When the system preference changes while the app runs, the
theme follows.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from liaison_desktop.ui.theme.metrics import Metrics, Spacing, metrics_for
from liaison_desktop.ui.theme.palette import ThemeColors, colors_for, qpalette
from liaison_desktop.ui.theme.style import ThemeStyle, stylesheet

THEME_ENV = "LIAISON_THEME"


@dataclass(frozen=True)
class Theme:
    colors: ThemeColors
    metrics: Metrics
    dark: bool
    high_contrast: bool

    @property
    def spacing(self) -> Spacing:
        return self.metrics.spacing


_current: Theme | None = None
_style: ThemeStyle | None = None
_overrides: dict[str, bool | None] = {"dark": None, "high_contrast": None}
_following_system = False


def current() -> Theme:
    """The applied theme (light defaults before `apply_theme`, e.g. in a widget test without the app)."""
    if _current is not None:
        return _current
    app = QApplication.instance()
    font = app.font() if isinstance(app, QApplication) else QFont()
    return Theme(colors_for(dark=False, high_contrast=False), metrics_for(font), False, False)


def current_colors() -> ThemeColors | None:
    return _current.colors if _current is not None else None


def system_preference(app: QApplication) -> tuple[bool, bool]:
    """(dark, high contrast) as the system reports them, or as `LIAISON_THEME` says."""
    chosen = os.environ.get(THEME_ENV, "").strip().lower()
    if chosen:
        return "dark" in chosen, "high-contrast" in chosen
    hints = app.styleHints()
    dark = hints.colorScheme() == Qt.ColorScheme.Dark
    high_contrast = hints.accessibility().contrastPreference() == Qt.ContrastPreference.HighContrast
    return dark, high_contrast


def apply_theme(app: QApplication, *, dark: bool | None = None, high_contrast: bool | None = None) -> Theme:
    """Apply Fusion, the palette and the stylesheet for the system's preference (or the one given).

    Sizes come from the application font as it is now, so call this again after changing it. Cheap
    when nothing changed: the stylesheet is only set (and every widget re-polished) when it differs.
    """
    global _current, _style
    _overrides.update(dark=dark, high_contrast=high_contrast)
    system_dark, system_high_contrast = system_preference(app)
    use_dark = system_dark if dark is None else dark
    use_high_contrast = system_high_contrast if high_contrast is None else high_contrast
    colors = colors_for(dark=use_dark, high_contrast=use_high_contrast)
    metrics = metrics_for(app.font(), high_contrast=use_high_contrast)
    if _style is None:
        _style = ThemeStyle(metrics.spacing)
        app.setStyle(_style)  # the application owns the style from here on
    _style.spacing = metrics.spacing
    palette = qpalette(colors)
    if app.palette() != palette:
        app.setPalette(palette)
    sheet = stylesheet(colors, metrics)
    if app.styleSheet() != sheet:
        app.setStyleSheet(sheet)
    _current = Theme(colors, metrics, use_dark, use_high_contrast)
    _follow_system(app)
    return _current


def _follow_system(app: QApplication) -> None:
    global _following_system
    if _following_system:
        return
    _following_system = True
    hints = app.styleHints()

    def reapply() -> None:
        apply_theme(app, **_overrides)

    hints.colorSchemeChanged.connect(reapply)
    hints.accessibility().contrastPreferenceChanged.connect(reapply)
