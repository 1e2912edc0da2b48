"""The team roster: who is in the caller's teams, as the names a laptop shows instead of account ids.

Officers and supervisors get their own teams' members (id, display name, role), so a review queue says
"Omar Haddad" rather than an account id. Nothing else about a person is sent: no username (half of a
sign-in), no other team, no activity. Ambassadors get an empty roster: they read only their own feedback
and the service directory, and a community volunteer's laptop has no need of a list of the officers and
volunteers around them (if it is lost, it names nobody). Admins pull no records, so they have nothing to
name either: they manage accounts through the admin API. A disabled account stays on its teams' roster:
its notes are still in the review queue and its name is what a supervisor knows it by.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from liaison_protocol.messages import RosterMember, RosterResponse, RosterTeam

from .models import Team, User, UserTeam
from .scoping import Caller

ROLES_WITH_ROSTER = frozenset({"officer", "supervisor"})


def roster_for(session: Session, caller: Caller) -> RosterResponse:
    if caller.role not in ROLES_WITH_ROSTER or not caller.team_ids:
        return RosterResponse(teams=[])
    teams = {
        team.id: RosterTeam(id=team.id, name=team.name, members=[])
        for team in session.scalars(select(Team).where(Team.id.in_(caller.team_ids)).order_by(Team.name))
    }
    rows = session.execute(
        select(UserTeam.team_id, User.id, User.display_name, User.role)
        .join(User, User.id == UserTeam.user_id)
        .where(UserTeam.team_id.in_(list(teams)))
        .order_by(User.display_name, User.id)
    )
    for team_id, user_id, display_name, role in rows:
        # An account made without a display name stays unnamed ("") rather than named by its username.
        teams[team_id].members.append(RosterMember(id=user_id, display_name=display_name, role=role))
    return RosterResponse(teams=list(teams.values()))
