"""What the home screen shows for the day: overdue referral follow-ups, commitments due soon (or overdue),
notes still in draft and notes a supervisor returned.

Each list is short (the first `limit` rows, the most urgent first) with the count of all of them, so the
home screen stays fast however many records the team has. A list the person's role may not read is
`None`, not an error: an ambassador's home shows what they may see and nothing else. The services keep
the rules; this module only reads and names (contact names instead of ids), and never a note's text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Select, func, literal, select, text, union_all

from liaison_desktop.store.models import ENCOUNTER_DRAFTS, ENCOUNTER_RETURNED, record_tables

from .meetings import OPEN_COMMITMENT_STATUSES
from .permissions import may_read_type, may_write_type
from .record_labels import record_label
from .referral_lifecycle import OPEN_STATUSES

if TYPE_CHECKING:
    from .workspace import Workspace

referral = record_tables["referral"]
contact = record_tables["contact"]
service = record_tables["service"]
commitment = record_tables["commitment"]
review_commitment = record_tables["after_action_commitment"]
meeting = record_tables["meeting"]
encounter = record_tables["encounter"]

HOME_LIMIT = 5
SOON_DAYS = 7  # a commitment due within a week is "due soon"


@dataclass(frozen=True)
class HomeRow:
    """One row: the page it opens (`kind`, `record_id`), what it is called, a second line, its date."""

    kind: str  # the page kind the row opens: "referral", "meeting", "after_action_review" or "encounter"
    record_id: str
    title: str  # names: the contact, the commitment's description, a note's participants
    detail: str  # a service's or meeting's name; for a note its kind (a choice key the screen translates)
    on: dt.date | None  # follow-up, due or meeting date
    overdue: bool = False


@dataclass(frozen=True)
class HomeList:
    rows: list[HomeRow]
    total: int  # all of them, of which `rows` are the first


@dataclass(frozen=True)
class HomeDay:
    """The four lists; None where the role may not read (or, for notes, does not write) that kind."""

    today: dt.date
    follow_ups: HomeList | None
    commitments: HomeList | None
    drafts: HomeList | None
    returned: HomeList | None


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    return dt.datetime.fromisoformat(value).date() if "T" in value else dt.date.fromisoformat(value)


def _page(connection: Any, statement: Select[Any], limit: int) -> tuple[list[dict[str, Any]], int]:
    total = connection.execute(
        select(func.count()).select_from(statement.order_by(None).subquery())
    ).scalar_one()
    rows = [dict(row) for row in connection.execute(statement.limit(limit)).mappings()] if total else []
    return rows, int(total)


def labels_by_id(connection: Any, record_type: str, ids: Iterable[str]) -> dict[str, str]:
    """How each record of `ids` is named in a list (`record_label`), read in one query."""
    wanted = sorted({i for i in ids if i})
    if not wanted:
        return {}
    table = record_tables[record_type]
    rows = connection.execute(select(table).where(table.c.id.in_(wanted))).mappings()
    return {row["id"]: record_label(record_type, row) or "" for row in rows}


def commitment_rows(connection: Any, rows: list[dict[str, Any]], today: dt.date) -> list[HomeRow]:
    """Meeting and after-action commitments (`parent_type`, `parent_id`, `description`, `due_on`) as a
    list shows them: each named by the meeting or review it was made at, overdue past its due day."""
    labels = {
        parent_type: labels_by_id(
            connection, parent_type, (r["parent_id"] for r in rows if r["parent_type"] == parent_type)
        )
        for parent_type in ("meeting", "after_action_review")
    }
    return [
        HomeRow(
            r["parent_type"],
            r["parent_id"],
            r["description"] or "",
            labels[r["parent_type"]].get(r["parent_id"], ""),
            _date(r["due_on"]),
            overdue=(_date(r["due_on"]) or today) < today,
        )
        for r in rows
    ]


class HomeBoard:
    def __init__(self, workspace: Workspace) -> None:
        self._workspace = workspace

    def day(self, *, limit: int = HOME_LIMIT, soon_days: int = SOON_DAYS) -> HomeDay:
        actor = self._workspace.actor
        today = self._workspace.context.today()
        notes = may_read_type(actor.role, "encounter") and may_write_type(actor.role, "encounter")
        with self._workspace.store.read() as connection:
            return HomeDay(
                today=today,
                follow_ups=self._follow_ups(connection, today, limit)
                if may_read_type(actor.role, "referral")
                else None,
                commitments=self._commitments(connection, today, soon_days, limit)
                if may_read_type(actor.role, "commitment")
                else None,
                drafts=self._notes(connection, text(ENCOUNTER_DRAFTS), limit) if notes else None,
                returned=self._notes(
                    connection,
                    text(ENCOUNTER_RETURNED),
                    limit,
                )
                if notes
                else None,
            )

    def _follow_ups(self, connection: Any, today: dt.date, limit: int) -> HomeList:
        """Open referrals whose follow-up date has passed, oldest first; an officer's own, a supervisor's
        whole team's (the supervisor follows up on the team)."""
        statement = select(referral).where(
            referral.c.status.in_(sorted(OPEN_STATUSES)),
            referral.c.follow_up_on < today.isoformat(),
            referral.c.deleted.is_(False),
        )
        if self._workspace.actor.role != "supervisor":
            statement = statement.where(referral.c.author_id == self._workspace.actor.user_id)
        rows, total = _page(connection, statement.order_by(referral.c.follow_up_on, referral.c.id), limit)
        contacts = labels_by_id(connection, "contact", (r["contact_id"] for r in rows))
        services = labels_by_id(connection, "service", (r["service_id"] for r in rows))
        return HomeList(
            [
                HomeRow(
                    "referral",
                    r["id"],
                    contacts.get(r["contact_id"], ""),
                    services.get(r["service_id"], ""),
                    _date(r["follow_up_on"]),
                    overdue=True,
                )
                for r in rows
            ],
            total,
        )

    @staticmethod
    def _commitments(connection: Any, today: dt.date, soon_days: int, limit: int) -> HomeList:
        """Open commitments, of meetings and of after-action reviews, due within `soon_days` or already
        overdue, soonest due first; a row opens the meeting or review where the promise was made."""
        until = (today + dt.timedelta(days=soon_days)).isoformat()
        made_at = union_all(
            *(
                select(
                    literal(parent_type).label("parent_type"),
                    table.c[parent_field].label("parent_id"),
                    table.c.id,
                    table.c.description,
                    table.c.due_on,
                ).where(
                    table.c.status.in_(OPEN_COMMITMENT_STATUSES),
                    table.c.due_on <= until,
                    table.c.deleted.is_(False),
                )
                for table, parent_type, parent_field in (
                    (commitment, "meeting", "meeting_id"),
                    (review_commitment, "after_action_review", "review_id"),
                )
            )
        ).subquery()
        statement = select(made_at).order_by(made_at.c.due_on, made_at.c.id)
        rows, total = _page(connection, statement, limit)
        return HomeList(commitment_rows(connection, rows, today), total)

    def _notes(self, connection: Any, condition: Any, limit: int) -> HomeList:
        """The signed-in officer's own notes matching `condition`, newest first, named by who was there
        (never by the note's text)."""
        statement = (
            select(encounter.c.id, encounter.c.kind, encounter.c.occurred_at, encounter.c.participant_ids)
            .where(
                condition,
                encounter.c.author_id == self._workspace.actor.user_id,
            )
            .order_by(encounter.c.occurred_at.desc(), encounter.c.id)
        )
        rows, total = _page(connection, statement, limit)
        names = labels_by_id(connection, "contact", (i for r in rows for i in (r["participant_ids"] or [])))
        return HomeList(
            [
                HomeRow(
                    "encounter",
                    r["id"],
                    ", ".join(names[i] for i in (r["participant_ids"] or []) if names.get(i)),
                    r["kind"] or "",
                    _date(r["occurred_at"]),
                )
                for r in rows
            ],
            total,
        )
