"""The change feed: change numbers for writes and cursor pages for pulls.

The gap problem: a number taken from a sequence becomes visible only when its transaction commits, so
with concurrent writers number 6 can be visible before 5, and a puller that has moved past 6 never sees 5.
So real numbers are taken as late as possible, under the writers' lock, right before the commit:

1. A push does its work (load and lock the records it touches, merge, insert, update) concurrently with
   other pushes, giving every row it writes a *placeholder* number: negative, and unique to its
   transaction (a random range of its own), so concurrent pushes do not meet on the
   unique `change_seq` index and pullers never see placeholders (`change_seq > cursor >= 0`).
2. `publish` then takes the writers' lock (the row lock of `UPDATE change_counter`, held until COMMIT),
   moves the counter past the batch's numbers and renumbers the batch's rows in the order their
   placeholders were taken, in one statement; the transaction commits right after.

A transaction that holds numbers N..M therefore commits before anyone can take M+1, and numbers become
visible in the order they were taken. Only step 2 is serialized: a few milliseconds, where the whole push
was before. Concurrent pushes touching the same record serialize on that record's row lock (see push.py);
on SQLite, BEGIN IMMEDIATE serializes writers anyway. Pulls never take a lock.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Text, cast, func, select, text, update
from sqlalchemy.orm import Session

from liaison_protocol.messages import Change, RecordRef
from liaison_protocol.records import RECORD_TYPES, is_uuid
from liaison_server.db import backend_name, begin_write
from liaison_server.models import ChangeCounter, Record
from liaison_server.scoping import Caller, readable_clause, scope_fingerprint

# Placeholders of one transaction: -(base + k) for its k-th number, k < 2**PLACEHOLDER_BITS.
PLACEHOLDER_BITS = 24
_BASE_BITS = 38  # base < 2**62: placeholders fit a signed 64-bit integer


class TooManyChanges(RuntimeError):
    """One transaction asked for more change numbers than its placeholder range holds."""


class ChangeNumbers:
    """Hands out placeholder change numbers inside one writing transaction; `publish` makes them real."""

    def __init__(self, session: Session, base: int, *, postgresql: bool) -> None:
        self._session = session
        self._base = base
        self._postgresql = postgresql
        self._taken = 0

    def take(self) -> int:
        self._taken += 1
        if self._taken >= 1 << PLACEHOLDER_BITS:
            raise TooManyChanges(f"more than {1 << PLACEHOLDER_BITS} changes in one transaction")
        return -(self._base + self._taken)

    @property
    def taken(self) -> int:
        return self._taken

    def publish(self) -> None:
        """Take the writers' lock and give every row still holding a placeholder its real number.

        Call after the batch's rows are flushed and immediately before COMMIT: the lock is held from
        here until the transaction ends."""
        if not self._taken:
            return
        low, high = -(self._base + self._taken), -(self._base + 1)
        if self._postgresql:
            # One statement, so the lock is held for this round trip and the COMMIT only.
            self._session.execute(
                text(
                    "WITH taken AS (UPDATE change_counter SET value = value + :n WHERE id = 1"
                    " RETURNING value - :n AS first)"
                    " UPDATE record SET change_seq = (SELECT first FROM taken) - :base - change_seq"
                    " WHERE change_seq BETWEEN :low AND :high"
                ),
                {"n": self._taken, "base": self._base, "low": low, "high": high},
            )
            return
        top = self._session.execute(
            update(ChangeCounter)
            .where(ChangeCounter.id == 1)
            .values(value=ChangeCounter.value + self._taken)
            .returning(ChangeCounter.value)
        ).scalar_one()
        first = top - self._taken  # the k-th placeholder becomes first + k
        table = Record.__table__
        self._session.execute(
            update(table)
            .where(table.c.change_seq.between(low, high))
            .values(change_seq=first - self._base - table.c.change_seq)
            .execution_options(synchronize_session=False)
        )


def begin_feed_write(session: Session) -> ChangeNumbers:
    """Start a writing transaction that may take change numbers (BEGIN IMMEDIATE on SQLite)."""
    begin_write(session)
    if backend_name(session.get_bind()) == "postgresql":
        # Random, not the transaction id, to save a round trip: two concurrent transactions drawing the
        # same range (odds about 2**-38) would only wait for each other on the unique index, not clash.
        return ChangeNumbers(session, secrets.randbits(_BASE_BITS) << PLACEHOLDER_BITS, postgresql=True)
    return ChangeNumbers(session, 0, postgresql=False)  # SQLite: writers are serialized


@dataclass(frozen=True)
class Page:
    """One pull page, its changes already encoded as JSON objects of the wire's `Change` shape."""

    changes: list[str]
    next_cursor: int
    has_more: bool
    remaining: int | None
    head: int
    scope: str | None = None  # the caller's scope fingerprint, when the request named one

    def to_json(self, server_time_ms: int) -> bytes:
        """The `PullResponse` body. Built by hand because the page is the server's hottest path: the
        records' fields go from the database's JSON text to the wire without being parsed, validated and
        encoded again (that round trip was most of a pull's time)."""
        tail: dict[str, Any] = {
            "next_cursor": self.next_cursor,
            "has_more": self.has_more,
            "remaining": self.remaining,
            "server_time_ms": server_time_ms,
        }
        if self.scope is not None:
            tail["scope"] = self.scope
        encoded = json.dumps(tail, separators=(",", ":"))
        return ('{"changes":[' + ",".join(self.changes) + "]," + encoded[1:]).encode("utf-8")


