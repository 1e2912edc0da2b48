"""What the meetings screens read: the meetings, newest first (with how many of their commitments are open
and how many of those overdue), the commitments still open across all of them (overdue ones flagged), each
with the meeting it was made at, and one meeting with its commitments.

`MeetingService` owns the rules and the writes; this module assembles its reads into rows a screen shows
without a query of its own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import case, func, select

from liaison_desktop.store.models import record_tables

from .meetings import COMMITMENT, MEETING, OPEN_COMMITMENT_STATUSES
from .permissions import Access, require_type

if TYPE_CHECKING:
    from .workspace import Workspace

meeting = record_tables["meeting"]
commitment = record_tables["commitment"]


@dataclass(frozen=True)
class MeetingRow:
    id: str
    kind: str  # a MEETING_KINDS key; the screen translates it
    title: str
    held_on: dt.date
    place: str
    attendance_count: int | None
    open_commitments: int
    overdue_commitments: int = 0  # of the open ones, those past their due date


@dataclass(frozen=True)
class CommitmentRow:
    id: str
    meeting_id: str
    meeting_title: str
    description: str
    owner: str
    due_on: dt.date | None
    status: str
    overdue: bool


@dataclass(frozen=True)
class MeetingDetails:
    """One meeting as its page shows it: the record, its commitments (soonest due first), and today."""

    meeting: dict[str, Any]
    commitments: list[CommitmentRow]
    today: dt.date

    @property
    def overdue(self) -> int:
        return sum(row.overdue for row in self.commitments)


class MeetingBoard:
    def __init__(self, workspace: Workspace) -> None:
        self._workspace = workspace

    def today(self) -> dt.date:
        return self._workspace.context.today()

    def recent(self, *, limit: int = 500) -> list[MeetingRow]:
        """Meetings, newest first, each with how many of its commitments are still open and how many of
        those are overdue."""
        require_type(self._workspace.actor, Access.READ, MEETING)
        require_type(self._workspace.actor, Access.READ, COMMITMENT)
        today = self.today().isoformat()
        still_open = (
            select(
                commitment.c.meeting_id,
                func.count().label("open"),
                func.sum(case((commitment.c.due_on < today, 1), else_=0)).label("overdue"),
            )
            .where(commitment.c.status.in_(OPEN_COMMITMENT_STATUSES), commitment.c.deleted.is_(False))
            .group_by(commitment.c.meeting_id)
            .subquery()
        )
        statement = (
            select(
                meeting,
                func.coalesce(still_open.c.open, 0).label("open_commitments"),
                func.coalesce(still_open.c.overdue, 0).label("overdue_commitments"),
            )
            .outerjoin(still_open, still_open.c.meeting_id == meeting.c.id)
            .where(meeting.c.deleted.is_(False))
            .order_by(meeting.c.held_on.desc(), meeting.c.created_hlc.desc())
            .limit(limit)
        )
        with self._workspace.store.read() as connection:
            return [
                MeetingRow(
                    id=row["id"],
                    kind=row["kind"],
                    title=row["title"] or "",
                    held_on=dt.date.fromisoformat(row["held_on"]),
                    place=row["place"] or "",
                    attendance_count=row["attendance_count"],
                    open_commitments=int(row["open_commitments"]),
                    overdue_commitments=int(row["overdue_commitments"]),
                )
                for row in connection.execute(statement).mappings()
            ]

    def open_commitments(self, *, limit: int = 500) -> list[CommitmentRow]:
        """Commitments not yet done or dropped across every meeting, soonest due first (no date last)."""
        rows = self._workspace.meetings.open_commitments(limit=limit)
        return self._rows(rows, self._titles({row["meeting_id"] for row in rows}))

    def commitments_of(self, meeting_id: str) -> list[CommitmentRow]:
        """One meeting's commitments, soonest due first (no due date last), whatever their status."""
        rows = sorted(
            self._workspace.meetings.commitments_of(meeting_id),
            key=lambda row: (row.get("due_on") is None, row.get("due_on") or ""),
        )
        return self._rows(rows, self._titles({meeting_id}))

    def details(self, meeting_id: str) -> MeetingDetails:
        """One meeting and its commitments, whatever their status (`NotFound` once it is deleted)."""
        found = self._workspace.meetings.get(meeting_id)
        return MeetingDetails(found, self.commitments_of(meeting_id), self.today())

    def _rows(self, rows: list[dict], titles: dict[str, str]) -> list[CommitmentRow]:
        today = self.today()
        found = []
        for row in rows:
            due = dt.date.fromisoformat(row["due_on"]) if row.get("due_on") else None
            status = row.get("status") or "open"
            found.append(
                CommitmentRow(
                    id=row["id"],
                    meeting_id=row["meeting_id"],
                    meeting_title=titles.get(row["meeting_id"], ""),
                    description=row.get("description") or "",
                    owner=row.get("owner") or "",
                    due_on=due,
                    status=status,
                    overdue=due is not None and due < today and status in OPEN_COMMITMENT_STATUSES,
                )
            )
        return found

    def _titles(self, ids: set[str]) -> dict[str, str]:
        if not ids:
            return {}
        with self._workspace.store.read() as connection:
            rows = connection.execute(
                select(meeting.c.id, meeting.c.title).where(meeting.c.id.in_(sorted(ids)))
            )
            return {row.id: row.title or "" for row in rows}
