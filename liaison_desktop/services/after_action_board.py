"""What the after-action screens read: the reviews (open first, newest incident first) with how their
commitments stand, one review with its commitments and its community briefing, and the meetings a review
may name as its briefing.

`AfterActionService` owns the rules and the writes; this module assembles its reads into rows a screen
shows without a query of its own, and counts the commitments of every listed review in one query rather
than one per review.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import case, func, select

from liaison_desktop.store.models import record_tables

from .after_action import COMMITMENT, REVIEW, FollowThrough
from .errors import NotFound
from .meeting_board import MeetingBoard
from .meetings import OPEN_COMMITMENT_STATUSES
from .permissions import Access, may_read_type, require_type

if TYPE_CHECKING:
    from .workspace import Workspace

review = record_tables[REVIEW]
commitment = record_tables[COMMITMENT]

BRIEFING_CHOICES = 200  # the most recent meetings offered as a review's briefing


@dataclass(frozen=True)
class ReviewRow:
    id: str
    title: str
    incident_on: dt.date
    neighborhood: str
    status: str  # "open" or "closed"; the screen translates it
    follow_through: FollowThrough


@dataclass(frozen=True)
class ReviewCommitmentRow:
    """One commitment of a review, with the same attributes as a meeting's (`CommitmentRow`), so the words
    for a due date and a status are shared."""

    id: str
    review_id: str
    description: str
    owner: str
    due_on: dt.date | None
    status: str
    overdue: bool


@dataclass(frozen=True)
class MeetingChoice:
    """A meeting as a review names it: its briefing, or one offered as the briefing."""

    id: str
    kind: str  # a MEETING_KINDS key; the screen translates it
    title: str
    held_on: dt.date | None


@dataclass(frozen=True)
class ReviewDetails:
    """One review as its page shows it: the record, its commitments (soonest due first, no date last),
    how they stand, its briefing (None when none was named or the meeting is gone), and today."""

    review: dict[str, Any]
    commitments: list[ReviewCommitmentRow]
    follow_through: FollowThrough
    briefing: MeetingChoice | None
    today: dt.date


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def follow_through_of(rows: list[ReviewCommitmentRow]) -> FollowThrough:
    counts = FollowThrough()
    for row in rows:
        if row.status == "done":
            counts.done += 1
        elif row.status == "dropped":
            counts.dropped += 1
        else:
            counts.open += 1
            counts.overdue += row.overdue
    return counts


class AfterActionBoard:
    def __init__(self, workspace: Workspace) -> None:
        self._workspace = workspace

    def today(self) -> dt.date:
        return self._workspace.context.today()

    def recent(self, *, limit: int = 500) -> list[ReviewRow]:
        """Reviews, open ones first, then the most recent incident first, each with its commitments
        counted: done, dropped, open, and open past their due date."""
        actor = self._workspace.actor
        require_type(actor, Access.READ, REVIEW)
        require_type(actor, Access.READ, COMMITMENT)
        today = self.today().isoformat()
        still_open = commitment.c.status.in_(OPEN_COMMITMENT_STATUSES) | commitment.c.status.is_(None)
        counts = (
            select(
                commitment.c.review_id,
                func.sum(case((commitment.c.status == "done", 1), else_=0)).label("done"),
                func.sum(case((commitment.c.status == "dropped", 1), else_=0)).label("dropped"),
                func.sum(case((still_open, 1), else_=0)).label("open"),
                func.sum(case((still_open & (commitment.c.due_on < today), 1), else_=0)).label("overdue"),
            )
            .where(commitment.c.deleted.is_(False))
            .group_by(commitment.c.review_id)
            .subquery()
        )
        statement = (
            select(
                review.c.id,
                review.c.title,
                review.c.incident_on,
                review.c.neighborhood,
                review.c.status,
                *(
                    func.coalesce(counts.c[name], 0).label(name)
                    for name in ("done", "dropped", "open", "overdue")
                ),
            )
            .outerjoin(counts, counts.c.review_id == review.c.id)
            .where(review.c.deleted.is_(False))
            .order_by((review.c.status == "closed"), review.c.incident_on.desc(), review.c.id)
            .limit(limit)
        )
        with self._workspace.store.read() as connection:
            return [
                ReviewRow(
                    id=row["id"],
                    title=row["title"] or "",
                    incident_on=dt.date.fromisoformat(row["incident_on"]),
                    neighborhood=row["neighborhood"] or "",
                    status=row["status"] or "open",
                    follow_through=FollowThrough(
                        int(row["done"]), int(row["dropped"]), int(row["open"]), int(row["overdue"])
                    ),
                )
                for row in connection.execute(statement).mappings()
            ]

    def details(self, review_id: str) -> ReviewDetails:
        """One review, its commitments and its briefing (`NotFound` once the review is deleted)."""
        after_action = self._workspace.after_action
        found = after_action.get(review_id)
        today = self.today()
        rows = [self._commitment_row(row, today) for row in after_action.commitments_of(review_id)]
        briefing_id = found.get("briefing_meeting_id")
        return ReviewDetails(
            found, rows, follow_through_of(rows), self.meeting(briefing_id) if briefing_id else None, today
        )

    def meeting(self, meeting_id: str) -> MeetingChoice | None:
        """A meeting named by a review, or None when it is gone or the role may not read meetings."""
        if not may_read_type(self._workspace.actor.role, "meeting"):
            return None
        try:
            found = self._workspace.meetings.get(meeting_id)
        except NotFound:
            return None
        return MeetingChoice(
            found["id"], found.get("kind") or "", found.get("title") or "", _date(found.get("held_on"))
        )

    def briefing_choices(
        self, keep: str | None = None, *, limit: int = BRIEFING_CHOICES
    ) -> list[MeetingChoice]:
        """The team's meetings, newest first, that a review may name as its briefing; `keep` (the briefing
        a review already names) is listed even when it is older than the most recent `limit`."""
        rows = MeetingBoard(self._workspace).recent(limit=limit)
        choices = [MeetingChoice(row.id, row.kind, row.title, row.held_on) for row in rows]
        if keep and all(choice.id != keep for choice in choices):
            kept = self.meeting(keep)
            if kept is not None:
                choices.append(kept)
        return choices

    @staticmethod
    def _commitment_row(row: dict[str, Any], today: dt.date) -> ReviewCommitmentRow:
        due = _date(row.get("due_on"))
        status = row.get("status") or "open"
        return ReviewCommitmentRow(
            id=row["id"],
            review_id=row["review_id"],
            description=row.get("description") or "",
            owner=row.get("owner") or "",
            due_on=due,
            status=status,
            overdue=due is not None and due < today and status in OPEN_COMMITMENT_STATUSES,
        )
