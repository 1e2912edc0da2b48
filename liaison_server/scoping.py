"""Who may read and write which records: one rule table, used as a SQL filter for pulls and as a check
for writes, so the two can never disagree.

Reads are granted per role as (scopes, must the record be in one of the caller's teams, must the caller
own it). Conflicts carry their subject's scope, team and owner, so "whoever may read the subject" needs no
join. Admins are granted no record reads at all: they manage accounts and read audit events through the
admin endpoint only, so a pull by an admin returns nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import ColumnElement, and_, false, or_

from liaison_protocol.error_codes import ForbiddenReason
from liaison_protocol.records import RecordSpec, Scope
from liaison_server.models import Record


@dataclass(frozen=True)
class Caller:
    user_id: str
    role: str
    team_ids: frozenset[str]
    primary_team_id: str | None

    def home_team(self, requested: str | None) -> str | None:
        """The team a new record goes to: the one asked for when the caller belongs to it."""
        if requested and requested in self.team_ids:
            return requested
        if self.primary_team_id in self.team_ids:
            return self.primary_team_id
        return min(self.team_ids) if self.team_ids else None


@dataclass(frozen=True)
class Grant:
    scopes: frozenset[str]
    in_team: bool = False
    owned: bool = False


_ALL_SCOPES = frozenset(scope.value for scope in Scope if scope is not Scope.SUBJECT)

READ_GRANTS: dict[str, tuple[Grant, ...]] = {
    "officer": (
        Grant(frozenset({Scope.TEAM.value, Scope.DIRECTORY.value}), in_team=True),
        # An audit event's owner is the author of the note it says was viewed (push sets it, and no one
        # else owns an audit event): officers see who viewed their notes, nothing else of the trail.
        Grant(frozenset({Scope.PRIVATE.value, Scope.AUDIT.value}), owned=True),
    ),
    "ambassador": (
        Grant(frozenset({Scope.DIRECTORY.value}), in_team=True),
        Grant(frozenset({Scope.FEEDBACK.value}), owned=True),
    ),
    "supervisor": (Grant(_ALL_SCOPES, in_team=True),),
    "admin": (),
}

# What a supervisor may change in an ambassador's feedback: the answer, not the testimony.
SUPERVISOR_FEEDBACK_FIELDS = frozenset({"status", "answer", "answer_language"})


class RecordLike(Protocol):
    team_id: str | None
    owner_id: str | None
    author_id: str | None
    read_scope: str


def scope_fingerprint(caller: Caller) -> str:
    """A short fingerprint of everything `readable_clause` depends on (user, role, teams).

    A device's pull cursor is only complete for the scope it was built under: records of a team joined
    later lie below the cursor, and records of a team left stay on the device. The pull answer carries
    this fingerprint and the device re-baselines when it changes. Computed, not stored, so nothing has to
    be kept in step with membership changes and every server instance agrees; A → B → A with no pull in
    between yields A's fingerprint again, which is right, because the feed below the cursor under A is
    unchanged."""
    teams = ",".join(sorted(caller.team_ids))
    # The leading number is the rules' version: raised when a role's grants change (2: officers read the
    # views of their notes), so every device re-baselines once under the new rules.
    material = f"2\n{caller.user_id}\n{caller.role}\n{teams}".encode()
    return hashlib.sha256(material).hexdigest()[:32]


def readable_clause(caller: Caller) -> ColumnElement[bool]:
    """SQL filter: the records `caller` may read."""
    terms = []
    for grant in READ_GRANTS.get(caller.role, ()):
        parts: list[ColumnElement[bool]] = [Record.read_scope.in_(sorted(grant.scopes))]
        if grant.in_team:
            parts.append(Record.team_id.in_(sorted(caller.team_ids)) if caller.team_ids else false())
        if grant.owned:
            parts.append(Record.owner_id == caller.user_id)
        terms.append(and_(*parts))
    return or_(*terms) if terms else false()


def can_read(caller: Caller, record: RecordLike) -> bool:
    """The same rule as `readable_clause`, for one record already loaded."""
    for grant in READ_GRANTS.get(caller.role, ()):
        if record.read_scope not in grant.scopes:
            continue
        if grant.in_team and record.team_id not in caller.team_ids:
            continue
        if grant.owned and record.owner_id != caller.user_id:
            continue
        return True
    return False


def write_refusal(
    caller: Caller, spec: RecordSpec, op: str, existing: RecordLike | None, fields: Iterable[str]
) -> ForbiddenReason | None:
    """Why `caller` may not make this write (a stable reason for the 403's details), or None.

    Parent checks of child records happen when the mutation is applied (`parent_not_found`), because the
    parent may be created earlier in the same batch.
    """
    if caller.role not in spec.roles_that_write:
        return ForbiddenReason.ROLE_CANNOT_WRITE
    if spec.scope is Scope.SUBJECT:
        # Only the server creates conflicts; people resolve them (status, resolution) and never delete them.
        if existing is None:
            return ForbiddenReason.SERVER_ONLY_TYPE
        if op == "delete":
            return ForbiddenReason.CANNOT_DELETE
    if existing is not None:
        own_audit = existing.read_scope == Scope.AUDIT.value and existing.author_id == caller.user_id
        if not can_read(caller, existing) and not own_audit:
            return ForbiddenReason.OUT_OF_SCOPE
        if spec.scope is Scope.PRIVATE and caller.role == "officer" and existing.owner_id != caller.user_id:
            return ForbiddenReason.NOT_OWNER  # officers write only their own encounters and amendments
        if spec.name == "feedback" and caller.role == "supervisor":
            if op == "delete" or not set(fields) <= SUPERVISOR_FEEDBACK_FIELDS:
                return ForbiddenReason.ANSWERS_ONLY
        return None
    if spec.name == "feedback" and caller.role == "supervisor":
        return ForbiddenReason.ANSWERS_ONLY
    if not caller.team_ids:
        return ForbiddenReason.NO_TEAM
    return None


def can_reference(caller: Caller, target: RecordLike, team_id: str | None, *, unread: bool = False) -> bool:
    """May a record of team `team_id` written by `caller` point at `target` (a referral at its contact)?
    Only when the caller may read the target and it is of the same team: references never cross teams,
    even for someone in both, because the referring record's other readers could not follow them. A field
    that `unread` allows (`FieldSpec.refers_unread`) needs the caller in the target's team instead of
    reading it."""
    if target.team_id != team_id:
        return False
    return can_read(caller, target) or (unread and target.team_id in caller.team_ids)


def can_write_under(caller: Caller, child: RecordSpec, parent: RecordLike) -> bool:
    """May `caller` attach a `child` record to `parent` (an event to a referral, a review to an encounter)?"""
    if not can_read(caller, parent):
        return False
    if child.scope is Scope.PRIVATE and caller.role == "officer":
        return parent.owner_id == caller.user_id
    return True
