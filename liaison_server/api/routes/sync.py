"""Push and pull: the two halves of sync; and fetching records by id (after a refused edit)."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from liaison_protocol.messages import (
    MAX_PAGE,
    ErrorBody,
    FetchRequest,
    FetchResponse,
    PullResponse,
    PushRequest,
    PushResponse,
)
from liaison_server import accounts
from liaison_server.api.deps import DeviceDep, PushDeviceDep, SessionDep, SettingsDep
from liaison_server.api.errors import ERROR_RESPONSES
from liaison_server.changefeed import read_page, read_records
from liaison_server.errors import CursorAhead
from liaison_server.push import apply_push

# No router-wide device check: a push also takes a device revoked for off-boarding (its last push),
# pulls and fetches never do.
router = APIRouter(
    prefix="/sync",
    tags=["sync"],
    responses={
        **ERROR_RESPONSES,
        403: {"model": ErrorBody, "description": "forbidden (details.index: the first refused mutation)"},
    },
)

DEFAULT_PAGE = 500


@router.post("/push", response_model=PushResponse)
def push(
    body: PushRequest, request: Request, auth: PushDeviceDep, session: SessionDep, settings: SettingsDep
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
    # The scope fingerprint the client's cursor was built under ("" when it has none yet); a client that
    # sends none gets the answer of before (no `scope` field).
    scope: Annotated[str | None, Query(max_length=64)] = None,
    # `purged=1`: the client knows purge markers (`Change.purged`); others get them as plain tombstones.
    purged: Annotated[bool, Query()] = False,
) -> Response:
    page = read_page(session, auth.caller, cursor, limit, scope, purge_markers=purged)
    session.rollback()
    if cursor > page.head:
        raise CursorAhead(details={"head": page.head})
    request.state.log_counts = {"changes": len(page.changes), "cursor": cursor}
    # Already the `PullResponse` JSON (see `Page.to_json`): returned as is, not re-validated.
    return Response(page.to_json(accounts.now_ms()), media_type="application/json")


@router.post("/records", response_model=FetchResponse)
def fetch_records(
    body: FetchRequest,
    request: Request,
    auth: DeviceDep,
    session: SessionDep,
    purged: Annotated[bool, Query()] = False,
) -> Response:
    """The server's current version of records the device asks for by id (after a refused edit, to show
    the server's value again), as far as the caller may read them. `purged=1` as for a pull."""
    changes = read_records(session, auth.caller, body.records, purge_markers=purged)
    session.rollback()
    request.state.log_counts = {"asked": len(body.records), "changes": len(changes)}
    tail = json.dumps({"server_time_ms": accounts.now_ms()}, separators=(",", ":"))
    return Response(
        ('{"changes":[' + ",".join(changes) + "]," + tail[1:]).encode("utf-8"), media_type="application/json"
    )
