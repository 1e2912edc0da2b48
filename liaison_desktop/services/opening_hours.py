"""Whether a service is open at a given moment, read from the directory's free-text hours.

The directory writes hours as people do ("Mon–Fri 9:00–17:00; Thu until 19:00", "Tue and Thu
10:00–15:00", "24 hours, every day"), not in a schedule format, so the "open now" filter reads what it
can and says so: `is_open_at` answers True or False when the text names days and times it understands,
and None when it does not ("By appointment", "First Saturday of each month"). The filter keeps only a
certain True: an officer should not send someone to a door that may be shut.
"""

from __future__ import annotations

import datetime as dt
import re

_DAYS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_DASH = r"\s*[–—-]\s*"
_TIME = r"(\d{1,2})(?::(\d{2}))?"
_DAY = r"(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:rs(?:day)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)"
_TOKEN = re.compile(
    rf"(?P<range>{_TIME}{_DASH}{_TIME})"
    rf"|(?P<until>until\s+{_TIME})"
    rf"|(?P<dayrange>\b{_DAY}{_DASH}{_DAY}\b)"
    rf"|(?P<day>\b{_DAY}\b)"
    r"|(?P<weekday>\bweekdays?\b)",
    re.IGNORECASE,
)
# Hours that depend on more than the weekday: which week of the month, a posted schedule, an appointment.
_UNCERTAIN = re.compile(
    r"\b(first|second|third|fourth|last|appointment|posted|arranged|flexible|schedule)\b", re.IGNORECASE
)
_ALWAYS = re.compile(r"24 hours,? every day|open 24 hours|24/7", re.IGNORECASE)
_MONTH_RANGE = re.compile(r"\b([a-z]+)\s*[–—-]\s*([a-z]+)\b", re.IGNORECASE)

Slots = dict[int, list[tuple[dt.time, dt.time]]]


def is_open_at(hours: str | None, when: dt.datetime) -> bool | None:
    """True/False when `hours` says whether the service is open at local time `when`; None when unclear."""
    if not hours or not hours.strip():
        return None
    if _ALWAYS.search(hours) and not _DAYS_PATTERN.search(hours):
        return True
    if _UNCERTAIN.search(hours):
        return None
    season = _season(hours)
    if season is not None and when.month not in season:
        return False
    slots = weekly_slots(hours)
    if not slots:
        return True if _ALWAYS.search(hours) else None
    moment = when.time()
    return any(start <= moment < end for start, end in slots.get(when.weekday(), [])) or (
        bool(_ALWAYS.search(hours))
    )


_DAYS_PATTERN = re.compile(rf"\b{_DAY}\b", re.IGNORECASE)


def weekly_slots(hours: str) -> Slots:
    """The opening times per weekday (0 = Monday) the text names; {} when it names none.

    Days collect until a time range, which applies to them ("Mon, Wed, Fri 10:00–16:00"); "Thu until
    19:00" moves that day's closing time."""
    slots: Slots = {}
    days: list[int] = []
    last_days: list[int] = []
    for match in _TOKEN.finditer(_without_seasons(hours)):
        kind = match.lastgroup
        text = match.group(0).lower()
        if kind == "day":
            days.append(_DAYS[text[:3]])
        elif kind == "weekday":
            days.extend(range(5))
        elif kind == "dayrange":
            first, last = (_DAYS[part.strip()[:3]] for part in re.split(_DASH, text))
            days.extend(range(first, last + 1) if first <= last else [*range(first, 7), *range(0, last + 1)])
        elif kind == "range":
            start, end = _time(match.group(2), match.group(3)), _time(match.group(4), match.group(5))
            if start is None or end is None:
                continue
            applies = days or last_days
            for day in applies:
                slots.setdefault(day, []).append((start, end))
            last_days, days = applies, []
        elif kind == "until" and days:
            closing = _time(match.group(7), match.group(8))
            for day in days:
                if closing is not None and slots.get(day):
                    slots[day] = [(start, max(end, closing)) for start, end in slots[day]]
            days = []
    return slots


def _time(hour: str | None, minute: str | None) -> dt.time | None:
    try:
        return dt.time(int(hour or 0), int(minute or 0))
    except ValueError:
        return None


def _season(hours: str) -> set[int] | None:
    """The months a seasonal text names ("July–August", "in winter (Nov–Mar)"), else None."""
    for match in _MONTH_RANGE.finditer(hours):
        first, last = _MONTHS.get(match.group(1).lower()), _MONTHS.get(match.group(2).lower())
        if first and last:
            return set(range(first, last + 1)) if first <= last else {*range(first, 13), *range(1, last + 1)}
    return None


def _without_seasons(hours: str) -> str:
    return _MONTH_RANGE.sub(
        lambda m: "" if m.group(1).lower() in _MONTHS and m.group(2).lower() in _MONTHS else m.group(0), hours
    )
