"""Dependencies shared by the routers: settings, database sessions, and who is calling.

Authentication runs in its own short session and returns plain values, so a route's transaction (a
push's BEGIN IMMEDIATE, a pull's snapshot) always starts fresh in the route.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Annotated

from argon2 import PasswordHasher
from fastapi import Depends, Request
from sqlalchemy.orm import Session, sessionmaker

from liaison_protocol.error_codes import ForbiddenReason
from liaison_server import sessions
from liaison_server.api.client_address import client_address
from liaison_server.core.config import Settings
from liaison_server.errors import Forbidden, InvalidToken


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_hasher(request: Request) -> PasswordHasher:
    return request.app.state.hasher


def get_session(request: Request) -> Iterator[Session]:
    factory: sessionmaker[Session] = request.app.state.sessions
    with factory() as session:
        yield session


def _bearer_token(request: Request) -> str:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise InvalidToken()
    return token.strip()


def _authenticate(
    request: Request, *, allow_revoked: bool, allow_offboarding: bool = False
) -> sessions.Authenticated:
    token = _bearer_token(request)
    factory: sessionmaker[Session] = request.app.state.sessions
    with factory() as session:
        auth = sessions.authenticate(
            session, token, allow_revoked=allow_revoked, allow_offboarding=allow_offboarding
        )
    request.state.user_id = auth.user.id
    request.state.device_id = auth.device_id
    return auth


def current_device(request: Request) -> sessions.Authenticated:
    """A signed-in, live device (revoked → 401 `device_revoked` with `wipe: true`)."""
    return _authenticate(request, allow_revoked=False)


def current_device_or_offboarding(request: Request) -> sessions.Authenticated:
    """For a push: a live device, or one revoked for off-boarding that has not confirmed its wipe yet
    (its last push of the outbox is accepted, so nothing the officer wrote is lost)."""
    return _authenticate(request, allow_revoked=False, allow_offboarding=True)


def current_device_even_revoked(request: Request) -> sessions.Authenticated:
    """For the wipe confirmation only: a revoked device must still be able to report that it wiped."""
    return _authenticate(request, allow_revoked=True)


def get_client_address(request: Request) -> str:
    """The client's address (see client_address.py): for sign-in throttling and the audit trail."""
    return client_address(request, request.app.state.settings)


def require_roles(*roles: str) -> Callable[[sessions.Authenticated], sessions.Authenticated]:
    allowed = frozenset(roles)

    def check(auth: DeviceDep) -> sessions.Authenticated:
        if auth.caller.role not in allowed:
            raise Forbidden(details={"reason": ForbiddenReason.ROLE, "allowed": sorted(allowed)})
        return auth

    return check


SettingsDep = Annotated[Settings, Depends(get_settings)]
HasherDep = Annotated[PasswordHasher, Depends(get_hasher)]
SessionDep = Annotated[Session, Depends(get_session)]
DeviceDep = Annotated[sessions.Authenticated, Depends(current_device)]
PushDeviceDep = Annotated[sessions.Authenticated, Depends(current_device_or_offboarding)]
AddressDep = Annotated[str, Depends(get_client_address)]
RevokedDeviceDep = Annotated[sessions.Authenticated, Depends(current_device_even_revoked)]
