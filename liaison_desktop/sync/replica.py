"""The device's side of sync, on top of the store: what to push, how outcomes land, how pages apply.

Every method here is one SQLite transaction, so a crash (or SIGKILL) at any instant leaves the database
either before or after a whole step, never in between:

- an outbox entry is deleted only in the transaction that stores its outcome (pushing twice is harmless:
  the server replays the stored outcome of a mutation id it has already applied);
- a pulled page is applied in the transaction that advances the pull cursor past it (PouchDB #1240 lost
  documents by saving the cursor first).

Fields with an un-pushed local edit are not overwritten by a pulled page: the local edit stays visible
until the server has refereed it. The server's value for such a record is kept aside (a "shadow" in
`sync_state`) and applied once the last pending entry of the record is acknowledged. Without it, a
device that pulled a newer value while its own edit of that field was unpushed (the person typed during a
sync) would keep its own value for ever once that edit lost on the server: a losing push does not change
the record, so no later pull brings the winner back. The fault rounds provoke exactly this.

A refused edit leaves the record to the server: the refused entry moves to `rejected_mutation` (the
refused-changes list) and the record is marked for a refetch; the engine then asks the server for its
current version (`apply_fetched`), which replaces the refused value here. A record the server does not
have for us (a refused new record) is removed here; its values stay in the refused-changes list, from
which it can be sent again.

Scope changes (teams, role) re-baseline the replica: the cursor is only complete for the scope it was
built under (`pull_scope`). When the server names another scope, the engine pushes first, then
`begin_rebaseline` pulls everything again from 0, noting every record seen (`rebaseline_seen`), and
`finish_rebaseline` removes, with their search-index rows, the local records the new scope no longer
covers, except those with edits still in the outbox (and the user's own audit entries, which no
officer's scope ever covered and which carry no record contents).

Purge markers (a record expired under the server's retention policy, or erased at a resident's request)
go through the same removal (`_remove_records`, search index included), whether pulled or fetched. Their
contents must not survive anywhere on the device: edits of the record still in the outbox are dropped
(the server refuses them for good) and, like every refused change the person has not dealt with, listed
as refused (`record_purged`) so they see that their edit went, but with their values emptied. Neither
the mass-deletion fail-safe nor pending edits hold a purge back: the server has said the record no
longer exists anywhere, and keeping a copy is what the purge exists to prevent.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, and_, delete, func, insert, or_, select, update

from liaison_desktop.store import search_index
from liaison_desktop.store.bulk_rows import bulk_insert
from liaison_desktop.store.change_hub import ChangeSet
from liaison_desktop.store.device_state import read_state, write_state
from liaison_desktop.store.models import (
    outbox,
    rebaseline_seen,
    record_tables,
    rejected_mutation,
    sync_state,
)
from liaison_desktop.store.record_store import RecordStore
from liaison_protocol.error_codes import RejectReason
from liaison_protocol.hlc import is_valid as is_valid_hlc
from liaison_protocol.messages import Change, Mutation, MutationOutcome, PullResponse, RecordRef
from liaison_protocol.records import RECORD_TYPES, Scope

log = logging.getLogger(__name__)

STATE_CURSOR = "pull_cursor"
STATE_LAST_SYNC_MS = "last_sync_ms"
STATE_SCOPE = "pull_scope"  # the server's fingerprint of the read scope the cursor was built under
STATE_REBASELINE = "rebaseline"  # "1" while the whole scope is pulled again after a scope change
SHADOW_PREFIX = "shadow:"
REFETCH_PREFIX = "refetch:"  # a record whose edit the server refused: its server version is fetched
_IN_CHUNK = 500  # ids per IN (...) lookup: well under SQLite's bound-parameter limit


@dataclass
class _Pending:
    """What a record still has in the outbox: which fields, and whether a delete or an upsert."""

    fields: set[str] = field(default_factory=set)
    deleting: bool = False
    upserting: bool = False


@dataclass(frozen=True)
class OutcomeSummary:
    acknowledged: int
    rejected: int
    conflicts: int


@dataclass(frozen=True)
class AppliedPage:
    applied: int
    skipped_unknown_types: int
    changes: ChangeSet


class Replica:
    """The local replica of one profile. All writes go through the store's engine and change hub."""

    def __init__(self, store: RecordStore, *, now_ms: Callable[[], int] | None = None) -> None:
        self.store = store
        self._now_ms = now_ms or (lambda: int(time.time() * 1000))

    # -- state ---------------------------------------------------------------------------------------

    def cursor(self) -> int:
        with self.store.read() as connection:
            return int(read_state(connection, STATE_CURSOR) or 0)

    def last_sync_ms(self) -> int | None:
        with self.store.read() as connection:
            value = read_state(connection, STATE_LAST_SYNC_MS)
        return int(value) if value else None

    def mark_synced(self, at_ms: int) -> None:
        """Remember the last complete sync; never moves backwards (PowerSync's "last synced" did)."""
        with self.store.engine.begin() as connection:
            previous = int(read_state(connection, STATE_LAST_SYNC_MS) or 0)
            write_state(connection, STATE_LAST_SYNC_MS, str(max(previous, at_ms)))

    def restart_pull(self) -> None:
        """Pull everything again from the start (the server no longer knows our cursor). Records already
        here are overwritten by the server's versions as usual; the outbox is left alone on purpose:
        Anki's "full sync" and Realm's "client reset" lost unsynced work by discarding it."""
        with self.store.engine.begin() as connection:
            write_state(connection, STATE_CURSOR, "0")
            # A re-baseline under way starts over too: what it saw may be gone from a restored server.
            connection.execute(delete(rebaseline_seen))

    # -- scope ---------------------------------------------------------------------------------------

    def pull_scope(self) -> str | None:
        """The server's fingerprint of the read scope the cursor was built under (None: not known yet)."""
        with self.store.read() as connection:
            return read_state(connection, STATE_SCOPE)

    def rebaselining(self) -> bool:
        with self.store.read() as connection:
            return read_state(connection, STATE_REBASELINE) == "1"

    def begin_rebaseline(self, scope: str) -> None:
        """Start pulling the whole of `scope` again from 0 (one transaction with the new scope, so an
        interruption resumes the re-baseline, never a pull of the old scope)."""
        with self.store.engine.begin() as connection:
            connection.execute(delete(rebaseline_seen))
            write_state(connection, STATE_CURSOR, "0")
            write_state(connection, STATE_SCOPE, scope)
            write_state(connection, STATE_REBASELINE, "1")

    def finish_rebaseline(self) -> int:
        """The whole scope has been pulled again: remove the local records it did not bring (and their
        search-index rows and kept-aside server values), except records with edits still waiting in the
        outbox and the user's own audit entries. Refused changes stay in their list. Returns how many
        records were removed.

        Not held back by the mass-deletion fail-safe: the server has said these records are no longer
        this account's to read (an ambassador must not keep encounter notes until someone confirms)."""
        changes = ChangeSet(origin="sync")
        removed = 0
        with self.store.engine.begin() as connection:
            for record_type, table in record_tables.items():
                query = select(table.c.id).where(
                    table.c.id.not_in(
                        select(rebaseline_seen.c.record_id).where(
                            rebaseline_seen.c.record_type == record_type
                        )
                    ),
                    table.c.id.not_in(select(outbox.c.record_id).where(outbox.c.record_type == record_type)),
                )
                if RECORD_TYPES[record_type].scope is Scope.AUDIT:
                    query = query.where(
                        or_(table.c.author_id.is_(None), table.c.author_id != self.store.actor.user_id)
                    )
                ids = list(connection.execute(query).scalars())
                self._remove_records(connection, record_type, ids)
                if ids:
                    changes.add(record_type, ids)
                removed += len(ids)
            connection.execute(delete(rebaseline_seen))
            connection.execute(delete(sync_state).where(sync_state.c.key == STATE_REBASELINE))
        if removed:
            log.info("scope re-baseline removed %d records no longer in scope", removed)
        self.store.hub.emit(changes)
        return removed

    @staticmethod
    def _remove_records(connection: Connection, record_type: str, ids: list[str]) -> None:
        table = record_tables[record_type]
        for start in range(0, len(ids), _IN_CHUNK):
            chunk = ids[start : start + _IN_CHUNK]
            connection.execute(delete(table).where(table.c.id.in_(chunk)))
            connection.execute(
                delete(sync_state).where(
                    sync_state.c.key.in_([_shadow_key(record_type, record_id) for record_id in chunk])
                )
            )
        search_index.remove_records(connection, ids)

    # -- refetching refused records --------------------------------------------------------------------

    def records_to_refetch(self, limit: int) -> list[RecordRef]:
        """Records whose edit the server refused since their server version was last fetched."""
        with self.store.read() as connection:
            keys = connection.execute(
                select(sync_state.c.key)
                .where(sync_state.c.key >= REFETCH_PREFIX, sync_state.c.key < _prefix_end(REFETCH_PREFIX))
                .order_by(sync_state.c.key)
                .limit(limit)
            ).scalars()
            refs = []
            for key in keys:
                record_type, _, record_id = key[len(REFETCH_PREFIX) :].partition(":")
                refs.append(RecordRef(record_type=record_type, record_id=record_id))
            return refs

    def forget_refetch(self, refs: Iterable[RecordRef]) -> None:
        """Drop refetch marks without fetching (a server from before `/sync/records`)."""
        with self.store.engine.begin() as connection:
            self._drop_refetch_marks(connection, refs)

    def apply_fetched(self, asked: list[RecordRef], found: list[Change]) -> ChangeSet:
        """Put the server's current version of refused records back in place of the refused values, in
        one transaction. A record the server left out (it does not exist there, or is not ours to read:
        a refused new record, a record of a team we left) is removed here, unless the outbox still holds
        edits of it, on which the server has yet to rule. Pending fields are kept as in a pull."""
        changes = ChangeSet(origin="sync")
        by_key = {(c.record_type, c.record_id): c for c in found if c.record_type in record_tables}
        with self.store.engine.begin() as connection:
            self._drop_refetch_marks(connection, asked)
            updated = ChangeSet(origin="sync")
            for ref in asked:
                if ref.record_type not in record_tables:
                    continue
                change = by_key.get((ref.record_type, ref.record_id))
                if change is not None and change.purged:
                    self._purge_local(connection, ref.record_type, [ref.record_id], changes)
                    continue
                table = record_tables[ref.record_type]
                local = connection.execute(
                    select(table.c.server_version, table.c.author_id).where(table.c.id == ref.record_id)
                ).first()
                if change is not None:
                    if local is not None and (local.server_version or 0) > change.version:
                        continue  # a newer version arrived meanwhile
                    self._apply_change(connection, change, changes)
                    updated.add(ref.record_type, [ref.record_id])
                    continue
                if local is None or self._keeps_unreadable(ref.record_type, local.author_id):
                    continue
                pending = self._pending(connection, ref.record_type, ref.record_id)
                if pending.fields or pending.deleting or pending.upserting:
                    continue
                self._remove_records(connection, ref.record_type, [ref.record_id])
                changes.add(ref.record_type, [ref.record_id])
            self._reindex(connection, updated)
        self.store.hub.emit(changes)
        return changes

    def _purge_local(
        self, connection: Connection, record_type: str, ids: list[str], changes: ChangeSet
    ) -> None:
        """Remove purged records for good: the row, its search-index entries, kept-aside server values,
        refetch marks, and the values of its unpushed or refused edits (the entries stay, emptied, as
        refused `record_purged`, so the person sees their edit went). Children written here that the
        server never had (an amendment still in the outbox) go the same way: the server sends markers
        only for what it holds."""
        for child_type, parent_field in _children_of(record_type):
            self._purge_local_children(connection, child_type, parent_field, set(ids), changes)
        self._remove_records(connection, record_type, ids)
        for start in range(0, len(ids), _IN_CHUNK):
            chunk = ids[start : start + _IN_CHUNK]
            waiting = connection.execute(
                select(outbox.c.mutation_id).where(
                    outbox.c.record_type == record_type, outbox.c.record_id.in_(chunk)
                )
            ).scalars()
            for mutation_id in list(waiting):
                self._move_to_rejected(connection, mutation_id, RejectReason.RECORD_PURGED)
            connection.execute(
                update(rejected_mutation)
                .where(
                    rejected_mutation.c.record_type == record_type, rejected_mutation.c.record_id.in_(chunk)
                )
                .values(fields={})
            )
            self._drop_refetch_marks(
                connection, [RecordRef(record_type=record_type, record_id=i) for i in chunk]
            )
        changes.add(record_type, ids)

    def _purge_local_children(
        self,
        connection: Connection,
        child_type: str,
        parent_field: str,
        parent_ids: set[str],
        changes: ChangeSet,
    ) -> None:
        table = record_tables[child_type]
        found: set[str] = set()
        parents = sorted(parent_ids)
        for start in range(0, len(parents), _IN_CHUNK):
            chunk = parents[start : start + _IN_CHUNK]
            found.update(
                connection.execute(select(table.c.id).where(table.c[parent_field].in_(chunk))).scalars()
            )
        for source in (outbox, rejected_mutation):
            for record_id, fields in connection.execute(
                select(source.c.record_id, source.c.fields).where(source.c.record_type == child_type)
            ):
                if (fields or {}).get(parent_field) in parent_ids:
                    found.add(record_id)
        if found:
            self._purge_local(connection, child_type, sorted(found), changes)

    def _keeps_unreadable(self, record_type: str, author_id: str | None) -> bool:
        """The user's own audit entries: written here, read back only by supervisors and admins."""
        return RECORD_TYPES[record_type].scope is Scope.AUDIT and author_id == self.store.actor.user_id

    @staticmethod
    def _drop_refetch_marks(connection: Connection, refs: Iterable[RecordRef]) -> None:
        keys = [_refetch_key(ref.record_type, ref.record_id) for ref in refs]
        for start in range(0, len(keys), _IN_CHUNK):
            connection.execute(
                delete(sync_state).where(sync_state.c.key.in_(keys[start : start + _IN_CHUNK]))
            )

    def set_clock_offset(self, offset_ms: int) -> None:
        with self.store.engine.begin() as connection:
            self.store.clock.set_offset(connection, offset_ms)

    def pending_count(self) -> int:
        with self.store.read() as connection:
            return connection.execute(select(func.count()).select_from(outbox)).scalar_one()

    def live_record_count(self) -> int:
        with self.store.read() as connection:
            return sum(
                connection.execute(
                    select(func.count()).select_from(t).where(t.c.deleted.is_(False))
                ).scalar_one()
                for t in record_tables.values()
            )

    # -- push ----------------------------------------------------------------------------------------

    def pending_batch(self, limit: int, *, skip: Collection[str] = ()) -> list[Mutation]:
        """The oldest `limit` outbox entries, in the order they were written, leaving out `skip` (a batch
        whose answer has arrived but is not stored yet, while the next one is already being sent)."""
        query = select(outbox).order_by(outbox.c.seq).limit(limit)
        if skip:
            query = query.where(outbox.c.mutation_id.not_in(list(skip)))
        with self.store.read() as connection:
            rows = connection.execute(query).mappings().all()
        return [
            Mutation(
                mutation_id=row["mutation_id"],
                record_type=row["record_type"],
                record_id=row["record_id"],
                op=row["op"],
                fields=row["fields"] or {},
                hlc=row["hlc"],
                base_version=row["base_version"],
                team_id=row["team_id"],
            )
            for row in rows
        ]

    def record_outcomes(self, outcomes: Iterable[MutationOutcome]) -> OutcomeSummary:
        """Store the server's answer for a batch in one transaction: acknowledged entries leave the
        outbox, rejected ones move to `rejected_mutation` with their reason.

        Set-wise (one delete, one update per record type, one shadow lookup): a month of offline edits
        is tens of thousands of outcomes, and per-entry statements were most of the push's time."""
        outcomes = list(outcomes)
        acknowledged = rejected = conflicts = 0
        changes = ChangeSet(origin="sync")
        with self.store.engine.begin() as connection:
            rows = self._outbox_rows(connection, [o.mutation_id for o in outcomes])
            touched: dict[tuple[str, str], int | None] = {}
            done: list[str] = []
            seen_versions: dict[str, list[tuple[str, int]]] = {}
            for outcome in outcomes:
                row = rows.pop(outcome.mutation_id, None)
                if row is None:  # acknowledged before (an earlier answer to a repeated push)
                    continue
                key = (row["record_type"], row["record_id"])
                if outcome.status == "rejected":
                    self._move_to_rejected(connection, outcome.mutation_id, outcome.reason or "rejected")
                    rejected += 1
                    touched.setdefault(key, None)
                    continue
                done.append(outcome.mutation_id)
                acknowledged += 1
                conflicts += outcome.status == "conflict"
                version = _seen_version(row, outcome)
                if version is not None and row["record_type"] in record_tables:
                    seen_versions.setdefault(row["record_type"], []).append((row["record_id"], version))
                touched[key] = max(touched.get(key) or 0, outcome.record_version or 0) or None
            for start in range(0, len(done), _IN_CHUNK):
                connection.execute(
                    delete(outbox).where(outbox.c.mutation_id.in_(done[start : start + _IN_CHUNK]))
                )
            for record_type, seen in seen_versions.items():
                _remember_seen_versions(connection, record_type, seen)
            for record_type, record_id in self._shadowed(connection, touched):
                self._settle_shadow(
                    connection, record_type, record_id, touched[(record_type, record_id)], changes
                )
        self.store.hub.emit(changes)
        return OutcomeSummary(acknowledged, rejected, conflicts)

    @staticmethod
    def _outbox_rows(connection: Connection, mutation_ids: list[str]) -> dict[str, Any]:
        """The outbox entries' identity and base version, without their fields: decoding every entry's
        fields only to drop the entry was half of storing a batch's answer (bench figure 6). A refused
        entry's fields are read when it moves to the refused list."""
        rows: dict[str, Any] = {}
        columns = (outbox.c.mutation_id, outbox.c.record_type, outbox.c.record_id, outbox.c.base_version)
        for start in range(0, len(mutation_ids), _IN_CHUNK):
            chunk = mutation_ids[start : start + _IN_CHUNK]
            for row in connection.execute(select(*columns).where(outbox.c.mutation_id.in_(chunk))):
                rows[row.mutation_id] = row._asdict()
        return rows

    @staticmethod
    def _shadowed(connection: Connection, keys: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
        """Which of these records have a server value kept aside (few ever do)."""
        by_key = {
            _shadow_key(record_type, record_id): (record_type, record_id) for record_type, record_id in keys
        }
        names = list(by_key)
        found: list[tuple[str, str]] = []
        for start in range(0, len(names), _IN_CHUNK):
            chunk = names[start : start + _IN_CHUNK]
            found.extend(
                by_key[name]
                for name in connection.execute(
                    select(sync_state.c.key).where(sync_state.c.key.in_(chunk))
                ).scalars()
            )
        return found

    def set_aside(self, mutation_id: str, code: str) -> None:
        """Move one outbox entry the server refused as part of a batch to `rejected_mutation` (never drop
        it: it is what a person typed), so the rest of the outbox can go."""
        changes = ChangeSet(origin="sync")
        with self.store.engine.begin() as connection:
            row = (
                connection.execute(select(outbox).where(outbox.c.mutation_id == mutation_id))
                .mappings()
                .first()
            )
            if row is None:
                return
            self._move_to_rejected(connection, mutation_id, code)
            self._settle_shadow(connection, row["record_type"], row["record_id"], None, changes)
        self.store.hub.emit(changes)

    def rejected(self) -> list[dict[str, Any]]:
        with self.store.read() as connection:
            return [dict(r) for r in connection.execute(select(rejected_mutation)).mappings()]

    def _move_to_rejected(self, connection: Connection, mutation_id: str, reason: str) -> None:
        row = connection.execute(select(outbox).where(outbox.c.mutation_id == mutation_id)).mappings().one()
        connection.execute(
            delete(rejected_mutation).where(rejected_mutation.c.mutation_id == row["mutation_id"])
        )
        connection.execute(
            insert(rejected_mutation).values(
                mutation_id=row["mutation_id"],
                record_type=row["record_type"],
                record_id=row["record_id"],
                op=row["op"],
                fields=row["fields"] or {},
                hlc=row["hlc"],
                reason=reason,
                rejected_at_ms=self._now_ms(),
            )
        )
        connection.execute(delete(outbox).where(outbox.c.mutation_id == row["mutation_id"]))
        # The refused value is still on the local row: the engine fetches the server's version of it.
        write_state(connection, _refetch_key(row["record_type"], row["record_id"]), "1")

    # -- pull ----------------------------------------------------------------------------------------

    def deletions_in(self, page: PullResponse) -> int:
        """How many live local records this page would turn into tombstones (for the fail-safe)."""
        ids_by_type: dict[str, list[str]] = {}
        for change in page.changes:
            if change.deleted and not change.purged and change.record_type in record_tables:
                ids_by_type.setdefault(change.record_type, []).append(change.record_id)
        total = 0
        with self.store.read() as connection:
            for record_type, ids in ids_by_type.items():
                table = record_tables[record_type]
                total += connection.execute(
                    select(func.count())
                    .select_from(table)
                    .where(table.c.id.in_(ids), table.c.deleted.is_(False))
                ).scalar_one()
        return total

    def apply_page(self, page: PullResponse) -> AppliedPage:
        """Apply one pulled page and advance the cursor past it, in one transaction; then announce the
        changed records through the store's hub, exactly like a local edit.

        A first sync brings mostly records this device has never seen and has no pending edits of: those
        are inserted in one `executemany` per record type. Every other change (an existing record, or one
        with un-pushed local edits) takes the careful per-record path."""
        changes = ChangeSet(origin="sync")
        # A page holds each record once (the feed keeps a record's latest change); should one appear
        # twice, the later change is the newer.
        latest: dict[tuple[str, str], Change] = {}
        skipped = 0
        for change in page.changes:
            if change.record_type not in record_tables:
                skipped += 1  # a newer server's record type: this version cannot show it anyway
                continue
            latest[(change.record_type, change.record_id)] = change
        with self.store.engine.begin() as connection:
            by_type: dict[str, list[Change]] = {}
            for change in latest.values():
                by_type.setdefault(change.record_type, []).append(change)
            updated = ChangeSet(
                origin="sync"
            )  # records that were here already: re-indexed from what is stored now
            for record_type, group in by_type.items():
                purged = [change.record_id for change in group if change.purged]
                if purged:
                    self._purge_local(connection, record_type, purged, changes)
                    group = [change for change in group if not change.purged]
                self._apply_group(connection, record_type, group, changes, updated)
            latest_hlc = max(
                (c.updated_hlc for c in latest.values() if is_valid_hlc(c.updated_hlc)), default=None
            )
            self._reindex(connection, updated)
            if latest_hlc is not None:
                self.store.clock.observe(connection, latest_hlc)
            if latest and read_state(connection, STATE_REBASELINE) == "1":
                connection.execute(
                    insert(rebaseline_seen).prefix_with("OR IGNORE"),
                    [{"record_type": t, "record_id": i} for t, i in latest],
                )
            if page.scope is not None:
                write_state(connection, STATE_SCOPE, page.scope)
            write_state(connection, STATE_CURSOR, str(page.next_cursor))
        if skipped:
            log.info("pull page: skipped %d changes of unknown record types", skipped)
        self.store.hub.emit(changes)
        return AppliedPage(len(page.changes) - skipped, skipped, changes)

    def _apply_group(
        self,
        connection: Connection,
        record_type: str,
        group: list[Change],
        changes: ChangeSet,
        updated: ChangeSet,
    ) -> None:
        table = record_tables[record_type]
        ids = [change.record_id for change in group]
        known: set[str] = set()
        pending: set[str] = set()
        for start in range(0, len(ids), _IN_CHUNK):
            chunk = ids[start : start + _IN_CHUNK]
            known.update(connection.execute(select(table.c.id).where(table.c.id.in_(chunk))).scalars())
            pending.update(
                connection.execute(
                    select(outbox.c.record_id).where(
                        outbox.c.record_type == record_type, outbox.c.record_id.in_(chunk)
                    )
                ).scalars()
            )
        fresh: list[dict[str, Any]] = []
        for change in group:
            if change.record_id in known or change.record_id in pending:
                self._apply_change(connection, change, changes)
                updated.add(record_type, [change.record_id])
            else:
                fresh.append({"id": change.record_id, **_values(change)})
        if fresh:
            bulk_insert(connection, table, fresh)
            # Indexed from the very values just stored: reading them back was a fifth of a first sync.
            search_index.index_records(connection, record_type, fresh, fresh=True)
            changes.add(record_type, [row["id"] for row in fresh])

    def _apply_change(self, connection: Connection, change: Change, changes: ChangeSet) -> None:
        table = record_tables[change.record_type]
        values = _values(change)
        pending = self._pending(connection, change.record_type, change.record_id)
        if pending.fields or pending.deleting or pending.upserting:
            for name in pending.fields:
                values.pop(name, None)
            # A local delete or edit not yet refereed decides visibility locally, and the local clock
            # stamp stays newer than the server's until the server has seen the edit.
            values.pop("deleted", None)
            values.pop("updated_hlc", None)
            write_state(
                connection, _shadow_key(change.record_type, change.record_id), change.model_dump_json()
            )
        exists = connection.execute(select(table.c.id).where(table.c.id == change.record_id)).first()
        if exists:
            connection.execute(update(table).where(table.c.id == change.record_id).values(**values))
        else:
            values.setdefault("deleted", change.deleted)
            values.setdefault("updated_hlc", change.updated_hlc)
            connection.execute(insert(table).values(id=change.record_id, **values))
        changes.add(change.record_type, [change.record_id])

    def _settle_shadow(
        self,
        connection: Connection,
        record_type: str,
        record_id: str,
        version: int | None,
        changes: ChangeSet,
    ) -> None:
        """Once a record has nothing left in the outbox, the server's value kept aside during a pull
        becomes the local value, unless the server answered with a newer version (then that version is
        above our cursor and the next pull brings it)."""
        key = _shadow_key(record_type, record_id)
        raw = read_state(connection, key)
        if raw is None:
            return
        pending = self._pending(connection, record_type, record_id)
        if pending.fields or pending.deleting or pending.upserting:
            return
        shadow = Change.model_validate_json(raw)
        connection.execute(delete(sync_state).where(sync_state.c.key == key))
        if version is None or shadow.version >= version:
            self._apply_change(connection, shadow, changes)
            self._reindex(connection, changes, only=(record_type, record_id))

    @staticmethod
    def _pending(connection: Connection, record_type: str, record_id: str) -> _Pending:
        pending = _Pending()
        for op, fields in connection.execute(
            select(outbox.c.op, outbox.c.fields).where(
                and_(outbox.c.record_type == record_type, outbox.c.record_id == record_id)
            )
        ):
            if op == "delete":
                pending.deleting = True
            else:
                pending.upserting = True
                pending.fields.update((fields or {}).keys())
        return pending

    @staticmethod
    def _reindex(connection: Connection, changes: ChangeSet, only: tuple[str, str] | None = None) -> None:
        targets = {only[0]: {only[1]}} if only else changes.ids_by_kind
        for record_type, ids in targets.items():
            if record_type not in search_index.INDEXED_TYPES or not ids:
                continue
            table = record_tables[record_type]
            rows = [
                dict(r) for r in connection.execute(select(table).where(table.c.id.in_(list(ids)))).mappings()
            ]
            search_index.index_records(connection, record_type, rows)


def _children_of(record_type: str) -> list[tuple[str, str]]:
    """(child type, its parent field) of every record type whose parent is `record_type`."""
    return [
        (name, spec.parent[0])
        for name, spec in RECORD_TYPES.items()
        if spec.parent is not None and spec.parent[1] == record_type and name in record_tables
    ]


def _values(change: Change) -> dict[str, Any]:
    """The local row of a pulled change: bookkeeping plus every field of its type (absent ones cleared,
    so a tombstone, which travels without fields, clears them locally too)."""
    values: dict[str, Any] = {
        "team_id": change.team_id,
        "author_id": change.author_id,
        "owner_id": change.owner_id,
        "created_hlc": change.created_hlc,
        "updated_hlc": change.updated_hlc,
        "server_version": change.version,
        "deleted": change.deleted,
    }
    values.update({name: change.fields.get(name) for name in RECORD_TYPES[change.record_type].fields})
    return values


def _seen_version(row: Any, outcome: MutationOutcome) -> int | None:
    """The server version to remember for an acknowledged entry, only when it is exactly this mutation's
    result (no other change in between): a later local edit based on a version that includes unseen
    edits of others would be taken by the server as sequential, and would overwrite them without a
    conflict."""
    version = outcome.record_version
    if outcome.status != "applied" or version is None or version != (row["base_version"] or 0) + 1:
        return None
    return version


def _remember_seen_versions(connection: Connection, record_type: str, seen: list[tuple[str, int]]) -> None:
    """Remember the versions the server confirmed for these records, never moving backwards.

    One statement with the pairs as a JSON parameter: an `executemany` through SQLAlchemy built its
    parameters row by row, a tenth of storing a batch's answer (bench figure 6)."""
    name = record_tables[record_type].name
    connection.exec_driver_sql(
        f'UPDATE "{name}" SET server_version = seen.version '
        "FROM (SELECT value ->> 0 AS id, value ->> 1 AS version FROM json_each(?)) AS seen "
        f'WHERE "{name}".id = seen.id AND coalesce("{name}".server_version, 0) < seen.version',
        (json.dumps(seen),),
    )


def _shadow_key(record_type: str, record_id: str) -> str:
    return f"{SHADOW_PREFIX}{record_type}:{record_id}"


def _refetch_key(record_type: str, record_id: str) -> str:
    return f"{REFETCH_PREFIX}{record_type}:{record_id}"


def _prefix_end(prefix: str) -> str:
    """The smallest string above every string starting with `prefix` (a range scan on the primary key)."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)
