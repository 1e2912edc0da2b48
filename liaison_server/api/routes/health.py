"""Liveness and readiness: is the process up and can it reach its database; and which protocol
versions it speaks, so a client can refuse an incompatible server before it sends a password."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from liaison_protocol import OLDEST_PROTOCOL_VERSION, PROTOCOL_VERSION
from liaison_protocol.messages import ErrorBody, HealthResponse
from liaison_server.accounts import now_ms
from liaison_server.api.deps import SessionDep
from liaison_server.errors import DatabaseUnavailable

router = APIRouter(tags=["health"])


@router.get("/health", response_model=HealthResponse, responses={503: {"model": ErrorBody}})
def health(session: SessionDep) -> HealthResponse:
    try:
        session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        raise DatabaseUnavailable() from None
    return HealthResponse(
        status="ok",
        protocol=PROTOCOL_VERSION,
        protocol_min=OLDEST_PROTOCOL_VERSION,
        protocol_max=PROTOCOL_VERSION,
        server_time_ms=now_ms(),
    )
