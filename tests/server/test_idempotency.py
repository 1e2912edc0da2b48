"""Each mutation is applied at most once: a retry replays the stored outcome."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import update

from liaison_server.app import create_app
from liaison_server.models import ChangeCounter
from tests.server.conftest import World
from tests.server.helpers import SAMPLE_FIELDS


def test_a_retried_mutation_replays_its_outcome_and_applies_once(world: World) -> None:
    olivia = world.sign_in("olivia")
    contact = olivia.create("contact")
    edit = olivia.mutation("contact", contact, {"notes": "first"})
    first = olivia.push(edit)
    again = olivia.push(edit)
    assert again == first
    assert olivia.latest()[contact]["version"] == 2


def test_a_retry_after_the_record_changed_still_replays_the_original_outcome(world: World) -> None:
    olivia = world.sign_in("olivia")
    contact = olivia.create("contact")
    edit = olivia.mutation("contact", contact, {"notes": "first"})
    [first] = olivia.push(edit)
    olivia.push(olivia.mutation("contact", contact, {"notes": "second"}))
    [replayed] = olivia.push(edit)
    assert replayed == first
    assert olivia.latest()[contact]["fields"]["notes"] == "second"


def test_a_reused_mutation_id_with_another_payload_is_rejected(world: World) -> None:
    olivia = world.sign_in("olivia")
    contact = olivia.create("contact")
    edit = olivia.mutation("contact", contact, {"notes": "first"})
    olivia.push(edit)
    [outcome] = olivia.push({**edit, "fields": {"notes": "something else"}})
    assert (outcome["status"], outcome["reason"]) == ("rejected", "mutation_id_reused")
    assert olivia.latest()[contact]["fields"]["notes"] == "first"


def test_the_same_mutation_twice_in_one_batch_applies_once(world: World) -> None:
    olivia = world.sign_in("olivia")
    create = olivia.mutation("contact", fields=SAMPLE_FIELDS["contact"])
    first, second = olivia.push(create, create)
    assert first == second
    assert olivia.latest()[create["record_id"]]["version"] == 1


def test_a_replay_reaches_another_worker_process_through_the_database(world: World) -> None:
    olivia = world.sign_in("olivia")
    create = olivia.mutation("contact", fields=SAMPLE_FIELDS["contact"])
    [first] = olivia.push(create)
    with TestClient(create_app(world.settings)) as other_worker:
        response = other_worker.post(
            "/api/v1/sync/push", json={"mutations": [create]}, headers=olivia.headers
        )
    assert response.json()["outcomes"] == [first]


def test_a_rejected_mutation_is_rejected_again_on_retry(world: World) -> None:
    olivia = world.sign_in("olivia")
    encounter = olivia.create("encounter", status="submitted")
    edit = olivia.mutation("encounter", encounter, {"place": "changed"})
    [first] = olivia.push(edit)
    assert first["reason"] == "immutable"
    assert olivia.push(edit) == [first]


def test_a_refused_batch_records_nothing_so_it_can_be_retried_after_a_fix(world: World) -> None:
    olivia = world.sign_in("olivia")
    good = olivia.mutation("contact", fields=SAMPLE_FIELDS["contact"])
    bad = olivia.mutation("contact", fields={"given_name": 7})
    assert olivia.push_raw([good, bad]).status_code == 422
    [outcome] = olivia.push(good)
    assert outcome["status"] == "applied"


def test_a_broken_change_counter_is_reported_as_a_server_fault_not_retried_as_busy(world: World) -> None:
    """Only the races concurrent pushes can cause are retried; a unique key broken by bad data (here a
    counter set back below numbers already given out, as a careless restore would) is a server fault."""
    olivia = world.sign_in("olivia")
    olivia.create("contact")
    with world._session() as session:
        session.execute(update(ChangeCounter).where(ChangeCounter.id == 1).values(value=0))
        session.commit()

    response = olivia.push_raw([olivia.mutation("contact", fields=SAMPLE_FIELDS["contact"])])

    assert response.status_code == 500
    assert response.json()["error"]["code"] == "internal_error"