def begin_snapshot(session: Session) -> None:
    """Read the page and the counter from one snapshot, so `next_cursor` never runs ahead of the page."""
    if backend_name(session.get_bind()) == "postgresql":
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})


def head(session: Session) -> int:
    return session.execute(select(ChangeCounter.value).where(ChangeCounter.id == 1)).scalar_one()


def to_change(record: Record) -> Change:
    """Tombstones travel without their fields: a deleted record's contents stay on the server."""
    if record.purged_ms is not None:
        return Change.model_validate_json(
            purge_marker_json(record.change_seq, record.record_type, record.record_id, record.version)
        )
    return Change(
        cursor=record.change_seq,
        record_type=record.record_type,
        record_id=record.record_id,
        version=record.version,
        deleted=record.deleted,
        team_id=record.team_id,
        author_id=record.author_id,
        owner_id=record.owner_id,
        created_hlc=record.created_hlc,
        updated_hlc=record.updated_hlc,
        fields={} if record.deleted else dict(record.fields),
    )


# The columns of a `Change`, in its order, and the stored JSON text of the fields.
_CHANGE_COLUMNS = (
    Record.change_seq,
    Record.record_type,
    Record.record_id,
    Record.version,
    Record.deleted,
    Record.team_id,
    Record.author_id,
    Record.owner_id,
    Record.created_hlc,
    Record.updated_hlc,
    Record.purged_ms,
    cast(Record.fields, Text),
)
_CHANGE_KEYS = (
    "cursor", "record_type", "record_id", "version", "deleted", "team_id", "author_id", "owner_id",
    "created_hlc", "updated_hlc",
)  # fmt: skip
_DELETED = _CHANGE_KEYS.index("deleted")
_WIRE_KEYS = (*_CHANGE_KEYS, "fields", "purged")
if _WIRE_KEYS != tuple(Change.model_fields):  # the protocol changed: so must this encoder
    raise ImportError("changefeed's encoder no longer matches liaison_protocol.messages.Change")


def _change_json(row: Sequence[Any], purge_markers: bool = False) -> str:
    """One change as JSON; tombstones travel without their fields: a deleted record's contents stay on
    the server. A purge marker carries the record's type and id only (its contents are gone), and is the
    only change that names `purged`, so a client from before retention reads every other change as
    before. A client that did not ask for markers (`purge_markers`) gets the same thing as a plain
    tombstone, which it understands: it clears the record's fields."""
    *scalars, purged_ms, fields_json = row
    if purged_ms is not None:
        return purge_marker_json(scalars[0], scalars[1], scalars[2], scalars[3], marked=purge_markers)
    head = json.dumps(dict(zip(_CHANGE_KEYS, scalars, strict=True)), separators=(",", ":"))
    return head[:-1] + ',"fields":' + ("{}" if scalars[_DELETED] else fields_json) + "}"


