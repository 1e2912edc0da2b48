"""The anonymized public summary of a team's work, for community oversight boards.

Made from a `TeamReport` and nothing else, so it can only hold counts and rates: no names, no account or
record ids, no free text. Of the report it keeps the splits by code (an encounter's kind, a service's
category, a referral's status, a meeting's kind, a sentiment) and by language, written as a language
code only when it is a language CLDR knows, and as its language subtag only (`zh-Hant` → `zh`; anything
else is counted as "other": the field is typed). It
drops the split by neighborhood (typed by officers, it can name a street or a building) and by officer.
Its period is whole ISO weeks (`2026-W10`…`2026-W12`): the dates asked for are widened to the Monday
and the Sunday around them, so no date finer than a week appears and two summaries a day apart cannot
be subtracted from one another to isolate a day's encounters.

**Small cells.** Any count from 1 to `threshold - 1` (5 by default) is suppressed and shown as "fewer
than 5". A total below the threshold is suppressed too, and then its split is not listed at all.

**Complementary suppression, not rounded totals.** A split's total is published, so one suppressed cell
would be its total minus the others. We suppress further cells (the smallest first, shown as "withheld")
until nothing is learnt about a small cell beyond "fewer than 5": for every small cell, every value from
1 to `threshold - 1` must still fit the total and what is published, and every other withheld cell must
keep at least two possible values. When no choice of cells achieves it (five categories of one each),
the split is not listed at all. We chose this over rounding totals because a board compares exact
totals over time (encounters this quarter against last), and rounding does not protect a small cell
anyway: a total rounded to 5 still pins a cell down when the published cells sit at the rounding edge.
The check is exact: with one linear equation (the cells sum to the total) and a range per cell, each
cell's possible values are an interval computed from the others' bounds.

Flags (adverse interactions, follow-ups, kept commitments) are counts of a whole, not a split: each is
suppressed when small; its complement is no cell of the summary. A **rate** is shown only when both its
counts are shown, so it tells nothing the counts do not.

Not covered: suppression protects one summary. Two summaries of overlapping choices (all of a
supervisor's teams, then one of them; weeks 10 to 12, then 10 to 11) can still be subtracted from one
another to isolate a small count of the difference. Publishing one fixed series (one team, consecutive
periods) keeps that out of reach; a rule across published summaries would need a record of them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from . import languages
from .team_report import LANGUAGE, Cell, Rate, Tally, TeamReport

DEFAULT_THRESHOLD = 5
OTHER_LANGUAGE = "other"

# What the public summary keeps of a team report, in this order.
PUBLIC_TALLIES = (
    "encounters_by_kind",
    "encounters_by_language",
    "encounters_flagged",
    "referrals_by_category",
    "referrals_by_status",
    "meetings_by_kind",
    "meeting_attendance",
    "commitments_by_state",
    "commitments_flagged",
    "feedback_by_sentiment",
    "feedback_topics",
    "feedback_flagged",
)
# Each rate and the counts it divides: (tally, cell) of its part, tally of its whole.
RATE_PARTS = {
    "referral_completion": (("referrals_by_status", "completed"), "referrals_by_status"),
    "commitments_kept_on_time": (("commitments_flagged", "kept_on_time"), ("commitments_by_state", "done")),
    "feedback_answered": (("feedback_flagged", "answered"), "feedback_by_sentiment"),
}


@dataclass(frozen=True)
class PublicCell(Cell):
    """A cell of the summary: `count` None when suppressed; `small` says why (fewer than the threshold,
    or withheld so that a small cell cannot be worked out)."""

    small: bool = False


@dataclass(frozen=True)
class PublicSummary:
    first_week: str  # ISO week, e.g. "2026-W10"
    last_week: str
    threshold: int
    tallies: tuple[Tally, ...]
    rates: tuple[Rate, ...]

    def tally(self, key: str) -> Tally:
        return next(tally for tally in self.tallies if tally.key == key)

    def rate(self, key: str) -> Rate:
        return next(rate for rate in self.rates if rate.key == key)


def week_bounds(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    """The Monday on or before `start` and the Sunday on or after `end`: the summary's whole weeks."""
    if end < start:
        start, end = end, start
    return start - dt.timedelta(days=start.weekday()), end + dt.timedelta(days=6 - end.weekday())


