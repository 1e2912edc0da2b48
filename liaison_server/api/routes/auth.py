"""Signing in (registering the device) and asking who we are."""

from __future__ import annotations

from argon2 import PasswordHasher
from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict
from sqlalchemy.orm import Session

from liaison_protocol.messages import ErrorBody, SignInRequest, SignInResponse, UserInfo
from liaison_server import accounts
from liaison_server.api.deps import current_device, get_hasher, get_session, get_settings
from liaison_server.api.errors import ERROR_RESPONSES
from liaison_server.core.config import Settings

router = APIRouter(tags=["auth"], responses=ERROR_RESPONSES)
me_router = APIRouter(tags=["auth"], dependencies=[Depends(current_device)], responses=ERROR_RESPONSES)


class MeResponse(BaseModel):
    model_config = ConfigDict(extra="forbid")

    user: UserInfo
    device_id: str
    server_time_ms: int


@router.post(
    "/auth/sign-in",
    response_model=SignInResponse,
    responses={429: {"model": ErrorBody, "description": "locked_out (details.retry_after_s)"}},
)
def sign_in(
    body: SignInRequest,
    request: Request,
    session: Session = Depends(get_session),
    settings: Settings = Depends(get_settings),
    hasher: PasswordHasher = Depends(get_hasher),
) -> SignInResponse:
    signed_in = accounts.sign_in(session, settings, hasher, body)
    request.state.user_id = signed_in.user.id
    request.state.device_id = signed_in.device.id
    return SignInResponse(
        device_id=signed_in.device.id,
        token=signed_in.token,
        user=accounts.user_info(session, signed_in.user),
        server_time_ms=accounts.now_ms(),
    )


@me_router.get("/me", response_model=MeResponse)
def me(auth: accounts.Authenticated = Depends(current_device)) -> MeResponse:
    return MeResponse(user=auth.user, device_id=auth.device_id, server_time_ms=accounts.now_ms())
