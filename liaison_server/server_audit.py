"""The server's own audit trail: what it saw happen to accounts and devices, in `server_audit_event`.

Written in the same transaction as what it records (a refused sign-in's counter, a revocation), so the
trail never claims what did not happen nor misses what did. Never a password, token or note: ids, the
client address, and a few plain details (a revocation's kind, how long a throttled address waits).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from liaison_protocol.server_audit import ServerAuditAction
from liaison_server.models import ServerAuditEvent, User, UserTeam


def record(
    session: Session,
    action: ServerAuditAction,
    at_ms: int,
    *,
    actor_user_id: str | None = None,
    actor_device_id: str | None = None,
    subject_user_id: str | None = None,
    subject_device_id: str | None = None,
    address: str | None = None,
    **details: Any,
) -> None:
    session.add(
        ServerAuditEvent(
            at_ms=at_ms,
            action=action.value,
            actor_user_id=actor_user_id,
            actor_device_id=actor_device_id,
            subject_user_id=subject_user_id,
            subject_device_id=subject_device_id,
            client_address=address,
            details=details,
        )
    )


@dataclass(frozen=True)
class AuditFilter:
    """Every field narrows the trail; None leaves it open. `team_ids`: a supervisor's view (events
    about or by users of those teams)."""

    actions: Sequence[str] | None = None
    user_id: str | None = None  # the actor or the subject
    device_id: str | None = None  # the actor's device or the subject
    address: str | None = None
    since_ms: int | None = None
    until_ms: int | None = None  # exclusive
    team_ids: frozenset[str] | None = None


@dataclass(frozen=True)
class AuditRow:
    event: ServerAuditEvent
    subject_username: str | None
    actor_username: str | None


def read(session: Session, where: AuditFilter, *, after_id: int = 0, limit: int = 500) -> list[AuditRow]:
    """Events after `after_id`, oldest first, at most `limit`."""
    subject = select(User.id, User.username).subquery()
    actor = select(User.id, User.username).subquery()
    query = (
        select(ServerAuditEvent, subject.c.username, actor.c.username)
        .outerjoin(subject, subject.c.id == ServerAuditEvent.subject_user_id)
        .outerjoin(actor, actor.c.id == ServerAuditEvent.actor_user_id)
        .where(ServerAuditEvent.id > after_id)
    )
    if where.actions:
        query = query.where(ServerAuditEvent.action.in_(list(where.actions)))
    if where.user_id is not None:
        query = query.where(
            or_(
                ServerAuditEvent.subject_user_id == where.user_id,
                ServerAuditEvent.actor_user_id == where.user_id,
            )
        )
    if where.device_id is not None:
        query = query.where(
            or_(
                ServerAuditEvent.subject_device_id == where.device_id,
                ServerAuditEvent.actor_device_id == where.device_id,
            )
        )
    if where.address is not None:
        query = query.where(ServerAuditEvent.client_address == where.address)
    if where.since_ms is not None:
        query = query.where(ServerAuditEvent.at_ms >= where.since_ms)
    if where.until_ms is not None:
        query = query.where(ServerAuditEvent.at_ms < where.until_ms)
    if where.team_ids is not None:
        members = select(UserTeam.user_id).where(UserTeam.team_id.in_(sorted(where.team_ids)))
        query = query.where(
            or_(ServerAuditEvent.subject_user_id.in_(members), ServerAuditEvent.actor_user_id.in_(members))
        )
    rows = session.execute(query.order_by(ServerAuditEvent.id).limit(limit))
    return [AuditRow(event, subject_name, actor_name) for event, subject_name, actor_name in rows]
