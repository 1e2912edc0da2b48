"""Date fields written the way the rest of the screen writes dates.

A QDateEdit takes the locale's short date format: two-digit years in English and Spanish ("11/26/26",
which reads as any of three dates), and in Arabic "26/11/2026" on the screen while every date label
around it reads "2026/11/26": the same date with its day and year swapped. (A right-to-left date field
lays its sections out from the right by itself; the right-to-left marks in Arabic's "d‏/M‏/yyyy" turned
them around a second time.) `date_edit_format` keeps the locale's order of day, month and year, with a
four-digit year and without the marks. The theme's style applies it to every date field that kept Qt's
default format (`ThemeStyle.polish`).
"""

from __future__ import annotations

import re

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QDateEdit

_BIDI_MARKS = re.compile("[\u200e\u200f\u061c]")
_TWO_DIGIT_YEAR = re.compile(r"(?<!y)yy(?!y)")


def date_edit_format(locale: QLocale) -> str:
    """The display format of a date field in `locale` (Qt's format syntax)."""
    short = _BIDI_MARKS.sub("", locale.dateFormat(QLocale.FormatType.ShortFormat))
    short = _TWO_DIGIT_YEAR.sub("yyyy", short)
    return short


def localize_date_edit(edit: QDateEdit) -> None:
    """Give a date field the app's format, unless its screen chose one of its own."""
    locale = edit.locale()
    if edit.displayFormat() == locale.dateFormat(QLocale.FormatType.ShortFormat):
        edit.setDisplayFormat(date_edit_format(locale))
