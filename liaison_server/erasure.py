"""A resident's request: everything the server holds about one contact, printed or erased everywhere.

What is "about" a contact C (its team only: references never cross teams):
- C itself and the contacts merged into C (`merged_into`: the same person's duplicates);
- referrals of C (`contact_id`) with their events, feedback linked to C (`contact_id`);
- encounters C took part in (`participant_ids`) with their amendments and reviews.
Deleted records count too: a tombstone still holds its contents on the server.

Erasure purges all of it through retention's purge path (purge markers reach every device), with one
exception, decided on purpose: an encounter with other participants is kept for them, with C's id
removed from `participant_ids` (a new version every device pulls). The note is also the others' record
and its officer's account of a meeting; purging it would erase other residents' history to honour one
request. Its free text may still name C: `contact-erase` prints the ids of such notes so that the
administrator has their authors correct them (an amendment). An encounter whose only participants are C
(and C's duplicates) is purged whole.

The export is the same set, as one readable JSON document: C's records in full; for a shared encounter,
the note with the other participants' ids left out. Both are recorded in the server's audit trail with
the contact id and counts, never a field.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from liaison_protocol.records import is_uuid
from liaison_protocol.server_audit import ServerAuditAction
from liaison_server import retention, server_audit
from liaison_server.changefeed import begin_feed_write
from liaison_server.models import Record


class ErasureError(Exception):
    """Bad input from an administrator: one clear line."""


@dataclass
class ContactFootprint:
    """The records about one contact, found in its team."""

    contacts: list[Record]  # the contact first, then its merged duplicates
    referrals: list[Record]
    feedback: list[Record]
    own_encounters: list[Record]  # only this person took part
    shared_encounters: list[Record]  # others took part too

    @property
    def contact_ids(self) -> set[str]:
        return {row.record_id for row in self.contacts}


def _live(session: Session, record_type: str, team_id: str | None) -> list[Record]:
    return list(
        session.scalars(
            select(Record).where(
                Record.record_type == record_type, Record.team_id == team_id, Record.purged_ms.is_(None)
            )
        )
    )


def footprint(session: Session, contact_id: str) -> ContactFootprint:
    if not is_uuid(contact_id):
        raise ErasureError(f"not a record id: {contact_id!r}")
    contact = session.scalars(
        select(Record).where(Record.record_type == "contact", Record.record_id == contact_id)
    ).one_or_none()
    if contact is None:
        raise ErasureError(f"no contact {contact_id}")
    if contact.purged_ms is not None:
        raise ErasureError(f"contact {contact_id} was already erased or expired")
    team = contact.team_id
    contacts = [contact] + [
        row
        for row in _live(session, "contact", team)
        if row.fields.get("merged_into") == contact_id and row.record_id != contact_id
    ]
    ids = {row.record_id for row in contacts}
    own: list[Record] = []
    shared: list[Record] = []
    for row in _live(session, "encounter", team):
        participants = set(row.fields.get("participant_ids") or [])
        if participants & ids:
            (own if participants <= ids else shared).append(row)
    return ContactFootprint(
        contacts=contacts,
        referrals=[r for r in _live(session, "referral", team) if r.fields.get("contact_id") in ids],
        feedback=[r for r in _live(session, "feedback", team) if r.fields.get("contact_id") in ids],
        own_encounters=own,
        shared_encounters=shared,
    )


def _entry(row: Record, fields: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "type": row.record_type,
        "id": row.record_id,
        "deleted": row.deleted,
        "fields": dict(row.fields if fields is None else fields),
    }


def _with_children(session: Session, row: Record, fields: dict[str, Any] | None = None) -> dict[str, Any]:
    entry = _entry(row, fields)
    children = [
        _entry(child)
        for child in retention.descendants(session, [row])
        if child.purged_ms is None and child.record_type != "conflict"
    ]
    if children:
        entry["children"] = children
    return entry


def export_contact(session: Session, contact_id: str, now_ms: int) -> dict[str, Any]:
    """Everything held about the contact, as a JSON-ready document; the export itself is audited."""
    found = footprint(session, contact_id)
    ids = found.contact_ids
    document = {
        "contact_id": contact_id,
        "exported_at_ms": now_ms,
        "contacts": [_entry(row) for row in found.contacts],
        "referrals": [_with_children(session, row) for row in found.referrals],
        "feedback": [_entry(row) for row in found.feedback],
        "encounters": [_with_children(session, row) for row in found.own_encounters]
        + [
            _with_children(
                session,
                row,
                {**row.fields, "participant_ids": [p for p in row.fields["participant_ids"] if p in ids]},
            )
            for row in found.shared_encounters
        ],
    }
    server_audit.record(
        session,
        ServerAuditAction.CONTACT_EXPORTED,
        now_ms,
        contact_id=contact_id,
        records=sum(len(document[key]) for key in ("contacts", "referrals", "feedback", "encounters")),
    )
    return document


@dataclass(frozen=True)
class ErasureReport:
    purged: dict[str, int]
    kept_encounters: list[str]  # shared notes kept for their other participants, this person removed


def erase_contact(
    session: Session, contact_id: str, now_ms: int, *, actor_user_id: str | None = None
) -> ErasureReport:
    """Erase the contact and everything about it, in one transaction (all or nothing)."""
    numbers = begin_feed_write(session)
    found = footprint(session, contact_id)
    ids = found.contact_ids
    report = retention.purge_records(
        session,
        numbers,
        [*found.contacts, *found.referrals, *found.feedback, *found.own_encounters],
        now_ms,
    )
    for row in found.shared_encounters:
        row.fields = {
            **row.fields,
            "participant_ids": [p for p in row.fields["participant_ids"] if p not in ids],
        }
        row.version += 1
        row.changed_ms = now_ms
        row.change_seq = numbers.take()
    kept = sorted(row.record_id for row in found.shared_encounters)
    server_audit.record(
        session,
        ServerAuditAction.CONTACT_ERASED,
        now_ms,
        actor_user_id=actor_user_id,
        contact_id=contact_id,
        counts=report.counts(),
        kept_encounters=len(kept),
    )
    session.flush()
    numbers.publish()
    session.commit()
    return ErasureReport(report.counts(), kept)
