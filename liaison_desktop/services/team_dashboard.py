"""The numbers behind the supervisor's Dashboard: encounters per week by neighborhood and by language,
referral completion by service category, feedback sentiment per week and how many commitments were kept
on time, over a range of days the supervisor picks (the last 12 weeks unless they choose).

Weeks start on Monday. A day is the day where the thing happened: an encounter's own date at its own UTC
offset (as the Review queue filters it); feedback and referrals carry no place, so they are dated by the
device's clock stamp (`created_hlc`) in the laptop's time zone (`tz`, the system's unless given). Counting
is done here in Python from a few narrow columns, so the screen draws exactly these numbers in its charts
and in its tables and never runs a query of its own.

What is counted, and why:
- encounters: submitted notes only (a draft is not yet a note the team stands behind), deleted ones never;
- referral completion: referrals made in the range (drafts left out), by their service's category; the
  rate is completed out of those with an outcome (completed, declined, no-show, withdrawn). A referral
  still open has no outcome yet: counting it as a failure would make the most recent weeks look worst;
- feedback: every piece recorded in the range, by its sentiment;
- commitments (of meetings and of after-action reviews): those due in the range that can be judged, i.e.
  done or dropped already, or still open after their due day (an open promise due today or later cannot
  be judged yet). Kept on time means marked done and not changed after its due
  day: the record holds no "done on" date, and its last change is at or after the moment it was marked
  done, so this never counts a late one as on time (a done promise edited after its due day is counted
  late, the cautious side). Dropped promises and those still open count as not kept.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from liaison_desktop.store.models import record_tables
from liaison_protocol.hlc import wall_ms_of
from liaison_protocol.records import SENTIMENTS

from .permissions import Access, require_type

if TYPE_CHECKING:
    from .workspace import Workspace

encounter = record_tables["encounter"]
referral = record_tables["referral"]
service = record_tables["service"]
feedback = record_tables["feedback"]
commitments = (record_tables["commitment"], record_tables["after_action_commitment"])

DEFAULT_WEEKS = 12
MOST_SERIES = 6  # neighborhoods or languages drawn by name; the rest are added up as OTHER
UNRECORDED = ""  # a note without a neighborhood or language
OTHER = "*"  # the series that adds up the rest
OUTCOMES = frozenset({"completed", "declined", "no_show", "withdrawn"})
COMMITMENT_OUTCOMES = ("on_time", "late", "dropped", "open")


def week_of(day: dt.date) -> dt.date:
    """The Monday of the week `day` falls in."""
    return day - dt.timedelta(days=day.weekday())


@dataclass(frozen=True)
class DateRange:
    """The days the dashboard covers, both ends included."""

    first: dt.date
    last: dt.date

    @classmethod
    def last_weeks(cls, today: dt.date, weeks: int = DEFAULT_WEEKS) -> DateRange:
        """This week and the `weeks - 1` before it, up to today."""
        return cls(week_of(today) - dt.timedelta(weeks=weeks - 1), today)

    def weeks(self) -> list[dt.date]:
        """The Mondays of the weeks the range touches, in order."""
        start, end = week_of(self.first), week_of(self.last)
        return [start + dt.timedelta(weeks=n) for n in range((end - start).days // 7 + 1)]

    def holds(self, day: dt.date) -> bool:
        return self.first <= day <= self.last


@dataclass(frozen=True)
class WeeklyCounts:
    """Counts per week, one series per key (a neighborhood, a language code, a sentiment, UNRECORDED or
    OTHER), each list aligned with `weeks`; series in the order to draw them."""

    weeks: list[dt.date]
    series: dict[str, list[int]]

    def total(self, key: str) -> int:
        return sum(self.series[key])


@dataclass(frozen=True)
class CategoryCompletion:
    category: str  # a SERVICE_CATEGORIES key; the screen translates it
    made: int
    completed: int
    closed: int  # made and with an outcome: completed, declined, no-show or withdrawn

    @property
    def still_open(self) -> int:
        return self.made - self.closed

    @property
    def rate(self) -> float | None:
        """Completed out of those with an outcome; None while none has one."""
        return self.completed / self.closed if self.closed else None


@dataclass(frozen=True)
class CommitmentWeek:
    """The commitments due in one week that can be judged, by how they were kept."""

    week: dt.date
    on_time: int
    late: int
    dropped: int
    open: int

    @property
    def due(self) -> int:
        return self.on_time + self.late + self.dropped + self.open

    @property
    def share_on_time(self) -> float | None:
        return self.on_time / self.due if self.due else None


@dataclass(frozen=True)
class TeamDashboard:
    range: DateRange
    encounters_by_neighborhood: WeeklyCounts
    encounters_by_language: WeeklyCounts
    referral_completion: list[CategoryCompletion]  # categories with referrals made, most made first
    sentiment: WeeklyCounts
    commitments: list[CommitmentWeek]

    @property
    def commitments_on_time(self) -> tuple[int, int]:
        """(kept on time, due) over the whole range."""
        return sum(w.on_time for w in self.commitments), sum(w.due for w in self.commitments)


def _weekly(range_: DateRange, dated: Iterable[tuple[dt.date, str]], order: list[str] | None) -> WeeklyCounts:
    """Count (day, key) pairs per week. With `order`, the series are those keys in that order; without,
    the MOST_SERIES keys counted most (ties by name), then OTHER for the rest, then UNRECORDED."""
    weeks = range_.weeks()
    index = {week: n for n, week in enumerate(weeks)}
    per_key: dict[str, list[int]] = {}
    for day, key in dated:
        if range_.holds(day):
            per_key.setdefault(key, [0] * len(weeks))[index[week_of(day)]] += 1
    if order is None:
        named = sorted(
            (k for k in per_key if k != UNRECORDED), key=lambda k: (-sum(per_key[k]), k.casefold())
        )
        order = named[:MOST_SERIES]
        rest = named[MOST_SERIES:]
        if rest:
            per_key[OTHER] = [sum(column) for column in zip(*(per_key[k] for k in rest), strict=True)]
            order.append(OTHER)
        if UNRECORDED in per_key:
            order.append(UNRECORDED)
    return WeeklyCounts(weeks, {key: per_key.get(key, [0] * len(weeks)) for key in order})


class TeamDashboardReader:
    def __init__(self, workspace: Workspace, tz: dt.tzinfo | None = None) -> None:
        self._workspace = workspace
        self._tz = tz

    def default_range(self) -> DateRange:
        return DateRange.last_weeks(self._workspace.context.today())

    def read(self, range_: DateRange | None = None) -> TeamDashboard:
        """The four charts' numbers over `range_` (the last 12 weeks by default)."""
        range_ = range_ or self.default_range()
        actor = self._workspace.actor
        for record_type in ("encounter", "referral", "service", "feedback", "commitment"):
            require_type(actor, Access.READ, record_type)
        with self._workspace.store.read() as connection:
            notes = connection.execute(
                select(encounter.c.occurred_at, encounter.c.neighborhood, encounter.c.language).where(
                    encounter.c.status == "submitted",
                    encounter.c.deleted.is_(False),
                    # ISO strings with offsets compare as text only roughly: a day's margin, then exact days.
                    encounter.c.occurred_at >= (range_.first - dt.timedelta(days=1)).isoformat(),
                    encounter.c.occurred_at < (range_.last + dt.timedelta(days=2)).isoformat(),
                )
            ).all()
            referrals = connection.execute(
                select(referral.c.created_hlc, referral.c.status, service.c.category)
                .join(service, service.c.id == referral.c.service_id)
                .where(referral.c.deleted.is_(False), referral.c.status != "draft")
            ).all()
            feedbacks = connection.execute(
                select(feedback.c.created_hlc, feedback.c.sentiment).where(feedback.c.deleted.is_(False))
            ).all()
            promised = [
                row
                for table in commitments
                for row in connection.execute(
                    select(table.c.due_on, table.c.status, table.c.updated_hlc).where(
                        table.c.deleted.is_(False),
                        table.c.due_on >= range_.first.isoformat(),
                        table.c.due_on <= range_.last.isoformat(),
                    )
                ).all()
            ]
        note_days = [(dt.datetime.fromisoformat(row.occurred_at).date(), row) for row in notes]
        return TeamDashboard(
            range=range_,
            encounters_by_neighborhood=_weekly(
                range_, ((day, row.neighborhood or UNRECORDED) for day, row in note_days), None
            ),
            encounters_by_language=_weekly(
                range_, ((day, row.language or UNRECORDED) for day, row in note_days), None
            ),
            referral_completion=self._completion(range_, referrals),
            sentiment=_weekly(
                range_, ((self._day(row.created_hlc), row.sentiment) for row in feedbacks), list(SENTIMENTS)
            ),
            commitments=self._commitments(range_, promised),
        )

    def _day(self, hlc: str) -> dt.date:
        """The laptop's local day of a clock stamp."""
        moment = dt.datetime.fromtimestamp(wall_ms_of(hlc) / 1000, dt.UTC)
        return moment.astimezone(self._tz).date() if self._tz else moment.astimezone().date()

    def _completion(self, range_: DateRange, rows: Iterable) -> list[CategoryCompletion]:  # noqa: ANN001
        made: Counter[str] = Counter()
        completed: Counter[str] = Counter()
        closed: Counter[str] = Counter()
        for row in rows:
            if not range_.holds(self._day(row.created_hlc)):
                continue
            made[row.category] += 1
            completed[row.category] += row.status == "completed"
            closed[row.category] += row.status in OUTCOMES
        return [
            CategoryCompletion(category, count, completed[category], closed[category])
            for category, count in sorted(made.items(), key=lambda item: (-item[1], item[0]))
        ]

    def _commitments(self, range_: DateRange, rows: Iterable) -> list[CommitmentWeek]:  # noqa: ANN001
        today = self._workspace.context.today()
        tally: dict[dt.date, Counter[str]] = {week: Counter() for week in range_.weeks()}
        for row in rows:
            due = dt.date.fromisoformat(row.due_on)
            if due >= today and row.status not in ("done", "dropped"):
                continue  # still open and not due yet: too early to say
            if row.status == "done":
                outcome = "on_time" if self._day(row.updated_hlc) <= due else "late"
            elif row.status == "dropped":
                outcome = "dropped"
            else:
                outcome = "open"
            tally[week_of(due)][outcome] += 1
        return [
            CommitmentWeek(week, *(counts[o] for o in COMMITMENT_OUTCOMES)) for week, counts in tally.items()
        ]
