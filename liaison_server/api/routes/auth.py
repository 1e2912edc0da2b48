"""Signing in (registering the device) and asking who we are."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from liaison_protocol.messages import DevicePolicy, ErrorBody, SignInRequest, SignInResponse, UserInfo
from liaison_server import accounts
from liaison_server.api.deps import DeviceDep, HasherDep, SessionDep, SettingsDep, current_device
from liaison_server.api.errors import ERROR_RESPONSES

router = APIRouter(tags=["auth"], responses=ERROR_RESPONSES)
me_router = APIRouter(tags=["auth"], dependencies=[Depends(current_device)], responses=ERROR_RESPONSES)


@router.post(
    "/auth/sign-in",
    response_model=SignInResponse,
    responses={429: {"model": ErrorBody, "description": "locked_out (details.retry_after_s)"}},
)
def sign_in(
    body: SignInRequest, request: Request, session: SessionDep, settings: SettingsDep, hasher: HasherDep
) -> SignInResponse:
    signed_in = accounts.sign_in(session, settings, hasher, body)
    request.state.user_id = signed_in.user.id
    request.state.device_id = signed_in.device.id
    return SignInResponse(
        device_id=signed_in.device.id,
        token=signed_in.token,
        user=accounts.user_info(session, signed_in.user),
        server_time_ms=accounts.now_ms(),
        policy=DevicePolicy(
            max_idle_lock_s=settings.max_idle_lock_s, offline_lease_days=settings.offline_lease_days
        ),
    )


@me_router.get("/me", response_model=UserInfo)
def me(auth: DeviceDep) -> UserInfo:
    """The signed-in user, as in the sign-in answer (the sync client parses exactly `UserInfo`)."""
    return auth.user
