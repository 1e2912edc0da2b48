"""Applying a push batch: one transaction, all or nothing for structural problems, per-mutation outcomes
for rule problems.

Structural problems (a type the server does not know, a malformed id or clock, fields that do not fit,
a record or type the caller may not write) refuse the whole batch with a 4xx naming the index of the
first offending mutation, and nothing is applied: the client sets that one aside and retries the rest.
Rule outcomes (immutable, append-only, invalid transition, ...) are answered per mutation and stored
with the mutation id, in the same transaction as the effect, so a retry replays the same answer.
"""

from __future__ import annotations

import hashlib
import json
import logging
import random
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from dataclasses import fields as dataclass_fields
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, String, any_, bindparam, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from liaison_protocol import derived, hlc
from liaison_protocol.error_codes import ForbiddenReason, RejectReason
from liaison_protocol.messages import MAX_BATCH, ConflictNote, Mutation, MutationOutcome
from liaison_protocol.records import (
    RECORD_TYPES,
    Merge,
    RecordSpec,
    check_fields,
    is_uuid,
    is_valid_referral_transition,
    references,
)
from liaison_protocol.server_audit import SERVER_AUDIT_ACTIONS
from liaison_server import merge
from liaison_server.audit_chain import ChainChecker
from liaison_server.bulk_rows import insert_rows
from liaison_server.changefeed import ChangeNumbers, begin_feed_write
from liaison_server.db import backend_name
from liaison_server.errors import (
    BadFields,
    BadMutation,
    BatchTooLarge,
    Forbidden,
    ServerBusy,
    UnknownRecordType,
)
from liaison_server.models import AppliedMutation, Record
from liaison_server.scoping import Caller, can_read, can_reference, can_write_under, write_refusal
from liaison_server.storable import is_storable, is_storable_json, is_storable_text

log = logging.getLogger(__name__)

RecordKey = tuple[str, str]


@dataclass(slots=True)
class NewRecord:
    """A record created by this batch, written with one Core `INSERT` at the end of the batch.

    A plain object instead of a mapped `Record`: building and flushing mapped objects one by one through
    the unit of work was most of a push's cost. It has the same attributes as `Record` (but `id`), so
    later mutations of the same batch merge into it, attach children to it, and update its derived
    fields exactly as they would a stored row.
    """

    record_type: str
    record_id: str
    team_id: str | None
    author_id: str | None
    owner_id: str | None
    read_scope: str
    parent_id: str | None
    version: int
    change_seq: int
    deleted: bool
    created_hlc: str
    updated_hlc: str
    fields: dict[str, Any]
    field_clocks: dict[str, list[Any]]
    last_device_id: str | None
    changed_ms: int | None = None

    def values(self) -> dict[str, Any]:
        """The row's columns for the `INSERT` (shallow: the JSON values are not copied)."""
        return {name: getattr(self, name) for name in _NEW_RECORD_COLUMNS}


_NEW_RECORD_COLUMNS = tuple(f.name for f in dataclass_fields(NewRecord))

# A record as the batch sees it: stored (mapped, updated by the unit of work) or created by the batch.
Row = Record | NewRecord


class Applied(NamedTuple):
    """What a replay needs of an applied mutation."""

    payload_hash: str
    outcome: dict[str, Any]


def canonical_payload(mutation: Mutation) -> str:
    """Everything but the id, canonically encoded: the same mutation retried encodes the same."""
    body = mutation.model_dump(mode="json", exclude={"mutation_id"})
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def check_shapes(mutations: Sequence[Mutation]) -> list[str]:
    """Problems visible without the database; raises for the first offending mutation. Returns each
    mutation's payload hash (its canonical encoding doubles as the quick check for unstorable text)."""
    if len(mutations) > MAX_BATCH:
        raise BatchTooLarge(details={"max": MAX_BATCH, "count": len(mutations), "index": MAX_BATCH})
    digests: list[str] = []
    for index, mutation in enumerate(mutations):
        if mutation.record_type not in RECORD_TYPES:
            raise UnknownRecordType(details={"index": index, "record_type": mutation.record_type[:40]})
        if not is_uuid(mutation.record_id):
            raise BadMutation(details={"index": index, "field": "record_id", "key": "mutation.bad_record_id"})
        if not hlc.is_valid(mutation.hlc):
            raise BadMutation(details={"index": index, "field": "hlc", "key": "mutation.bad_hlc"})
        encoded = canonical_payload(mutation)
        if not is_storable_json(encoded) or not is_storable_text(mutation.mutation_id):
            _raise_unstorable(index, mutation)
        digests.append(hashlib.sha256(encoded.encode("utf-8")).hexdigest())
    return digests


