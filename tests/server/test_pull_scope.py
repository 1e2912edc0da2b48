"""The pull names the read scope its page was read under, and fetching records by id.

A cursor is only complete for the scope (role and teams) it was built under; the client says which one
with `?scope=` and the answer names the caller's current one. Clients that do not send it get the answer
of before, so the change stays within protocol version 1.
"""

from __future__ import annotations

from typing import Any

from tests.server.conftest import World
from tests.server.helpers import API, ApiUser, new_id
from tests.server.memberships import join_team, leave_team, set_role


def pull(user: ApiUser, cursor: int = 0, scope: str | None = None) -> dict[str, Any]:
    params: dict[str, Any] = {"cursor": cursor, "limit": 1000}
    if scope is not None:
        params["scope"] = scope
    response = user.client.get(f"{API}/sync/pull", params=params, headers=user.headers)
    assert response.status_code == 200, response.text
    return response.json()


def fetch(user: ApiUser, *refs: tuple[str, str]) -> Any:
    body = {"records": [{"record_type": t, "record_id": i} for t, i in refs]}
    return user.client.post(f"{API}/sync/records", json=body, headers=user.headers)


def test_a_pull_without_a_scope_is_answered_as_before(world: World) -> None:
    olivia = world.sign_in("olivia")
    olivia.create("contact")
    assert "scope" not in pull(olivia)


def test_a_pull_naming_no_scope_yet_gets_its_page_and_the_callers_scope(world: World) -> None:
    olivia = world.sign_in("olivia")
    contact_id = olivia.create("contact")
    page = pull(olivia, 0, "")
    assert [c["record_id"] for c in page["changes"]] == [contact_id]
    assert page["scope"] and page["scope"] == pull(olivia, 0, "")["scope"]


def test_a_pull_under_the_same_scope_continues_from_its_cursor(world: World) -> None:
    olivia = world.sign_in("olivia")
    olivia.create("contact")
    first = pull(olivia, 0, "")
    later = olivia.create("contact")
    page = pull(olivia, first["next_cursor"], first["scope"])
    assert [c["record_id"] for c in page["changes"]] == [later]
    assert page["scope"] == first["scope"]


def test_joining_a_team_changes_the_scope_and_the_old_cursor_gets_no_page(world: World) -> None:
    sam = world.sign_in("sam")
    olivia = world.sign_in("olivia")
    sam.create("contact")
    olivia.create("contact")
    before = pull(olivia, 0, "")
    with world._session() as session:
        join_team(session, world.user_ids["olivia"], world.teams["South"])
        session.commit()
    olivia.create("contact")
    page = pull(olivia, before["next_cursor"], before["scope"])
    assert page["changes"] == [] and page["has_more"] is False
    assert page["scope"] != before["scope"]
    assert page["next_cursor"] == before["next_cursor"]


def test_leaving_a_team_and_changing_role_each_change_the_scope(world: World) -> None:
    olivia = world.sign_in("olivia")
    scopes = [pull(olivia, 0, "")["scope"]]
    with world._session() as session:
        join_team(session, world.user_ids["olivia"], world.teams["South"])
        session.commit()
    scopes.append(pull(olivia, 0, "")["scope"])
    with world._session() as session:
        leave_team(session, world.user_ids["olivia"], world.teams["South"])
        session.commit()
    scopes.append(pull(olivia, 0, "")["scope"])
    with world._session() as session:
        set_role(session, world.user_ids["olivia"], "supervisor")
        session.commit()
    scopes.append(pull(olivia, 0, "")["scope"])
    # Back in North alone is North alone again: the cursor under it is still complete.
    assert scopes[0] != scopes[1] and scopes[2] == scopes[0] and scopes[3] not in scopes[:3]


def test_fetching_records_returns_the_readable_ones_tombstones_without_their_fields(world: World) -> None:
    olivia, sam = world.sign_in("olivia"), world.sign_in("sam")
    kept = olivia.create("contact")
    removed = olivia.create("contact")
    [outcome] = olivia.push(olivia.mutation("contact", removed, op="delete"))
    assert outcome["status"] == "applied"
    south = sam.create("contact")
    response = fetch(
        olivia, ("contact", kept), ("contact", removed), ("contact", south), ("contact", new_id())
    )
    assert response.status_code == 200, response.text
    changes = {c["record_id"]: c for c in response.json()["changes"]}
    assert set(changes) == {kept, removed}
    assert changes[kept]["fields"]["given_name"] == "Amina" and changes[kept]["deleted"] is False
    assert changes[removed]["deleted"] is True and changes[removed]["fields"] == {}


def test_fetching_more_than_a_batch_of_records_is_refused(world: World) -> None:
    olivia = world.sign_in("olivia")
    response = fetch(olivia, *[("contact", new_id()) for _ in range(501)])
    assert response.status_code == 422


def test_fetching_ids_or_types_that_cannot_exist_finds_nothing_and_fails_nothing(world: World) -> None:
    olivia = world.sign_in("olivia")
    kept = olivia.create("contact")
    response = fetch(
        olivia, ("contact", kept), ("contact", "not\x00an id"), ("no_such_type", new_id()), ("contact", "N")
    )
    assert response.status_code == 200, response.text
    assert [c["record_id"] for c in response.json()["changes"]] == [kept]
