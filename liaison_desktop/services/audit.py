"""The audit trail on this device: append-only `audit_event` records of who did what to which record.

An event names the action, the subject's type and id, the time (UTC, with offset) and, where a purpose
was asked for, the reason; never the subject's contents, because the audit trail is read by admins who
must not see note contents. Events are written in the same transaction as the action they record, so an
action and its audit event are saved (and synced) together or not at all.

Each event takes the next place in this device's hash chain (`liaison_protocol.audit_chain`) in that same
transaction: the profile's writes are one at a time, so two events can never take the same place, and
the chain's head (`sync_state`) moves with the event or not at all. The server checks the chain on push.
A profile restored from a backup goes on from the backup's head: its next events take places the server
has already seen, and the server records them as `replayed` (the trail did go back in time).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from liaison_desktop.store.bulk_rows import new_ids
from liaison_desktop.store.device_state import read_state, write_state
from liaison_desktop.store.models import record_tables
from liaison_desktop.store.record_store import WriteTxn
from liaison_protocol.audit_chain import GENESIS, event_hash
from liaison_protocol.records import AUDIT_ACTIONS

from .context import ServiceContext
from .errors import NotAllowed, NotFound
from .permissions import Access, owner_of, require_type

STATE_AUDIT_CHAIN = "audit_chain_head"  # "<sequence>:<hash>" of this device's last audit event


def _chain_head(txn: WriteTxn) -> tuple[int, str]:
    """This device's last place and hash in its chain; (0, GENESIS) before its first event."""
    raw = read_state(txn.connection, STATE_AUDIT_CHAIN)
    if not raw:
        return 0, GENESIS
    sequence, _, digest = raw.partition(":")
    return int(sequence), digest


def with_purpose(detail: str, purpose: str | None) -> str:
    """An event's reason: what was done (`detail`), then why, when the person was asked (purpose
    binding: exports with personal data). The detail comes first so it reads the same with or without."""
    return f"{detail}; purpose: {purpose}" if purpose else detail


class AuditLog:
    def __init__(self, context: ServiceContext) -> None:
        self._context = context

    def record(
        self,
        txn: WriteTxn,
        action: str,
        subject_type: str,
        subject_id: str | None,
        reason: str | None = None,
    ) -> str:
        """Append an event inside `txn`. Every role's device writes its own events."""
        if action not in AUDIT_ACTIONS:
            raise ValueError(f"unknown audit action {action!r}")
        fields: dict[str, Any] = {
            "action": action,
            "subject_type": subject_type,
            "subject_id": subject_id,
            "at": self._context.now().isoformat(timespec="seconds"),
        }
        if reason:
            fields["reason"] = reason
        record_id = new_ids(1)[0]
        sequence, prev_hash = _chain_head(txn)
        sequence += 1
        fields["sequence"] = sequence
        fields["prev_hash"] = prev_hash
        fields["hash"] = event_hash(record_id, fields, sequence, prev_hash)
        write_state(txn.connection, STATE_AUDIT_CHAIN, f"{sequence}:{fields['hash']}")
        return txn.insert("audit_event", fields, record_id=record_id)

    def record_now(
        self, action: str, subject_type: str, subject_id: str | None, reason: str | None = None
    ) -> str:
        """Append an event in a transaction of its own (exports and sign-ins have nothing else to save)."""
        with self._context.store.write() as txn:
            return self.record(txn, action, subject_type, subject_id, reason)

    def events_about(self, subject_id: str, *, limit: int = 200) -> list[dict[str, Any]]:
        """The events about one record, newest first: supervisors and admins read the whole trail."""
        require_type(self._context.actor, Access.READ, "audit_event")
        return self._query(subject_id, limit)

    def views_of_own_encounter(self, encounter_id: str, *, limit: int = 200) -> list[dict[str, Any]]:
        """Who viewed an officer's own encounter note, for that officer (issue 7's "officers see who
        viewed their own notes"), without opening the rest of the audit trail to officers."""
        actor = self._context.actor
        encounter = self._context.store.get("encounter", encounter_id)
        if encounter is None or encounter["deleted"]:
            raise NotFound(record_type="encounter", record_id=encounter_id)
        if actor.role != "officer" or owner_of(encounter) != actor.user_id:
            raise NotAllowed(role=actor.role, action="read", record_type="audit_event")
        return [
            e
            for e in self._query(encounter_id, limit)
            if e["action"] == "viewed" and e["author_id"] != actor.user_id
        ]

    def _query(self, subject_id: str, limit: int) -> list[dict[str, Any]]:
        table = record_tables["audit_event"]
        columns = [
            table.c[name]
            for name in (
                "id",
                "action",
                "subject_type",
                "subject_id",
                "at",
                "reason",
                "author_id",
                "created_hlc",
                "chain_status",
            )
        ]
        with self._context.store.read() as connection:
            rows = connection.execute(
                select(*columns)
                .where(table.c.subject_id == subject_id, table.c.deleted.is_(False))
                .order_by(table.c.created_hlc.desc())
                .limit(limit)
            ).mappings()
            return [dict(row) for row in rows]
