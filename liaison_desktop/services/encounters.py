"""Encounters: an officer's note of meeting people, a draft until submitted, then fixed for good.

A draft is edited freely. `submit` makes it immutable: any later edit or delete raises
`ImmutableRecord`, and corrections are appended as `amendment` records, so what was submitted (and
perhaps already reviewed) can always be read as it was. Encounters are private to their author and the
team's supervisors; an ambassador or admin is refused here, not only hidden in the UI. Opening a note
(`view`) writes an audit event `viewed`.

Translations are kept beside the original, never in its place. On a draft, `add_translation` fills the
`translations` field. After submission a translation is still not a correction, but the encounter is
frozen (the server refuses any edit to a submitted one), so it is appended as an amendment whose reason
is `TRANSLATION_REASON` and whose language is the translation's; `translations()` gathers both kinds.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from liaison_desktop.store.models import record_tables
from liaison_desktop.store.record_store import WriteTxn
from liaison_protocol.records import FieldProblem

from . import languages
from .audit import AuditLog
from .context import ServiceContext
from .errors import ImmutableRecord, NotSubmitted, ValidationFailed
from .permissions import Access, require_record, require_type
from .record_checks import live_record, validate
from .reviews import TRANSLATION_REASON, rederive_review_status

RECORD = "encounter"
AMENDMENT = "amendment"
DRAFT, SUBMITTED = "draft", "submitted"
_LANGUAGE_FIELDS = ("language", "summary_language")
# Set by the services only: status by `submit`, translations by `add_translation`.
_NOT_DIRECTLY_EDITABLE = frozenset({"status", "translations", "review_status"})

encounter = record_tables["encounter"]
amendment = record_tables["amendment"]


class EncounterService:
    def __init__(self, context: ServiceContext, audit: AuditLog) -> None:
        self._context = context
        self._audit = audit

    def create_draft(self, fields: dict[str, Any]) -> str:
        actor = self._context.actor
        require_type(actor, Access.WRITE, RECORD)
        cleaned = self._clean(fields, creating=True)
        cleaned["status"] = DRAFT
        with self._context.store.write() as txn:
            self._check_participants(txn, cleaned)
            record_id = txn.insert(RECORD, cleaned, owner_id=actor.user_id)
            self._audit.record(txn, "created", RECORD, record_id)
        return record_id

    def update_draft(self, encounter_id: str, changes: dict[str, Any]) -> dict[str, Any]:
        """Edit a draft (autosave calls this). `ImmutableRecord` once submitted.

        Draft edits are not audited one by one: autosave would bury the trail, and the draft becomes
        the record only at `submit`, which is audited."""
        cleaned = self._clean(changes, creating=False)
        with self._context.store.write() as txn:
            self._own_draft(txn, encounter_id)
            self._check_participants(txn, cleaned)
            return txn.update(RECORD, encounter_id, cleaned)

    def delete_draft(self, encounter_id: str) -> None:
        with self._context.store.write() as txn:
            self._own_draft(txn, encounter_id)
            txn.delete(RECORD, encounter_id)
            self._audit.record(txn, "deleted", RECORD, encounter_id)

    def submit(self, encounter_id: str) -> None:
        """Freeze the encounter and put it in the supervisors' review queue (review status pending)."""
        with self._context.store.write() as txn:
            self._own_draft(txn, encounter_id)
            txn.update(RECORD, encounter_id, {"status": SUBMITTED})
            txn.set_derived(RECORD, encounter_id, {"review_status": "pending"})
            self._audit.record(txn, "submitted", RECORD, encounter_id)

    def amend(self, encounter_id: str, text: str, language: str | None, reason: str | None = None) -> str:
        """Append a correction to a submitted encounter (a draft is simply edited)."""
        return self._append(encounter_id, text, language, reason)

    def add_translation(self, encounter_id: str, language: str, text: str) -> None:
        """Keep a translation of the summary beside it (see the module's note on submitted ones)."""
        code, problem = languages.check("translations", language)
        if problem:
            raise ValidationFailed(RECORD, [problem])
        assert code is not None
        with self._context.store.write() as txn:
            current = self._own(txn, encounter_id)
            if current["status"] == SUBMITTED:
                self._append_in(txn, current, text, code, TRANSLATION_REASON)
                return
            translations = {**(current.get("translations") or {}), code: text}
            validate(RECORD, {"translations": translations}, creating=False)
            txn.update(RECORD, encounter_id, {"translations": translations})

    def translations(self, encounter_id: str) -> dict[str, str]:
        """Every translation of the summary, by language; the newest wins for a language."""
        record = self._readable(encounter_id)
        found = dict(record.get("translations") or {})
        for entry in self.amendments(encounter_id):
            if entry.get("reason") == TRANSLATION_REASON and entry.get("text_language"):
                found[entry["text_language"]] = entry["text"]
        return found

    def view(self, encounter_id: str, *, reason: str | None = None) -> dict[str, Any]:
        """The encounter with its note, for reading; records a `viewed` audit event (with the purpose,
        when a supervisor gives one for a colleague's note)."""
        with self._context.store.write() as txn:
            record = live_record(txn, RECORD, encounter_id)
            require_record(self._context.actor, Access.READ, RECORD, record)
            self._audit.record(txn, "viewed", RECORD, encounter_id, reason=reason)
        return record

    def amendments(self, encounter_id: str) -> list[dict[str, Any]]:
        """The encounter's amendments, oldest first."""
        self._readable(encounter_id)
        with self._context.store.read() as connection:
            rows = connection.execute(
                select(amendment)
                .where(amendment.c.encounter_id == encounter_id, amendment.c.deleted.is_(False))
                .order_by(amendment.c.created_hlc, amendment.c.id)
            ).mappings()
            return [dict(row) for row in rows]

    def list_mine(self, *, limit: int = 200, before: str | None = None) -> list[dict[str, Any]]:
        """The signed-in officer's encounters, newest first, without their notes (a list is not a view).
        Page with `before` = the last row's `occurred_at`."""
        actor = self._context.actor
        require_type(actor, Access.READ, RECORD)
        columns = [c for c in encounter.c if c.name not in ("summary", "translations")]
        statement = select(*columns).where(
            encounter.c.author_id == actor.user_id, encounter.c.deleted.is_(False)
        )
        if before is not None:
            statement = statement.where(encounter.c.occurred_at < before)
        with self._context.store.read() as connection:
            rows = connection.execute(
                statement.order_by(encounter.c.occurred_at.desc()).limit(limit)
            ).mappings()
            return [dict(row) for row in rows]

    def _append(self, encounter_id: str, text: str, language: str | None, reason: str | None) -> str:
        with self._context.store.write() as txn:
            current = self._own(txn, encounter_id)
            if current["status"] != SUBMITTED:
                raise NotSubmitted(record_id=encounter_id, status=current["status"])
            return self._append_in(txn, current, text, language, reason)

    def _append_in(
        self, txn: WriteTxn, current: dict[str, Any], text: str, language: str | None, reason: str | None
    ) -> str:
        fields: dict[str, Any] = {"encounter_id": current["id"], "text": text}
        code, problem = languages.check("text_language", language)
        if code:
            fields["text_language"] = code
        if reason:
            fields["reason"] = reason
        validate(AMENDMENT, fields, creating=True, problems=[problem] if problem else [])
        amendment_id = txn.insert(AMENDMENT, fields, team_id=current["team_id"], owner_id=current["owner_id"])
        rederive_review_status(txn, current["id"])
        self._audit.record(
            txn,
            "changed",
            RECORD,
            current["id"],
            reason=reason if reason == TRANSLATION_REASON else "amendment",
        )
        return amendment_id

    def _readable(self, encounter_id: str) -> dict[str, Any]:
        with self._context.store.read() as connection:
            record = live_record(connection, RECORD, encounter_id)
        require_record(self._context.actor, Access.READ, RECORD, record)
        return record

    def _own(self, txn: WriteTxn, encounter_id: str) -> dict[str, Any]:
        current = live_record(txn, RECORD, encounter_id)
        require_record(self._context.actor, Access.WRITE, RECORD, current)
        return current

    def _own_draft(self, txn: WriteTxn, encounter_id: str) -> dict[str, Any]:
        current = self._own(txn, encounter_id)
        if current["status"] == SUBMITTED:
            raise ImmutableRecord(record_type=RECORD, record_id=encounter_id, status=SUBMITTED)
        return current

    def _clean(self, fields: dict[str, Any], *, creating: bool) -> dict[str, Any]:
        require_type(self._context.actor, Access.WRITE, RECORD)
        cleaned = dict(fields)
        problems = [
            FieldProblem(name, "encounter.not_editable") for name in fields if name in _NOT_DIRECTLY_EDITABLE
        ]
        if isinstance(cleaned.get("occurred_at"), dt.datetime):
            cleaned["occurred_at"] = cleaned["occurred_at"].isoformat()
        for name in _LANGUAGE_FIELDS:
            if name in cleaned:
                cleaned[name], problem = languages.check(name, cleaned[name])
                problems += [problem] if problem else []
        if "participant_ids" in cleaned and isinstance(cleaned["participant_ids"], list):
            cleaned["participant_ids"] = list(dict.fromkeys(cleaned["participant_ids"]))
        validate(RECORD, cleaned, creating=creating, problems=problems)
        return cleaned

    @staticmethod
    def _check_participants(txn: WriteTxn, fields: dict[str, Any]) -> None:
        contact = record_tables["contact"]
        wanted = fields.get("participant_ids") or []
        if not wanted:
            return
        found = {
            row[0]
            for row in txn.connection.execute(
                select(contact.c.id).where(contact.c.id.in_(wanted), contact.c.deleted.is_(False))
            )
        }
        missing = [p for p in wanted if p not in found]
        if missing:
            raise ValidationFailed(
                RECORD,
                [FieldProblem("participant_ids", "encounter.unknown_participant", {"count": len(missing)})],
            )
