"""Every syncable record type: its fields, how concurrent edits merge, and who may see it.

This table is the contract between the desktop store and the server. The desktop tables use these field
names as column names; the server validates each pushed field against its kind here. Rules that need
more than a field's type (phone normalisation, consent, status transitions) live in the desktop
application services and in the server's merge module, which both read this table.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from dataclasses import dataclass, field
from typing import Any

from liaison_protocol.audit_chain import ChainStatus


class FieldKind(enum.Enum):
    TEXT = "text"  # short text (names, places)
    LONG_TEXT = "long_text"  # free text (notes, concerns, feedback); never logged
    BOOL = "bool"
    INT = "int"
    DATE = "date"  # ISO 8601 date
    DATETIME = "datetime"  # ISO 8601 date and time with offset
    UUID = "uuid"  # reference to another record
    TEXT_LIST = "text_list"
    UUID_LIST = "uuid_list"
    CHOICE = "choice"  # one of `choices`
    CONSENT = "consent"  # see CONSENT_KEYS
    TRANSLATIONS = "translations"  # {language code: text}, kept beside the original
    JSON = "json"  # any JSON value (conflict values)


class Merge(enum.Enum):
    """How the server referees concurrent edits of a record type."""

    FIELDS = "fields"  # field by field by clock; a concurrent different value becomes a conflict
    DRAFT_THEN_IMMUTABLE = "draft_then_immutable"  # like FIELDS while a draft; frozen once submitted
    APPEND_ONLY = "append_only"  # created once, never changed
    REFERRAL = "referral"  # FIELDS, but status only moves through referral_event records


class Scope(enum.Enum):
    """Who may read a record type (enforced by the server on every read and write)."""

    TEAM = "team"  # officers and supervisors of the record's team
    DIRECTORY = "directory"  # everyone in the team, ambassadors included
    PRIVATE = "private"  # the owner (an encounter's author) and the team's supervisors
    FEEDBACK = "feedback"  # the ambassador who wrote it and the team's supervisors
    AUDIT = "audit"  # written by everyone's device, read by supervisors of the team and admins
    SUBJECT = "subject"  # conflicts: whoever may read the record the conflict is about


@dataclass(frozen=True)
class FieldSpec:
    kind: FieldKind
    choices: tuple[str, ...] = ()
    required: bool = False
    max_length: int = 0  # 0: the kind's default
    server_only: bool = False  # derived by the server; a pushed value is rejected
    # The record type a UUID / UUID_LIST field points at. The server refuses a reference to a record the
    # writer may not read, or of another team, exactly as one to an id that does not exist
    # (`reference_not_found`), so a push cannot tell whether a foreign id exists. Parent fields are
    # checked as parents (`RecordSpec.parent`); an audit event's subject is not a reference (it names a
    # record of any type, possibly purged, and an audit event must never be lost).
    refers_to: str | None = None
    # A reference a member of the team may make to a record of the team they cannot read: an ambassador
    # links feedback to the resident it came from (with their recorded consent) without reading contacts.
    # Still refused across teams and for an id that does not exist, with the same answer.
    refers_unread: bool = False


@dataclass(frozen=True)
class RecordSpec:
    name: str
    merge: Merge
    scope: Scope
    fields: dict[str, FieldSpec]
    parent: tuple[str, str] | None = None  # (field, record type) the scope is inherited from
    text_fields: tuple[str, ...] = ()  # indexed for full-text search
    roles_that_write: frozenset[str] = field(default_factory=frozenset)


ROLES = ("officer", "ambassador", "supervisor", "admin")

SERVICE_CATEGORIES = (
    "housing",
    "health",
    "mental_health",
    "legal_aid",
    "language_classes",
    "employment",
    "education",
    "social_services",
    "victim_support",
    "food",
    "youth",
    "elder_care",
)
COMMUNITY_ROLES = (
    "resident",
    "faith_leader",
    "business_owner",
    "school_staff",
    "community_organizer",
    "youth_leader",
    "health_worker",
    "elder",
    "other",
)
CONSENT_METHODS = ("verbal", "written", "electronic", "through_interpreter")
REFERRAL_STATUSES = ("draft", "sent", "accepted", "completed", "declined", "no_show", "withdrawn")
ENCOUNTER_KINDS = (
    "field_visit",
    "school",
    "faith_center",
    "community_event",
    "phone",
    "walk_in",
    "business",
    "home_visit",
    "other",
)
ENCOUNTER_STATUSES = ("draft", "submitted")
REVIEW_STATUSES = ("pending", "approved", "returned")
MEETING_KINDS = (
    "town_hall",
    "listening_session",
    "mediated_exchange",
    "neighborhood_council",
    "community_briefing",
)
COMMITMENT_STATUSES = ("open", "in_progress", "done", "dropped")
AFTER_ACTION_STATUSES = ("open", "closed")
SENTIMENTS = ("positive", "neutral", "negative", "mixed")
FEEDBACK_STATUSES = ("new", "seen", "answered")
REVIEW_DECISIONS = ("approved", "returned")
CHAIN_STATUSES = tuple(status.value for status in ChainStatus)
AUDIT_ACTIONS = ("created", "viewed", "changed", "deleted", "exported", "signed_in", "merged", "submitted")
CONFLICT_KINDS = ("field", "delete_edit")
CONFLICT_STATUSES = ("open", "resolved")
CONSENT_KEYS = frozenset({"granted", "scope", "given_on", "method", "expires_on"})

F = FieldSpec
K = FieldKind
_TEAM_WRITERS = frozenset({"officer", "supervisor"})

RECORD_TYPES: dict[str, RecordSpec] = {
    spec.name: spec
    for spec in (
        RecordSpec(
            "contact",
            Merge.FIELDS,
            Scope.TEAM,
            {
                "given_name": F(K.TEXT, required=True),
                "family_name": F(K.TEXT),
                "preferred_name": F(K.TEXT),
                "languages": F(K.TEXT_LIST),
                "phone": F(K.TEXT, max_length=32),
                "email": F(K.TEXT, max_length=254),
                "neighborhood": F(K.TEXT),
                "address": F(K.TEXT, max_length=500),
                "organization": F(K.TEXT),
                "community_role": F(K.CHOICE, COMMUNITY_ROLES),
                "interpreter_needed": F(K.BOOL),
                "consent_contact": F(K.CONSENT),
                "consent_share": F(K.CONSENT),
                "tags": F(K.TEXT_LIST),
                "notes": F(K.LONG_TEXT),
                "notes_language": F(K.TEXT, max_length=35),
                "merged_into": F(K.UUID, refers_to="contact"),
            },
            text_fields=("given_name", "family_name", "preferred_name", "organization", "notes"),
            roles_that_write=_TEAM_WRITERS,
        ),
        RecordSpec(
            "service",
            Merge.FIELDS,
            Scope.DIRECTORY,
            {
                "name": F(K.TEXT, required=True),
                "provider": F(K.TEXT),
                "category": F(K.CHOICE, SERVICE_CATEGORIES, required=True),
                "languages": F(K.TEXT_LIST),
                "address": F(K.TEXT, max_length=500),
                "neighborhood": F(K.TEXT),
                "hours": F(K.TEXT, max_length=500),
                "eligibility": F(K.LONG_TEXT),
                "how_to_reach": F(K.TEXT, max_length=500),
                "phone": F(K.TEXT, max_length=32),
                "website": F(K.TEXT, max_length=500),
            },
            roles_that_write=_TEAM_WRITERS,
        ),
        RecordSpec(
            "referral",
            Merge.REFERRAL,
            Scope.TEAM,
            {
                "contact_id": F(K.UUID, required=True, refers_to="contact"),
                "service_id": F(K.UUID, required=True, refers_to="service"),
                "reason": F(K.LONG_TEXT),
                "reason_language": F(K.TEXT, max_length=35),
                "status": F(K.CHOICE, REFERRAL_STATUSES, server_only=True),
                "follow_up_on": F(K.DATE),
                "outcome": F(K.LONG_TEXT),
            },
            roles_that_write=_TEAM_WRITERS,
        ),
        RecordSpec(
            "referral_event",
            Merge.APPEND_ONLY,
            Scope.TEAM,
            {
                "referral_id": F(K.UUID, required=True),
                "from_status": F(K.CHOICE, REFERRAL_STATUSES, required=True),
                "to_status": F(K.CHOICE, REFERRAL_STATUSES, required=True),
                "note": F(K.LONG_TEXT),
                "effective": F(K.BOOL, server_only=True),  # False: superseded by a concurrent change
            },
            parent=("referral_id", "referral"),
            roles_that_write=_TEAM_WRITERS,
        ),
        RecordSpec(
            "encounter",
            Merge.DRAFT_THEN_IMMUTABLE,
            Scope.PRIVATE,
            {
                "occurred_at": F(K.DATETIME, required=True),
                "neighborhood": F(K.TEXT),
                "place": F(K.TEXT),
                "kind": F(K.CHOICE, ENCOUNTER_KINDS, required=True),
                "participant_ids": F(K.UUID_LIST, refers_to="contact"),
                "language": F(K.TEXT, max_length=35),
                "interpreter_used": F(K.BOOL),
                "summary": F(K.LONG_TEXT),
                "summary_language": F(K.TEXT, max_length=35),
                "translations": F(K.TRANSLATIONS),
                "follow_up_needed": F(K.BOOL),
                "adverse_interaction": F(K.BOOL),
                "status": F(K.CHOICE, ENCOUNTER_STATUSES),
                "review_status": F(K.CHOICE, REVIEW_STATUSES, server_only=True),
            },
            text_fields=("summary",),
            roles_that_write=frozenset({"officer"}),
        ),
        RecordSpec(
            "amendment",
            Merge.APPEND_ONLY,
            Scope.PRIVATE,
            {
                "encounter_id": F(K.UUID, required=True),
                "text": F(K.LONG_TEXT, required=True),
                "text_language": F(K.TEXT, max_length=35),
                "reason": F(K.TEXT, max_length=500),
            },
            parent=("encounter_id", "encounter"),
            text_fields=("text",),
            roles_that_write=frozenset({"officer"}),
        ),
        RecordSpec(
            "meeting",
            Merge.FIELDS,
            Scope.TEAM,
            {
                "kind": F(K.CHOICE, MEETING_KINDS, required=True),
                "title": F(K.TEXT),
                "held_on": F(K.DATE, required=True),
                "place": F(K.TEXT),
                "neighborhood": F(K.TEXT),
                "facilitators": F(K.TEXT_LIST),
                "attendance_count": F(K.INT),
                # Who came, as organizations (a mosque council, a tenants' union), never a list of residents.
                "organizations": F(K.TEXT_LIST),
                "languages": F(K.TEXT_LIST),
                "concerns": F(K.LONG_TEXT),
                "concerns_language": F(K.TEXT, max_length=35),
                "translations": F(K.TRANSLATIONS),
            },
            text_fields=("title", "concerns"),
            roles_that_write=_TEAM_WRITERS,
        ),
        RecordSpec(
            "commitment",
            Merge.FIELDS,
            Scope.TEAM,
            {
                "meeting_id": F(K.UUID, required=True),
                "description": F(K.LONG_TEXT, required=True),
                "owner": F(K.TEXT),
                "due_on": F(K.DATE),
                "status": F(K.CHOICE, COMMITMENT_STATUSES),
            },
            parent=("meeting_id", "meeting"),
            text_fields=("description",),
            roles_that_write=_TEAM_WRITERS,
        ),
        # After an incident: what happened (no personal data by default), the community briefing held
        # (a meeting), the lessons learned; its commitments are tracked like a meeting's.
        RecordSpec(
            "after_action_review",
            Merge.FIELDS,
            Scope.TEAM,
            {
                "title": F(K.TEXT, required=True),
                "incident_on": F(K.DATE, required=True),
                "neighborhood": F(K.TEXT),
                "what_happened": F(K.LONG_TEXT),
                "what_happened_language": F(K.TEXT, max_length=35),
                "briefing_meeting_id": F(K.UUID, refers_to="meeting"),
                "lessons": F(K.LONG_TEXT),
                "translations": F(K.TRANSLATIONS),
                "status": F(K.CHOICE, AFTER_ACTION_STATUSES),
            },
            text_fields=("title", "what_happened", "lessons"),
            roles_that_write=_TEAM_WRITERS,
        ),
        RecordSpec(
            "after_action_commitment",
            Merge.FIELDS,
            Scope.TEAM,
            {
                "review_id": F(K.UUID, required=True),
                "description": F(K.LONG_TEXT, required=True),
                "owner": F(K.TEXT),
                "due_on": F(K.DATE),
                "status": F(K.CHOICE, COMMITMENT_STATUSES),
            },
            parent=("review_id", "after_action_review"),
            text_fields=("description",),
            roles_that_write=_TEAM_WRITERS,
        ),
        RecordSpec(
            "feedback",
            Merge.FIELDS,
            Scope.FEEDBACK,
            {
                "topic": F(K.TEXT, required=True),
                "sentiment": F(K.CHOICE, SENTIMENTS, required=True),
                "text": F(K.LONG_TEXT),
                "text_language": F(K.TEXT, max_length=35),
                "neighborhood": F(K.TEXT),
                "contact_id": F(K.UUID, refers_to="contact", refers_unread=True),
                "contact_consent": F(K.CONSENT),
                "translations": F(K.TRANSLATIONS),
                "status": F(K.CHOICE, FEEDBACK_STATUSES),
                "answer": F(K.LONG_TEXT),
                "answer_language": F(K.TEXT, max_length=35),
            },
            text_fields=("topic", "text"),
            roles_that_write=frozenset({"ambassador", "supervisor"}),
        ),
        RecordSpec(
            "review",
            Merge.APPEND_ONLY,
            Scope.PRIVATE,
            {
                "encounter_id": F(K.UUID, required=True),
                "decision": F(K.CHOICE, REVIEW_DECISIONS, required=True),
                "comment": F(K.LONG_TEXT),
                "comment_language": F(K.TEXT, max_length=35),
            },
            parent=("encounter_id", "encounter"),
            roles_that_write=frozenset({"supervisor"}),
        ),
        RecordSpec(
            "audit_event",
            Merge.APPEND_ONLY,
            Scope.AUDIT,
            {
                "action": F(K.CHOICE, AUDIT_ACTIONS, required=True),
                "subject_type": F(K.TEXT, max_length=40),
                "subject_id": F(K.UUID),
                "at": F(K.DATETIME, required=True),
                "reason": F(K.TEXT, max_length=500),
                # The device's hash chain (`audit_chain`): absent only from clients older than it.
                "sequence": F(K.INT),
                "prev_hash": F(K.TEXT, max_length=64),
                "hash": F(K.TEXT, max_length=64),
                # What the server found when it checked the chain on push (`audit_chain.ChainStatus`,
                # `ChainProblem`); the event is stored either way.
                "chain_status": F(K.CHOICE, CHAIN_STATUSES, server_only=True),
                "chain_problems": F(K.TEXT_LIST, server_only=True),
            },
            roles_that_write=frozenset(ROLES),
        ),
        RecordSpec(
            "conflict",
            Merge.FIELDS,
            Scope.SUBJECT,
            {
                "subject_type": F(K.TEXT, required=True, server_only=True),
                "subject_id": F(K.UUID, required=True, server_only=True),
                "kind": F(K.CHOICE, CONFLICT_KINDS, server_only=True),
                "field": F(K.TEXT, server_only=True),
                "kept_value": F(K.JSON, server_only=True),
                "kept_hlc": F(K.TEXT, server_only=True),
                "kept_by": F(K.UUID, server_only=True),
                "set_aside_value": F(K.JSON, server_only=True),
                "set_aside_hlc": F(K.TEXT, server_only=True),
                "set_aside_by": F(K.UUID, server_only=True),
                "status": F(K.CHOICE, CONFLICT_STATUSES),
                "resolution": F(K.TEXT, max_length=40),
            },
            roles_that_write=frozenset({"officer", "supervisor", "ambassador"}),
        ),
    )
}


def references(spec: RecordSpec) -> dict[str, str]:
    """Field name -> the record type it refers to, for `spec`'s reference fields (parents excluded)."""
    return {name: f.refers_to for name, f in spec.fields.items() if f.refers_to}


