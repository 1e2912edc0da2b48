"""The one way records are written on a device: record, outbox entry and search index in one transaction.

Because the outbox entry is written in the same SQLite transaction as the record, a crash can never leave a
saved record that sync does not know about, nor a queued mutation whose record was never saved. Every
write is stamped by the device's hybrid logical clock, which is persisted in the same transaction, so a
clock set backwards after a restart cannot reorder edits.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, select

from liaison_protocol.records import RECORD_TYPES, check_fields

from . import search_index
from .actor import Actor
from .bulk_rows import bulk_insert, new_ids
from .change_hub import ChangeHub, ChangeSet
from .cipher_database import READ_ONLY_OPTION
from .device_clock import DeviceClock
from .models import outbox, record_tables
from .record_errors import RecordNotFound, RecordProblem


class RecordStore:
    """An unlocked profile's records: reads, and writes through `write()` transactions."""

    def __init__(
        self,
        engine: Engine,
        actor: Actor,
        hub: ChangeHub | None = None,
        *,
        wall: Callable[[], float] = time.time,  # the system clock; tests give a device a skewed one
    ) -> None:
        self.engine = engine
        self.actor = actor
        self.hub = hub or ChangeHub()
        self.clock = DeviceClock(engine, wall)

    @contextmanager
    def write(self) -> Iterator[WriteTxn]:
        """One transaction; "records changed" is announced only after it commits."""
        with self.engine.begin() as connection:
            txn = WriteTxn(connection, self)
            yield txn
        self.hub.emit(txn.changes)

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A connection for reading only: its transactions begin DEFERRED, so it never waits for a writer
        (WAL gives it a consistent snapshot). Never write through it: use `write()`."""
        with self.engine.connect() as connection:
            connection.execution_options(**{READ_ONLY_OPTION: True})
            yield connection

    def get(self, record_type: str, record_id: str) -> dict[str, Any] | None:
        with self.read() as connection:
            return fetch_record(connection, record_type, record_id)


def fetch_record(connection: Connection, record_type: str, record_id: str) -> dict[str, Any] | None:
    table = record_tables[record_type]
    row = connection.execute(select(table).where(table.c.id == record_id)).mappings().first()
    return dict(row) if row else None


class WriteTxn:
    """Writes inside one transaction. Services call these; nothing else writes records locally."""

    def __init__(self, connection: Connection, store: RecordStore) -> None:
        self.connection = connection
        self.store = store
        self.changes = ChangeSet()

    def get(self, record_type: str, record_id: str) -> dict[str, Any] | None:
        return fetch_record(self.connection, record_type, record_id)

    def insert(
        self,
        record_type: str,
        fields: dict[str, Any],
        *,
        record_id: str | None = None,
        team_id: str | None = None,
        owner_id: str | None = None,
    ) -> str:
        return self.insert_many(
            record_type,
            [fields],
            record_ids=[record_id] if record_id else None,
            team_id=team_id,
            owner_id=owner_id,
        )[0]

    def insert_many(
        self,
        record_type: str,
        rows: list[dict[str, Any]],
        *,
        record_ids: list[str] | None = None,
        team_id: str | None = None,
        owner_id: str | None = None,
        checked: bool = False,
    ) -> list[str]:
        """Create records (one outbox entry each). Fields are checked against the record type first:
        nothing invalid can reach the outbox, where it would block sync.

        `checked=True` is for a caller that has just run `check_fields(record_type, fields, creating=True)`
        on these very rows itself (the services do, to report their own problems and the protocol's
        together): checking twice was a tenth of a large import (bench figure 1).
        """
        if not checked:
            for fields in rows:
                problems = check_fields(record_type, fields, creating=True)
                if problems:
                    raise RecordProblem(record_type, problems)
        actor = self.store.actor
        team = team_id if team_id is not None else actor.team_id
        ids = record_ids or new_ids(len(rows))
        stamp_rows, outbox_rows = [], []
        stamps = self.store.clock.tick_many(self.connection, len(rows))
        mutation_ids = new_ids(len(rows))
        for record_id, fields, stamp, mutation_id in zip(ids, rows, stamps, mutation_ids, strict=True):
            stamp_rows.append(
                {
                    **fields,
                    "id": record_id,
                    "team_id": team,
                    "author_id": actor.user_id,
                    "owner_id": owner_id,
                    "created_hlc": stamp,
                    "updated_hlc": stamp,
                    "server_version": None,
                    "deleted": False,
                }
            )
            outbox_rows.append(
                _outbox_row(record_type, record_id, "upsert", fields, stamp, None, team, mutation_id)
            )
        table = record_tables[record_type]
        # executemany needs the same keys in every row: absent fields are NULL.
        bulk_insert(self.connection, table, stamp_rows, names=tuple(c.name for c in table.columns))
        bulk_insert(self.connection, outbox, outbox_rows)
        # The ids were just inserted under a primary key, so none can be in the index yet.
        search_index.index_records(self.connection, record_type, stamp_rows, fresh=True)
        self.changes.add(record_type, ids)
        return ids

    def update(
        self, record_type: str, record_id: str, changes: dict[str, Any], *, queue_unchanged: bool = False
    ) -> dict[str, Any]:
        """Change some fields; only fields whose value really changes are queued. Returns the new row.

        `queue_unchanged` queues every field of `changes`: a refused edit sent again, whose values this
        device already holds but the server never took."""
        current = self.get(record_type, record_id)
        if current is None or current["deleted"]:
            raise RecordNotFound(record_type, record_id)
        changed = {k: v for k, v in changes.items() if queue_unchanged or current.get(k) != v}
        problems = check_fields(record_type, changed, creating=False)
        if problems:
            raise RecordProblem(record_type, problems)
        if not changed:
            return current
        stamp = self.store.clock.tick(self.connection)
        table = record_tables[record_type]
        self.connection.execute(
            table.update().where(table.c.id == record_id).values(**changed, updated_hlc=stamp)
        )
        self.connection.execute(
            outbox.insert(),
            _outbox_row(
                record_type,
                record_id,
                "upsert",
                changed,
                stamp,
                current["server_version"],
                current["team_id"],
            ),
        )
        updated = {**current, **changed, "updated_hlc": stamp}
        search_index.index_records(self.connection, record_type, [updated])
        self.changes.add(record_type, [record_id])
        return updated

    def set_derived(self, record_type: str, record_id: str, values: dict[str, Any]) -> None:
        """Set fields that are derived from other records (a referral's status from its timeline, an
        encounter's review status). They are recomputed the same way on the server, so they are not
        queued for sync."""
        spec = RECORD_TYPES[record_type]
        if not all(name in spec.fields and spec.fields[name].server_only for name in values):
            raise ValueError("only server-derived fields can be set locally without sync")
        table = record_tables[record_type]
        self.connection.execute(table.update().where(table.c.id == record_id).values(**values))
        self.changes.add(record_type, [record_id])

    def delete(self, record_type: str, record_id: str) -> None:
        """Tombstone a record: it disappears here at once and everywhere after sync."""
        current = self.get(record_type, record_id)
        if current is None or current["deleted"]:
            raise RecordNotFound(record_type, record_id)
        stamp = self.store.clock.tick(self.connection)
        table = record_tables[record_type]
        self.connection.execute(
            table.update().where(table.c.id == record_id).values(deleted=True, updated_hlc=stamp)
        )
        self.connection.execute(
            outbox.insert(),
            _outbox_row(
                record_type, record_id, "delete", {}, stamp, current["server_version"], current["team_id"]
            ),
        )
        search_index.remove_records(self.connection, [record_id])
        self.changes.add(record_type, [record_id])


def _outbox_row(
    record_type: str,
    record_id: str,
    op: str,
    fields: dict[str, Any],
    stamp: str,
    base_version: int | None,
    team_id: str | None,
    mutation_id: str | None = None,
) -> dict[str, Any]:
    assert record_type in RECORD_TYPES
    return {
        "mutation_id": mutation_id or str(uuid.uuid4()),
        "record_type": record_type,
        "record_id": record_id,
        "op": op,
        "fields": fields,
        "hlc": stamp,
        "base_version": base_version,
        "team_id": team_id,
    }
