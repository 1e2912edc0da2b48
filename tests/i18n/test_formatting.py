"""Dates, times, relative times, numbers and durations come out in the interface language, with one
digit system (Latin digits) in every language: see the decision in `liaison_desktop/i18n/formatting.py`."""

from __future__ import annotations

import datetime as dt
import os
import re
import time
from collections.abc import Iterator

import pytest

from liaison_desktop.i18n import set_language
from liaison_desktop.i18n.formatting import (
    format_date,
    format_datetime,
    format_duration,
    format_number,
    format_percent,
    format_relative_time,
    format_time,
    format_time_left,
)

NOW = dt.datetime(2026, 3, 14, 15, 9, tzinfo=dt.UTC)
LANGUAGES = ["en", "es", "fr", "ar", "zh_CN"]
RLM, NNBSP = "\u200f", "\u202f"  # right-to-left mark (Arabic dates), narrow no-break space (fr, en)
NON_LATIN_DIGITS = re.compile(r"[\u0660-\u0669\u06f0-\u06f9\u0966-\u096f]")


def _set_zone(name: str | None) -> None:
    if name is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = name
    time.tzset()


@pytest.fixture
def zone() -> Iterator[None]:
    """The computer's time zone, pinned: UTC unless a test moves it."""
    before = os.environ.get("TZ")
    _set_zone("UTC")
    yield
    _set_zone(before)


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("en", "1,234,567.5"),
        ("es", "1.234.567,5"),
        ("fr", f"1{NNBSP}234{NNBSP}567,5"),
        ("ar", "1,234,567.5"),
        ("zh_CN", "1,234,567.5"),
    ],
)
def test_numbers_follow_the_interface_language(code: str, expected: str) -> None:
    set_language(code)
    assert format_number(1234567.5) == expected


@pytest.mark.parametrize(
    ("code", "expected"),
    [("en", "42%"), ("es", "42\xa0%"), ("fr", "42\xa0%"), ("ar", "42%"), ("zh_CN", "42%")],
)
def test_percentages_follow_the_interface_language(code: str, expected: str) -> None:
    set_language(code)
    assert format_percent(0.42) == expected


@pytest.mark.parametrize(
    ("code", "medium", "short"),
    [
        ("en", "Mar 14, 2026", "3/14/26"),
        ("es", "14 mar 2026", "14/3/26"),
        ("fr", "14 mars 2026", "14/03/2026"),
        ("ar", f"14{RLM}/03{RLM}/2026", f"14{RLM}/3{RLM}/2026"),
        ("zh_CN", "2026年3月14日", "2026/3/14"),
    ],
)
def test_dates_follow_the_interface_language(code: str, medium: str, short: str) -> None:
    set_language(code)
    assert format_date(dt.date(2026, 3, 14)) == medium
    assert format_date(dt.date(2026, 3, 14), "short") == short


@pytest.mark.parametrize(
    ("code", "date_time", "time_only"),
    [
        ("en", f"Mar 14, 2026, 3:09{NNBSP}PM", f"3:09{NNBSP}PM"),
        ("es", "14 mar 2026, 15:09", "15:09"),
        ("fr", "14 mars 2026, 15:09", "15:09"),
        ("ar", f"14{RLM}/03{RLM}/2026، 3:09 م", "3:09 م"),
        ("zh_CN", "2026年3月14日 15:09", "15:09"),
    ],
)
def test_times_follow_the_interface_language_without_seconds(
    code: str, date_time: str, time_only: str, zone: None
) -> None:
    set_language(code)
    assert format_datetime(NOW) == date_time
    assert format_time(NOW) == time_only


def test_a_moment_is_shown_in_the_computers_time_zone(zone: None) -> None:
    _set_zone("America/New_York")
    late_utc = dt.datetime(2026, 3, 14, 2, 30, tzinfo=dt.UTC)  # still the 13th in New York
    assert format_date(late_utc) == "Mar 13, 2026"
    assert format_time(late_utc) == f"10:30{NNBSP}PM"


@pytest.mark.parametrize(
    ("code", "ago", "ahead"),
    [
        ("en", "5 minutes ago", "in 3 days"),
        ("es", "hace 5 minutos", "dentro de 3 días"),
        ("fr", "il y a 5 minutes", "dans 3 jours"),
        ("ar", "قبل 5 دقائق", "خلال 3 أيام"),
        ("zh_CN", "5分钟前", "3天后"),
    ],
)
def test_relative_times_follow_the_interface_language(code: str, ago: str, ahead: str) -> None:
    set_language(code)
    assert format_relative_time(NOW - dt.timedelta(minutes=5), now=NOW) == ago
    assert format_relative_time(NOW + dt.timedelta(days=3), now=NOW) == ahead


@pytest.mark.parametrize(
    ("code", "expected"),
    [("en", "2 minutes"), ("es", "2 minutos"), ("fr", "2 minutes"), ("ar", "دقيقتان"), ("zh_CN", "2分钟")],
)
def test_durations_follow_the_interface_language(code: str, expected: str) -> None:
    set_language(code)
    assert format_duration(120) == expected


def test_time_left_is_approximate() -> None:
    assert format_time_left(130) == "about 2 minutes"
    assert format_time_left(20) == "less than a minute"


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_language_writes_latin_digits(code: str, zone: None) -> None:
    set_language(code)
    shown = [
        format_number(1234567.89),
        format_percent(0.987),
        format_date(NOW, "short"),
        format_datetime(NOW),
        format_relative_time(NOW - dt.timedelta(hours=7), now=NOW),
        format_duration(3 * 3600),
    ]
    assert all(NON_LATIN_DIGITS.search(text) is None for text in shown), shown
    assert all(re.search(r"[0-9]", text) for text in shown), shown
