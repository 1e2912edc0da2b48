"""Referrals: a contact sent to a service from the directory, and what became of it.

Sending (draft → sent) shares the person's details with a provider, so it needs their consent to share
in force on the day (`ConsentMissing` otherwise, an expired consent included). Every status change is an
append-only `referral_event`; the referral's `status` is derived from those events (see
`referral_lifecycle`) and stored with `set_derived`, so it is never pushed as an edit.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Select, select

from liaison_desktop.store.models import record_tables
from liaison_desktop.store.record_store import WriteTxn
from liaison_protocol.records import FieldProblem

from . import languages
from .audit import AuditLog
from .contacts import consent_to_share_in_force
from .context import ServiceContext
from .errors import AlreadyMerged, ConsentMissing, InvalidTransition, ValidationFailed
from .permissions import Access, require_type
from .record_checks import live_record, validate
from .referral_lifecycle import INITIAL_STATUS, OPEN_STATUSES, Derived, allowed_next, derive_status

RECORD = "referral"
EVENT = "referral_event"
# Fixed once the referral has left draft: it then names what was actually sent.
_DRAFT_ONLY_FIELDS = frozenset({"contact_id", "service_id"})
_EDITABLE_FIELDS = frozenset(
    {"contact_id", "service_id", "reason", "reason_language", "follow_up_on", "outcome"}
)

referral = record_tables["referral"]
referral_event = record_tables["referral_event"]


class ReferralService:
    def __init__(self, context: ServiceContext, audit: AuditLog) -> None:
        self._context = context
        self._audit = audit

    def create(
        self,
        contact_id: str,
        service_id: str,
        *,
        reason: str | None = None,
        reason_language: str | None = None,
        follow_up_on: dt.date | None = None,
    ) -> str:
        """A draft referral. Consent is checked when it is sent, not here: a draft shares nothing."""
        require_type(self._context.actor, Access.WRITE, RECORD)
        fields: dict[str, Any] = {"contact_id": contact_id, "service_id": service_id}
        if reason is not None:
            fields["reason"] = reason
        if follow_up_on is not None:
            fields["follow_up_on"] = follow_up_on.isoformat()
        problems = self._language(fields, reason_language)
        validate(RECORD, fields, creating=True, problems=problems)
        with self._context.store.write() as txn:
            self._check_references(txn, fields)
            record_id = txn.insert(RECORD, fields)
            txn.set_derived(RECORD, record_id, {"status": INITIAL_STATUS})
            self._audit.record(txn, "created", RECORD, record_id)
        return record_id

    def update(self, referral_id: str, changes: dict[str, Any]) -> dict[str, Any]:
        """Change reason, follow-up date or outcome (contact and service only while a draft)."""
        require_type(self._context.actor, Access.WRITE, RECORD)
        unknown = [
            FieldProblem(name, "referral.not_editable") for name in changes if name not in _EDITABLE_FIELDS
        ]
        fields = {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in changes.items()}
        problems = unknown + self._language(fields, fields.pop("reason_language", None))
        validate(RECORD, fields, creating=False, problems=problems)
        with self._context.store.write() as txn:
            current = live_record(txn, RECORD, referral_id)
            if current["status"] != INITIAL_STATUS and _DRAFT_ONLY_FIELDS & set(fields):
                raise ValidationFailed(
                    RECORD,
                    [
                        FieldProblem(name, "referral.fixed_after_sending")
                        for name in _DRAFT_ONLY_FIELDS & set(fields)
                    ],
                )
            self._check_references(txn, fields)
            updated = txn.update(RECORD, referral_id, fields)
            self._audit.record(txn, "changed", RECORD, referral_id)
        return updated

    def change_status(self, referral_id: str, to_status: str, *, note: str | None = None) -> str:
        """Move the referral on; returns the new status. `InvalidTransition` for a move its lifecycle does
        not allow; `ConsentMissing` when sending without the contact's consent to share in force."""
        require_type(self._context.actor, Access.WRITE, EVENT)
        with self._context.store.write() as txn:
            current = live_record(txn, RECORD, referral_id)
            from_status = self._derive(txn, referral_id).status
            if to_status not in allowed_next(from_status):
                raise InvalidTransition(from_status=from_status, to_status=to_status)
            if to_status == "sent":
                contact = live_record(txn, "contact", current["contact_id"])
                if not consent_to_share_in_force(contact, self._context.today()):
                    raise ConsentMissing(consent="consent_share", contact_id=contact["id"])
            fields: dict[str, Any] = {
                "referral_id": referral_id,
                "from_status": from_status,
                "to_status": to_status,
            }
            if note:
                fields["note"] = note
            validate(EVENT, fields, creating=True)
            txn.insert(EVENT, fields, team_id=current["team_id"])
            status = self.rederive(txn, referral_id)
            self._audit.record(txn, "changed", RECORD, referral_id)
        return status

    def send(self, referral_id: str, *, note: str | None = None) -> str:
        return self.change_status(referral_id, "sent", note=note)

    def rederive(self, txn: WriteTxn, referral_id: str) -> str:
        """Recompute and store the status and each event's `effective` flag. Sync calls this too after
        applying pulled events, so a referral moved on elsewhere shows the same status here."""
        derived = self._derive(txn, referral_id)
        txn.set_derived(RECORD, referral_id, {"status": derived.status})
        for event_id, effective in derived.effective.items():
            txn.set_derived(EVENT, event_id, {"effective": effective})
        return derived.status

    def timeline(self, referral_id: str) -> list[dict[str, Any]]:
        """The referral's events, oldest first, each with whether it took effect."""
        require_type(self._context.actor, Access.READ, EVENT)
        with self._context.store.read() as connection:
            live_record(connection, RECORD, referral_id)
            return [dict(row) for row in connection.execute(self._events_query(referral_id)).mappings()]

    def get(self, referral_id: str) -> dict[str, Any]:
        require_type(self._context.actor, Access.READ, RECORD)
        with self._context.store.read() as connection:
            return live_record(connection, RECORD, referral_id)

    def overdue_follow_ups(self, today: dt.date | None = None, *, limit: int = 500) -> list[dict[str, Any]]:
        """Referrals still open whose follow-up date has passed, oldest first (`ix_referral_status_follow_up_on`)."""
        require_type(self._context.actor, Access.READ, RECORD)
        day = (today or self._context.today()).isoformat()
        with self._context.store.read() as connection:
            rows = connection.execute(
                select(referral)
                .where(
                    referral.c.status.in_(sorted(OPEN_STATUSES)),
                    referral.c.follow_up_on < day,
                    referral.c.deleted.is_(False),
                )
                .order_by(referral.c.follow_up_on, referral.c.id)
                .limit(limit)
            ).mappings()
            return [dict(row) for row in rows]

    def _derive(self, txn: WriteTxn, referral_id: str) -> Derived:
        return derive_status(txn.connection.execute(self._events_query(referral_id)).mappings().all())

    @staticmethod
    def _events_query(referral_id: str) -> Select[Any]:
        return (
            select(referral_event)
            .where(referral_event.c.referral_id == referral_id, referral_event.c.deleted.is_(False))
            .order_by(referral_event.c.created_hlc, referral_event.c.id)
        )

    @staticmethod
    def _language(fields: dict[str, Any], code: str | None) -> list[FieldProblem]:
        canonical, problem = languages.check("reason_language", code)
        if canonical:
            fields["reason_language"] = canonical
        return [problem] if problem else []

    @staticmethod
    def _check_references(txn: WriteTxn, fields: dict[str, Any]) -> None:
        if "contact_id" in fields:
            contact = live_record(txn, "contact", fields["contact_id"])
            if contact.get("merged_into"):
                raise AlreadyMerged(record_id=contact["id"], merged_into=contact["merged_into"])
        if "service_id" in fields:
            live_record(txn, "service", fields["service_id"])