def purge_marker_json(
    cursor: int, record_type: str, record_id: str, version: int, *, marked: bool = True
) -> str:
    """The wire form of a purged record: what a device needs to remove it, nothing it held (`marked`:
    with `purged: true`; otherwise a bare tombstone for a client that does not know markers)."""
    marker = Change(
        cursor=cursor,
        record_type=record_type,
        record_id=record_id,
        version=version,
        deleted=True,
        team_id=None,
        author_id=None,
        owner_id=None,
        created_hlc="",
        updated_hlc="",
        fields={},
        purged=marked,
    )
    return marker.model_dump_json(exclude=None if marked else {"purged"})


def read_page(
    session: Session,
    caller: Caller,
    cursor: int,
    limit: int,
    scope: str | None = None,
    *,
    purge_markers: bool = False,
) -> Page:
    """The caller's records changed after `cursor`, oldest first.

    When nothing more is visible to the caller, `next_cursor` jumps to the feed's head, so a caller whose
    scope is small does not rescan everybody else's changes next time.

    `scope` is the fingerprint the caller's cursor was built under (None: a client that does not know
    about scopes, answered exactly as before). Above cursor 0 a cursor is only complete for its own
    scope, so when the caller's scope has changed since, no page is read: the answer is empty and names
    the new fingerprint, and the client re-baselines from 0.
    """
    begin_snapshot(session)
    top = head(session)
    current = scope_fingerprint(caller) if scope is not None else None
    if current is not None and scope != current and cursor > 0:
        return Page([], cursor, False, None, top, current)
    visible = readable_clause(caller)
    rows = session.execute(
        select(*_CHANGE_COLUMNS)
        .where(Record.change_seq > cursor, visible)
        .order_by(Record.change_seq)
        .limit(limit + 1)
    ).all()
    has_more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = rows[-1][0] if has_more else max(cursor, top)
    remaining: int | None
    if not has_more:
        remaining = 0
    elif cursor == 0:
        # Counted on the first page only (it scans the caller's whole scope), so a first sync can show
        # progress; later pages count down from it on the client.
        total = session.execute(
            select(func.count()).select_from(Record).where(Record.change_seq > cursor, visible)
        ).scalar_one()
        remaining = total - len(rows)
    else:
        remaining = None
    changes = [_change_json(row, purge_markers) for row in rows]
    return Page(changes, next_cursor, has_more, remaining, top, current)


def read_records(
    session: Session, caller: Caller, refs: Sequence[RecordRef], *, purge_markers: bool = False
) -> list[str]:
    """The current version of each of these records that the caller may read, as `Change` JSON objects
    (tombstones included, without their fields). Unknown and unreadable records are left out alike, so
    the answer tells nobody whether a record they may not read exists."""
    ids_by_type: dict[str, set[str]] = {}
    for ref in refs:
        # A type or id that cannot exist is left out like an unknown record (and never reaches the
        # database: PostgreSQL refuses text with NUL bytes).
        if ref.record_type in RECORD_TYPES and is_uuid(ref.record_id):
            ids_by_type.setdefault(ref.record_type, set()).add(ref.record_id)
    if not ids_by_type:
        return []
    visible = readable_clause(caller)
    found: list[str] = []
    for record_type, ids in sorted(ids_by_type.items()):
        rows = session.execute(
            select(*_CHANGE_COLUMNS)
            .where(Record.record_type == record_type, Record.record_id.in_(sorted(ids)), visible)
            .order_by(Record.change_seq)
        ).all()
        found.extend(_change_json(row, purge_markers) for row in rows)
    return found
