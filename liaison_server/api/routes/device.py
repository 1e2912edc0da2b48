"""A revoked device's last call: confirming that it erased its local data."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict

from liaison_protocol.messages import ErrorBody
from liaison_server import accounts, sessions
from liaison_server.api.deps import AddressDep, RevokedDeviceDep, SessionDep, current_device_even_revoked
from liaison_server.api.errors import ERROR_RESPONSES

router = APIRouter(
    prefix="/device",
    tags=["device"],
    dependencies=[Depends(current_device_even_revoked)],
    responses={**ERROR_RESPONSES, 403: {"model": ErrorBody}},
)


class WipeConfirmation(BaseModel):
    model_config = ConfigDict(extra="forbid")

    device_id: str
    wiped_at_ms: int
    server_time_ms: int


@router.post("/wiped", response_model=WipeConfirmation)
def confirm_wiped(auth: RevokedDeviceDep, session: SessionDep, address: AddressDep) -> WipeConfirmation:
    """Accepted once, from a revoked device only (403 `not_revoked`, `already_wiped` otherwise)."""
    device = sessions.confirm_wipe(session, auth, address)
    return WipeConfirmation(
        device_id=device.id, wiped_at_ms=device.wiped_ms or 0, server_time_ms=accounts.now_ms()
    )