def iso_week(day: dt.date) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def summarize(report: TeamReport, threshold: int = DEFAULT_THRESHOLD) -> PublicSummary:
    """The public summary of `report`, which must have been built for whole weeks (`week_bounds`)."""
    if threshold < 1:
        raise ValueError("the threshold must be at least 1")
    if week_bounds(report.start, report.end) != (report.start, report.end):
        raise ValueError("a public summary covers whole ISO weeks: build the report with week_bounds()")
    tallies = tuple(_protect(_public_keys(report.tally(key)), threshold) for key in PUBLIC_TALLIES)
    by_key = {tally.key: tally for tally in tallies}
    rates = tuple(_rate(report.rate(key), by_key, *RATE_PARTS[key]) for key in RATE_PARTS)
    return PublicSummary(iso_week(report.start), iso_week(report.end), threshold, tallies, rates)


def _public_keys(tally: Tally) -> Tally:
    """Language values as known codes only; anything typed otherwise becomes "other"."""
    if tally.dimension != LANGUAGE:
        return tally
    merged: dict[str, int] = {}
    for cell in tally.cells:
        key = languages.normalize(cell.key).split("-")[0] if languages.is_valid(cell.key) else OTHER_LANGUAGE
        merged[key] = merged.get(key, 0) + (cell.count or 0)
    cells = sorted(merged.items(), key=lambda item: (item[0] == OTHER_LANGUAGE, -item[1], item[0]))
    return replace(tally, cells=tuple(Cell(key, count) for key, count in cells))


def _small(count: int, threshold: int) -> bool:
    return 0 < count < threshold


def _protect(tally: Tally, threshold: int) -> Tally:
    counts = [cell.count or 0 for cell in tally.cells]
    total = tally.total if tally.total is not None else 0
    if _small(total, threshold):
        return replace(tally, cells=(), total=None, split_withheld=True)
    if not tally.partitions:
        cells = tuple(
            PublicCell(cell.key, None if _small(n, threshold) else n, small=_small(n, threshold))
            for cell, n in zip(tally.cells, counts, strict=True)
        )
        return replace(tally, cells=cells)
    primary = {i for i, n in enumerate(counts) if _small(n, threshold)}
    hidden = set(primary)
    while hidden and not _undetermined(counts, hidden, primary, total, threshold):
        published = sorted((i for i in range(len(counts)) if i not in hidden), key=lambda i: (counts[i], i))
        if not published:
            return replace(tally, cells=(), split_withheld=True)
        hidden.add(published[0])
    cells = tuple(
        PublicCell(cell.key, None if i in hidden else counts[i], small=i in primary)
        for i, cell in enumerate(tally.cells)
    )
    return replace(tally, cells=cells)


def _undetermined(counts: list[int], hidden: set[int], primary: set[int], total: int, threshold: int) -> bool:
    """Whether what is published (the total, the cells not hidden, which hidden cells are small) leaves
    every small cell free to be anything from 1 to threshold - 1, and every other hidden cell at least
    two values."""
    rest = total - sum(n for i, n in enumerate(counts) if i not in hidden)
    bounds = {i: (1, threshold - 1) if i in primary else (threshold, rest) for i in hidden}
    for i, (low, high) in bounds.items():
        others_low = sum(b[0] for j, b in bounds.items() if j != i)
        others_high = sum(b[1] for j, b in bounds.items() if j != i)
        lowest, highest = max(low, rest - others_high), min(high, rest - others_low)
        if i in primary and (lowest > 1 or highest < threshold - 1):
            return False
        if highest - lowest < 1:
            return False
    return True


def _published(tallies: dict[str, Tally], ref: tuple[str, str] | str) -> int | None:
    if isinstance(ref, str):
        return tallies[ref].total
    key, cell = ref
    return tallies[key].count_of(cell)


def _rate(rate: Rate, tallies: dict[str, Tally], part: tuple[str, str], whole: tuple[str, str] | str) -> Rate:
    shown_part, shown_whole = _published(tallies, part), _published(tallies, whole)
    if shown_part is None or shown_whole is None:
        return Rate(rate.key, None, withheld=True)
    return Rate(rate.key, shown_part / shown_whole if shown_whole else None)
