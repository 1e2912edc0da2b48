"""The caller's team roster: the names their laptop shows for the people of their teams."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from liaison_protocol.messages import RosterResponse
from liaison_server.api.deps import DeviceDep, SessionDep, current_device
from liaison_server.api.errors import ERROR_RESPONSES
from liaison_server.roster import roster_for

router = APIRouter(
    prefix="/team", tags=["team"], dependencies=[Depends(current_device)], responses=ERROR_RESPONSES
)


@router.get("/roster", response_model=RosterResponse)
def roster(auth: DeviceDep, session: SessionDep) -> RosterResponse:
    return roster_for(session, auth.caller)
