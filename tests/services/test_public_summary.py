"""The anonymized public summary: counts and rates only, small cells suppressed so that no total gives
them away, whole ISO weeks, and nothing of any record's names or text in its files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from liaison_desktop.services.public_summary import (
    PUBLIC_TALLIES,
    RATE_PARTS,
    iso_week,
    summarize,
    week_bounds,
)
from liaison_desktop.services.report_export import write_csv
from liaison_desktop.services.report_layout import public_summary_document
from liaison_desktop.services.team_report import (
    ENCOUNTER_KIND,
    FLAG,
    Cell,
    Rate,
    Tally,
    TeamReport,
    TeamReportBuilder,
)

from .conftest import outbox_rows
from .report_world import END, SECRETS, START, WORDS, seed

MONDAY, SUNDAY = dt.date(2026, 3, 2), dt.date(2026, 3, 15)


def _report(counts: dict[str, int], flags: dict[str, int] | None = None) -> TeamReport:
    """A report whose encounters split as `counts` (every other figure empty)."""
    cells = tuple(Cell(key, n) for key, n in counts.items())
    total = sum(counts.values())
    tallies = {key: Tally(key, "", (), 0) for key in PUBLIC_TALLIES}
    tallies["encounters_by_kind"] = Tally("encounters_by_kind", ENCOUNTER_KIND, cells, total)
    tallies["encounters_flagged"] = Tally(
        "encounters_flagged",
        FLAG,
        tuple(Cell(k, n) for k, n in (flags or {}).items()),
        total,
        partitions=False,
    )
    rates = tuple(Rate(key, None) for key in RATE_PARTS)
    return TeamReport(MONDAY, SUNDAY, None, tuple(tallies.values()), rates)


def _kinds(counts: dict[str, int], threshold: int = 5) -> dict[str, int | None]:
    tally = summarize(_report(counts), threshold).tally("encounters_by_kind")
    return {cell.key: cell.count for cell in tally.cells}


def _possible_values(
    published: dict[str, int | None], total: int, threshold: int, key: str, small: set[str]
) -> set[int]:
    """Every value cell `key` could have, given what the summary shows: the total, the shown cells, and
    which hidden cells it calls "fewer than" the threshold (every assignment tried, cut short once the
    sum is passed)."""
    hidden = [k for k, n in published.items() if n is None]
    rest = total - sum(n for n in published.values() if n is not None)
    ranges = [range(1, threshold) if k in small else range(threshold, rest + 1) for k in hidden]
    values: set[int] = set()

    def assign(index: int, left: int, chosen: list[int]) -> None:
        if index == len(hidden):
            if left == 0:
                values.add(chosen[hidden.index(key)])
            return
        for value in ranges[index]:
            if value > left:
                break
            assign(index + 1, left - value, [*chosen, value])

    assign(0, rest, [])
    return values


def test_a_count_below_the_threshold_is_suppressed_and_a_larger_one_shown():
    shown = _kinds({"field_visit": 20, "school": 9, "phone": 2})
    assert shown["phone"] is None
    assert shown["field_visit"] == 20


def test_one_small_cell_takes_another_with_it_so_the_total_does_not_give_it_away():
    shown = _kinds({"field_visit": 20, "school": 9, "phone": 2})

    assert shown == {"field_visit": 20, "school": None, "phone": None}
    possible = _possible_values(shown, 31, 5, "phone", {"phone"})
    assert {1, 2, 3, 4} <= possible, "the small cell could be any count below five"


def test_the_threshold_is_configurable():
    assert _kinds({"field_visit": 20, "school": 12, "phone": 7}, threshold=10) == {
        "field_visit": 20,
        "school": None,
        "phone": None,
    }


def test_a_split_that_cannot_be_protected_is_not_listed():
    summary = summarize(_report({"field_visit": 1, "school": 1, "phone": 1, "walk_in": 1, "business": 1}))
    tally = summary.tally("encounters_by_kind")
    assert tally.cells == () and tally.split_withheld and tally.total == 5


def test_a_total_below_the_threshold_is_suppressed_with_its_split():
    tally = summarize(_report({"field_visit": 3})).tally("encounters_by_kind")
    assert tally.total is None and tally.cells == ()


def test_a_small_flag_is_suppressed():
    summary = summarize(_report({"field_visit": 30}, {"adverse": 2, "follow_up": 12}))
    assert [(c.key, c.count) for c in summary.tally("encounters_flagged").cells] == [
        ("adverse", None),
        ("follow_up", 12),
    ]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.integers(min_value=1, max_value=12), min_size=1, max_size=4), st.integers(2, 6))
def test_no_suppressed_cell_can_be_worked_out_from_the_total_and_the_shown_cells(counts, threshold):
    original = {f"kind{i}": n for i, n in enumerate(counts)}
    tally = summarize(_report(original), threshold).tally("encounters_by_kind")
    if tally.split_withheld or tally.total is None:
        return
    shown = {cell.key: cell.count for cell in tally.cells}
    small = {cell.key for cell in tally.cells if cell.small}
    for key, count in shown.items():
        if count is None:
            possible = _possible_values(shown, tally.total, threshold, key, small)
            # What the summary tells about which withheld cells are small narrows it down no further
            # than: a small one could be 1 to threshold - 1; a withheld one keeps two values at least.
            if original[key] < threshold:
                assert set(range(1, threshold)) <= possible, (original, shown)
            else:
                assert len(possible) >= 2, (original, shown)
        else:
            assert count == original[key] and (count >= threshold), (original, shown)


def test_a_summary_covers_whole_iso_weeks():
    start, end = week_bounds(dt.date(2026, 3, 4), dt.date(2026, 3, 12))
    assert (start, end) == (MONDAY, SUNDAY)
    assert (iso_week(start), iso_week(end)) == ("2026-W10", "2026-W11")
    with pytest.raises(ValueError):
        summarize(TeamReport(dt.date(2026, 3, 4), SUNDAY, None, (), ()))


def test_a_rate_is_shown_only_when_both_its_counts_are(supervisor, officer, ambassador):
    seed(officer, ambassador)
    summary = summarize(TeamReportBuilder(supervisor).build(START, END))

    assert summary.rate("referral_completion").withheld, "one referral: fewer than five"
    assert summary.tally("encounters_by_kind").total == 7


def test_the_summary_files_hold_no_name_no_text_and_no_date_finer_than_a_week(
    supervisor, officer, ambassador, engine, tmp_path: Path
):
    seed(officer, ambassador)
    audited_before = len(outbox_rows(engine, "audit_event"))
    summary = summarize(TeamReportBuilder(supervisor).build(START, END))
    document = public_summary_document(summary, WORDS)

    data = write_csv(document, tmp_path / "summary.csv", supervisor.audit).read_bytes().decode("utf-8-sig")

    for secret in (*SECRETS, officer.actor.user_id, supervisor.actor.user_id, "2026-03-"):
        assert secret not in data
    assert "2026-W02" in data and "fewer than 5" in data
    assert len(outbox_rows(engine, "audit_event")) == audited_before, "nothing personal: not audited"
