"""What the supervisor's Review queue lists: the submitted notes awaiting review across their teams, as
rows a supervisor chooses from (when, officer, neighborhood, language, kind, flags), how many of all the
waiting notes a filter shows, and the values the filters offer.

An officer is named as the team roster on this laptop names them (`team_roster`, sent by the server with
each sync); a row keeps the account id too, which the filter works by. A row is never the note: the queue is read without `summary` or `translations` (`ReviewService.queue`),
so the list can be on screen without showing what anyone wrote; opening a row is the audited view.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from .encounter_sheet import encounter_state
from .errors import NotFound
from .reviews import PENDING, ReviewQueueFilter
from .team_roster import TeamRoster, load_roster

if TYPE_CHECKING:
    from .workspace import Workspace


@dataclass(frozen=True)
class QueueRow:
    """One note awaiting review, as the queue shows it."""

    id: str
    occurred_at: dt.datetime
    officer_id: str
    neighborhood: str
    language: str  # the language the encounter was held in; "" when not recorded
    kind: str
    adverse: bool
    follow_up: bool
    overdue: bool  # a follow-up promised more than `reviews.FOLLOW_UP_DAYS` days ago
    officer_name: str | None = None  # the officer's display name from the team roster, if it knows them


@dataclass(frozen=True)
class QueueChoices:
    """The values the filters offer: those of the notes waiting, whatever the filter."""

    officer_ids: list[str]
    neighborhoods: list[str]
    languages: list[str]
    officer_names: dict[str, str] = field(
        default_factory=dict
    )  # id -> display name, where the roster has one


@dataclass(frozen=True)
class QueuePage:
    rows: list[QueueRow]  # what the filter shows, in queue order
    waiting: int  # every note awaiting review, whatever the filter
    choices: QueueChoices


def _row(record: dict[str, Any]) -> QueueRow:
    return QueueRow(
        id=record["id"],
        occurred_at=dt.datetime.fromisoformat(record["occurred_at"]),
        officer_id=record.get("author_id") or record.get("owner_id") or "",
        neighborhood=record.get("neighborhood") or "",
        language=record.get("language") or "",
        kind=record.get("kind") or "other",
        adverse=bool(record.get("adverse_interaction")),
        follow_up=bool(record.get("follow_up_needed")),
        overdue=bool(record.get("overdue_follow_up")),
    )


def _named(row: QueueRow, roster: TeamRoster) -> QueueRow:
    return replace(row, officer_name=roster.name_of(row.officer_id)) if row.officer_id else row


class ReviewBoard:
    def __init__(self, workspace: Workspace) -> None:
        self._workspace = workspace

    def page(self, where: ReviewQueueFilter | None = None) -> QueuePage:
        """The queue as `where` filters it, with the count of all waiting notes and the filter choices."""
        reviews = self._workspace.reviews
        roster = load_roster(self._workspace.store)
        everything = [_named(_row(record), roster) for record in reviews.queue()]
        where = where or ReviewQueueFilter()
        rows = everything if not where.narrows else [_named(_row(r), roster) for r in reviews.queue(where)]
        officer_ids = sorted({row.officer_id for row in everything if row.officer_id})
        return QueuePage(
            rows,
            reviews.queue_size(),
            QueueChoices(
                officer_ids,
                sorted({row.neighborhood for row in everything if row.neighborhood}, key=str.casefold),
                sorted({row.language for row in everything if row.language}),
                {i: name for i in officer_ids if (name := roster.name_of(i)) is not None},
            ),
        )

    def officer_name(self, officer_id: str) -> str | None:
        """The display name the team roster gives the officer, if it knows them."""
        return load_roster(self._workspace.store).name_of(officer_id) if officer_id else None

    def next_waiting(self, candidates: list[str]) -> str | None:
        """The first of `candidates` (the queue as the supervisor last saw it) still awaiting review:
        where the review page goes after a decision."""
        for encounter_id in candidates:
            try:
                status, review_status = encounter_state(self._workspace, encounter_id)
            except NotFound:
                continue
            if status == "submitted" and review_status == PENDING:
                return encounter_id
        return None
