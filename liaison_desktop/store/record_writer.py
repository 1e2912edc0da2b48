"""The one way records are written on a device: record, outbox entry and search index in one transaction.

Because the outbox entry is written in the same SQLite transaction as the record, a crash can never leave a
saved record that sync does not know about, nor a queued mutation whose record was never saved. Every
write is stamped by the device's hybrid logical clock, which is persisted in the same transaction, so a
clock set backwards after a restart cannot reorder edits.
"""

from __future__ import annotations

import os
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, Table, select, text

from liaison_protocol.hlc import HybridClock
from liaison_protocol.records import RECORD_TYPES, FieldProblem, check_fields

from . import search_index
from .engine import READ_ONLY_OPTION
from .models import outbox, record_tables, sync_state


class RecordProblem(Exception):
    """Fields that do not fit their record type. Carries the problems, each with a stable message key."""

    key = "record.invalid"

    def __init__(self, record_type: str, problems: list[FieldProblem]) -> None:
        super().__init__(f"{record_type}: " + ", ".join(f"{p.field}:{p.key}" for p in problems))
        self.record_type = record_type
        self.problems = problems


class RecordNotFound(Exception):
    key = "record.not_found"

    def __init__(self, record_type: str, record_id: str) -> None:
        super().__init__(f"{record_type} {record_id}")
        self.record_type = record_type
        self.record_id = record_id


@dataclass(frozen=True)
class Actor:
    """Who is writing on this device: stamped on records as author, and used by services for rules."""

    user_id: str
    role: str
    team_id: str | None


@dataclass
class ChangeSet:
    """Which records a transaction changed: what open screens need to decide whether to refresh."""

    ids_by_kind: dict[str, set[str]] = field(default_factory=dict)
    # "local" for a person's edit on this device, "sync" for what sync wrote (pulled pages, outcomes):
    # only local edits ask for a sync soon after them, both refresh open screens.
    origin: str = "local"

    def add(self, record_type: str, record_ids: Iterable[str]) -> None:
        self.ids_by_kind.setdefault(record_type, set()).update(record_ids)

    @property
    def kinds(self) -> set[str]:
        return set(self.ids_by_kind)

    def __bool__(self) -> bool:
        return bool(self.ids_by_kind)


class ChangeHub:
    """A Qt-free "records changed" hook. The UI relays it to a Qt signal; sync emits through it too."""

    def __init__(self) -> None:
        self._listeners: list[Callable[[ChangeSet], None]] = []
        self._lock = threading.Lock()

    def subscribe(self, listener: Callable[[ChangeSet], None]) -> Callable[[], None]:
        with self._lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe

    def emit(self, changes: ChangeSet) -> None:
        if not changes:
            return
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            listener(changes)


STATE_HLC = "hlc_last"
STATE_NODE = "hlc_node"
STATE_CLOCK_OFFSET = "clock_offset_ms"


def read_state(connection: Connection, key: str) -> str | None:
    return connection.execute(select(sync_state.c.value).where(sync_state.c.key == key)).scalar_one_or_none()


def write_state(connection: Connection, key: str, value: str) -> None:
    connection.execute(
        text("INSERT INTO sync_state (key, value) VALUES (:k, :v) ON CONFLICT(key) DO UPDATE SET value = :v"),
        {"k": key, "v": value},
    )


class DeviceClock:
    """The device's hybrid logical clock, persisted in `sync_state` by every transaction that ticks it.

    The node id is generated on first use and kept in the profile database, so a copied disk image of
    another laptop would need this very database to collide.
    """

    def __init__(self, engine: Engine, wall: Callable[[], float] = time.time) -> None:
        self._lock = threading.Lock()
        with engine.begin() as connection:
            node = read_state(connection, STATE_NODE)
            if node is None:
                node = uuid.uuid4().hex
                write_state(connection, STATE_NODE, node)
            last = read_state(connection, STATE_HLC)
            offset = int(read_state(connection, STATE_CLOCK_OFFSET) or 0)
        self._clock = HybridClock(node, last=last, offset_ms=offset, wall=wall)

    @property
    def node(self) -> str:
        return self._clock.node

    def tick(self, connection: Connection) -> str:
        return self.tick_many(connection, 1)[0]

    def tick_many(self, connection: Connection, count: int) -> list[str]:
        """`count` increasing timestamps, persisting only the last (same transaction as their use)."""
        with self._lock:
            stamps = [self._clock.now() for _ in range(count)]
        if stamps:
            write_state(connection, STATE_HLC, stamps[-1])
        return stamps

    def observe(self, connection: Connection, remote: str) -> None:
        with self._lock:
            stamp = self._clock.observe(remote)
        write_state(connection, STATE_HLC, stamp)

    def set_offset(self, connection: Connection, offset_ms: int) -> None:
        with self._lock:
            self._clock.offset_ms = offset_ms
        write_state(connection, STATE_CLOCK_OFFSET, str(offset_ms))

    @property
    def offset_ms(self) -> int:
        return self._clock.offset_ms


class Store:
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

    def __init__(self, connection: Connection, store: Store) -> None:
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


def bulk_insert(
    connection: Connection, table: Table, rows: list[dict[str, Any]], *, names: tuple[str, ...] | None = None
) -> None:
    """`INSERT` many rows with one DBAPI `executemany`: the columns `names` (default: the keys of the first
    row), a key missing from a row being NULL.

    Measured (bench figure 1): building SQLAlchemy's compiled parameters row by row cost more than
    SQLite's own insert. Values still go through the columns' own bind processors (JSON serialisation,
    booleans), so what is stored is byte for byte what `connection.execute(table.insert(), rows)` stores.
    """
    if not rows:
        return
    dialect = connection.dialect
    names = names or tuple(rows[0])
    if dialect.paramstyle != "qmark":  # the profile database is pysqlite/SQLCipher; anything else: plain path
        connection.execute(table.insert(), [{n: row.get(n) for n in names} for row in rows])
        return
    key = (table.name, names, dialect.name)
    prepared = _BULK_INSERTS.get(key)
    if prepared is None:
        quote = dialect.identifier_preparer.quote
        sql = (
            f"INSERT INTO {quote(table.name)} ({', '.join(quote(n) for n in names)}) "
            f"VALUES ({', '.join('?' * len(names))})"
        )
        processors = tuple(table.c[n].type.dialect_impl(dialect).bind_processor(dialect) for n in names)
        prepared = _BULK_INSERTS[key] = (sql, processors)
    sql, processors = prepared
    pairs = tuple(zip(names, processors, strict=True))
    connection.exec_driver_sql(
        sql, [tuple([row.get(n) if p is None else p(row.get(n)) for n, p in pairs]) for row in rows]
    )


def new_ids(count: int) -> list[str]:
    """`count` random (version 4) UUIDs as strings, like `str(uuid.uuid4())` but formatted in bulk: building
    a `uuid.UUID` object per id was a visible share of a large import (bench figure 1)."""
    raw = bytearray(os.urandom(16 * count))
    raw[6::16] = bytes((b & 0x0F) | 0x40 for b in raw[6::16])  # version 4
    raw[8::16] = bytes((b & 0x3F) | 0x80 for b in raw[8::16])  # RFC 4122 variant
    text = raw.hex()
    return [
        f"{text[i : i + 8]}-{text[i + 8 : i + 12]}-{text[i + 12 : i + 16]}-{text[i + 16 : i + 20]}-{text[i + 20 : i + 32]}"
        for i in range(0, 32 * count, 32)
    ]


_BULK_INSERTS: dict[tuple[str, tuple[str, ...], str], tuple[str, tuple[Any, ...]]] = {}


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
