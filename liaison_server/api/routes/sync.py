"""Push and pull: the two halves of sync."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request
from sqlalchemy.orm import Session

from liaison_protocol.messages import MAX_PAGE, ErrorBody, PullResponse, PushRequest, PushResponse
from liaison_server import accounts
from liaison_server.api.deps import current_device, get_session, get_settings
from liaison_server.api.errors import ERROR_RESPONSES
from liaison_server.changefeed import read_page
from liaison_server.core.config import Settings
from liaison_server.errors import CursorAhead
from liaison_server.push import apply_push

router = APIRouter(
    prefix="/sync",
    tags=["sync"],
    dependencies=[Depends(current_device)],
    responses={
        **ERROR_RESPONSES,
        403: {"model": ErrorBody, "description": "forbidden (details.index: the first refused mutation)"},
    },
)

DEFAULT_PAGE = 500


@router.post("/push", response_model=PushResponse)
def push(
    body: PushRequest,
    request: Request,
    auth: accounts.Authenticated = Depends(current_device),
    session: Session = Depends(get_session),
    settings: Settings = Depends(get_settings),
) -> PushResponse:
    result = apply_push(
        session, auth.caller, auth.device_id, body.mutations, commit_delay_ms=settings.test_commit_delay_ms
    )
    request.state.log_counts = result.counts
    return PushResponse(outcomes=result.outcomes, server_time_ms=accounts.now_ms())


@router.get("/pull", response_model=PullResponse, responses={409: {"model": ErrorBody}})
def pull(
    request: Request,
    cursor: int = Query(0, ge=0, le=2**62),
    limit: int = Query(DEFAULT_PAGE, ge=1, le=MAX_PAGE),
    auth: accounts.Authenticated = Depends(current_device),
    session: Session = Depends(get_session),
) -> PullResponse:
    page = read_page(session, auth.caller, cursor, limit)
    session.rollback()
    if cursor > page.head:
        raise CursorAhead(details={"head": page.head})
    request.state.log_counts = {"changes": len(page.changes), "cursor": cursor}
    return PullResponse(
        changes=page.changes,
        next_cursor=page.next_cursor,
        has_more=page.has_more,
        remaining=page.remaining,
        server_time_ms=accounts.now_ms(),
    )
