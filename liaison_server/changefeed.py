"""The change feed: change numbers for writes and cursor pages for pulls.

The gap problem: a number taken from a sequence becomes visible only when its transaction commits, so
with concurrent writers number 6 can be visible before 5, and a puller that has moved past 6 never sees 5.
We serialize the writers instead: every writing transaction first takes one transaction-scoped lock
(PostgreSQL `pg_advisory_xact_lock`, released by COMMIT/ROLLBACK; on SQLite, BEGIN IMMEDIATE already
serializes writers), and only then takes numbers from the one-row counter. A transaction that holds
numbers N..M therefore commits before anyone can take M+1, and numbers become visible in the order they
were taken. The lock also serializes the read-modify-write of merging, and the check-then-insert of
idempotency keys, across worker processes. Cost: pushes do not run in parallel; they are short (one
transaction per batch), and pulls never take the lock.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from liaison_protocol.messages import Change
from liaison_server.db import backend_name, begin_write
from liaison_server.models import ChangeCounter, Record
from liaison_server.scoping import Caller, readable_clause

# An arbitrary constant shared by every worker: the key of the change-feed writers' advisory lock.
WRITER_LOCK_KEY = 0x4C49_4153_4F4E  # "LIASON"


class ChangeNumbers:
    """Hands out change numbers inside one writing transaction; `flush` stores the counter."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._last = session.execute(select(ChangeCounter.value).where(ChangeCounter.id == 1)).scalar_one()
        self._start = self._last

    def take(self) -> int:
        self._last += 1
        return self._last

    @property
    def taken(self) -> int:
        return self._last - self._start

    def flush(self) -> None:
        if self._last != self._start:
            self._session.execute(update(ChangeCounter).where(ChangeCounter.id == 1).values(value=self._last))


def begin_feed_write(session: Session) -> ChangeNumbers:
    """Start a writing transaction that may take change numbers; holds the writers' lock until commit."""
    begin_write(session)
    bind = session.get_bind()
    if backend_name(bind) == "postgresql":
        session.execute(select(func.pg_advisory_xact_lock(WRITER_LOCK_KEY)))
    return ChangeNumbers(session)


@dataclass(frozen=True)
class Page:
    changes: list[Change]
    next_cursor: int
    has_more: bool
    remaining: int | None
    head: int


def begin_snapshot(session: Session) -> None:
    """Read the page and the counter from one snapshot, so `next_cursor` never runs ahead of the page."""
    if backend_name(session.get_bind()) == "postgresql":
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})


def head(session: Session) -> int:
    return session.execute(select(ChangeCounter.value).where(ChangeCounter.id == 1)).scalar_one()


def to_change(record: Record) -> Change:
    """Tombstones travel without their fields: a deleted record's contents stay on the server."""
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


def read_page(session: Session, caller: Caller, cursor: int, limit: int) -> Page:
    """The caller's records changed after `cursor`, oldest first.

    When nothing more is visible to the caller, `next_cursor` jumps to the feed's head, so a caller whose
    scope is small does not rescan everybody else's changes next time.
    """
    begin_snapshot(session)
    top = head(session)
    visible = readable_clause(caller)
    rows = list(
        session.scalars(
            select(Record)
            .where(Record.change_seq > cursor, visible)
            .order_by(Record.change_seq)
            .limit(limit + 1)
        )
    )
    has_more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = rows[-1].change_seq if has_more else max(cursor, top)
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
    return Page([to_change(row) for row in rows], next_cursor, has_more, remaining, top)