def _raise_unstorable(index: int, mutation: Mutation) -> None:
    """Name what cannot be stored (the quick check only said that something cannot)."""
    if not is_storable([mutation.mutation_id, mutation.team_id]):
        raise BadMutation(details={"index": index, "field": "mutation_id", "key": "mutation.bad_character"})
    for name, value in mutation.fields.items():
        if not is_storable(name) or not is_storable(value):
            field_name = name if is_storable(name) else "?"
            problem = {"field": field_name, "key": "field.bad_character", "args": {}}
            raise BadFields(details={"index": index, **problem, "problems": [problem]})
    raise BadMutation(details={"index": index, "field": "?", "key": "mutation.bad_character"})


def _one_of(column: Any, values: list[str], postgresql: bool) -> ColumnElement[bool]:
    """`column IN values`. On PostgreSQL as `= ANY(array)`: one parameter instead of hundreds, about half
    the time for a batch's ids (measured), and the same index scan."""
    if postgresql:
        return column == any_(bindparam(None, values, type_=ARRAY(String)))
    return column.in_(values)


def _referenced_ids(value: Any) -> list[str]:
    """The ids a reference field's value names: one id, a list of ids, or none."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [item for item in value if isinstance(item, str)]
    return []


def state_of(row: Row) -> merge.RecordState:
    return merge.RecordState(
        record_type=row.record_type,
        fields=dict(row.fields or {}),
        clocks={name: merge.FieldClock.from_json(raw) for name, raw in (row.field_clocks or {}).items()},
        version=row.version,
        deleted=row.deleted,
        updated_hlc=row.updated_hlc,
    )


@dataclass
class PushResult:
    outcomes: list[MutationOutcome]
    counts: dict[str, int] = field(default_factory=dict)


class _Batch:
    def __init__(self, session: Session, caller: Caller, device_id: str, numbers: ChangeNumbers) -> None:
        self.session = session
        self.caller = caller
        self.device_id = device_id
        self.numbers = numbers
        self.records: dict[RecordKey, Row | None] = {}
        self.applied: dict[str, Applied] = {}
        self.new_records: list[NewRecord] = []
        self.new_applied: list[dict[str, Any]] = []
        self.now_ms = int(time.time() * 1000)
        self.postgresql = backend_name(session.get_bind()) == "postgresql"
        self.chain = ChainChecker(session, device_id, caller.user_id, self.now_ms)

    # -- loading -------------------------------------------------------------------------------------
    def load(self, mutations: Sequence[Mutation]) -> None:
        ids = {m.mutation_id for m in mutations}
        stored = self.session.execute(
            select(AppliedMutation.mutation_id, AppliedMutation.payload_hash, AppliedMutation.outcome).where(
                _one_of(AppliedMutation.mutation_id, sorted(ids), self.postgresql)
            )
        )
        for mutation_id, digest, outcome in stored:
            self.applied[mutation_id] = Applied(digest, outcome)
        wanted: set[RecordKey] = set()
        for m in mutations:
            wanted.add((m.record_type, m.record_id))
            spec = RECORD_TYPES[m.record_type]
            if spec.parent and isinstance(m.fields.get(spec.parent[0]), str):
                wanted.add((spec.parent[1], m.fields[spec.parent[0]]))
            for name, target_type in references(spec).items():
                wanted.update((target_type, target_id) for target_id in _referenced_ids(m.fields.get(name)))
        ids_by_type: dict[str, list[str]] = {}
        for record_type, record_id in sorted(wanted):
            ids_by_type.setdefault(record_type, []).append(record_id)
        for record_type, record_ids in ids_by_type.items():
            for start in range(0, len(record_ids), 500):
                # One type at a time: `type = t AND id IN (...)` is one scan of the unique key's index.
                # Rows are locked until COMMIT, in the key's order, so that two batches touching the same
                # records queue instead of deadlocking; records that do not exist yet are guarded by the
                # unique key itself.
                locked = (
                    select(Record)
                    .where(
                        Record.record_type == record_type,
                        _one_of(Record.record_id, record_ids[start : start + 500], self.postgresql),
                    )
                    .order_by(Record.record_id)
                    .with_for_update()
                )
                for row in self.session.scalars(locked):
                    self.records[(row.record_type, row.record_id)] = row
        for key in wanted:
            self.records.setdefault(key, None)

    def get(self, record_type: str, record_id: str) -> Row | None:
        key = (record_type, record_id)
        if key not in self.records:
            self.records[key] = self.session.scalars(
                select(Record)
                .where(Record.record_type == record_type, Record.record_id == record_id)
                .with_for_update()
            ).one_or_none()
        return self.records[key]

    # -- whole-batch validation ----------------------------------------------------------------------
    def validate(self, mutations: Sequence[Mutation]) -> None:
        created: set[RecordKey] = set()
        seen_ids: set[str] = set()
        for index, m in enumerate(mutations):
            if m.mutation_id in self.applied or m.mutation_id in seen_ids:
                continue  # a replay or a reused id: answered from the stored outcome, not re-checked
            seen_ids.add(m.mutation_id)
            key = (m.record_type, m.record_id)
            spec = RECORD_TYPES[m.record_type]
            existing = self.records.get(key)
            creating = m.op == "upsert" and existing is None and key not in created
            if m.record_type == "audit_event" and m.fields.get("action") in SERVER_AUDIT_ACTIONS:
                # The server's own events (sign-ins, revocations...) are written by the server only.
                raise Forbidden(
                    details={"index": index, "reason": ForbiddenReason.SERVER_ONLY_TYPE, "field": "action"}
                )
            if m.op == "upsert":
                problems = check_fields(m.record_type, m.fields, creating=creating)
                if problems:
                    first = problems[0]
                    raise BadFields(
                        details={
                            "index": index,
                            "field": first.field,
                            "key": first.key,
                            "args": first.args,
                            "problems": [{"field": p.field, "key": p.key, "args": p.args} for p in problems],
                        }
                    )
            refusal = write_refusal(self.caller, spec, m.op, existing, m.fields)
            if refusal:
                raise Forbidden(details={"index": index, "reason": refusal})
            if creating:
                created.add(key)

    # -- applying ------------------------------------------------------------------------------------
    def apply(self, m: Mutation, digest: str) -> MutationOutcome:
        """Apply `m` (whose `payload_hash` is `digest`), or answer a replay from the stored outcome."""
        prior = self.applied.get(m.mutation_id)
        if prior is not None:
            if prior.payload_hash == digest:
                return MutationOutcome.model_validate(prior.outcome)
            return MutationOutcome(
                mutation_id=m.mutation_id, status="rejected", reason=RejectReason.MUTATION_ID_REUSED
            )
        outcome = self._effect(m)
        stored = outcome.model_dump(mode="json")
        self.new_applied.append(
            {
                "mutation_id": m.mutation_id,
                "payload_hash": digest,
                "outcome": stored,
                "device_id": self.device_id,
                "user_id": self.caller.user_id,
                "applied_ms": self.now_ms,
            }
        )
        self.applied[m.mutation_id] = Applied(digest, stored)
        return outcome

    def write_new_rows(self) -> None:
        """Insert the batch's new records and applied mutations, each table in one go (`bulk_rows`)."""
        insert_rows(self.session, Record.__table__, [row.values() for row in self.new_records])
        insert_rows(self.session, AppliedMutation.__table__, self.new_applied)

    def _effect(self, m: Mutation) -> MutationOutcome:
        spec = RECORD_TYPES[m.record_type]
        # A device clock far in the future must not win every merge: from here on the mutation's clock
        # is `incoming.hlc` (the payload hash, taken before this, still identifies the mutation as sent).
        incoming = merge.Incoming(
            op=m.op,
            fields=dict(m.fields) if m.op == "upsert" else {},
            hlc=hlc.clamp_to(m.hlc, self.now_ms),
            base_version=m.base_version,
            device_id=self.device_id,
            user_id=self.caller.user_id,
        )
        row = self.get(m.record_type, m.record_id)
        if _is_purged(row):
            if m.op == "delete":  # what the device wanted is done already
                return MutationOutcome(mutation_id=m.mutation_id, status="applied")
            # Expired or erased: nothing may bring its contents back, nor re-create its id.
            return self._rejected(m, RejectReason.RECORD_PURGED)
        if row is None:
            if m.op == "delete":
                return MutationOutcome(mutation_id=m.mutation_id, status="applied")
            return self._create(spec, m, incoming)
        if m.op == "upsert":
            problem = self._reference_problem(spec, m.fields, row.team_id, row)
            if problem:
                return self._rejected(m, problem)
        result = merge.merge(state_of(row), incoming)
        if result.status == "rejected":
            assert result.reason is not None, "merge names why it rejects"
            return self._rejected(m, result.reason)
        if result.state is not None:
            if spec.parent:
                moved = self._check_moved_parent(spec, row, result.state)
                if moved:
                    return self._rejected(m, moved)
            self._write(row, result.state)
        notes = [self._conflict(row, spec, c) for c in result.conflicts]
        return MutationOutcome(
            mutation_id=m.mutation_id,
            status=result.status,  # type: ignore[arg-type]
            record_version=row.version,
            conflicts=notes,
        )

    def _rejected(self, m: Mutation, reason: RejectReason) -> MutationOutcome:
        return MutationOutcome(mutation_id=m.mutation_id, status="rejected", reason=reason)

    def _parent_problem(self, spec: RecordSpec, parent: Row | None) -> RejectReason | None:
        if parent is None or not can_write_under(self.caller, spec, parent):
            # An unreadable parent is reported as absent: no existence leak.
            return RejectReason.PARENT_NOT_FOUND
        if _is_purged(parent):
            return RejectReason.RECORD_PURGED
        if parent.deleted:
            return RejectReason.DELETED
        return None

    def _reference_problem(
        self, spec: RecordSpec, fields: dict[str, Any], team_id: str | None, row: Row | None
    ) -> RejectReason | None:
        """`reference_not_found` when a field of `fields` points at a record that is absent, that the
        caller may not read, or that is of another team than `team_id` (the writing record's): one
        answer for the three, so that pushing a reference cannot probe whether a foreign id exists.
        References `row` already holds are not checked again: an edit of another field goes through."""
        for name, target_type in references(spec).items():
            already = set(_referenced_ids(row.fields.get(name))) if row is not None else set()
            for target_id in _referenced_ids(fields.get(name)):
                if target_id in already:
                    continue
                target = self.get(target_type, target_id)
                unread = spec.fields[name].refers_unread
                if target is None or not can_reference(self.caller, target, team_id, unread=unread):
                    return RejectReason.REFERENCE_NOT_FOUND
                if _is_purged(target):
                    return RejectReason.RECORD_PURGED
        return None

    def _check_moved_parent(
        self, spec: RecordSpec, row: Row, state: merge.RecordState
    ) -> RejectReason | None:
        field_name, parent_type = spec.parent  # type: ignore[misc]
        new_parent_id = state.fields.get(field_name)
        if new_parent_id == row.parent_id:
            return None
        parent = self.get(parent_type, new_parent_id)
        problem = self._parent_problem(spec, parent)
        if problem is None and parent is not None:
            row.team_id, row.owner_id, row.parent_id = parent.team_id, parent.owner_id, parent.record_id
        return problem

    def _create(self, spec: RecordSpec, m: Mutation, incoming: merge.Incoming) -> MutationOutcome:
        parent: Row | None = None
        if spec.parent:
            field_name, parent_type = spec.parent
            parent = self.get(parent_type, m.fields[field_name])
            problem = self._parent_problem(spec, parent)
            if problem:
                return self._rejected(m, problem)
        if parent is not None:
            team_id, owner_id, parent_id = parent.team_id, parent.owner_id, parent.record_id
        else:
            team_id, owner_id, parent_id = self.caller.home_team(m.team_id), self.caller.user_id, None
        problem = self._reference_problem(spec, m.fields, team_id, None)
        if problem:
            return self._rejected(m, problem)
        if spec.name == "review" and parent is not None and parent.fields.get("status") != "submitted":
            return self._rejected(m, RejectReason.NOT_SUBMITTED)  # only a submitted note can be reviewed
        if spec.name == "referral_event" and not is_valid_referral_transition(
            m.fields["from_status"], m.fields["to_status"]
        ):
            return self._rejected(m, RejectReason.INVALID_TRANSITION)
        server_fields: dict[str, Any] = {}
        if spec.merge is Merge.REFERRAL:
            server_fields["status"] = "draft"
        if spec.name == "referral_event":
            server_fields["effective"] = False
        if spec.name == "audit_event":
            server_fields.update(self.chain.check(m.record_id, m.fields))
            owner_id = self._audit_reader(m.fields)
        state = merge.create(spec.name, incoming, server_fields)
        row = NewRecord(
            record_type=spec.name,
            record_id=m.record_id,
            team_id=team_id,
            author_id=self.caller.user_id,
            owner_id=owner_id,
            read_scope=spec.scope.value,
            parent_id=parent_id,
            version=state.version,
            change_seq=0,
            deleted=False,
            created_hlc=incoming.hlc,
            updated_hlc=incoming.hlc,
            fields={},
            field_clocks={},
            last_device_id=None,
        )
        self._add(row)
        self._write(row, state)
        status = "applied"
        if spec.name == "referral_event" and parent is not None:
            self._replay_referral(parent)
            if not row.fields.get("effective"):
                status = "merged"  # kept in the timeline, superseded by a concurrent change
        elif spec.name in ("review", "amendment") and parent is not None:
            self._refresh_review_status(parent)
        return MutationOutcome(mutation_id=m.mutation_id, status=status, record_version=row.version)  # type: ignore[arg-type]

    def _audit_reader(self, fields: dict[str, Any]) -> str | None:
        """The owner of an audit event, who may read it beside the team's supervisors: the author of the
        encounter note it says was viewed (officers see who viewed their notes), when the writer could
        read that note. Any other event has no owner: officers do not read the audit trail."""
        if fields.get("action") != "viewed" or fields.get("subject_type") != "encounter":
            return None
        subject_id = fields.get("subject_id")
        if not isinstance(subject_id, str):
            return None
        key = ("encounter", subject_id)
        encounter = self.records.get(key) if key in self.records else self._peek(key)
        if encounter is None or encounter.deleted or not can_read(self.caller, encounter):
            return None
        return encounter.owner_id

    def _peek(self, key: RecordKey) -> Row | None:
        """A record read without locking it (an audit event only names it)."""
        return self.session.scalars(
            select(Record).where(Record.record_type == key[0], Record.record_id == key[1])
        ).one_or_none()

    def _add(self, row: NewRecord) -> None:
        self.new_records.append(row)
        self.records[(row.record_type, row.record_id)] = row

    def _write(self, row: Row, state: merge.RecordState) -> None:
        fields = dict(state.fields)
        if (
            row.record_type == "encounter"
            and fields.get("status") == "submitted"
            and not fields.get("review_status")
        ):
            fields["review_status"] = "pending"
        row.fields = fields
        encoded: dict[int, list[Any]] = {}  # a new record's fields share one clock: encode it once
        clocks: dict[str, list[Any]] = {}
        for name, clock in state.clocks.items():
            raw = encoded.get(id(clock))
            if raw is None:
                raw = encoded[id(clock)] = clock.to_json()
            clocks[name] = raw
        row.field_clocks = clocks
        row.version = state.version
        row.deleted = state.deleted
        row.updated_hlc = state.updated_hlc
        row.last_device_id = self.device_id
        row.changed_ms = self.now_ms
        row.change_seq = self.numbers.take()

    def _set_server_field(self, row: Row, name: str, value: Any) -> None:
        """Derived fields change outside any device's edit: a new version and change number, no clock."""
        if row.fields.get(name) == value:
            return
        row.fields = {**row.fields, name: value}
        row.version += 1
        row.changed_ms = self.now_ms
        row.change_seq = self.numbers.take()

    def _children(self, child_type: str, parent: Row) -> list[Row]:
        """Stored children and those created earlier in this batch (not in the database yet)."""
        rows: list[Row] = list(
            self.session.scalars(
                select(Record)
                .where(Record.record_type == child_type, Record.parent_id == parent.record_id)
                .order_by(Record.record_id)
                .with_for_update()
            )
        )
        rows.extend(
            row
            for row in self.new_records
            if row.record_type == child_type and row.parent_id == parent.record_id
        )
        return rows

    def _replay_referral(self, referral: Row) -> None:
        events = self._children("referral_event", referral)
        status, effective = derived.replay_referral(
            derived.TimelineEvent(e.record_id, e.created_hlc, e.fields["from_status"], e.fields["to_status"])
            for e in events
        )
        for event in events:
            self._set_server_field(event, "effective", effective[event.record_id])
        self._set_server_field(referral, "status", status)

    def _refresh_review_status(self, encounter: Row) -> None:
        reviews = self._children("review", encounter)
        corrections = [
            a.created_hlc
            for a in self._children("amendment", encounter)
            if a.fields.get("reason") != derived.TRANSLATION_REASON
        ]
        status = derived.review_status(
            (derived.ReviewDecision(r.record_id, r.created_hlc, r.fields["decision"]) for r in reviews),
            corrections,
        )
        if reviews:
            self._set_server_field(encounter, "review_status", status)

    def _conflict(self, subject: Row, spec: RecordSpec, note: merge.ConflictSpec) -> ConflictNote:
        conflict_id = str(uuid.uuid4())
        stamp = max(note.kept_hlc, note.set_aside_hlc)
        fields = {
            "subject_type": spec.name,
            "subject_id": subject.record_id,
            "kind": note.kind,
            "field": note.field,
            "kept_value": note.kept_value,
            "kept_hlc": note.kept_hlc,
            "kept_by": note.kept_by,
            "set_aside_value": note.set_aside_value,
            "set_aside_hlc": note.set_aside_hlc,
            "set_aside_by": note.set_aside_by,
            "status": "open",
            "resolution": None,
        }
        row = NewRecord(
            record_type="conflict",
            record_id=conflict_id,
            team_id=subject.team_id,
            author_id=None,
            owner_id=subject.owner_id,
            read_scope=subject.read_scope,
            parent_id=subject.record_id,
            version=1,
            change_seq=self.numbers.take(),
            deleted=False,
            created_hlc=stamp,
            updated_hlc=stamp,
            fields=fields,
            field_clocks={},
            last_device_id=self.device_id,
        )
        self._add(row)
        return ConflictNote(
            conflict_id=conflict_id,
            field=note.field,
            kept_value=note.kept_value,
            set_aside_value=note.set_aside_value,
        )