TEXT_LIMIT = 200
LONG_TEXT_LIMIT = 20_000
LIST_LIMIT = 100
JSON_LIMIT = 25_000


@dataclass(frozen=True)
class FieldProblem:
    """A field that does not fit its spec. `key` is a stable message key the UI can translate."""

    field: str
    key: str
    args: dict[str, Any] = field(default_factory=dict)


def is_uuid(value: Any) -> bool:
    """Record ids are UUIDs made on the device; anything else names no record."""
    if not isinstance(value, str):
        return False
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def _is_language_tag(value: Any) -> bool:
    return (
        isinstance(value, str)
        and 0 < len(value) <= 35
        and all(part.isalnum() and part.isascii() for part in value.replace("_", "-").split("-"))
    )


def _check_value(name: str, spec: FieldSpec, value: Any) -> FieldProblem | None:
    if value is None:
        return FieldProblem(name, "field.required") if spec.required else None
    kind = spec.kind
    if kind in (K.TEXT, K.LONG_TEXT):
        if not isinstance(value, str):
            return FieldProblem(name, "field.not_text")
        limit = spec.max_length or (LONG_TEXT_LIMIT if kind is K.LONG_TEXT else TEXT_LIMIT)
        if len(value) > limit:
            return FieldProblem(name, "field.too_long", {"max": limit})
        if "\x00" in value:
            return FieldProblem(name, "field.bad_character")
        if spec.required and not value.strip():
            return FieldProblem(name, "field.required")
    elif kind is K.BOOL:
        if not isinstance(value, bool):
            return FieldProblem(name, "field.not_bool")
    elif kind is K.INT:
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10_000_000:
            return FieldProblem(name, "field.not_count")
    elif kind is K.DATE:
        try:
            dt.date.fromisoformat(value)
        except (TypeError, ValueError):
            return FieldProblem(name, "field.not_date")
    elif kind is K.DATETIME:
        try:
            parsed = dt.datetime.fromisoformat(value)
        except (TypeError, ValueError):
            return FieldProblem(name, "field.not_datetime")
        if parsed.tzinfo is None:
            return FieldProblem(name, "field.datetime_without_offset")
    elif kind is K.UUID:
        if not is_uuid(value):
            return FieldProblem(name, "field.not_reference")
    elif kind in (K.TEXT_LIST, K.UUID_LIST):
        if not isinstance(value, list) or len(value) > LIST_LIMIT:
            return FieldProblem(name, "field.not_list", {"max": LIST_LIMIT})
        check = is_uuid if kind is K.UUID_LIST else (lambda v: isinstance(v, str) and len(v) <= TEXT_LIMIT)
        if not all(check(item) for item in value):
            return FieldProblem(name, "field.bad_list_item")
    elif kind is K.CHOICE:
        if value not in spec.choices:
            return FieldProblem(name, "field.not_a_choice", {"choices": list(spec.choices)})
    elif kind is K.CONSENT:
        if (
            not isinstance(value, dict)
            or not set(value) <= CONSENT_KEYS
            or not isinstance(value.get("granted"), bool)
        ):
            return FieldProblem(name, "field.bad_consent")
        for key in ("given_on", "expires_on"):
            if value.get(key) is not None:
                try:
                    dt.date.fromisoformat(value[key])
                except (TypeError, ValueError):
                    return FieldProblem(name, "field.bad_consent")
        for key in ("scope", "method"):
            if value.get(key) is not None and (
                not isinstance(value[key], str) or len(value[key]) > TEXT_LIMIT
            ):
                return FieldProblem(name, "field.bad_consent")
    elif kind is K.TRANSLATIONS:
        if (
            not isinstance(value, dict)
            or len(value) > 20
            or not all(
                _is_language_tag(lang) and isinstance(text, str) and len(text) <= LONG_TEXT_LIMIT
                for lang, text in value.items()
            )
        ):
            return FieldProblem(name, "field.bad_translations")
    elif kind is K.JSON:
        import json

        try:
            if len(json.dumps(value)) > JSON_LIMIT:
                return FieldProblem(name, "field.too_long", {"max": JSON_LIMIT})
        except (TypeError, ValueError):
            return FieldProblem(name, "field.bad_value")
    return None


