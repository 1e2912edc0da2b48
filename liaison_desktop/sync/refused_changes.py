"""Changes the server refused, for a person to correct and send again, or to discard.

The replica moves every mutation the server refused into `rejected_mutation` with the server's stable
reason code (`immutable`, `forbidden`, `bad_fields`, ...), never dropping it: it is what someone typed.
This is the Qt-free side of the "changes refused" panel. A resend is a new local edit written through the
store, so it goes to the outbox and syncs like any other; the refused row leaves in the same transaction,
and a resend that fails (invalid fields, no permission) rolls back whole, leaving the refused change as
it was.

The record itself shows the server's version again once sync has fetched it back (see `replica`): the
refused value lives on only here. A refused new record, which the server does not have, then leaves the
device's lists; a resend creates it again from the refused values and the corrections.

Labels (a contact's name) are record contents: shown on screen, never logged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, delete, func, select

from liaison_desktop.errors import LocalizedError
from liaison_desktop.services.errors import NotFound
from liaison_desktop.services.permissions import Access, require_type
from liaison_desktop.services.record_checks import validate
from liaison_desktop.services.record_labels import record_label
from liaison_desktop.store.models import outbox, rejected_mutation
from liaison_desktop.store.record_store import RecordStore, WriteTxn, fetch_record
from liaison_protocol.error_codes import ForbiddenReason, RejectReason
from liaison_protocol.records import RECORD_TYPES, FieldKind

# Refusals that no correction of the values can overcome: the record cannot take this change at all
# (a submitted encounter is corrected with an amendment, an append-only record is never edited, a
# record deleted on purpose stays deleted). These can only be discarded.
UNFIXABLE_REASONS = frozenset(
    {
        RejectReason.IMMUTABLE,
        RejectReason.APPEND_ONLY,
        RejectReason.DELETED,
        RejectReason.MUTATION_ID_REUSED,
        RejectReason.RECORD_PURGED,
        ForbiddenReason.CANNOT_DELETE,
        ForbiddenReason.SERVER_ONLY_TYPE,
    }
)
_TEXT_KINDS = (FieldKind.TEXT, FieldKind.LONG_TEXT)


class RefusedChangeGone(LocalizedError):
    """The refused change was already resent or discarded (on another screen). params: none."""

    key = "sync.refused_change_gone"


class CannotResend(LocalizedError):
    """This refused change cannot be sent again, only discarded. params: reason, op."""

    key = "sync.cannot_resend"


@dataclass(frozen=True)
class RefusedChange:
    """One change the server refused, as a person sees it."""

    mutation_id: str
    record_type: str
    record_id: str
    op: str  # "upsert" (a new record or an edit) or "delete"
    fields: dict[str, Any] = field(hash=False)
    reason: str  # the server's stable code; the UI words it
    rejected_at_ms: int
    label: str | None = None  # a short name of the record ("Amina Yusuf"); never log it

    @property
    def text_fields(self) -> tuple[str, ...]:
        """The refused fields a person can correct as text, in the record type's order."""
        spec = RECORD_TYPES.get(self.record_type)
        if spec is None:
            return ()
        return tuple(
            name
            for name, field_spec in spec.fields.items()
            if name in self.fields
            and field_spec.kind in _TEXT_KINDS
            and not field_spec.server_only
            and (self.fields[name] is None or isinstance(self.fields[name], str))
        )

    @property
    def long_text_fields(self) -> tuple[str, ...]:
        """Those of `text_fields` that hold free text (a note), edited in a multi-line box."""
        spec = RECORD_TYPES[self.record_type] if self.record_type in RECORD_TYPES else None
        return tuple(
            name
            for name in self.text_fields
            if spec is not None and spec.fields[name].kind is FieldKind.LONG_TEXT
        )

    @property
    def resendable(self) -> bool:
        """Whether "fix and resend" can help; otherwise the change can only be discarded."""
        return (
            self.op == "upsert" and self.record_type in RECORD_TYPES and self.reason not in UNFIXABLE_REASONS
        )


