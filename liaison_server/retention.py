"""Retention: how long each record type is kept, legal holds, and the purge that removes records for good.

A retention period is set per top-level record type (`liaison-server retention set encounter --months
24`); child records (referral events, amendments, reviews, commitments, conflicts) follow their parent.

"Last activity" of a record is the latest server time at which the server accepted a change of the
record or of any of its children (`record.changed_ms`, stamped by push.py: the server's clock, so a
laptop whose clock runs late cannot make a note expire early nor one running ahead keep it for ever).
Rows written before retention existed have no server time; the wall time of their last clock stamp
(`updated_hlc`, clamped by the server on push) stands in. A record expires when its last activity is
more than the period (calendar months) before now, and neither it nor any of its children is on legal
hold.

Purging (`purge_records`, shared with a resident's erasure in erasure.py) keeps no contents: fields,
field clocks and the last device are gone, the row stays as a *purge marker* (type, id, scope columns,
`purged_ms`) with a new change number, so every device that could read the record pulls the marker and
removes its copy (search index included), and the id can never be re-created by a late push
(`record_purged`). The purge is run by `liaison-server purge` (from cron, daily); the server process does
not run it by itself, so an operator decides when records disappear and a purge never competes with
pushes at an unexpected hour. `now_ms` is a parameter everywhere, so a test (or `purge --as-of`) moves
the clock forward.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Text, cast, delete, or_, select
from sqlalchemy.orm import Session

from liaison_protocol import hlc
from liaison_protocol.records import RECORD_TYPES
from liaison_protocol.server_audit import ServerAuditAction
from liaison_server import server_audit
from liaison_server.changefeed import ChangeNumbers, begin_feed_write
from liaison_server.models import AppliedMutation, LegalHold, Record, RetentionPolicy

RecordKey = tuple[str, str]
_CHUNK = 500

# Types a retention period may be set for: top-level records. Children follow their parent, and a
# conflict follows the record it is about.
RETAINABLE_TYPES = tuple(
    sorted(name for name, spec in RECORD_TYPES.items() if spec.parent is None and name != "conflict")
)
MAX_MONTHS = 1200


class RetentionError(Exception):
    """Bad input from an administrator: one clear line."""


@dataclass(frozen=True)
class PurgeReport:
    """What a purge removed: purged record ids by type (top-level records and their children)."""

    purged: dict[str, list[str]]

    @property
    def total(self) -> int:
        return sum(len(ids) for ids in self.purged.values())

    def counts(self) -> dict[str, int]:
        return {record_type: len(ids) for record_type, ids in sorted(self.purged.items())}


# -- policies and holds ----------------------------------------------------------------------------------


def set_policy(session: Session, record_type: str, months: int | None, now_ms: int) -> None:
    """Keep `record_type` records `months` after their last activity (None: for ever, the default)."""
    if record_type not in RETAINABLE_TYPES:
        raise RetentionError(
            f"no retention period for {record_type!r}: one of {', '.join(RETAINABLE_TYPES)}"
            " (child records follow their parent)"
        )
    if months is not None and not 1 <= months <= MAX_MONTHS:
        raise RetentionError(f"--months must be between 1 and {MAX_MONTHS}")
    existing = session.get(RetentionPolicy, record_type)
    if months is None:
        if existing is not None:
            session.delete(existing)
    elif existing is None:
        session.add(RetentionPolicy(record_type=record_type, months=months, set_ms=now_ms))
    else:
        existing.months, existing.set_ms = months, now_ms
    server_audit.record(
        session, ServerAuditAction.RETENTION_SET, now_ms, record_type=record_type, months=months
    )


def policies(session: Session) -> dict[str, int]:
    rows = session.execute(select(RetentionPolicy.record_type, RetentionPolicy.months))
    return {record_type: months for record_type, months in rows}


def add_hold(
    session: Session, record_id: str, reason: str, now_ms: int, *, actor_user_id: str | None = None
) -> None:
    """Keep `record_id` (and so its parent's whole family) through every retention purge. A resident's
    erasure is not held back by it: deciding between the two is a legal call, made by removing the hold."""
    found = session.execute(
        select(Record.id).where(Record.record_id == record_id, Record.purged_ms.is_(None))
    ).first()
    if found is None:
        raise RetentionError(f"no record {record_id}")
    if session.get(LegalHold, record_id) is None:
        session.add(LegalHold(record_id=record_id, placed_ms=now_ms, reason=reason[:500]))
    server_audit.record(
        session, ServerAuditAction.LEGAL_HOLD_ADDED, now_ms, actor_user_id=actor_user_id, record_id=record_id
    )


def remove_hold(session: Session, record_id: str, now_ms: int, *, actor_user_id: str | None = None) -> None:
    if session.get(LegalHold, record_id) is None:
        raise RetentionError(f"record {record_id} is not on legal hold")
    session.execute(delete(LegalHold).where(LegalHold.record_id == record_id))
    server_audit.record(
        session,
        ServerAuditAction.LEGAL_HOLD_REMOVED,
        now_ms,
        actor_user_id=actor_user_id,
        record_id=record_id,
    )


def holds(session: Session) -> list[LegalHold]:
    return list(session.scalars(select(LegalHold).order_by(LegalHold.placed_ms)))


# -- what has expired --------------------------------------------------------------------------------------


def months_before(now_ms: int, months: int) -> int:
    """The moment `months` calendar months before `now_ms` (the day clamped to the month's length)."""
    now = dt.datetime.fromtimestamp(now_ms / 1000, dt.UTC)
    index = now.year * 12 + now.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    following = dt.date(year + (month == 12), month % 12 + 1, 1)
    day = min(now.day, (following - dt.timedelta(days=1)).day)
    return int(now.replace(year=year, month=month, day=day).timestamp() * 1000)


def _activity_ms(row: Record) -> int:
    if row.changed_ms is not None:
        return row.changed_ms
    return hlc.wall_ms_of(row.updated_hlc) if hlc.is_valid(row.updated_hlc) else 0


def descendants(session: Session, roots: Iterable[Record], *, lock: bool = False) -> list[Record]:
    """Every record below `roots` (children, their children...), purged ones included; `lock`: row-locked
    until COMMIT, as a push locks what it writes."""
    found: list[Record] = []
    frontier = [row.record_id for row in roots]
    seen = set(frontier)
    while frontier:
        below: list[Record] = []
        for start in range(0, len(frontier), _CHUNK):
            query = select(Record).where(Record.parent_id.in_(frontier[start : start + _CHUNK]))
            below.extend(session.scalars(query.with_for_update() if lock else query))
        below = [row for row in below if row.record_id not in seen]
        seen.update(row.record_id for row in below)
        found.extend(below)
        frontier = [row.record_id for row in below]
    return found


def expired(session: Session, now_ms: int) -> list[Record]:
    """Top-level records past their type's retention period, none of their family on legal hold.

    Only rows whose own last change is old are read (an index-free scan of the type, fine for a daily
    job), locked (FOR UPDATE on PostgreSQL) and read after any push holding them has committed, so a
    change accepted while the purge waited counts as activity; on SQLite writers are serialized."""
    held = set(session.scalars(select(LegalHold.record_id)))
    result: list[Record] = []
    for record_type, months in sorted(policies(session).items()):
        cutoff = months_before(now_ms, months)
        candidates = list(
            session.scalars(
                select(Record)
                .where(
                    Record.record_type == record_type,
                    Record.purged_ms.is_(None),
                    or_(Record.changed_ms < cutoff, Record.changed_ms.is_(None)),
                )
                .order_by(Record.record_id)
                .with_for_update()
            )
        )
        for row in candidates:
            if _activity_ms(row) >= cutoff or row.record_id in held:
                continue
            family = descendants(session, [row], lock=True)
            if any(child.record_id in held for child in family):
                continue
            if max((_activity_ms(child) for child in family), default=0) >= cutoff:
                continue
            result.append(row)
    return result


# -- purging ------------------------------------------------------------------------------------------------


def purge_records(
    session: Session, numbers: ChangeNumbers, roots: Iterable[Record], now_ms: int
) -> PurgeReport:
    """Remove `roots` and everything below them for good, leaving purge markers in the change feed.

    Inside a feed-writing transaction (`begin_feed_write`); the caller publishes and commits."""
    roots = list(roots)
    purged: dict[str, list[str]] = {}
    family = [*roots, *descendants(session, roots)]
    for row in family:
        if row.purged_ms is not None:
            continue
        row.fields = {}
        row.field_clocks = {}
        row.deleted = True
        row.last_device_id = None
        row.purged_ms = now_ms
        row.changed_ms = now_ms
        row.version += 1
        row.change_seq = numbers.take()
        purged.setdefault(row.record_type, []).append(row.record_id)
    if purged.get("conflict"):
        _forget_conflict_values(session, set(purged["conflict"]))
    ids = [row.record_id for row in family]
    for start in range(0, len(ids), _CHUNK):
        session.execute(delete(LegalHold).where(LegalHold.record_id.in_(ids[start : start + _CHUNK])))
    return PurgeReport(purged)


def _forget_conflict_values(session: Session, conflict_ids: set[str]) -> None:
    """A push's stored outcome (replayed to a retry) names the values its conflicts kept and set aside:
    empty them for purged conflicts. Only outcomes that have conflicts are read (few)."""
    with_conflicts = select(AppliedMutation).where(
        cast(AppliedMutation.outcome, Text).like('%"conflict_id"%')
    )
    for applied in session.scalars(with_conflicts):
        notes = applied.outcome.get("conflicts") or []
        if not any(note.get("conflict_id") in conflict_ids for note in notes):
            continue
        applied.outcome = {
            **applied.outcome,
            "conflicts": [
                {**note, "kept_value": None, "set_aside_value": None}
                if note.get("conflict_id") in conflict_ids
                else note
                for note in notes
            ],
        }


def purge_expired(session: Session, now_ms: int) -> PurgeReport:
    """One purge run, in one transaction: every expired record and its children, audited by counts."""
    numbers = begin_feed_write(session)
    report = purge_records(session, numbers, expired(session, now_ms), now_ms)
    server_audit.record(session, ServerAuditAction.RECORDS_PURGED, now_ms, counts=report.counts())
    session.flush()
    numbers.publish()
    session.commit()
    return report
