"""Sizes, all derived from the system font: a spacing scale and a type scale.

Nothing here is a fixed pixel size picked for one screen. The spacing unit is a quarter of the base
font's line height and headings are multiples of the base point size, so when a person runs the
system at 125-200 % (a larger system font, or a higher device pixel ratio) every gap and heading
grows with the text and no layout has to be tuned twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from PySide6.QtGui import QFont, QFontMetrics


class TextRole(StrEnum):
    """What a piece of text is; the stylesheet gives each role its size, weight and color."""

    BODY = "body"
    TITLE = "title"  # one per screen: the app name on the start screen, a profile's name
    HEADING = "heading"  # a section of a screen
    SUBHEADING = "subheading"
    CAPTION = "caption"  # secondary text: hints, timestamps, counts
    ERROR = "error"  # what went wrong, next to where it went wrong
    SUCCESS = "success"


# Size of each role relative to the base font, and whether it is bold.
TYPE_SCALE: dict[TextRole, tuple[float, bool]] = {
    TextRole.BODY: (1.0, False),
    TextRole.TITLE: (1.8, True),
    TextRole.HEADING: (1.35, True),
    TextRole.SUBHEADING: (1.12, True),
    TextRole.CAPTION: (0.92, False),
    TextRole.ERROR: (1.0, False),
    TextRole.SUCCESS: (1.0, False),
}


@dataclass(frozen=True)
class Spacing:
    """Gaps between and inside controls, in device-independent pixels (Qt scales them for the display)."""

    xs: int
    s: int
    m: int
    l: int  # noqa: E741 - the scale's own name, xs..xxl
    xl: int
    xxl: int

    @classmethod
    def from_unit(cls, unit: int) -> Spacing:
        return cls(xs=unit, s=2 * unit, m=3 * unit, l=4 * unit, xl=6 * unit, xxl=8 * unit)


@dataclass(frozen=True)
class Metrics:
    base_point_size: float  # <= 0 when the system font is sized in pixels
    base_pixel_size: int  # <= 0 when it is sized in points
    spacing: Spacing
    radius: int  # corner radius of fields, buttons and banners
    border_width: int
    focus_width: int  # the focus ring: thicker than any border, so focus never looks like an outline

    def font_size_css(self, role: TextRole) -> str:
        """The role's size for a stylesheet, in the unit the system font uses."""
        factor, _bold = TYPE_SCALE[role]
        if self.base_point_size > 0:
            return f"{self.base_point_size * factor:.1f}pt"
        return f"{max(1, round(self.base_pixel_size * factor))}px"

    def font(self, base: QFont, role: TextRole) -> QFont:
        """`base` at the role's size and weight, for text a screen paints itself."""
        factor, bold = TYPE_SCALE[role]
        font = QFont(base)
        if self.base_point_size > 0:
            font.setPointSizeF(self.base_point_size * factor)
        else:
            font.setPixelSize(max(1, round(self.base_pixel_size * factor)))
        font.setBold(bold)
        return font


def metrics_for(base: QFont, *, high_contrast: bool = False) -> Metrics:
    unit = max(4, round(QFontMetrics(base).height() / 4))
    return Metrics(
        base_point_size=base.pointSizeF(),
        base_pixel_size=base.pixelSize(),
        spacing=Spacing.from_unit(unit),
        radius=max(3, unit - 1),
        border_width=2 if high_contrast else 1,
        focus_width=3 if high_contrast else 2,
    )
