"""Keeping text on the reading side of the screen whatever script it is written in.

A QLabel aligns its text by the text's own direction: a Latin profile name ("Demo – sample data") in an
Arabic window would sit on the left while everything around it sits on the right. Headings and names
therefore take the layout's side explicitly (`AlignAbsolute` stops Qt from mirroring it back).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel

LTR_ISOLATE, POP_ISOLATE = "\u2066", "\u2069"


def align_with_layout(label: QLabel) -> QLabel:
    rtl = QGuiApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft
    side = Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft
    label.setAlignment(side | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignVCenter)
    return label


def isolate_ltr(text: str) -> str:
    """Phone numbers, addresses, passphrases inside right-to-left text (Unicode isolates)."""
    return f"{LTR_ISOLATE}{text}{POP_ISOLATE}"


FIRST_STRONG_ISOLATE = "\u2068"


def isolate(text: str) -> str:
    """A value of either direction (a localized date, a name) inside a sentence: it keeps its own order
    whatever the sentence's direction (Unicode first-strong isolate)."""
    return f"{FIRST_STRONG_ISOLATE}{text}{POP_ISOLATE}"
