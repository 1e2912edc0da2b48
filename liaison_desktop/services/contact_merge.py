"""Merging two contacts that are one person, without losing either one's history.

The kept contact takes the fields it lacks from the other (lists such as languages and tags are joined),
references are re-pointed as ordinary edits, and the other contact is marked `merged_into` the kept one:
not deleted, so its record and everything that still names it stay readable. Every step goes through
the record writer, so the merge reaches the server and the other devices as edits, never as a silent
delete. An audit event `merged` records it.

Re-pointing stops where the rules stop it: a submitted encounter is immutable (the server would refuse
the edit), a colleague's encounter is not ours to edit, and feedback is written only by ambassadors and
supervisors. Those records keep naming the merged contact and are read through `ContactService.resolve`,
which follows `merged_into`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select, text

from liaison_desktop.store.models import record_tables
from liaison_desktop.store.record_store import WriteTxn
from liaison_protocol.records import RECORD_TYPES, FieldProblem

from .audit import AuditLog
from .context import ServiceContext
from .errors import AlreadyMerged, ValidationFailed
from .permissions import Access, may_write_type, owner_of, require_type
from .record_checks import live_record

RECORD = "contact"
_LIST_FIELDS = ("languages", "tags")
# Fields that are not the person's details and so are never copied over.
_NOT_COPIED = frozenset({"merged_into", *_LIST_FIELDS})


@dataclass(frozen=True)
class MergeResult:
    kept_id: str
    merged_id: str
    filled_fields: tuple[str, ...]
    repointed: dict[str, list[str]] = field(default_factory=dict)  # record type → ids edited


class ContactMerger:
    def __init__(self, context: ServiceContext, audit: AuditLog) -> None:
        self._context = context
        self._audit = audit

    def merge(self, keep_id: str, other_id: str, *, reason: str | None = None) -> MergeResult:
        """Merge `other_id` into `keep_id` in one transaction."""
        actor = self._context.actor
        require_type(actor, Access.WRITE, RECORD)
        if keep_id == other_id:
            raise ValidationFailed(RECORD, [FieldProblem("merged_into", "contact.merge_with_itself")])
        with self._context.store.write() as txn:
            kept = live_record(txn, RECORD, keep_id)
            other = live_record(txn, RECORD, other_id)
            for record in (kept, other):
                if record.get("merged_into"):
                    raise AlreadyMerged(record_id=record["id"], merged_into=record["merged_into"])
            filled = self._fill(kept, other)
            if filled:
                txn.update(RECORD, keep_id, filled)
            repointed = self._repoint(txn, other_id, keep_id)
            txn.update(RECORD, other_id, {"merged_into": keep_id})
            self._audit.record(txn, "merged", RECORD, other_id, reason=reason)
            self._audit.record(txn, "changed", RECORD, keep_id)
        return MergeResult(keep_id, other_id, tuple(sorted(filled)), repointed)

    @staticmethod
    def _fill(kept: dict[str, Any], other: dict[str, Any]) -> dict[str, Any]:
        changes: dict[str, Any] = {}
        for name in RECORD_TYPES[RECORD].fields:
            if name in _NOT_COPIED:
                continue
            if kept.get(name) in (None, "", {}) and other.get(name) not in (None, "", {}):
                changes[name] = other[name]
        for name in _LIST_FIELDS:
            joined = list(kept.get(name) or [])
            joined += [value for value in other.get(name) or [] if value not in joined]
            if joined != list(kept.get(name) or []):
                changes[name] = joined
        return changes

    def _repoint(self, txn: WriteTxn, other_id: str, keep_id: str) -> dict[str, list[str]]:
        actor = self._context.actor
        repointed: dict[str, list[str]] = {}
        referral = record_tables["referral"]
        for (referral_id,) in txn.connection.execute(
            select(referral.c.id).where(referral.c.contact_id == other_id, referral.c.deleted.is_(False))
        ).all():
            txn.update("referral", referral_id, {"contact_id": keep_id})
            repointed.setdefault("referral", []).append(referral_id)
        if may_write_type(actor.role, "encounter"):
            encounter = record_tables["encounter"]
            rows = (
                txn.connection.execute(
                    select(encounter).where(
                        encounter.c.deleted.is_(False),
                        text(
                            "EXISTS (SELECT 1 FROM json_each(encounter.participant_ids) WHERE json_each.value = :other)"
                        ).bindparams(other=other_id),
                    )
                )
                .mappings()
                .all()
            )
            for row in rows:
                if row["status"] == "submitted" or owner_of(row) != actor.user_id:
                    continue
                participants = [keep_id if p == other_id else p for p in row["participant_ids"]]
                txn.update("encounter", row["id"], {"participant_ids": list(dict.fromkeys(participants))})
                repointed.setdefault("encounter", []).append(row["id"])
        if may_write_type(actor.role, "feedback"):
            feedback = record_tables["feedback"]
            for (feedback_id,) in txn.connection.execute(
                select(feedback.c.id).where(feedback.c.contact_id == other_id, feedback.c.deleted.is_(False))
            ).all():
                txn.update("feedback", feedback_id, {"contact_id": keep_id})
                repointed.setdefault("feedback", []).append(feedback_id)
        return repointed
