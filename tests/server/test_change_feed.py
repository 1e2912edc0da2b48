"""Pulling pages of changes: order, cursors, progress counts, and a cursor from another server."""

from __future__ import annotations

from tests.server.conftest import World
from tests.server.helpers import API


def test_changes_come_oldest_first_in_pages_that_resume_from_the_cursor(world: World) -> None:
    olivia = world.sign_in("olivia")
    made = [olivia.create("contact") for _ in range(5)]
    first = olivia.pull_page(0, limit=2)
    second = olivia.pull_page(first["next_cursor"], limit=2)
    third = olivia.pull_page(second["next_cursor"], limit=2)
    pulled = [c["record_id"] for page in (first, second, third) for c in page["changes"]]
    assert pulled == made
    assert (first["has_more"], second["has_more"], third["has_more"]) == (True, True, False)


def test_the_first_page_counts_what_remains_so_a_first_sync_can_show_progress(world: World) -> None:
    olivia = world.sign_in("olivia")
    for _ in range(5):
        olivia.create("contact")
    page = olivia.pull_page(0, limit=2)
    assert page["remaining"] == 3
    assert olivia.pull_page(page["next_cursor"], limit=10)["remaining"] == 0


def test_an_edited_record_moves_to_the_end_of_the_feed_once(world: World) -> None:
    olivia = world.sign_in("olivia")
    first, second = olivia.create("contact"), olivia.create("contact")
    olivia.push(olivia.mutation("contact", first, {"notes": "edited"}))
    changes = olivia.pull_all()
    assert [c["record_id"] for c in changes] == [second, first]
    assert changes[-1]["version"] == 2


def test_an_up_to_date_pull_is_empty_and_keeps_its_place(world: World) -> None:
    olivia = world.sign_in("olivia")
    olivia.create("contact")
    cursor = olivia.pull_page(0)["next_cursor"]
    page = olivia.pull_page(cursor)
    assert (page["changes"], page["next_cursor"], page["has_more"]) == ([], cursor, False)


def test_the_cursor_skips_changes_the_caller_may_not_see(world: World) -> None:
    olivia, sam = world.sign_in("olivia"), world.sign_in("sam")
    olivia.create("contact")
    mine = sam.pull_page(0)
    for _ in range(3):
        olivia.create("contact")
    later = sam.pull_page(mine["next_cursor"])
    assert later["changes"] == [] and later["next_cursor"] > mine["next_cursor"]


def test_every_change_carries_the_record_envelope(world: World) -> None:
    olivia = world.sign_in("olivia")
    contact = olivia.create("contact")
    [change] = olivia.pull_all()
    assert change["record_id"] == contact
    assert (change["team_id"], change["author_id"], change["owner_id"]) == (
        world.teams["North"],
        olivia.id,
        olivia.id,
    )
    assert change["created_hlc"] == change["updated_hlc"] and change["deleted"] is False
    assert change["fields"]["given_name"] == "Amina"


def test_a_cursor_ahead_of_the_feed_is_a_conflict_the_client_recovers_from(world: World) -> None:
    olivia = world.sign_in("olivia")
    olivia.create("contact")
    response = world.client.get(f"{API}/sync/pull", params={"cursor": 10_000}, headers=olivia.headers)
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "cursor_ahead"
    assert response.json()["error"]["details"] == {"head": 1}


def test_responses_carry_the_server_time(world: World) -> None:
    olivia = world.sign_in("olivia")
    push = olivia.push_raw([])
    pull = world.client.get(f"{API}/sync/pull", headers=olivia.headers)
    health = world.client.get(f"{API}/health")
    assert all(r.json()["server_time_ms"] > 0 for r in (push, pull, health))


def test_large_pull_responses_are_gzip_compressed(world: World) -> None:
    olivia = world.sign_in("olivia")
    for _ in range(10):
        olivia.create("contact")
    response = world.client.get(f"{API}/sync/pull", headers={**olivia.headers, "Accept-Encoding": "gzip"})
    assert response.headers["content-encoding"] == "gzip"
