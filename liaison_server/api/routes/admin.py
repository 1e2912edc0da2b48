"""Administration: devices and the audit trail. Admins see everything here (and no record contents
anywhere); supervisors see the devices and audit events of their own teams."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query
from pydantic import BaseModel, ConfigDict
from sqlalchemy import select

from liaison_protocol.messages import MAX_PAGE, Change, ErrorBody
from liaison_protocol.records import Scope
from liaison_server import accounts
from liaison_server.api.deps import SessionDep, require_roles
from liaison_server.api.errors import ERROR_RESPONSES
from liaison_server.changefeed import to_change
from liaison_server.db import begin_write
from liaison_server.errors import NotFound
from liaison_server.models import Record
from liaison_server.storable import is_storable

admin_or_supervisor = require_roles("admin", "supervisor")
AdminDep = Annotated[accounts.Authenticated, Depends(admin_or_supervisor)]

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
        wiped_at_ms=d.wiped_ms,
    )


def _team_filter(auth: accounts.Authenticated) -> frozenset[str] | None:
    return None if auth.caller.role == "admin" else auth.caller.team_ids


@router.get("/devices", response_model=DeviceList)
def list_devices(auth: AdminDep, session: SessionDep) -> DeviceList:
    rows = accounts.list_devices(session, team_ids=_team_filter(auth))
    return DeviceList(devices=[_device_info(row) for row in rows], server_time_ms=accounts.now_ms())


@router.post("/devices/{device_id}/revoke", response_model=DeviceInfo)
def revoke_device(
    device_id: Annotated[str, Path(max_length=64)], auth: AdminDep, session: SessionDep
) -> DeviceInfo:
    if not is_storable(device_id):
        raise NotFound(details={"device_id": None})
    begin_write(session)
    visible = {row.device.id for row in accounts.list_devices(session, team_ids=_team_filter(auth))}
    if device_id not in visible:
        raise NotFound(details={"device_id": device_id})
    accounts.revoke_device(session, device_id)
    session.commit()
    row = next(r for r in accounts.list_devices(session, team_ids=None) if r.device.id == device_id)
    return _device_info(row)


@router.get("/audit", response_model=AuditPage)
def audit(
    auth: AdminDep,
    session: SessionDep,
    cursor: Annotated[int, Query(ge=0, le=2**62)] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 500,
) -> AuditPage:
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