class RefusedChanges:
    """The refused changes of one unlocked profile."""

    def __init__(self, store: RecordStore) -> None:
        self._store = store

    def list(self, *, limit: int = 500) -> list[RefusedChange]:
        """The refused changes, newest refusal first."""
        with self._store.read() as connection:
            rows = connection.execute(
                select(rejected_mutation)
                .order_by(rejected_mutation.c.rejected_at_ms.desc(), rejected_mutation.c.mutation_id)
                .limit(limit)
            ).mappings()
            return [self._change(connection, dict(row)) for row in rows]

    def count(self) -> int:
        with self._store.read() as connection:
            return connection.execute(select(func.count()).select_from(rejected_mutation)).scalar_one()

    def discard(self, mutation_id: str) -> None:
        """Forget a refused change. A new record the server refused, which therefore exists nowhere but
        here, is deleted too (its delete syncs harmlessly: the server never had it); an edit of a record
        the server has leaves the record as it is."""
        with self._store.write() as txn:
            row = self._refused_row(txn.connection, mutation_id)
            self._remove(txn, mutation_id)
            if row["op"] == "upsert" and self._exists_only_here(txn, row["record_type"], row["record_id"]):
                txn.delete(row["record_type"], row["record_id"])

    def resend(self, mutation_id: str, fields: dict[str, Any]) -> None:
        """Send `fields` (the corrected values: exactly what is to be sent) as a new edit of the refused
        change's record, and forget the refused change, in one transaction.

        Every field in `fields` is queued, also one this device already holds (the server never took it).
        For a record the server has never confirmed, the whole record is sent, so the server can create
        it. Raises `ValidationFailed` (fields that do not fit), `NotAllowed`, `NotFound` (the record was
        deleted here since), `CannotResend` or `RefusedChangeGone`; the refused change is then kept.
        """
        if not fields:
            raise ValueError("nothing to resend")
        with self._store.write() as txn:
            row = self._refused_row(txn.connection, mutation_id)
            record_type, record_id = row["record_type"], row["record_id"]
            if row["op"] != "upsert" or record_type not in RECORD_TYPES:
                raise CannotResend(reason=row["reason"], op=row["op"])
            require_type(self._store.actor, Access.WRITE, record_type)
            current = txn.get(record_type, record_id)
            if current is None:
                # A refused new record left this device when the server had none of it: the refused
                # change holds the whole record, corrected by `fields`.
                payload = {**_client_values(record_type, row["fields"] or {}), **fields}
                validate(record_type, payload, creating=True)
                txn.insert(record_type, payload, record_id=record_id)
            elif current["deleted"]:
                raise NotFound(record_type=record_type, record_id=record_id)
            else:
                creating = current["server_version"] is None
                payload = {**_client_values(record_type, current), **fields} if creating else dict(fields)
                validate(record_type, payload, creating=creating)
                txn.update(record_type, record_id, payload, queue_unchanged=True)
            self._remove(txn, mutation_id)

    # -- helpers -------------------------------------------------------------------------------------

    @staticmethod
    def _change(connection: Connection, row: dict[str, Any]) -> RefusedChange:
        record = (
            fetch_record(connection, row["record_type"], row["record_id"])
            if row["record_type"] in RECORD_TYPES
            else None
        )
        # Named as the record's lists name it; a record this device no longer has, by the refused values.
        merged = record if record is not None else (row["fields"] or {})
        return RefusedChange(
            mutation_id=row["mutation_id"],
            record_type=row["record_type"],
            record_id=row["record_id"],
            op=row["op"],
            fields=dict(row["fields"] or {}),
            reason=row["reason"],
            rejected_at_ms=int(row["rejected_at_ms"]),
            label=record_label(row["record_type"], merged),
        )

    @staticmethod
    def _refused_row(connection: Connection, mutation_id: str) -> dict[str, Any]:
        row = (
            connection.execute(
                select(rejected_mutation).where(rejected_mutation.c.mutation_id == mutation_id)
            )
            .mappings()
            .first()
        )
        if row is None:
            raise RefusedChangeGone()
        return dict(row)

    @staticmethod
    def _remove(txn: WriteTxn, mutation_id: str) -> None:
        txn.connection.execute(
            delete(rejected_mutation).where(rejected_mutation.c.mutation_id == mutation_id)
        )

    @staticmethod
    def _exists_only_here(txn: WriteTxn, record_type: str, record_id: str) -> bool:
        """A live record the server never confirmed, with nothing else of it waiting in the outbox or
        among the refused changes."""
        if record_type not in RECORD_TYPES:
            return False
        current = txn.get(record_type, record_id)
        if current is None or current["deleted"] or current["server_version"] is not None:
            return False
        for table in (outbox, rejected_mutation):
            waiting = txn.connection.execute(
                select(func.count())
                .select_from(table)
                .where(table.c.record_type == record_type, table.c.record_id == record_id)
            ).scalar_one()
            if waiting:
                return False
        return True


def _client_values(record_type: str, record: dict[str, Any]) -> dict[str, Any]:
    """The record's fields a device may send (set ones only), for creating it on the server."""
    spec = RECORD_TYPES[record_type]
    return {
        name: record[name]
        for name, field_spec in spec.fields.items()
        if not field_spec.server_only and record.get(name) is not None
    }
