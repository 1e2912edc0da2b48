"""Administration: devices, accounts and the two audit trails. Admins see everything here (and no record
contents anywhere); supervisors see the devices and audit events of their own teams, and revoke only
their teams' officer and ambassador devices. Only admins disable accounts. Every read here is itself
written to the server's audit trail (`admin_read`)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from liaison_protocol.messages import MAX_PAGE, Change, ErrorBody, RevokeRequest
from liaison_protocol.records import Scope, is_uuid
from liaison_protocol.server_audit import ServerAuditAction
from liaison_server import accounts, retention, server_audit, sessions
from liaison_server.api.deps import AddressDep, SessionDep, require_roles
from liaison_server.api.errors import ERROR_RESPONSES
from liaison_server.changefeed import to_change
from liaison_server.db import begin_write
from liaison_server.errors import NotFound
from liaison_server.models import Record, User
from liaison_server.storable import is_storable

admin_or_supervisor = require_roles("admin", "supervisor")
AdminDep = Annotated[sessions.Authenticated, Depends(admin_or_supervisor)]
OnlyAdminDep = Annotated[sessions.Authenticated, Depends(require_roles("admin"))]

router = APIRouter(
    prefix="/admin",
    tags=["admin"],
    dependencies=[Depends(admin_or_supervisor)],
    responses={**ERROR_RESPONSES, 403: {"model": ErrorBody}, 404: {"model": ErrorBody}},
)


class DeviceInfo(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    user_id: str
    username: str
    name: str
    status: str  # active | expired | revoked | wiped
    issued_at_ms: int
    expires_at_ms: int
    last_seen_ms: int | None
    revoked_at_ms: int | None
    revocation_kind: str | None = None  # a `RevocationKind` while revoked
    wiped_at_ms: int | None


class DeviceList(BaseModel):
    model_config = ConfigDict(extra="forbid")

    devices: list[DeviceInfo]
    server_time_ms: int


class AuditPage(BaseModel):
    model_config = ConfigDict(extra="forbid")

    events: list[Change]
    next_cursor: int
    has_more: bool
    server_time_ms: int


def _device_info(row: accounts.DeviceRow) -> DeviceInfo:
    d = row.device
    return DeviceInfo(
        id=d.id,
        user_id=d.user_id,
        username=row.username,
        name=d.name,
        status=row.status,
        issued_at_ms=d.issued_ms,
        expires_at_ms=d.expires_ms,
        last_seen_ms=d.last_seen_ms,
        revoked_at_ms=d.revoked_ms,
        revocation_kind=d.revocation_kind,
        wiped_at_ms=d.wiped_ms,
    )


def _team_filter(auth: sessions.Authenticated) -> frozenset[str] | None:
    return None if auth.caller.role == "admin" else auth.caller.team_ids


def _note_read(session: Session, auth: sessions.Authenticated, address: str, what: str) -> None:
    begin_write(session)
    server_audit.record(
        session,
        ServerAuditAction.ADMIN_READ,
        accounts.now_ms(),
        actor_user_id=auth.user.id,
        actor_device_id=auth.device_id,
        address=address,
        what=what,
    )
    session.commit()


@router.get("/devices", response_model=DeviceList)
def list_devices(auth: AdminDep, session: SessionDep, address: AddressDep) -> DeviceList:
    _note_read(session, auth, address, "devices")
    rows = accounts.list_devices(session, team_ids=_team_filter(auth))
    return DeviceList(devices=[_device_info(row) for row in rows], server_time_ms=accounts.now_ms())


@router.post("/devices/{device_id}/revoke", response_model=DeviceInfo)
def revoke_device(
    device_id: Annotated[str, Path(max_length=64)],
    auth: AdminDep,
    session: SessionDep,
    body: RevokeRequest | None = None,
) -> DeviceInfo:
    """404 for a device the caller cannot see (another team's); 403 `target_role` for a supervisor
    revoking a supervisor's or an admin's device."""
    if not is_storable(device_id):
        raise NotFound(details={"device_id": None})
    kind = (body or RevokeRequest()).kind
    begin_write(session)
    try:
        accounts.revoke_device(session, device_id, kind, by=auth.caller)
    except accounts.AccountError:
        raise NotFound(details={"device_id": device_id}) from None
    session.commit()
    row = next(r for r in accounts.list_devices(session, team_ids=None) if r.device.id == device_id)
    return _device_info(row)


class AccountState(BaseModel):
    model_config = ConfigDict(extra="forbid")

    username: str
    disabled: bool
    disabled_at_ms: int | None


def _set_disabled(
    username: str, disabled: bool, auth: sessions.Authenticated, session: Session
) -> AccountState:
    if not is_storable(username):
        raise NotFound(details={"username": None})
    begin_write(session)
    try:
        user = accounts.set_disabled(session, username, disabled, by=auth.caller)
    except accounts.AccountError:
        raise NotFound(details={"username": username}) from None
    session.commit()
    return AccountState(
        username=user.username, disabled=user.disabled_ms is not None, disabled_at_ms=user.disabled_ms
    )


@router.post("/users/{username}/disable", response_model=AccountState)
def disable_user(
    username: Annotated[str, Path(max_length=150)], auth: OnlyAdminDep, session: SessionDep
) -> AccountState:
    """The account's tokens stop at once and it cannot sign in; its devices are not erased."""
    return _set_disabled(username, True, auth, session)


@router.post("/users/{username}/enable", response_model=AccountState)
def enable_user(
    username: Annotated[str, Path(max_length=150)], auth: OnlyAdminDep, session: SessionDep
) -> AccountState:
    return _set_disabled(username, False, auth, session)


class HoldRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field(default="", max_length=500)  # a case number; never a resident's data


class HoldState(BaseModel):
    model_config = ConfigDict(extra="forbid")

    record_id: str
    held: bool


def _change_hold(
    record_id: str, hold: HoldRequest | None, auth: sessions.Authenticated, session: Session
) -> HoldState:
    """Place (`hold` given) or lift a legal hold; an unknown id, a purged record or one not held is a 404
    (no record contents are shown here, so the answer tells an administrator nothing they may not know)."""
    if not is_uuid(record_id):
        raise NotFound(details={"record_id": None})
    begin_write(session)
    try:
        if hold is not None:
            if not is_storable(hold.reason):
                raise NotFound(details={"record_id": record_id})
            retention.add_hold(
                session, record_id, hold.reason, accounts.now_ms(), actor_user_id=auth.caller.user_id
            )
        else:
            retention.remove_hold(session, record_id, accounts.now_ms(), actor_user_id=auth.caller.user_id)
    except retention.RetentionError:
        session.rollback()
        raise NotFound(details={"record_id": record_id}) from None
    session.commit()
    return HoldState(record_id=record_id, held=hold is not None)


@router.put("/holds/{record_id}", response_model=HoldState)
def place_hold(
    record_id: Annotated[str, Path(max_length=64)], body: HoldRequest, auth: OnlyAdminDep, session: SessionDep
) -> HoldState:
    """Put a record on legal hold: no retention purge removes it (or its parent's family) until lifted."""
    return _change_hold(record_id, body, auth, session)


@router.delete("/holds/{record_id}", response_model=HoldState)
def lift_hold(
    record_id: Annotated[str, Path(max_length=64)], auth: OnlyAdminDep, session: SessionDep
) -> HoldState:
    return _change_hold(record_id, None, auth, session)


class ServerAuditEventOut(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: int
    at_ms: int
    action: str  # a `ServerAuditAction`
    actor_user_id: str | None
    actor_username: str | None
    actor_device_id: str | None
    subject_user_id: str | None
    subject_username: str | None
    subject_device_id: str | None
    client_address: str | None
    details: dict[str, Any]


class ServerAuditPage(BaseModel):
    model_config = ConfigDict(extra="forbid")

    events: list[ServerAuditEventOut]
    next_cursor: int
    has_more: bool
    server_time_ms: int


def audit_event_out(row: server_audit.AuditRow) -> ServerAuditEventOut:
    e = row.event
    return ServerAuditEventOut(
        id=e.id,
        at_ms=e.at_ms,
        action=e.action,
        actor_user_id=e.actor_user_id,
        actor_username=row.actor_username,
        actor_device_id=e.actor_device_id,
        subject_user_id=e.subject_user_id,
        subject_username=row.subject_username,
        subject_device_id=e.subject_device_id,
        client_address=e.client_address,
        details=e.details or {},
    )


@router.get("/server-audit", response_model=ServerAuditPage)
def server_audit_trail(
    auth: AdminDep,
    session: SessionDep,
    address: AddressDep,
    action: Annotated[list[ServerAuditAction] | None, Query()] = None,
    user: Annotated[str | None, Query(max_length=150)] = None,
    device_id: Annotated[str | None, Query(max_length=64)] = None,
    client_address: Annotated[str | None, Query(max_length=64)] = None,
    since_ms: Annotated[int | None, Query(ge=0, le=2**62)] = None,
    until_ms: Annotated[int | None, Query(ge=0, le=2**62)] = None,
    cursor: Annotated[int, Query(ge=0, le=2**62)] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 500,
) -> ServerAuditPage:
    """The server's own events (sign-ins, throttling, resets, revocations, wipes, admin reads), oldest
    first, filtered; `user` is a username (actor or subject). A supervisor sees those about or by users
    of their teams."""
    _note_read(session, auth, address, "server_audit")
    user_id = None
    if user is not None:
        user_id = session.scalar(select(User.id).where(User.username == user)) if is_storable(user) else None
        if user_id is None:
            return ServerAuditPage(
                events=[], next_cursor=cursor, has_more=False, server_time_ms=accounts.now_ms()
            )
    where = server_audit.AuditFilter(
        actions=[a.value for a in action] if action else None,
        user_id=user_id,
        device_id=device_id if device_id is None or is_storable(device_id) else "",
        address=client_address if client_address is None or is_storable(client_address) else "",
        since_ms=since_ms,
        until_ms=until_ms,
        team_ids=_team_filter(auth),
    )
    rows = server_audit.read(session, where, after_id=cursor, limit=limit + 1)
    has_more = len(rows) > limit
    rows = rows[:limit]
    return ServerAuditPage(
        events=[audit_event_out(row) for row in rows],
        next_cursor=rows[-1].event.id if rows else cursor,
        has_more=has_more,
        server_time_ms=accounts.now_ms(),
    )


@router.get("/audit", response_model=AuditPage)
def audit(
    auth: AdminDep,
    session: SessionDep,
    address: AddressDep,
    cursor: Annotated[int, Query(ge=0, le=2**62)] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 500,
) -> AuditPage:
    """The `audit_event` records devices pushed (what their users did on the laptop)."""
    _note_read(session, auth, address, "audit")
    query = select(Record).where(Record.read_scope == Scope.AUDIT.value, Record.change_seq > cursor)
    teams = _team_filter(auth)
    if teams is not None:
        query = query.where(Record.team_id.in_(sorted(teams)))
    rows = list(session.scalars(query.order_by(Record.change_seq).limit(limit + 1)))
    has_more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = rows[-1].change_seq if rows else cursor
    return AuditPage(
        events=[to_change(row) for row in rows],
        next_cursor=next_cursor,
        has_more=has_more,
        server_time_ms=accounts.now_ms(),
    )
