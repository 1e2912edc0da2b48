"""Large targets for a shared laptop used standing, in a hurry: controls at least two and a half lines
of text high, their text a step larger. Sizes follow the system font (as `ui/theme` does), so a laptop
set to 150 % gets larger targets still, and a long translation wraps or widens instead of clipping."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QWidget

TARGET_LINES = 2.5
TEXT_SCALE = 1.2


def enlarge(widget: QWidget) -> QWidget:
    font = QFont(widget.font())
    if font.pointSizeF() > 0:
        # A whole point size: at a fractional one, text is drawn a pixel wider than Qt measured it, and
        # the last letter of a short label ("Tema") is clipped.
        font.setPointSize(round(font.pointSizeF() * TEXT_SCALE))
    else:
        font.setPixelSize(round(font.pixelSize() * TEXT_SCALE))
    widget.setFont(font)
    widget.setMinimumHeight(round(widget.fontMetrics().height() * TARGET_LINES))
    return widget
