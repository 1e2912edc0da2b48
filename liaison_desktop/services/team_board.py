"""What the supervisor's Team board lists: what must not fall through the cracks across their teams.

- overdue referral follow-ups: the team's open referrals whose follow-up date has passed, oldest first;
- open commitments, of meetings and of after-action reviews, overdue first, then soonest due (those
  without a due date last): a promise made at a town hall stays here until it is done or dropped;
- adverse-interaction notes awaiting action: submitted notes flagged as an adverse interaction that are
  not approved yet. That is two states, both needing someone: awaiting the supervisor's review
  (`pending`, also when the officer amended a returned note), or returned to the officer and not yet
  amended (`returned`: the supervisor follows up with the officer). A draft is the officer's own and not
  yet the team's; an approved note has been dealt with;
- how many pieces of feedback await an answer (the Feedback board answers them).

Each list holds the first `limit` rows with the count of all. Rows name things (a contact, a service, a
meeting, a note's kind and neighborhood), never a note's text. Only a supervisor reads all of these: an
admin's scope holds none of them, so the section is offered to supervisors alone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Select, func, literal, select, union_all

from liaison_desktop.store.models import record_tables

from .feedback_board import AWAITING_ANSWER
from .home_board import HomeBoard, HomeList, commitment_rows
from .meetings import OPEN_COMMITMENT_STATUSES
from .permissions import Access, require_type

if TYPE_CHECKING:
    from .workspace import Workspace

encounter = record_tables["encounter"]
feedback = record_tables["feedback"]
commitment = record_tables["commitment"]
review_commitment = record_tables["after_action_commitment"]

BOARD_LIMIT = 50


@dataclass(frozen=True)
class AdverseRow:
    """An adverse-interaction note awaiting action, as the board names it (never its text)."""

    id: str
    occurred_on: dt.date
    officer_id: str
    kind: str
    neighborhood: str
    review_status: str  # "pending" (awaiting review) or "returned" (awaiting the officer)


@dataclass(frozen=True)
class AdverseList:
    rows: list[AdverseRow]
    total: int


@dataclass(frozen=True)
class TeamBoardLists:
    today: dt.date
    follow_ups: HomeList
    commitments: HomeList
    overdue_commitments: int  # of `commitments.total`, those past their due date
    adverse: AdverseList
    feedback_waiting: int


def _count(connection: Any, statement: Select[Any]) -> int:
    return int(
        connection.execute(select(func.count()).select_from(statement.order_by(None).subquery())).scalar_one()
    )


class TeamBoard:
    def __init__(self, workspace: Workspace) -> None:
        self._workspace = workspace

    def lists(self, *, limit: int = BOARD_LIMIT) -> TeamBoardLists:
        actor = self._workspace.actor
        for record_type in ("referral", "commitment", "after_action_commitment", "encounter", "feedback"):
            require_type(actor, Access.READ, record_type)
        today = self._workspace.context.today()
        day = HomeBoard(self._workspace).day(limit=limit)
        assert day.follow_ups is not None  # a supervisor reads referrals (checked above)
        with self._workspace.store.read() as connection:
            commitments, overdue = self._commitments(connection, today, limit)
            return TeamBoardLists(
                today=today,
                follow_ups=day.follow_ups,
                commitments=commitments,
                overdue_commitments=overdue,
                adverse=self._adverse(connection, limit),
                feedback_waiting=_count(
                    connection,
                    select(feedback.c.id).where(
                        feedback.c.status.in_(AWAITING_ANSWER), feedback.c.deleted.is_(False)
                    ),
                ),
            )

    @staticmethod
    def _commitments(connection: Any, today: dt.date, limit: int) -> tuple[HomeList, int]:
        """The open commitments' first `limit` rows with their count, and how many are overdue."""
        made_at = union_all(
            *(
                select(
                    literal(parent_type).label("parent_type"),
                    table.c[parent_field].label("parent_id"),
                    table.c.id,
                    table.c.description,
                    table.c.due_on,
                ).where(
                    table.c.status.in_(OPEN_COMMITMENT_STATUSES) | table.c.status.is_(None),
                    table.c.deleted.is_(False),
                )
                for table, parent_type, parent_field in (
                    (commitment, "meeting", "meeting_id"),
                    (review_commitment, "after_action_review", "review_id"),
                )
            )
        ).subquery()
        overdue = made_at.c.due_on < today.isoformat()
        statement = select(made_at).order_by(
            overdue.desc(), made_at.c.due_on.is_(None), made_at.c.due_on, made_at.c.id
        )
        total = _count(connection, statement)
        overdue_count = _count(connection, select(made_at.c.id).where(overdue))
        rows = [dict(r) for r in connection.execute(statement.limit(limit)).mappings()]
        return HomeList(commitment_rows(connection, rows, today), total), overdue_count

    @staticmethod
    def _adverse(connection: Any, limit: int) -> AdverseList:
        """Submitted adverse-interaction notes not approved yet, oldest first (the longest waiting)."""
        statement = (
            select(
                encounter.c.id,
                encounter.c.occurred_at,
                encounter.c.author_id,
                encounter.c.owner_id,
                encounter.c.kind,
                encounter.c.neighborhood,
                encounter.c.review_status,
            )
            .where(
                encounter.c.adverse_interaction.is_(True),
                encounter.c.status == "submitted",
                func.coalesce(encounter.c.review_status, "pending") != "approved",
                encounter.c.deleted.is_(False),
            )
            .order_by(encounter.c.occurred_at, encounter.c.id)
        )
        total = _count(connection, statement)
        rows = [
            AdverseRow(
                id=r["id"],
                occurred_on=dt.datetime.fromisoformat(r["occurred_at"]).date(),
                officer_id=r["author_id"] or r["owner_id"] or "",
                kind=r["kind"] or "other",
                neighborhood=r["neighborhood"] or "",
                review_status=r["review_status"] or "pending",
            )
            for r in connection.execute(statement.limit(limit)).mappings()
        ]
        return AdverseList(rows, total)
