"""Every date, time, number and duration shown on screen or in a report, in the interface language.

One facade over babel (CLDR data), so two screens never format the same value two ways.

Digits: Latin digits (0-9) in every language, Arabic included. babel formats `ar` with Latin digits
(CLDR's default numbering system for `ar` is `latn`), while Qt's `QLocale("ar")` is Egypt's locale and
writes Arabic-Indic digits (١٬٢٣٤٫٥). We take babel's answer everywhere because:
- a screen mixes formatted values with values people typed and records carry: phone numbers, ids,
  addresses, postcodes, all in Latin digits; Arabic-Indic counts beside them would read as two systems;
- Latin digits are what Arabic speakers in the Maghreb and most of our partner organisations' software
  use, and what CLDR itself now defaults to for `ar`;
- babel's dates and relative times only write Latin digits, so any other choice would mix systems.
Qt's own widgets (spin boxes, date pickers) are kept in line by `InterfaceLanguage.qt_locale` (`ar_001`
for Arabic), and every call here passes `numbering_system="latn"` so a regional locale added later
(`ar_EG` defaults to `arab`) cannot switch systems behind our back.

Times: aware datetimes are shown in the computer's time zone; naive ones are taken to be local already.
Times never show seconds.
"""

from __future__ import annotations

import datetime as dt
import functools
from decimal import Decimal
from typing import Literal

from babel import Locale, dates, numbers

from liaison_desktop.i18n.catalogs import _, language
from liaison_desktop.i18n.languages import interface_language

Length = Literal["short", "medium"]
NUMBERING_SYSTEM = "latn"


@functools.cache
def _locale(code: str) -> Locale:
    return Locale.parse(interface_language(code).babel_locale)


def current_locale() -> Locale:
    """The babel locale of the interface language (for the rare screen that needs CLDR data itself)."""
    return _locale(language())


def format_number(value: int | float | Decimal) -> str:
    """`1234.5` -> "1,234.5" (en), "1.234,5" (es), "1 234,5" (fr), "1,234.5" (ar), "1,234.5" (zh_CN)."""
    return numbers.format_decimal(value, locale=current_locale(), numbering_system=NUMBERING_SYSTEM)


def format_percent(fraction: float | Decimal) -> str:
    """`0.42` -> "42%" (en), "42 %" (es, fr)."""
    return numbers.format_percent(fraction, locale=current_locale(), numbering_system=NUMBERING_SYSTEM)


def format_date(value: dt.date | dt.datetime, length: Length = "medium") -> str:
    """ "Mar 14, 2026" / "3/14/26" (en); "14 mars 2026" (fr); "2026年3月14日" (zh_CN)."""
    if isinstance(value, dt.datetime):
        value = _local(value).date()
    return dates.format_date(value, format=length, locale=current_locale())


def format_day_month(value: dt.date) -> str:
    """A day in a year already said, as short as the locale writes it (a chart's weeks, a dozen side by
    side): "3/2" (en), "2/3" (es, fr), "2/3" (ar), "3/2" (zh_CN)."""
    return dates.format_skeleton("Md", value, locale=current_locale())


def format_time(value: dt.time | dt.datetime, length: Length = "short") -> str:
    """ "3:09 PM" (en), "15:09" (es, fr, zh_CN), "3:09 م" (ar)."""
    if isinstance(value, dt.datetime):
        local = _local(value)
        return dates.format_time(local, format=length, tzinfo=local.tzinfo, locale=current_locale())
    return dates.format_time(value, format=length, locale=current_locale())


def format_datetime(value: dt.datetime, length: Length = "medium") -> str:
    """The date at `length` and the time without seconds, joined as the locale joins them:
    "Mar 14, 2026, 3:09 PM" (en), "14 mars 2026, 15:09" (fr), "2026年3月14日 15:09" (zh_CN)."""
    local = _local(value)
    pattern = dates.get_datetime_format(length, locale=current_locale()).replace("'", "")
    return pattern.replace("{1}", format_date(local, length)).replace("{0}", format_time(local))


def format_relative_time(moment: dt.datetime, now: dt.datetime | None = None) -> str:
    """ "5 minutes ago", "in 3 days", "hace 5 minutos", "قبل 5 دقائق", "5分钟前". `now` is for tests."""
    now = _local(now) if now is not None else dt.datetime.now().astimezone()
    return dates.format_timedelta(_local(moment) - now, add_direction=True, locale=current_locale())


def format_duration(seconds: float) -> str:
    """A length of time, rounded to its largest unit: "2 minutes", "3 days", "دقيقتان"."""
    return dates.format_timedelta(dt.timedelta(seconds=seconds), locale=current_locale())


def format_time_left(seconds: float) -> str:
    """What a progress bar says is left: "about 2 minutes", "less than a minute"."""
    if seconds < 60:
        return _("less than a minute")
    # Translators: time left in a progress bar; {duration} is already translated ("2 minutes", "3 hours").
    return _("about {duration}").format(duration=format_duration(seconds))


def _local(value: dt.datetime) -> dt.datetime:
    return value.astimezone()
