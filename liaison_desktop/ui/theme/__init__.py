"""One visual language for every screen, written once: colors, sizes, icons.

How a screen uses it (it never writes a color, a font size or a pixel gap of its own):

    from liaison_desktop.ui import theme

    theme.set_text_role(title, theme.TextRole.TITLE)      # type scale: title, heading, caption, error...
    theme.set_tone(banner, theme.Tone.WARNING)            # banners: info, warning, danger, success
    theme.set_button_kind(wipe, theme.ButtonKind.DANGER)  # primary / danger buttons
    layout.setSpacing(theme.spacing().s)                  # xs, s, m, l, xl, xxl; grow with the font
    QPushButton(theme.icon("sync"), _("Sync now"))        # icons: always with text beside them
    theme.colors().danger                                 # only for what a screen paints itself

`apply_theme(app)` (called by `ui.app.configure_application`) sets Fusion, the palette and the
application stylesheet; layouts get their default margins and spacing from the spacing scale.
"""

from __future__ import annotations

from liaison_desktop.ui.theme.applied import Theme, apply_theme, current, system_preference
from liaison_desktop.ui.theme.icons import VOCABULARY as ICON_NAMES
from liaison_desktop.ui.theme.icons import UnknownIcon, icon
from liaison_desktop.ui.theme.metrics import Metrics, Spacing, TextRole
from liaison_desktop.ui.theme.palette import ThemeColors, contrast_ratio
from liaison_desktop.ui.theme.roles import ButtonKind, Tone, set_button_kind, set_text_role, set_tone


def colors() -> ThemeColors:
    return current().colors


def spacing() -> Spacing:
    return current().spacing


__all__ = [
    "ICON_NAMES",
    "ButtonKind",
    "Metrics",
    "Spacing",
    "TextRole",
    "Theme",
    "ThemeColors",
    "Tone",
    "UnknownIcon",
    "apply_theme",
    "colors",
    "contrast_ratio",
    "current",
    "icon",
    "set_button_kind",
    "set_text_role",
    "set_tone",
    "spacing",
    "system_preference",
]
