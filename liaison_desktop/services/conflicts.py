"""Conflicts: two people changed the same thing at once, the server kept one and set the other aside.

The server makes `conflict` records when it referees concurrent different edits (ARCHITECTURE.md, "Merge
rules"); they sync down like any record. A person resolves one here: keep mine, keep theirs, or combine
the two texts (a field conflict), or keep or delete the record (a delete racing an edit). The chosen value
is written to the record and the conflict is marked resolved, both as ordinary local edits in one
transaction, so the choice reaches the server and every other device like any edit.

"Mine" is the side this profile's user wrote. When neither side is theirs (a supervisor looking at two
officers' edits), the kept value is shown as "theirs" and the one set aside as "mine", so "keep mine"
still means "use the value that lost".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select

from liaison_desktop.store.models import record_tables
from liaison_desktop.store.record_store import WriteTxn, fetch_record
from liaison_protocol.hlc import InvalidTimestamp, wall_ms_of
from liaison_protocol.records import RECORD_TYPES, FieldKind, FieldProblem, Merge

from .audit import AuditLog
from .context import ServiceContext
from .errors import AlreadyMerged, ImmutableRecord, NotAllowed, NotFound, ServiceError, ValidationFailed
from .permissions import Access, may_read_record, may_read_type, require_record, require_type
from .record_checks import validate
from .record_labels import record_label

RECORD = "conflict"
FIELD_CHOICES = ("mine", "theirs", "combined")
DELETE_EDIT_CHOICES = ("keep", "delete")
_TEXT_KINDS = (FieldKind.TEXT, FieldKind.LONG_TEXT)
# What a supervisor may change in an ambassador's feedback (the server's rule: answers only).
_SUPERVISOR_FEEDBACK_FIELDS = frozenset({"status", "answer", "answer_language"})


class ConflictAlreadyResolved(ServiceError):
    """Someone resolved this conflict already (here, or on a device whose choice has synced). params:
    conflict_id."""

    key = "service.conflict_already_resolved"


@dataclass(frozen=True)
class ConflictSide:
    """One of the two competing versions."""

    value: Any  # a field's value; for a delete racing an edit: the edited fields, or None for the delete
    written_by: str | None  # user id
    written_at_ms: int | None  # when it was written (the clock's wall time, UTC milliseconds)
    by_me: bool  # written by this profile's user
    in_use: bool  # what the record holds now


@dataclass(frozen=True)
class ConflictView:
    """An open conflict as the conflicts panel shows it."""

    conflict_id: str
    subject_type: str
    subject_id: str
    subject_label: str | None  # a short name of the record ("Amina Yusuf"); never log it
    kind: str  # "field" or "delete_edit"
    field: str | None  # the field in question (None for delete_edit)
    mine: ConflictSide
    theirs: ConflictSide
    combinable: bool  # both sides are text, so "combine" can offer an editor prefilled with both

    @property
    def choices(self) -> tuple[str, ...]:
        if self.kind == "delete_edit":
            return DELETE_EDIT_CHOICES
        return FIELD_CHOICES if self.combinable else FIELD_CHOICES[:2]


class ConflictService:
    def __init__(self, context: ServiceContext, audit: AuditLog) -> None:
        self._context = context
        self._audit = audit

    def open_conflicts(self, *, limit: int = 500) -> list[ConflictView]:
        """The open conflicts about records this user may read, newest first. A role that reads no
        conflicts (an admin) has none to resolve: an empty list, so the panel and its count stay calm."""
        actor = self._context.actor
        if not may_read_type(actor.role, RECORD):
            return []
        conflicts = record_tables[RECORD]
        views: list[ConflictView] = []
        with self._context.store.read() as connection:
            rows = connection.execute(
                select(conflicts)
                .where(conflicts.c.status == "open", conflicts.c.deleted.is_(False))
                .order_by(conflicts.c.updated_hlc.desc(), conflicts.c.id)
            ).mappings()
            for row in rows:
                conflict = dict(row)
                subject = self._readable_subject(connection, conflict)
                if subject is None:
                    continue
                views.append(self._view(conflict, subject))
                if len(views) >= limit:
                    break
        return views

    def open_count(self) -> int:
        """How many conflicts wait for a person (for a badge); counts what `open_conflicts` lists."""
        return len(self.open_conflicts())

    def resolve(self, conflict_id: str, choice: str, combined_text: str | None = None) -> None:
        """Settle a conflict: `mine`, `theirs` or `combined` (with `combined_text`) for a field conflict,
        `keep` or `delete` for a delete that raced an edit. The record gets the chosen value when it
        differs from what it holds, and the conflict is marked resolved, in one transaction.

        Raises `ConflictAlreadyResolved`, `NotFound` (the conflict or its record is gone), `NotAllowed`,
        `ImmutableRecord`, `AlreadyMerged` or `ValidationFailed` (a combined text that does not fit)."""
        actor = self._context.actor
        require_type(actor, Access.WRITE, RECORD)
        with self._context.store.write() as txn:
            conflict = txn.get(RECORD, conflict_id)
            if conflict is None or conflict["deleted"]:
                raise NotFound(record_type=RECORD, record_id=conflict_id)
            if conflict["status"] != "open":
                raise ConflictAlreadyResolved(conflict_id=conflict_id)
            subject_type, subject_id = conflict["subject_type"], conflict["subject_id"]
            if subject_type not in RECORD_TYPES:
                raise NotFound(record_type=subject_type, record_id=subject_id)
            subject = txn.get(subject_type, subject_id)
            if subject is None:
                raise NotFound(record_type=subject_type, record_id=subject_id)
            parent = self._parent(txn.connection, subject_type, subject)
            require_record(actor, Access.WRITE, subject_type, subject, parent)
            if conflict["kind"] == "delete_edit":
                self._settle_delete_edit(txn, subject_type, subject, choice)
            else:
                self._settle_field(txn, conflict, subject, choice, combined_text)
            txn.update(RECORD, conflict_id, {"status": "resolved", "resolution": choice})

    # -- settling ------------------------------------------------------------------------------------

    def _settle_field(
        self,
        txn: WriteTxn,
        conflict: dict[str, Any],
        subject: dict[str, Any],
        choice: str,
        combined: str | None,
    ) -> None:
        if choice not in FIELD_CHOICES:
            raise ValueError(f"unknown choice {choice!r} for a field conflict")
        subject_type, field = conflict["subject_type"], conflict["field"]
        if field not in RECORD_TYPES[subject_type].fields:
            raise NotFound(record_type=subject_type, record_id=subject["id"])
        if subject["deleted"]:
            raise NotFound(record_type=subject_type, record_id=subject["id"])
        mine, theirs = self._sides(conflict, subject)
        if choice == "combined":
            if combined is None:
                raise ValueError("a combined resolution needs the combined text")
            if not _combinable(subject_type, field, mine.value, theirs.value):
                raise ValidationFailed(subject_type, [FieldProblem(field, "conflict.not_combinable")])
            value: Any = combined
        else:
            value = mine.value if choice == "mine" else theirs.value
        if subject.get(field) == value:
            return
        self._check_editable(subject_type, subject, [field])
        validate(subject_type, {field: value}, creating=False)
        txn.update(subject_type, subject["id"], {field: value})
        self._audit.record(txn, "changed", subject_type, subject["id"])

    def _settle_delete_edit(
        self, txn: WriteTxn, subject_type: str, subject: dict[str, Any], choice: str
    ) -> None:
        if choice not in DELETE_EDIT_CHOICES:
            raise ValueError(f"unknown choice {choice!r} for a delete that raced an edit")
        if choice == "keep" or subject["deleted"]:
            return
        self._check_editable(subject_type, subject, None)
        txn.delete(subject_type, subject["id"])
        self._audit.record(txn, "deleted", subject_type, subject["id"])

    def _check_editable(self, subject_type: str, subject: dict[str, Any], fields: list[str] | None) -> None:
        """The local mirror of what the server would refuse, so a resolution is not sent only to come
        back refused. `fields` None: a delete."""
        actor = self._context.actor
        frozen = RECORD_TYPES[subject_type].merge is Merge.DRAFT_THEN_IMMUTABLE
        if frozen and subject.get("status") == "submitted":
            raise ImmutableRecord(record_type=subject_type, record_id=subject["id"], status="submitted")
        if subject_type == "contact" and subject.get("merged_into"):
            raise AlreadyMerged(record_id=subject["id"], merged_into=subject["merged_into"])
        if subject_type == "feedback" and actor.role == "supervisor":
            if fields is None or not set(fields) <= _SUPERVISOR_FEEDBACK_FIELDS:
                raise NotAllowed(role=actor.role, action="write", record_type=subject_type)

    # -- reading -------------------------------------------------------------------------------------

    def _readable_subject(self, connection: Connection, conflict: dict[str, Any]) -> dict[str, Any] | None:
        """The conflict's record when this user may read it and it is still there to decide about."""
        subject_type = conflict["subject_type"]
        # A conflict about a conflict (two people resolved one differently at once) is not shown: the
        # resolution the server kept stands, and the person sees the record's current value.
        if subject_type not in RECORD_TYPES or subject_type == RECORD:
            return None
        subject = fetch_record(connection, subject_type, conflict["subject_id"])
        if subject is None:
            return None
        if subject["deleted"] and conflict["kind"] != "delete_edit":
            return None  # nothing left to choose a value for
        parent = self._parent(connection, subject_type, subject)
        if not may_read_record(self._context.actor, subject_type, subject, parent):
            return None
        return subject

    @staticmethod
    def _parent(connection: Connection, subject_type: str, subject: dict[str, Any]) -> dict[str, Any] | None:
        spec = RECORD_TYPES[subject_type]
        if not spec.parent or not subject.get(spec.parent[0]):
            return None
        return fetch_record(connection, spec.parent[1], subject[spec.parent[0]])

    def _view(self, conflict: dict[str, Any], subject: dict[str, Any]) -> ConflictView:
        mine, theirs = self._sides(conflict, subject)
        field = conflict["field"] if conflict["kind"] != "delete_edit" else None
        return ConflictView(
            conflict_id=conflict["id"],
            subject_type=conflict["subject_type"],
            subject_id=conflict["subject_id"],
            subject_label=record_label(conflict["subject_type"], subject),
            kind=conflict["kind"] or "field",
            field=field,
            mine=mine,
            theirs=theirs,
            combinable=field is not None
            and _combinable(conflict["subject_type"], field, mine.value, theirs.value),
        )

    def _sides(self, conflict: dict[str, Any], subject: dict[str, Any]) -> tuple[ConflictSide, ConflictSide]:
        """(mine, theirs): the side this user wrote is mine; if neither, the kept side is theirs."""
        me = self._context.actor.user_id
        deleting = conflict["kind"] == "delete_edit"
        if deleting:
            kept_in_use, aside_in_use = not subject["deleted"], bool(subject["deleted"])
        else:
            current = subject.get(conflict["field"]) if conflict["field"] else None
            kept_in_use = current == conflict["kept_value"]
            aside_in_use = not kept_in_use and current == conflict["set_aside_value"]
        kept = ConflictSide(
            conflict["kept_value"],
            conflict["kept_by"],
            _wall_ms(conflict["kept_hlc"]),
            conflict["kept_by"] == me,
            kept_in_use,
        )
        aside = ConflictSide(
            conflict["set_aside_value"],
            conflict["set_aside_by"],
            _wall_ms(conflict["set_aside_hlc"]),
            conflict["set_aside_by"] == me,
            aside_in_use,
        )
        return (kept, aside) if kept.by_me else (aside, kept)


def _combinable(subject_type: str, field: str, mine: Any, theirs: Any) -> bool:
    spec = RECORD_TYPES[subject_type].fields.get(field)
    return (
        spec is not None
        and spec.kind in _TEXT_KINDS
        and all(value is None or isinstance(value, str) for value in (mine, theirs))
    )


def _wall_ms(stamp: str | None) -> int | None:
    """The wall time of a clock stamp, for "when" on screen (never the stamp itself)."""
    if not stamp:
        return None
    try:
        return wall_ms_of(stamp)
    except InvalidTimestamp:
        return None
