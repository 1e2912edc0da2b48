"""List and table cells laid out in the direction their text is written.

A QLabel takes its paragraph direction from its text; a cell of a list, tree or table takes the view's.
In the Arabic interface an English amendment reason "Typo fixed." was therefore drawn ".Typo fixed" and
a phone number "202-555-0112 1+"; Unicode isolates around the value did not help inside item views drawn
through the style sheet. The delegate below gives a plain-text cell whose text reads left to right a
left-to-right paragraph, still on the reading side of the cell (its alignment mirrored to match). The
theme's style installs it on every view that uses Qt's default delegate (`ThemeStyle.polish`).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

_ISOLATE_OPENERS = frozenset("\u2066\u2067\u2068")
_POP_ISOLATE = "\u2069"
_MIRRORED = {
    Qt.AlignmentFlag.AlignLeft: Qt.AlignmentFlag.AlignRight,
    Qt.AlignmentFlag.AlignRight: Qt.AlignmentFlag.AlignLeft,
}
_DECORATED = (
    QStyleOptionViewItem.ViewItemFeature.HasDecoration
    | QStyleOptionViewItem.ViewItemFeature.HasCheckIndicator
)


@lru_cache(maxsize=4096)
def written_left_to_right(text: str) -> bool:
    """Whether a paragraph of `text` reads left to right by Unicode's first-strong rule (UAX #9, P2-P3):
    its first letter outside isolates is a left-to-right one, or it has no letter at all (a phone number,
    a date in digits)."""
    depth = 0
    for char in text:
        if char in _ISOLATE_OPENERS:
            depth += 1
        elif char == _POP_ISOLATE:
            depth = max(0, depth - 1)
        elif depth == 0:
            kind = unicodedata.bidirectional(char)
            if kind == "L":
                return True
            if kind in ("R", "AL"):
                return False
    return True


class ReadingOrderDelegate(QStyledItemDelegate):
    """Qt's default delegate, but a left-to-right text in a right-to-left view reads left to right.

    Cells with an icon or a check box keep the view's direction, so their decorations stay on the side
    where the rest of the column has them."""

    def initStyleOption(  # noqa: N802 - Qt's name
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        if (
            option.direction != Qt.LayoutDirection.RightToLeft
            or not option.text
            or option.features & _DECORATED
            or not written_left_to_right(option.text)
        ):
            return
        option.direction = Qt.LayoutDirection.LeftToRight
        alignment = option.displayAlignment
        if alignment & Qt.AlignmentFlag.AlignAbsolute:
            return
        horizontal = Qt.AlignmentFlag(alignment & Qt.AlignmentFlag.AlignHorizontal_Mask)
        option.displayAlignment = (alignment & ~Qt.AlignmentFlag.AlignHorizontal_Mask) | _MIRRORED.get(
            horizontal, horizontal
        )
