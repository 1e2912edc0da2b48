"""A revoked device's last call: confirming that it erased its local data."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict

from liaison_server import accounts
from liaison_server.api.deps import RevokedDeviceDep, SessionDep, current_device_even_revoked
from liaison_server.api.errors import ERROR_RESPONSES

router = APIRouter(
    prefix="/device",
    tags=["device"],
    dependencies=[Depends(current_device_even_revoked)],
    responses=ERROR_RESPONSES,
)


class WipeConfirmation(BaseModel):
    model_config = ConfigDict(extra="forbid")

    device_id: str
    wiped_at_ms: int
    server_time_ms: int


@router.post("/wiped", response_model=WipeConfirmation)
def confirm_wiped(auth: RevokedDeviceDep, session: SessionDep) -> WipeConfirmation:
    device = accounts.confirm_wipe(session, auth.device_id)
    return WipeConfirmation(
        device_id=device.id, wiped_at_ms=device.wiped_ms or 0, server_time_ms=accounts.now_ms()
    )
