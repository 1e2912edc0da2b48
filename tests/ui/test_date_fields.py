"""Date fields write dates as the labels around them do: a four-digit year in every language, and in
Arabic the year on the left as in the date labels (which read right to left)."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, QLocale
from PySide6.QtWidgets import QApplication, QDateEdit

from liaison_desktop.ui.app import configure_application
from liaison_desktop.ui.theme.date_fields import date_edit_format


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("en_US", "M/d/yyyy"),
        ("es_ES", "d/M/yyyy"),
        ("fr_FR", "dd/MM/yyyy"),
        ("ar", "d/M/yyyy"),
        ("zh_CN", "yyyy/M/d"),
    ],
)
def test_a_date_field_keeps_the_locales_order_with_a_four_digit_year(locale: str, expected: str) -> None:
    assert date_edit_format(QLocale(locale)) == expected


@pytest.mark.parametrize(
    ("language", "shown"), [("en", "1/5/2026"), ("ar", "2026/1/5"), ("zh_CN", "2026/1/5")]
)
def test_a_date_field_shows_the_date_in_the_interface_language(
    qtbot, qapp: QApplication, language: str, shown: str
) -> None:  # noqa: ANN001
    configure_application(qapp, language)
    field = QDateEdit(QDate(2026, 1, 5))
    qtbot.addWidget(field)
    field.show()
    qtbot.waitExposed(field)
    assert field.text() == shown
    assert field.date().toPython() == dt.date(2026, 1, 5)


def test_a_screen_that_chose_its_own_date_format_keeps_it(qtbot, qapp: QApplication) -> None:  # noqa: ANN001
    configure_application(qapp, "en")
    field = QDateEdit(QDate(2026, 1, 5))
    field.setDisplayFormat("yyyy-MM-dd")
    qtbot.addWidget(field)
    field.show()
    qtbot.waitExposed(field)
    assert field.text() == "2026-01-05"
