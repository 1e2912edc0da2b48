"""Signing in (registering the device), signing out, changing one's password, and asking who we are.

Sign-in and password change check an Argon2 hash: they are `async` and run that work through the
password gate (api/password_gate.py), never on the request threads sync uses.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request, Response

from liaison_protocol.messages import (
    DevicePolicy,
    ErrorBody,
    PasswordChangeRequest,
    SignInRequest,
    SignInResponse,
    UserInfo,
)
from liaison_server import accounts, sessions
from liaison_server.api.client_address import client_address
from liaison_server.api.deps import AddressDep, DeviceDep, SessionDep, current_device
from liaison_server.api.errors import ERROR_RESPONSES
from liaison_server.api.password_gate import PasswordGate

router = APIRouter(tags=["auth"], responses=ERROR_RESPONSES)
me_router = APIRouter(tags=["auth"], dependencies=[Depends(current_device)], responses=ERROR_RESPONSES)

THROTTLED = {429: {"model": ErrorBody, "description": "locked_out: wait details.retry_after_s"}}
BUSY = {503: {"model": ErrorBody, "description": "server_busy: too many password checks waiting"}}


def _gate(request: Request) -> PasswordGate:
    return request.app.state.password_gate


@router.post(
    "/auth/sign-in",
    response_model=SignInResponse,
    responses={
        **THROTTLED,
        **BUSY,
        401: {"model": ErrorBody, "description": "bad_credentials, account_disabled"},
    },
)
async def sign_in(body: SignInRequest, request: Request) -> SignInResponse:
    """The same answer, in about the same time, for an unknown username as for a wrong password."""
    app = request.app
    address = client_address(request, app.state.settings)

    def work() -> SignInResponse:
        with app.state.sessions() as session:
            signed_in = sessions.sign_in(session, app.state.settings, app.state.hasher, body, address)
            request.state.user_id = signed_in.user.id
            request.state.device_id = signed_in.device.id
            return SignInResponse(
                device_id=signed_in.device.id,
                token=signed_in.token,
                user=accounts.user_info(session, signed_in.user),
                server_time_ms=accounts.now_ms(),
                policy=DevicePolicy(
                    max_idle_lock_s=app.state.settings.max_idle_lock_s,
                    offline_lease_days=app.state.settings.offline_lease_days,
                ),
            )

    return await _gate(request).run(work)


@me_router.post("/auth/sign-out", status_code=204)
def sign_out(auth: DeviceDep, session: SessionDep, address: AddressDep) -> Response:
    """This device's token stops working; its local data stays (signing in again resumes sync)."""
    sessions.sign_out(session, auth, address)
    return Response(status_code=204)


@router.post(
    "/auth/password",
    status_code=204,
    responses={
        **THROTTLED,
        **BUSY,
        401: {"model": ErrorBody, "description": "bad_credentials: the old password is wrong"},
        422: {"model": ErrorBody, "description": "weak_password (details.key, details.args)"},
    },
)
async def change_password(body: PasswordChangeRequest, request: Request, auth: DeviceDep) -> Response:
    """The signed-in user's new password. Their other devices must sign in again; this one stays."""
    app = request.app
    address = client_address(request, app.state.settings)

    def work() -> None:
        with app.state.sessions() as session:
            sessions.change_password(session, app.state.settings, app.state.hasher, auth, body, address)

    await _gate(request).run(work)
    return Response(status_code=204)


@me_router.get("/me", response_model=UserInfo)
def me(auth: DeviceDep) -> UserInfo:
    """The signed-in user, as in the sign-in answer (the sync client parses exactly `UserInfo`)."""
    return auth.user
