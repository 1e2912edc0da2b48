"""The merge rules: how the server referees a mutation against the stored record.

Pure functions over small value objects (no database), so that the rules can be tested exhaustively and
property-tested for convergence. `push.py` loads the state, calls these, and writes the result.

Concurrency is decided per field from its clock (hlc, version it was set at, device, user): a stored
value is *concurrent* with an incoming one when another device set it at a version the incoming device
had not seen (`> base_version`, or any version when the device never saw the record). Non-concurrent
values are simply replaced (the device saw them and chose to overwrite); concurrent different values are
settled by hybrid logical clock, and the loser is kept as a conflict record for a person, never dropped.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from liaison_protocol.error_codes import RejectReason
from liaison_protocol.records import RECORD_TYPES, Merge

# Key in `field_clocks` for the clock of a deletion (field names never start with an underscore).
DELETED_CLOCK = "_deleted"


@dataclass(frozen=True)
class FieldClock:
    hlc: str
    version: int
    device_id: str | None
    user_id: str | None

    def to_json(self) -> list[Any]:
        return [self.hlc, self.version, self.device_id, self.user_id]

    @staticmethod
    def from_json(raw: list[Any]) -> FieldClock:
        hlc, version, device_id, user_id = (list(raw) + [None, None, None, None])[:4]
        return FieldClock(str(hlc), int(version or 0), device_id, user_id)


@dataclass(frozen=True)
class RecordState:
    record_type: str
    fields: Mapping[str, Any]
    clocks: Mapping[str, FieldClock]
    version: int
    deleted: bool
    updated_hlc: str


@dataclass(frozen=True)
class Incoming:
    op: str
    fields: Mapping[str, Any]
    hlc: str
    base_version: int | None
    device_id: str
    user_id: str


@dataclass(frozen=True)
class ConflictSpec:
    """A conflict record to create. `field` None with kind `delete_edit` means the whole record."""

    kind: str
    field: str | None
    kept_value: Any
    kept_hlc: str
    kept_by: str | None
    set_aside_value: Any
    set_aside_hlc: str
    set_aside_by: str | None


@dataclass(frozen=True)
class MergeResult:
    status: str  # applied | merged | conflict | rejected
    reason: RejectReason | None = None
    state: RecordState | None = None  # the new state; None when the record is unchanged
    conflicts: tuple[ConflictSpec, ...] = field(default=())


def _concurrent(clock: FieldClock, incoming: Incoming) -> bool:
    if clock.device_id == incoming.device_id:
        return False
    return incoming.base_version is None or clock.version > incoming.base_version


def _client_fields(record_type: str) -> frozenset[str]:
    spec = RECORD_TYPES[record_type]
    return frozenset(name for name, fs in spec.fields.items() if not fs.server_only)


def create(
    record_type: str, incoming: Incoming, server_fields: Mapping[str, Any] | None = None
) -> RecordState:
    """The state of a record created by `incoming` (version 1)."""
    clock = FieldClock(incoming.hlc, 1, incoming.device_id, incoming.user_id)
    fields = dict(incoming.fields)
    fields.update(server_fields or {})
    return RecordState(
        record_type=record_type,
        fields=fields,
        clocks={name: clock for name in incoming.fields},
        version=1,
        deleted=False,
        updated_hlc=incoming.hlc,
    )


def merge_fields(state: RecordState, incoming: Incoming) -> MergeResult:
    """Field-by-field merge of an upsert into a live record (FIELDS, drafts, referral fields)."""
    new_version = state.version + 1
    fields = dict(state.fields)
    clocks = dict(state.clocks)
    conflicts: list[ConflictSpec] = []
    changed = lost = concurrent_seen = False
    for name, value in incoming.fields.items():
        current = state.fields.get(name)
        clock = state.clocks.get(name)
        mine = FieldClock(incoming.hlc, new_version, incoming.device_id, incoming.user_id)
        if clock is None or not _concurrent(clock, incoming):
            if clock is None or current != value:
                fields[name], clocks[name] = value, mine
                changed = True
            continue
        concurrent_seen = True
        if current == value:
            continue
        if incoming.hlc > clock.hlc:
            fields[name], clocks[name] = value, mine
            changed = True
            conflicts.append(
                ConflictSpec(
                    "field", name, value, incoming.hlc, incoming.user_id, current, clock.hlc, clock.user_id
                )
            )
        else:
            lost = True
            conflicts.append(
                ConflictSpec(
                    "field", name, current, clock.hlc, clock.user_id, value, incoming.hlc, incoming.user_id
                )
            )
    status = "conflict" if lost else ("merged" if concurrent_seen else "applied")
    if not changed:
        return MergeResult(status, conflicts=tuple(conflicts))
    new_state = replace(
        state,
        fields=fields,
        clocks=clocks,
        version=new_version,
        updated_hlc=max(state.updated_hlc, incoming.hlc),
    )
    return MergeResult(status, state=new_state, conflicts=tuple(conflicts))


def merge_delete(state: RecordState, incoming: Incoming) -> MergeResult:
    """A delete racing edits it has not seen does not delete: the edits are kept as a `delete_edit`
    conflict, so a person decides, and the result is the same in either arrival order."""
    if state.deleted:
        return MergeResult("applied")
    unseen = {
        name: clock
        for name, clock in state.clocks.items()
        if name != DELETED_CLOCK and _concurrent(clock, incoming)
    }
    if unseen:
        latest = max(unseen.values(), key=lambda c: c.hlc)
        kept = {name: state.fields.get(name) for name in sorted(unseen)}
        note = ConflictSpec(
            "delete_edit", None, kept, latest.hlc, latest.user_id, None, incoming.hlc, incoming.user_id
        )
        return MergeResult("conflict", conflicts=(note,))
    clocks = dict(state.clocks)
    new_version = state.version + 1
    clocks[DELETED_CLOCK] = FieldClock(incoming.hlc, new_version, incoming.device_id, incoming.user_id)
    new_state = replace(
        state,
        clocks=clocks,
        version=new_version,
        deleted=True,
        updated_hlc=max(state.updated_hlc, incoming.hlc),
    )
    return MergeResult("applied", state=new_state)


def merge_into_deleted(state: RecordState, incoming: Incoming) -> MergeResult:
    """An edit made without knowing of a deletion resurrects the record (and records the race as a
    `delete_edit` conflict); an edit by a device that had seen the deletion is refused.

    Only an edit that changes something resurrects: had it arrived before the delete, an edit that set
    nothing would not have stopped the delete either, and both arrival orders must end alike.
    """
    deletion = state.clocks.get(DELETED_CLOCK)
    if deletion is None or not _concurrent(deletion, incoming):
        return MergeResult("rejected", reason=RejectReason.DELETED)
    clocks = {name: clock for name, clock in state.clocks.items() if name != DELETED_CLOCK}
    revived = replace(state, clocks=clocks, deleted=False)
    merged = merge_fields(revived, incoming)
    if merged.state is None:
        return MergeResult("applied")
    set_now = {
        name: merged.state.fields.get(name)
        for name, clock in merged.state.clocks.items()
        if clock.device_id == incoming.device_id and clock.hlc == incoming.hlc
    }
    if not set_now:
        return MergeResult("applied")
    note = ConflictSpec(
        "delete_edit",
        None,
        dict(sorted(set_now.items())),
        incoming.hlc,
        incoming.user_id,
        None,
        deletion.hlc,
        deletion.user_id,
    )
    status = "conflict" if merged.status == "conflict" else "merged"
    return MergeResult(status, state=merged.state, conflicts=(*merged.conflicts, note))


def merge_append_only(state: RecordState, incoming: Incoming) -> MergeResult:
    """Created once. Sending the same content again (a retry under a new mutation id) is harmless."""
    if incoming.op == "delete":
        return MergeResult("rejected", reason=RejectReason.APPEND_ONLY)
    visible = _client_fields(state.record_type)
    same = all(incoming.fields.get(name) == state.fields.get(name) for name in visible)
    return MergeResult("applied") if same else MergeResult("rejected", reason=RejectReason.APPEND_ONLY)


def is_frozen(state: RecordState) -> bool:
    """A submitted encounter never changes again (amendments are separate records)."""
    spec = RECORD_TYPES[state.record_type]
    return spec.merge is Merge.DRAFT_THEN_IMMUTABLE and state.fields.get("status") == "submitted"


def merge(state: RecordState, incoming: Incoming) -> MergeResult:
    """Referee `incoming` against the stored `state` of the same record."""
    spec = RECORD_TYPES[state.record_type]
    if spec.merge is Merge.APPEND_ONLY:
        return merge_append_only(state, incoming)
    if is_frozen(state) and not state.deleted:
        return MergeResult("rejected", reason=RejectReason.IMMUTABLE)
    if incoming.op == "delete":
        return merge_delete(state, incoming)
    if state.deleted:
        return merge_into_deleted(state, incoming)
    return merge_fields(state, incoming)