# Failures that only mean "another push got there first" (PostgreSQL SQLSTATEs): a deadlock between row
# locks, a serialization failure, or one of the two unique keys a concurrent push can take first (a
# create of the same record, a retry of the same mutation, a device's first chained audit event). The whole batch is rolled back and applied
# again from a fresh read. Any other unique violation is a fault in the data and is raised as one.
_RACE_STATES = frozenset({"40P01", "40001"})
_RACE_KEYS = frozenset({"uq_record_type_id", "pk_applied_mutation", "pk_audit_chain_head"})
MAX_ATTEMPTS = 5
_RETRY_PAUSE_S = 0.02  # times a random factor in [0, attempt]: racing pushes do not meet again at once


def _is_purged(row: Row | None) -> bool:
    """A purge marker (retention.py); a record created by this batch never is one."""
    return row is not None and getattr(row, "purged_ms", None) is not None


def _is_race(error: DBAPIError) -> bool:
    state = getattr(error.orig, "sqlstate", None)
    if state in _RACE_STATES:
        return True
    diag = getattr(error.orig, "diag", None)
    return state == "23505" and getattr(diag, "constraint_name", None) in _RACE_KEYS


def apply_push(
    session: Session,
    caller: Caller,
    device_id: str,
    mutations: Sequence[Mutation],
    *,
    commit_delay_ms: int = 0,
) -> PushResult:
    """Apply a batch in one transaction and commit it; raises an `ApiError` with nothing applied."""
    digests = check_shapes(mutations)
    for attempt in range(1, MAX_ATTEMPTS + 1):
        try:
            return _apply_once(session, caller, device_id, mutations, digests, commit_delay_ms)
        except DBAPIError as error:
            session.rollback()
            if not _is_race(error):
                raise
            log.info("push raced another push, applying again", extra={"fields": {"attempt": attempt}})
            time.sleep(random.uniform(0, attempt * _RETRY_PAUSE_S))
        except BaseException:
            session.rollback()
            raise
    raise ServerBusy()


def _apply_once(
    session: Session,
    caller: Caller,
    device_id: str,
    mutations: Sequence[Mutation],
    digests: Sequence[str],
    commit_delay_ms: int,
) -> PushResult:
    numbers = begin_feed_write(session)
    batch = _Batch(session, caller, device_id, numbers)
    batch.load(mutations)
    batch.validate(mutations)
    outcomes = [batch.apply(m, digest) for m, digest in zip(mutations, digests, strict=True)]
    batch.write_new_rows()
    batch.chain.save()
    session.flush()
    numbers.publish()  # the writers' lock is held from here to the commit
    if commit_delay_ms:
        time.sleep(random.uniform(0, commit_delay_ms) / 1000)
    session.commit()
    counts: dict[str, int] = {"mutations": len(mutations), "changes": numbers.taken}
    for outcome in outcomes:
        counts[outcome.status] = counts.get(outcome.status, 0) + 1
    return PushResult(outcomes, counts)
