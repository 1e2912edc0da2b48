"""The colors of the app, by role, in four variants: light, dark, and high contrast of each.

Screens never write a color: they give a widget a text role or a tone (`roles.py`) and the application
stylesheet colors it, or they read `current().colors` when they paint something themselves. Every pair
of a text color and the background it is drawn on is listed in `TEXT_PAIRS` and must reach WCAG AA
(4.5:1); outlines that tell where a control is (input borders, the focus ring) are listed in
`NON_TEXT_PAIRS` and must reach 3:1 (WCAG 1.4.11). `tests/ui/test_theme.py` computes every ratio.
Disabled text is exempt from contrast in WCAG and is kept readable but visibly dimmer.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from PySide6.QtGui import QColor, QPalette


@dataclass(frozen=True)
class ThemeColors:
    name: str
    window: str  # background of screens and dialogs
    surface: str  # background of fields, lists, tables, buttons
    surface_alt: str  # alternate table rows, hovered buttons
    text: str
    text_muted: str  # secondary text: hints, captions, timestamps
    text_disabled: str
    border: str  # outline of fields, lists and buttons
    accent: str  # the default button, links, the selected row
    on_accent: str  # text on `accent`
    focus: str  # the focus ring
    focus_on_accent: str  # the focus ring of a control filled with `accent`
    selection: str  # selected rows and text
    on_selection: str
    link: str
    danger: str  # error text on `window` / `surface`
    danger_surface: str  # an error banner
    on_danger_surface: str
    warning_surface: str  # a warning banner (the demo profile notice)
    on_warning_surface: str
    warning_border: str
    success: str  # "saved", "up to date" text on `window` / `surface`
    info_surface: str  # a neutral notice
    on_info_surface: str
    tooltip: str
    on_tooltip: str


# Text drawn on a background somewhere in the app: (text role, background role), each must reach 4.5:1.
TEXT_PAIRS: tuple[tuple[str, str], ...] = (
    ("text", "window"),
    ("text", "surface"),
    ("text", "surface_alt"),
    ("text_muted", "window"),
    ("text_muted", "surface"),
    ("text_muted", "surface_alt"),
    ("on_accent", "accent"),
    ("on_selection", "selection"),
    ("link", "window"),
    ("link", "surface"),
    ("danger", "window"),
    ("danger", "surface"),
    ("on_danger_surface", "danger_surface"),
    ("on_warning_surface", "warning_surface"),
    ("success", "window"),
    ("success", "surface"),
    ("on_info_surface", "info_surface"),
    ("on_tooltip", "tooltip"),
)

# Outlines that identify a control or show where focus is: (outline role, background role), 3:1 each.
NON_TEXT_PAIRS: tuple[tuple[str, str], ...] = (
    ("border", "window"),
    ("border", "surface"),
    ("focus", "window"),
    ("focus", "surface"),
    ("focus_on_accent", "accent"),
    ("accent", "window"),
)

LIGHT = ThemeColors(
    name="light",
    window="#f6f7f9",
    surface="#ffffff",
    surface_alt="#eef1f4",
    text="#1f2328",
    text_muted="#545d68",
    text_disabled="#8c959f",
    border="#737b85",
    accent="#2767b8",
    on_accent="#ffffff",
    focus="#0b57d0",
    focus_on_accent="#000000",
    selection="#cfe0fa",
    on_selection="#1f2328",
    link="#1f5fae",
    danger="#b3261e",
    danger_surface="#fdecea",
    on_danger_surface="#7a1712",
    warning_surface="#fff4ce",
    on_warning_surface="#4a3b00",
    warning_border="#c9a227",
    success="#1a7335",
    info_surface="#e8f1fb",
    on_info_surface="#0b3d7a",
    tooltip="#1f2328",
    on_tooltip="#ffffff",
)

DARK = ThemeColors(
    name="dark",
    window="#1c1e21",
    surface="#25282c",
    surface_alt="#2e3237",
    text="#e6e8eb",
    text_muted="#a8b0b9",
    text_disabled="#6b7380",
    border="#868e99",
    accent="#2f6fbd",
    on_accent="#ffffff",
    focus="#8ab4f8",
    focus_on_accent="#ffffff",
    selection="#2f4a6e",
    on_selection="#f2f4f7",
    link="#8ab4f8",
    danger="#ff8a80",
    danger_surface="#3b1d1b",
    on_danger_surface="#ffd6d2",
    warning_surface="#3d3416",
    on_warning_surface="#ffe7a3",
    warning_border="#8a7430",
    success="#7ee2a8",
    info_surface="#1d3150",
    on_info_surface="#d3e4fd",
    tooltip="#e6e8eb",
    on_tooltip="#1c1e21",
)

# High contrast: black and white, one strong accent, outlines as strong as text.
LIGHT_HIGH_CONTRAST = ThemeColors(
    name="light-high-contrast",
    window="#ffffff",
    surface="#ffffff",
    surface_alt="#f0f0f0",
    text="#000000",
    text_muted="#1a1a1a",
    text_disabled="#5c5c5c",
    border="#000000",
    accent="#000000",
    on_accent="#ffffff",
    focus="#c00000",
    focus_on_accent="#c00000",
    selection="#00307a",
    on_selection="#ffffff",
    link="#00307a",
    danger="#9c0000",
    danger_surface="#ffffff",
    on_danger_surface="#9c0000",
    warning_surface="#ffffff",
    on_warning_surface="#000000",
    warning_border="#000000",
    success="#005a1e",
    info_surface="#ffffff",
    on_info_surface="#000000",
    tooltip="#000000",
    on_tooltip="#ffffff",
)

DARK_HIGH_CONTRAST = ThemeColors(
    name="dark-high-contrast",
    window="#000000",
    surface="#000000",
    surface_alt="#141414",
    text="#ffffff",
    text_muted="#f0f0f0",
    text_disabled="#a6a6a6",
    border="#ffffff",
    accent="#ffff00",
    on_accent="#000000",
    focus="#00ffff",
    focus_on_accent="#d000d0",
    selection="#ffff00",
    on_selection="#000000",
    link="#ffff00",
    danger="#ff9e9e",
    danger_surface="#000000",
    on_danger_surface="#ff9e9e",
    warning_surface="#000000",
    on_warning_surface="#ffff00",
    warning_border="#ffff00",
    success="#7dff9e",
    info_surface="#000000",
    on_info_surface="#ffffff",
    tooltip="#ffffff",
    on_tooltip="#000000",
)

ALL_VARIANTS = (LIGHT, DARK, LIGHT_HIGH_CONTRAST, DARK_HIGH_CONTRAST)


def colors_for(*, dark: bool, high_contrast: bool) -> ThemeColors:
    if high_contrast:
        return DARK_HIGH_CONTRAST if dark else LIGHT_HIGH_CONTRAST
    return DARK if dark else LIGHT


def color_roles() -> list[str]:
    return [field.name for field in fields(ThemeColors) if field.name != "name"]


def relative_luminance(hex_color: str) -> float:
    """WCAG 2 relative luminance of an sRGB color `#rrggbb`."""
    value = hex_color.lstrip("#")
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio, from 1 (same color) to 21 (black on white)."""
    lighter, darker = sorted((relative_luminance(foreground), relative_luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def qpalette(colors: ThemeColors) -> QPalette:
    """The same colors as a QPalette, for what the stylesheet does not cover (Fusion's own drawing)."""
    role = QPalette.ColorRole
    palette = QPalette()
    assignments = {
        role.Window: colors.window,
        role.WindowText: colors.text,
        role.Base: colors.surface,
        role.AlternateBase: colors.surface_alt,
        role.Text: colors.text,
        role.Button: colors.surface,
        role.ButtonText: colors.text,
        role.BrightText: colors.on_accent,
        role.Highlight: colors.selection,
        role.HighlightedText: colors.on_selection,
        role.Accent: colors.accent,
        role.Link: colors.link,
        role.LinkVisited: colors.link,
        role.ToolTipBase: colors.tooltip,
        role.ToolTipText: colors.on_tooltip,
        role.PlaceholderText: colors.text_muted,
        role.Light: colors.surface,
        role.Midlight: colors.surface_alt,
        role.Mid: colors.border,
        role.Dark: colors.border,
        role.Shadow: colors.border,
    }
    for color_role, value in assignments.items():
        palette.setColor(color_role, QColor(value))
    disabled = QPalette.ColorGroup.Disabled
    for color_role in (role.WindowText, role.Text, role.ButtonText, role.PlaceholderText):
        palette.setColor(disabled, color_role, QColor(colors.text_disabled))
    # Fusion paints the focus frame of fields and the check box indicator in Highlight: keep it strong.
    palette.setColor(disabled, role.Highlight, QColor(colors.surface_alt))
    return palette
