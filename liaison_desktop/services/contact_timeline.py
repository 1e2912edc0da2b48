"""One contact's history on one line of time: their encounters, referrals, meetings and linked feedback,
newest first, for the contact's page.

Only what the signed-in role may read is read at all: an officer sees their own encounters and no
feedback, a supervisor the team's, and a kind the role may not read is simply absent. An encounter is read
without its note: the timeline names its kind, date and status, never what was written (reading a note is
`EncounterService.view`, audited, on the note's own page). Records that still name a contact merged into
this one (a submitted encounter cannot be re-pointed, see `contact_merge`) are this contact's too.

Meetings carry no reference to a contact in the protocol, only their facilitators' names as written: a
meeting is on a contact's timeline when one of its facilitators is written as the contact's full name.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, or_, select, text

from liaison_desktop.store.models import encounter_participant, record_tables
from liaison_protocol.hlc import wall_ms_of

from .permissions import Access, may_read_type, reads_only_own, require_type
from .record_labels import record_label
from .referral_lifecycle import OPEN_STATUSES

if TYPE_CHECKING:
    from .workspace import Workspace

contact = record_tables["contact"]
referral = record_tables["referral"]
service = record_tables["service"]
encounter = record_tables["encounter"]
meeting = record_tables["meeting"]
feedback = record_tables["feedback"]

TIMELINE_LIMIT = 500
MAX_MERGE_DEPTH = 20  # merged into merged into ...: a chain longer than this is not followed


@dataclass(frozen=True)
class TimelineEntry:
    """One row of the timeline. `kind` is the record type, which is also the page kind the row opens."""

    kind: str  # "encounter", "referral", "meeting" or "feedback"
    record_id: str
    on: dt.date
    title: str  # a referral's service, a meeting's title, a feedback's topic; "" for an encounter
    detail: str  # a choice key the screen translates: encounter or meeting kind, feedback sentiment
    status: str  # a choice key: referral, encounter (draft/submitted) or feedback status; "" for a meeting
    review_status: str = ""  # a submitted encounter's review (pending/approved/returned)
    overdue: bool = False  # a referral still open whose follow-up date has passed
    moment: str = ""  # ISO time in UTC where known, to order entries of one day; "" for a date alone


def contact_timeline(
    workspace: Workspace, contact_id: str, *, limit: int = TIMELINE_LIMIT
) -> list[TimelineEntry]:
    """The contact's encounters, referrals, meetings and linked feedback that the signed-in person may
    read, newest first, at most `limit` of them (the newest)."""
    actor = workspace.actor
    require_type(actor, Access.READ, "contact")
    today = workspace.context.today()
    entries: list[TimelineEntry] = []
    with workspace.store.read() as connection:
        ids = _ids_standing_for(connection, contact_id)
        if may_read_type(actor.role, "referral"):
            entries += _referrals(connection, ids, today, limit)
        if may_read_type(actor.role, "encounter"):
            own = actor.user_id if reads_only_own(actor.role, "encounter") else None
            entries += _encounters(connection, ids, own, limit)
        if may_read_type(actor.role, "meeting"):
            entries += _meetings(connection, ids, limit)
        if may_read_type(actor.role, "feedback"):
            own = actor.user_id if reads_only_own(actor.role, "feedback") else None
            entries += _feedback(connection, ids, own, limit)
    entries.sort(key=lambda entry: (entry.on, entry.moment, entry.record_id), reverse=True)
    return entries[:limit]


def _ids_standing_for(connection: Connection, contact_id: str) -> list[str]:
    """The contact and every contact merged into it (directly or through another merged one)."""
    ids, frontier = [contact_id], [contact_id]
    for _depth in range(MAX_MERGE_DEPTH):
        frontier = [
            row[0]
            for row in connection.execute(
                select(contact.c.id).where(contact.c.merged_into.in_(frontier), contact.c.id.not_in(ids))
            )
        ]
        if not frontier:
            break
        ids += frontier
    return ids


def _hlc_moment(hlc: str) -> dt.datetime:
    return dt.datetime.fromtimestamp(wall_ms_of(hlc) / 1000, dt.UTC)


def _local_date(moment: dt.datetime) -> dt.date:
    return moment.astimezone().date()


def _referrals(connection: Connection, ids: list[str], today: dt.date, limit: int) -> list[TimelineEntry]:
    """Each referral on the day it was made, under the name of the service it is to."""
    rows = connection.execute(
        select(referral, service.c.name.label("service_name"))
        .outerjoin(service, service.c.id == referral.c.service_id)
        .where(referral.c.contact_id.in_(ids), referral.c.deleted.is_(False))
        .order_by(referral.c.created_hlc.desc())
        .limit(limit)
    ).mappings()
    entries = []
    for row in rows:
        made = _hlc_moment(row["created_hlc"])
        status = row["status"] or "draft"
        follow_up = dt.date.fromisoformat(row["follow_up_on"]) if row["follow_up_on"] else None
        entries.append(
            TimelineEntry(
                "referral",
                row["id"],
                _local_date(made),
                title=record_label("service", {"name": row["service_name"]}) or "",
                detail="",
                status=status,
                overdue=status in OPEN_STATUSES and follow_up is not None and follow_up < today,
                moment=made.isoformat(),
            )
        )
    return entries


def _encounters(connection: Connection, ids: list[str], own: str | None, limit: int) -> list[TimelineEntry]:
    """Encounters the contact took part in: kind, date and status only (the note is not selected)."""
    statement = select(
        encounter.c.id,
        encounter.c.kind,
        encounter.c.occurred_at,
        encounter.c.status,
        encounter.c.review_status,
    ).where(
        encounter.c.deleted.is_(False),
        encounter.c.id.in_(
            select(encounter_participant.c.encounter_id).where(encounter_participant.c.contact_id.in_(ids))
        ),
    )
    if own is not None:
        statement = statement.where(_owned_by(encounter, own))
    rows = connection.execute(statement.order_by(encounter.c.occurred_at.desc()).limit(limit)).mappings()
    entries = []
    for row in rows:
        occurred = dt.datetime.fromisoformat(row["occurred_at"])
        entries.append(
            TimelineEntry(
                "encounter",
                row["id"],
                occurred.date(),  # the day where it happened, as the note's own page shows it
                title="",
                detail=row["kind"] or "",
                status=row["status"] or "draft",
                review_status=row["review_status"] or "",
                moment=occurred.astimezone(dt.UTC).isoformat() if occurred.tzinfo else "",
            )
        )
    return entries


def _meetings(connection: Connection, ids: list[str], limit: int) -> list[TimelineEntry]:
    names = _full_names(connection.execute(select(contact).where(contact.c.id.in_(ids))).mappings())
    if not names:
        return []
    rows = connection.execute(
        select(meeting.c.id, meeting.c.kind, meeting.c.title, meeting.c.held_on)
        .where(
            meeting.c.deleted.is_(False),
            text(
                "EXISTS (SELECT 1 FROM json_each(meeting.facilitators) "
                "WHERE json_each.value IN (SELECT value FROM json_each(:names)))"
            ).bindparams(names=_json_list(sorted(names))),
        )
        .order_by(meeting.c.held_on.desc())
        .limit(limit)
    ).mappings()
    return [
        TimelineEntry(
            "meeting",
            row["id"],
            dt.date.fromisoformat(row["held_on"]),
            title=row["title"] or "",
            detail=row["kind"] or "",
            status="",
        )
        for row in rows
    ]


def _feedback(connection: Connection, ids: list[str], own: str | None, limit: int) -> list[TimelineEntry]:
    """Feedback linked to the contact (with their consent, see `FeedbackService`): topic, sentiment,
    status; the resident's words are left on the feedback's own page."""
    statement = select(
        feedback.c.id, feedback.c.topic, feedback.c.sentiment, feedback.c.status, feedback.c.created_hlc
    ).where(feedback.c.contact_id.in_(ids), feedback.c.deleted.is_(False))
    if own is not None:
        statement = statement.where(_owned_by(feedback, own))
    rows = connection.execute(statement.order_by(feedback.c.created_hlc.desc()).limit(limit)).mappings()
    entries = []
    for row in rows:
        made = _hlc_moment(row["created_hlc"])
        entries.append(
            TimelineEntry(
                "feedback",
                row["id"],
                _local_date(made),
                title=row["topic"] or "",
                detail=row["sentiment"] or "",
                status=row["status"] or "new",
                moment=made.isoformat(),
            )
        )
    return entries


def _owned_by(table: Any, user_id: str) -> Any:
    return or_(table.c.owner_id == user_id, table.c.owner_id.is_(None) & (table.c.author_id == user_id))


def _full_names(records: Iterable[Mapping[str, Any]]) -> set[str]:
    """The ways a facilitator list would write the contacts' names: given and family name, and the
    preferred name with the family name (or alone, for someone known by one name)."""
    names: set[str] = set()
    for record in records:
        family = record.get("family_name") or ""
        for first in (record.get("given_name"), record.get("preferred_name")):
            if first:
                names.add(" ".join(part for part in (first, family) if part))
    return names


def _json_list(values: list[str]) -> str:
    return json.dumps(values)