def check_fields(
    record_type: str, fields: dict[str, Any], *, creating: bool, from_client: bool = True
) -> list[FieldProblem]:
    """Problems with `fields` for `record_type`; empty when they fit.

    `creating` also demands the required fields; `from_client` refuses the fields the server derives.
    """
    spec = RECORD_TYPES[record_type]
    problems: list[FieldProblem] = []
    for name, value in fields.items():
        field_spec = spec.fields.get(name)
        if field_spec is None:
            problems.append(FieldProblem(name, "field.unknown"))
        elif from_client and field_spec.server_only:
            problems.append(FieldProblem(name, "field.server_only"))
        else:
            problem = _check_value(name, field_spec, value)
            if problem:
                problems.append(problem)
    if creating:
        for name, field_spec in spec.fields.items():
            if field_spec.required and name not in fields and not (from_client and field_spec.server_only):
                problems.append(FieldProblem(name, "field.required"))
    return problems


def consent_is_in_force(consent: dict[str, Any] | None, on: dt.date) -> bool:
    """A consent counts when granted and not yet expired on `on`."""
    if not consent or not consent.get("granted"):
        return False
    expires = consent.get("expires_on")
    return not expires or dt.date.fromisoformat(expires) >= on


REFERRAL_TRANSITIONS: dict[str, frozenset[str]] = {
    "draft": frozenset({"sent", "withdrawn"}),
    "sent": frozenset({"accepted", "declined", "withdrawn"}),
    "accepted": frozenset({"completed", "no_show", "withdrawn"}),
    "completed": frozenset(),
    "declined": frozenset(),
    "no_show": frozenset(),
    "withdrawn": frozenset(),
}


def is_valid_referral_transition(from_status: str, to_status: str) -> bool:
    return to_status in REFERRAL_TRANSITIONS.get(from_status, frozenset())
