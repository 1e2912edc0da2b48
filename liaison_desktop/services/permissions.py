"""What each role may read and write on this device, mirroring the server's scoping.

The server enforces `Scope` and `roles_that_write` from `liaison_protocol.records` on every pull and push;
the services enforce the same rules locally, because a shared laptop's store may hold records a role must
not see (a supervisor's profile beside an ambassador's is a different database, but a UI bug must still
not be able to show an encounter note to an ambassador). Rules are read from the protocol's table, so a
record type added there is scoped here without a second list.

- officer: the team's contacts, directory, referrals, meetings and commitments; only their own encounters,
  amendments and the reviews of them; no feedback, no audit trail.
- ambassador: the directory and their own feedback; never an encounter, a contact or a referral.
- supervisor: everything of the team; writes reviews and answers feedback; does not write encounters.
- admin: the directory and the audit trail; never note contents (no contacts, encounters, feedback).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Any

from liaison_desktop.store.actor import Actor
from liaison_protocol.records import RECORD_TYPES, Scope

from .errors import NotAllowed


class Access(enum.Enum):
    READ = "read"
    WRITE = "write"


# Which roles may read a scope at all; record-level ownership is checked in `may_read_record`.
_READERS: dict[Scope, frozenset[str]] = {
    Scope.TEAM: frozenset({"officer", "supervisor"}),
    Scope.DIRECTORY: frozenset({"officer", "supervisor", "ambassador", "admin"}),
    Scope.PRIVATE: frozenset({"officer", "supervisor"}),
    Scope.FEEDBACK: frozenset({"ambassador", "supervisor"}),
    Scope.AUDIT: frozenset({"supervisor", "admin"}),
    Scope.SUBJECT: frozenset({"officer", "supervisor", "ambassador"}),
}
# Scopes where a role sees only the records it owns (an officer's own encounters, an ambassador's own
# feedback); supervisors see the whole team's.
_OWN_ONLY: dict[Scope, frozenset[str]] = {
    Scope.PRIVATE: frozenset({"officer"}),
    Scope.FEEDBACK: frozenset({"ambassador"}),
}


def owner_of(record: Mapping[str, Any]) -> str | None:
    """The user a private record belongs to: its owner if set, else its author."""
    return record.get("owner_id") or record.get("author_id")


def may_read_type(role: str, record_type: str) -> bool:
    """Whether `role` may read any record of `record_type` (before looking at whose it is)."""
    return role in _READERS[RECORD_TYPES[record_type].scope]


def may_write_type(role: str, record_type: str) -> bool:
    return role in RECORD_TYPES[record_type].roles_that_write


def reads_only_own(role: str, record_type: str) -> bool:
    """Whether `role` sees only its own records of this type (lists then filter by owner in SQL)."""
    return role in _OWN_ONLY.get(RECORD_TYPES[record_type].scope, frozenset())


def may_read_record(
    actor: Actor, record_type: str, record: Mapping[str, Any], parent: Mapping[str, Any] | None = None
) -> bool:
    """Whether `actor` may read this record. A child record (amendment, review, referral event) is
    judged by its parent's owner, as the server does, so pass the parent for those."""
    if not may_read_type(actor.role, record_type):
        return False
    if not reads_only_own(actor.role, record_type):
        return True
    owned_by = owner_of(parent if parent is not None and RECORD_TYPES[record_type].parent else record)
    return owned_by == actor.user_id


def require_type(actor: Actor, access: Access, record_type: str) -> None:
    """Refuse with `NotAllowed` when the role may never read (or write) this record type."""
    allowed = may_read_type if access is Access.READ else may_write_type
    if not allowed(actor.role, record_type):
        raise NotAllowed(role=actor.role, action=access.value, record_type=record_type)


def require_record(
    actor: Actor,
    access: Access,
    record_type: str,
    record: Mapping[str, Any],
    parent: Mapping[str, Any] | None = None,
) -> None:
    """Refuse with `NotAllowed` unless `actor` may read (or, for WRITE, change) this very record.

    Writing a record of an own-only scope needs ownership too: an officer never edits a colleague's
    encounter, an ambassador never another ambassador's feedback.
    """
    require_type(actor, access, record_type)
    if not may_read_record(actor, record_type, record, parent):
        raise NotAllowed(role=actor.role, action=access.value, record_type=record_type)
