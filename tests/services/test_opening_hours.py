"""The directory's free-text hours, read for "open now": certain answers only, None when unclear."""

from __future__ import annotations

import datetime as dt

import pytest

from liaison_desktop.services.opening_hours import is_open_at

TUESDAY = dt.date(2026, 12, 1)


def at(hour: int, minute: int = 0, day: dt.date = TUESDAY) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute))


@pytest.mark.parametrize(
    ("hours", "when", "expected"),
    [
        ("Mon–Fri 9:00–17:00", at(12), True),
        ("Mon–Fri 9:00–17:00", at(17), False),
        ("Mon–Fri 9:00–17:00", at(12, day=dt.date(2026, 12, 5)), False),  # a Saturday
        ("Mon–Fri 9:00–17:00; Thu until 19:00", at(18, day=dt.date(2026, 12, 3)), True),
        ("Mon–Fri 9:00–17:00; Thu until 19:00", at(18), False),
        ("Tue and Thu 10:00–15:00", at(10), True),
        ("Mon, Wed, Fri 10:00–16:00", at(11), False),
        ("Tue 14:00–18:00, Sat 9:00–12:00", at(15), True),
        ("24 hours, every day", at(3), True),
        ("July–August, Mon–Fri 9:00–16:00", at(10), False),  # out of season in December
        ("Mon–Fri 8:00–20:00 in winter (Nov–Mar)", at(19), True),
    ],
)
def test_hours_the_text_states_give_a_certain_answer(hours: str, when: dt.datetime, expected: bool) -> None:
    assert is_open_at(hours, when) is expected


@pytest.mark.parametrize(
    "hours",
    [
        "By appointment, Mon–Sat",
        "First Saturday of each month, 9:00–14:00",
        "Visits arranged weekly",
        "",
        None,
    ],
)
def test_hours_that_depend_on_more_than_the_weekday_are_unknown(hours: str | None) -> None:
    assert is_open_at(hours, at(12)) is None
