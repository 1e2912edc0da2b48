"""A team's work over a date range, counted: what a supervisor reports upward or to partners.

The report holds counts and rates only, split by codes (an encounter's kind, a service's category, a
referral's status, a feedback's sentiment) or by values people chose from short lists (neighborhood,
language, the officer who wrote a note). It never holds a record's text: no summary, reason, concern or
answer is read, and feedback topics are read only to count how many distinct ones there are. The officer split names people of the team, so the team report counts as
personal data when it leaves the laptop (its export is audited); `public_summary` makes the version
without any of that.

What each part counts, for the dates `start`…`end` (both included, the laptop's calendar days):
- encounters: submitted notes that occurred in the range (drafts are a person's work in progress);
- referrals: referrals created in the range and past their draft (the creation time is the clock time
  of the record's `created_hlc`); completion rate = completed ÷ those referrals;
- meetings: held in the range, with the attendance people counted at them;
- commitments: those made at the meetings of the range; *overdue* = still open after its due date (as
  of today); *kept on time* = done, and last changed no later than its due date (a commitment has no
  completion date of its own: the clock time of its last change stands in for it, so a late edit of a
  kept commitment counts it as late; one without a due date counts as kept when done);
- feedback: recorded in the range; how many distinct topics (the count only) and the share answered.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from liaison_desktop.store.models import record_tables
from liaison_protocol.hlc import InvalidTimestamp, wall_ms_of
from liaison_protocol.records import (
    ENCOUNTER_KINDS,
    MEETING_KINDS,
    REFERRAL_STATUSES,
    SENTIMENTS,
    SERVICE_CATEGORIES,
)

from .permissions import Access, require_type

if TYPE_CHECKING:
    from .workspace import Workspace

OPEN_COMMITMENT = ("open", "in_progress")
# Dimensions a tally splits by; the words for their values are the screen's (`ReportWords`).
ENCOUNTER_KIND = "encounter_kind"
NEIGHBORHOOD = "neighborhood"
LANGUAGE = "language"
OFFICER = "officer"
FLAG = "flag"
SERVICE_CATEGORY = "service_category"
REFERRAL_STATUS = "referral_status"
MEETING_KIND = "meeting_kind"
COMMITMENT_STATE = "commitment_state"
SENTIMENT = "sentiment"
NONE = ""  # a figure that is not split: the tally has one cell


@dataclass(frozen=True)
class Cell:
    """One count of a tally. `count` is None when a public summary suppressed it."""

    key: str  # the category: a code, a neighborhood or language as recorded, an account id; "" when unset
    count: int | None

    @property
    def suppressed(self) -> bool:
        return self.count is None


@dataclass(frozen=True)
class Tally:
    """A measure split along one dimension. `total` is the whole the cells partition (None when they
    overlap, as flags do, or when a public summary suppressed it)."""

    key: str  # what is counted, e.g. "encounters_by_kind"
    dimension: str
    cells: tuple[Cell, ...]
    total: int | None
    partitions: bool = True  # every counted thing is in exactly one cell
    split_withheld: bool = False  # a public summary could not show the split safely: no cell is listed

    def count_of(self, key: str) -> int | None:
        """The count of `key` (0 when no cell names it), or None when it is not known."""
        if self.split_withheld:
            return None
        return next((cell.count for cell in self.cells if cell.key == key), 0)


@dataclass(frozen=True)
class Rate:
    """`part` ÷ `whole`; `value` is None when there is nothing to divide or a summary withheld it."""

    key: str
    value: float | None
    withheld: bool = False


@dataclass(frozen=True)
class TeamReport:
    start: dt.date
    end: dt.date
    team_id: str | None  # None: every team of the supervisor
    tallies: tuple[Tally, ...]
    rates: tuple[Rate, ...]

    def tally(self, key: str) -> Tally:
        return next(tally for tally in self.tallies if tally.key == key)

    def rate(self, key: str) -> Rate:
        return next(rate for rate in self.rates if rate.key == key)


@dataclass
class _Counts:
    """Raw counts while a report is built."""

    tallies: list[Tally] = field(default_factory=list)
    rates: list[Rate] = field(default_factory=list)

    def split(self, key: str, dimension: str, values: Iterable[str], *, order: Iterable[str] = ()) -> None:
        counter = Counter(values)
        known = [k for k in order if counter.get(k)]
        rest = sorted((k for k in counter if k not in known), key=lambda k: (-counter[k], k.casefold()))
        cells = tuple(Cell(k, counter[k]) for k in (*known, *rest))
        self.tallies.append(Tally(key, dimension, cells, sum(counter.values())))

    def flags(self, key: str, flags: Mapping[str, int], whole: int) -> None:
        cells = tuple(Cell(name, count) for name, count in flags.items())
        self.tallies.append(Tally(key, FLAG, cells, whole, partitions=False))

    def single(self, key: str, count: int) -> None:
        self.tallies.append(Tally(key, NONE, (Cell("", count),), count))

    def rate(self, key: str, part: int, whole: int) -> None:
        self.rates.append(Rate(key, part / whole if whole else None))


class TeamReportBuilder:
    """Counts a team's records for a date range. Supervisors' reading rules apply as for every read."""

    def __init__(self, workspace: Workspace) -> None:
        self._workspace = workspace

    def teams(self) -> list[str]:
        """The teams the laptop holds records of (the supervisor's teams), for the report's team choice."""
        found: set[str] = set()
        with self._workspace.store.read() as connection:
            for name in ("encounter", "referral", "meeting", "feedback"):
                table = record_tables[name]
                found.update(
                    team for (team,) in connection.execute(select(table.c.team_id).distinct()) if team
                )
        return sorted(found)

    def build(self, start: dt.date, end: dt.date, team_id: str | None = None) -> TeamReport:
        if end < start:
            start, end = end, start
        actor = self._workspace.actor
        for record_type in ("encounter", "referral", "meeting", "commitment", "feedback"):
            require_type(actor, Access.READ, record_type)
        counts = _Counts()
        today = self._workspace.context.today()
        with self._workspace.store.read() as connection:
            rows = _Rows(connection, start, end, team_id)
            _encounters(counts, rows.encounters())
            _referrals(counts, rows.referrals(), rows.service_categories())
            meetings = rows.meetings()
            _meetings(counts, meetings)
            _commitments(counts, rows.commitments({m["id"] for m in meetings}), today)
            _feedback(counts, rows.feedback())
        return TeamReport(start, end, team_id, tuple(counts.tallies), tuple(counts.rates))


class _Rows:
    """The columns a report counts, of live records of the team in the range (never a text column)."""

    def __init__(self, connection: Any, start: dt.date, end: dt.date, team_id: str | None) -> None:
        self._connection = connection
        self._start = start
        self._end = end
        self._team_id = team_id

    def _select(self, record_type: str, *columns: str) -> list[dict[str, Any]]:
        table = record_tables[record_type]
        statement = select(*(table.c[name] for name in ("id", *columns))).where(table.c.deleted.is_(False))
        if self._team_id is not None and record_type != "commitment":
            statement = statement.where(table.c.team_id == self._team_id)
        return [dict(row) for row in self._connection.execute(statement).mappings()]

    def _in_range(self, day: dt.date | None) -> bool:
        return day is not None and self._start <= day <= self._end

    def encounters(self) -> list[dict[str, Any]]:
        rows = self._select(
            "encounter",
            "occurred_at",
            "kind",
            "neighborhood",
            "language",
            "author_id",
            "status",
            "adverse_interaction",
            "follow_up_needed",
        )
        return [r for r in rows if r["status"] == "submitted" and self._in_range(_day(r["occurred_at"]))]

    def referrals(self) -> list[dict[str, Any]]:
        rows = self._select("referral", "service_id", "status", "created_hlc")
        return [r for r in rows if r["status"] != "draft" and self._in_range(_hlc_day(r["created_hlc"]))]

    def service_categories(self) -> dict[str, str]:
        table = record_tables["service"]
        statement = select(table.c.id, table.c.category)
        return {row.id: row.category or "" for row in self._connection.execute(statement)}

    def meetings(self) -> list[dict[str, Any]]:
        rows = self._select("meeting", "held_on", "kind", "attendance_count")
        return [r for r in rows if self._in_range(_day(r["held_on"]))]

    def commitments(self, meeting_ids: set[str]) -> list[dict[str, Any]]:
        rows = self._select("commitment", "meeting_id", "status", "due_on", "updated_hlc")
        return [r for r in rows if r["meeting_id"] in meeting_ids]

    def feedback(self) -> list[dict[str, Any]]:
        rows = self._select("feedback", "created_hlc", "sentiment", "topic", "status")
        return [r for r in rows if self._in_range(_hlc_day(r["created_hlc"]))]


def _encounters(counts: _Counts, rows: list[dict[str, Any]]) -> None:
    counts.split(
        "encounters_by_kind", ENCOUNTER_KIND, (r["kind"] or "other" for r in rows), order=ENCOUNTER_KINDS
    )
    counts.split(
        "encounters_by_neighborhood", NEIGHBORHOOD, ((r["neighborhood"] or "").strip() for r in rows)
    )
    counts.split("encounters_by_language", LANGUAGE, ((r["language"] or "").strip() for r in rows))
    counts.split("encounters_by_officer", OFFICER, (r["author_id"] or "" for r in rows))
    counts.flags(
        "encounters_flagged",
        {
            "adverse": sum(1 for r in rows if r["adverse_interaction"]),
            "follow_up": sum(1 for r in rows if r["follow_up_needed"]),
        },
        len(rows),
    )


def _referrals(counts: _Counts, rows: list[dict[str, Any]], categories: Mapping[str, str]) -> None:
    counts.split(
        "referrals_by_category",
        SERVICE_CATEGORY,
        (categories.get(r["service_id"], "") for r in rows),
        order=SERVICE_CATEGORIES,
    )
    counts.split(
        "referrals_by_status", REFERRAL_STATUS, (r["status"] or "" for r in rows), order=REFERRAL_STATUSES
    )
    completed = sum(1 for r in rows if r["status"] == "completed")
    counts.rate("referral_completion", completed, len(rows))


def _meetings(counts: _Counts, rows: list[dict[str, Any]]) -> None:
    counts.split("meetings_by_kind", MEETING_KIND, (r["kind"] or "" for r in rows), order=MEETING_KINDS)
    counts.single("meeting_attendance", sum(r["attendance_count"] or 0 for r in rows))


def _commitments(counts: _Counts, rows: list[dict[str, Any]], today: dt.date) -> None:
    states = Counter()
    kept = overdue = done = 0
    for row in rows:
        status = row["status"] or "open"
        due = _day(row["due_on"])
        if status in OPEN_COMMITMENT:
            states["open"] += 1
            if due is not None and due < today:
                overdue += 1
        elif status == "done":
            states["done"] += 1
            done += 1
            if due is None or (_hlc_day(row["updated_hlc"]) or due) <= due:
                kept += 1
        else:
            states["dropped"] += 1
    counts.split(
        "commitments_by_state", COMMITMENT_STATE, states.elements(), order=("open", "done", "dropped")
    )
    counts.flags("commitments_flagged", {"overdue": overdue, "kept_on_time": kept}, len(rows))
    counts.rate("commitments_kept_on_time", kept, done)


def _feedback(counts: _Counts, rows: list[dict[str, Any]]) -> None:
    counts.split("feedback_by_sentiment", SENTIMENT, (r["sentiment"] or "" for r in rows), order=SENTIMENTS)
    counts.single("feedback_topics", len({(r["topic"] or "").strip().casefold() for r in rows} - {""}))
    answered = sum(1 for r in rows if r["status"] == "answered")
    counts.flags("feedback_flagged", {"answered": answered}, len(rows))
    counts.rate("feedback_answered", answered, len(rows))


def _day(value: Any) -> dt.date | None:
    """The calendar day of a stored date or datetime (an aware time in the laptop's zone)."""
    if not value:
        return None
    try:
        moment = dt.datetime.fromisoformat(str(value))
    except ValueError:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return moment.date()


def _hlc_day(value: str | None) -> dt.date | None:
    try:
        wall_ms = wall_ms_of(value or "")
    except InvalidTimestamp:
        return None
    return dt.datetime.fromtimestamp(wall_ms / 1000, dt.UTC).astimezone().date()
