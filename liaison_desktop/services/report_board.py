"""What the supervisors' Reports section asks for: the teams to choose from (named by the roster), a
team report or a public summary for a date range, the officers' names, and the audit of an export.

Qt-free and read-only but for the audit; every call that reads many rows runs on the UI's Runner.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .public_summary import DEFAULT_THRESHOLD, PublicSummary, summarize, week_bounds
from .report_export import audit_export, write_csv
from .report_layout import ReportDocument
from .team_report import TeamReport, TeamReportBuilder
from .team_roster import TeamRoster, load_roster

if TYPE_CHECKING:
    from .workspace import Workspace


@dataclass(frozen=True)
class TeamChoice:
    id: str
    name: str | None  # from the roster; None when the laptop has no roster naming it


class ReportBoard:
    def __init__(self, workspace: Workspace) -> None:
        self._workspace = workspace
        self._builder = TeamReportBuilder(workspace)

    def roster(self) -> TeamRoster:
        return load_roster(self._workspace.store)

    def teams(self) -> list[TeamChoice]:
        """The supervisor's teams: those of the roster, and any other the laptop holds records of."""
        roster = self.roster()
        ids = {team.id for team in roster.teams} | set(self._builder.teams())
        if self._workspace.actor.team_id:
            ids.add(self._workspace.actor.team_id)
        choices = [TeamChoice(team_id, roster.team_name(team_id)) for team_id in ids]
        return sorted(choices, key=lambda choice: ((choice.name or "~").casefold(), choice.id))

    def team_report(self, start: dt.date, end: dt.date, team_id: str | None) -> TeamReport:
        return self._builder.build(start, end, team_id)

    def public_summary(
        self, start: dt.date, end: dt.date, team_id: str | None, threshold: int = DEFAULT_THRESHOLD
    ) -> PublicSummary:
        first, last = week_bounds(start, end)
        return summarize(self._builder.build(first, last, team_id), threshold)

    def write_csv(self, document: ReportDocument, path: Path, reason: str | None = None) -> Path:
        return write_csv(document, path, self._workspace.audit, reason)

    def audit_export(self, document: ReportDocument, file_kind: str, reason: str | None = None) -> None:
        """For a file the screen writes itself (a PDF, a print-out): audited as the CSV is."""
        audit_export(self._workspace.audit, document, file_kind, reason)
