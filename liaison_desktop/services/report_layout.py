"""A team report or public summary as words: sections of labelled lines in the interface language, the
one form the preview, the CSV file and the PDF are all made from, so the three always say the same.

The words for codes people see elsewhere too (an encounter's kind, a referral's status, an officer's
name from the team roster) come from the screen (`ReportWords`), which already has them; the report's own
words (titles, flags, "fewer than 5") are here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from liaison_desktop.i18n.catalogs import N_, _, is_right_to_left

from .public_summary import OTHER_LANGUAGE, PublicCell, PublicSummary
from .team_report import COMMITMENT_STATE, FLAG, LANGUAGE, NONE, Rate, Tally, TeamReport

TALLY_TITLES = {
    "encounters_by_kind": N_("Encounters by kind"),
    "encounters_by_neighborhood": N_("Encounters by neighborhood"),
    "encounters_by_language": N_("Encounters by language"),
    "encounters_by_officer": N_("Encounters by officer"),
    "encounters_flagged": N_("Encounters flagged"),
    "referrals_by_category": N_("Referrals by service category"),
    "referrals_by_status": N_("Referrals by status"),
    "meetings_by_kind": N_("Meetings by kind"),
    "meeting_attendance": N_("People counted at meetings"),
    "commitments_by_state": N_("Commitments made at these meetings"),
    "commitments_flagged": N_("Commitments overdue and kept on time"),
    "feedback_by_sentiment": N_("Feedback by sentiment"),
    "feedback_topics": N_("Distinct feedback topics"),
    "feedback_flagged": N_("Feedback answered"),
}
RATE_TITLES = {
    "referral_completion": N_("Share of referrals completed"),
    "commitments_kept_on_time": N_("Share of done commitments kept on time"),
    "feedback_answered": N_("Share of feedback answered"),
}
OWN_WORDS = {
    (FLAG, "adverse"): N_("Adverse interaction"),
    (FLAG, "follow_up"): N_("Follow-up needed"),
    (FLAG, "overdue"): N_("Overdue"),
    (FLAG, "kept_on_time"): N_("Kept on time"),
    (FLAG, "answered"): N_("Answered"),
    (COMMITMENT_STATE, "open"): N_("Open"),
    (COMMITMENT_STATE, "done"): N_("Done"),
    (COMMITMENT_STATE, "dropped"): N_("Dropped"),
    (LANGUAGE, OTHER_LANGUAGE): N_("Other languages"),
}


@dataclass(frozen=True)
class ReportWords:
    """What the screen supplies: words for a dimension's value, and number, share and date formats."""

    value_label: Callable[[str, str], str]  # (dimension, key) -> words; key "" is never passed
    number: Callable[[int], str]
    percent: Callable[[float], str]
    date: Callable[[dt.date], str]


@dataclass(frozen=True)
class ReportLine:
    label: str
    value: str
    total: bool = False  # the section's total: drawn apart


@dataclass(frozen=True)
class ReportSection:
    title: str
    lines: tuple[ReportLine, ...]


@dataclass(frozen=True)
class ReportDocument:
    title: str
    period: str
    notes: tuple[str, ...]
    sections: tuple[ReportSection, ...]
    right_to_left: bool
    personal: bool  # holds people's names or unprotected small counts: its export is audited

    def texts(self) -> list[str]:
        """Every text of the document in reading order."""
        lines = [text for s in self.sections for line in s.lines for text in (line.label, line.value)]
        return [self.title, self.period, *self.notes, *(s.title for s in self.sections), *lines]

    def rows(self) -> list[tuple[str, str, str]]:
        """(section, line, value) for every line: the preview table and the CSV file."""
        return [(s.title, line.label, line.value) for s in self.sections for line in s.lines]


def team_report_document(report: TeamReport, words: ReportWords, team_name: str) -> ReportDocument:
    sections = [_section(tally, words, None) for tally in report.tallies]
    sections.append(_rates(report.rates, words))
    return ReportDocument(
        title=_("Team report: {team}").format(team=team_name),
        period=_("From {start} to {end}").format(start=words.date(report.start), end=words.date(report.end)),
        notes=(
            _(
                "Counts of submitted notes, referrals, meetings, commitments and feedback. It names officers: keep it within the service."
            ),
        ),
        sections=tuple(sections),
        right_to_left=is_right_to_left(),
        personal=True,
    )


def public_summary_document(summary: PublicSummary, words: ReportWords) -> ReportDocument:
    sections = [_section(tally, words, summary.threshold) for tally in summary.tallies]
    sections.append(_rates(summary.rates, words))
    return ReportDocument(
        title=_("Public summary"),
        period=_("ISO weeks {first} to {last}").format(
            first=_left_to_right(summary.first_week), last=_left_to_right(summary.last_week)
        ),
        notes=(
            _("Counts and rates only: no names, no record text, no dates finer than a week."),
            _(
                "Counts from 1 to {largest} are shown as “fewer than {threshold}”; some other counts are withheld so that they cannot be worked out from the totals."
            ).format(largest=words.number(summary.threshold - 1), threshold=words.number(summary.threshold)),
        ),
        sections=tuple(sections),
        right_to_left=is_right_to_left(),
        personal=False,
    )


def _left_to_right(code: str) -> str:
    """A week code ("2026-W10") kept in its order inside a right-to-left sentence (isolated)."""
    return f"\u2066{code}\u2069" if is_right_to_left() else code


def _label(dimension: str, key: str, words: ReportWords) -> str:
    if not key:
        return _("Not recorded")
    own = OWN_WORDS.get((dimension, key))
    return _(own) if own else words.value_label(dimension, key)


def _count(count: int | None, words: ReportWords, threshold: int | None, *, small: bool = True) -> str:
    if count is not None:
        return words.number(count)
    if small and threshold is not None:
        return _("fewer than {threshold}").format(threshold=words.number(threshold))
    return _("withheld")


def _section(tally: Tally, words: ReportWords, threshold: int | None) -> ReportSection:
    title = _(TALLY_TITLES.get(tally.key, tally.key))
    if tally.dimension == NONE:
        return ReportSection(
            title, (ReportLine(_("Total"), _count(tally.total, words, threshold), total=True),)
        )
    lines = [
        ReportLine(
            _label(tally.dimension, cell.key, words),
            _count(cell.count, words, threshold, small=not isinstance(cell, PublicCell) or cell.small),
        )
        for cell in tally.cells
    ]
    if tally.split_withheld and tally.total is not None:
        lines.append(ReportLine(_("Split"), _("withheld: too few to show safely")))
    total_label = _("Total") if tally.partitions else _("Out of")
    lines.append(ReportLine(total_label, _count(tally.total, words, threshold), total=True))
    return ReportSection(title, tuple(lines))


def _rates(rates: tuple[Rate, ...], words: ReportWords) -> ReportSection:
    lines = []
    for rate in rates:
        if rate.value is not None:
            value = words.percent(rate.value)
        else:
            value = _("withheld") if rate.withheld else _("none to count")
        lines.append(ReportLine(_(RATE_TITLES.get(rate.key, rate.key)), value))
    return ReportSection(_("Rates"), tuple(lines))
