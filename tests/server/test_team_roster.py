"""The team roster: the names of the people of one's own teams, and nothing else about them."""

from __future__ import annotations

from tests.server.conftest import World
from tests.server.helpers import API

ROSTER = f"{API}/team/roster"


def _roster(world: World, username: str) -> dict:
    user = world.sign_in(username)
    response = world.client.get(ROSTER, headers=user.headers)
    assert response.status_code == 200, response.text
    return response.json()


def _names(world: World, username: str) -> dict[str, list[tuple[str, str]]]:
    return {
        team["name"]: sorted((member["display_name"], member["role"]) for member in team["members"])
        for team in _roster(world, username)["teams"]
    }


def test_a_supervisor_gets_the_names_and_roles_of_their_teams_members_only(world: World) -> None:
    world.add_user("omar.h", "officer", "North", display_name="Omar Haddad")

    roster = _names(world, "sofia")

    assert list(roster) == ["North"], "not South"
    assert ("Omar Haddad", "officer") in roster["North"]
    assert {role for _name, role in roster["North"]} == {"officer", "supervisor", "ambassador", "admin"}


def test_a_member_is_sent_as_id_display_name_and_role_and_nothing_else(world: World) -> None:
    (team,) = _roster(world, "olivia")["teams"]

    assert team["id"] == world.teams["North"]
    assert {tuple(sorted(member)) for member in team["members"]} == {("display_name", "id", "role")}
    assert world.user_ids["omar"] in {member["id"] for member in team["members"]}


def test_an_officer_of_two_teams_gets_both(world: World) -> None:
    world.add_user("tariq", "officer", "North", "South")

    assert set(_names(world, "tariq")) == {"North", "South"}


def test_an_ambassador_and_an_admin_get_an_empty_roster(world: World) -> None:
    assert _roster(world, "amara") == {"teams": []}
    assert _roster(world, "adele") == {"teams": []}


def test_the_roster_needs_a_signed_in_device(world: World) -> None:
    response = world.client.get(ROSTER)

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "invalid_token"
