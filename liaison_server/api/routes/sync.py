"""Push and pull: the two halves of sync."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response

from liaison_protocol.messages import MAX_PAGE, ErrorBody, PullResponse, PushRequest, PushResponse
from liaison_server import accounts
from liaison_server.api.deps import DeviceDep, SessionDep, SettingsDep, current_device
from liaison_server.api.errors import ERROR_RESPONSES
from liaison_server.changefeed import read_page
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
    body: PushRequest, request: Request, auth: DeviceDep, session: SessionDep, settings: SettingsDep
) -> PushResponse:
    result = apply_push(
        session, auth.caller, auth.device_id, body.mutations, commit_delay_ms=settings.test_commit_delay_ms
    )
    request.state.log_counts = result.counts
    return PushResponse(outcomes=result.outcomes, server_time_ms=accounts.now_ms())


@router.get("/pull", response_model=PullResponse, responses={409: {"model": ErrorBody}})
def pull(
    request: Request,
    auth: DeviceDep,
    session: SessionDep,
    cursor: Annotated[int, Query(ge=0, le=2**62)] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = DEFAULT_PAGE,
) -> Response:
    page = read_page(session, auth.caller, cursor, limit)
    session.rollback()
    if cursor > page.head:
        raise CursorAhead(details={"head": page.head})
    request.state.log_counts = {"changes": len(page.changes), "cursor": cursor}
    # Already the `PullResponse` JSON (see `Page.to_json`): returned as is, not re-validated.
    return Response(page.to_json(accounts.now_ms()), media_type="application/json")
