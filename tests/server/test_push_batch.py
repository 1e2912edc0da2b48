"""A push batch applies its mutations in order: later mutations see what earlier ones of the same batch
created or changed (an update of a record created in the batch, a child of a parent created in it, a
referral's derived status replayed over events created in it), exactly as if pushed one at a time."""

from __future__ import annotations

from typing import Any

from tests.server.conftest import World
from tests.server.helpers import SAMPLE_FIELDS, ApiUser, new_id


def _scenario(user: ApiUser) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """Mutations that build on each other, and the record ids they use by role."""
    ids = {
        name: new_id()
        for name in ("contact", "service", "referral", "sent", "accepted", "note", "fix", "gone")
    }
    m = user.mutation
    mutations = [
        m("contact", ids["contact"], SAMPLE_FIELDS["contact"]),
        m("contact", ids["contact"], {"given_name": "Amina R.", "phone": "555"}, base_version=1),
        m("service", ids["service"], SAMPLE_FIELDS["service"]),
        m("referral", ids["referral"], {"contact_id": ids["contact"], "service_id": ids["service"]}),
        m(
            "referral_event",
            ids["sent"],
            {"referral_id": ids["referral"], "from_status": "draft", "to_status": "sent"},
        ),
        m(
            "referral_event",
            ids["accepted"],
            {"referral_id": ids["referral"], "from_status": "sent", "to_status": "accepted"},
        ),
        m("encounter", ids["note"], {**SAMPLE_FIELDS["encounter"], "status": "draft"}),
        m("encounter", ids["note"], {"status": "submitted"}, base_version=1),
        m("amendment", ids["fix"], {"encounter_id": ids["note"], "text": "the date was the 19th"}),
        m("encounter", ids["note"], {"summary": "rewritten"}, base_version=2),
        m("contact", ids["gone"], SAMPLE_FIELDS["contact"]),
        m("contact", ids["gone"], op="delete", base_version=1),
    ]
    mutations.append(dict(mutations[0]))  # the same mutation twice: the second replays the first
    return mutations, ids


def _summary(outcomes: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return [(o["status"], o["reason"], o["record_version"], len(o["conflicts"])) for o in outcomes]


def _records(user: ApiUser, ids: dict[str, str]) -> dict[str, tuple[Any, ...]]:
    """The pulled records by role, with the scenario's ids replaced by their roles."""
    role_of = {record_id: name for name, record_id in ids.items()}
    latest = user.latest()
    result = {}
    for name, record_id in ids.items():
        change = latest[record_id]
        fields = {k: role_of.get(v, v) if isinstance(v, str) else v for k, v in change["fields"].items()}
        result[name] = (change["record_type"], change["version"], change["deleted"], fields)
    return result


def test_a_batch_ends_as_the_same_mutations_pushed_one_at_a_time(world: World) -> None:
    olivia = world.sign_in("olivia")
    batch, batch_ids = _scenario(olivia)
    batch_outcomes = olivia.push(*batch)
    singles, single_ids = _scenario(olivia)
    single_outcomes = [outcome for mutation in singles for outcome in olivia.push(mutation)]

    assert _summary(batch_outcomes) == _summary(single_outcomes)
    assert _records(olivia, batch_ids) == _records(olivia, single_ids)
    records = _records(olivia, batch_ids)
    assert records["contact"][1] == 2 and records["contact"][3]["given_name"] == "Amina R."
    assert records["referral"][3]["status"] == "accepted"
    assert records["sent"][3]["effective"] is True and records["accepted"][3]["effective"] is True
    assert records["note"][3]["review_status"] == "pending"
    assert records["gone"][2] is True
    assert _summary(batch_outcomes)[-1] == _summary(batch_outcomes)[0]
    assert batch_outcomes[9]["reason"] == "immutable"


def test_every_change_of_a_batch_has_its_own_cursor_and_all_are_pulled(world: World) -> None:
    olivia = world.sign_in("olivia")
    mutations, ids = _scenario(olivia)
    olivia.push(*mutations)
    changes = olivia.pull_all()
    cursors = [change["cursor"] for change in changes]
    assert cursors == sorted(set(cursors))
    assert set(ids.values()) <= {change["record_id"] for change in changes}


def test_reviews_in_one_batch_decide_the_encounters_review_status(world: World) -> None:
    olivia, sofia = world.sign_in("olivia"), world.sign_in("sofia")
    encounter = olivia.create("encounter", status="submitted")
    first = sofia.mutation("review", fields={"encounter_id": encounter, "decision": "returned"})
    second = sofia.mutation("review", fields={"encounter_id": encounter, "decision": "approved"})
    assert [o["status"] for o in sofia.push(first, second)] == ["applied", "applied"]
    assert olivia.latest()[encounter]["fields"]["review_status"] == "approved"


def test_a_conflict_made_in_a_batch_is_pulled_with_its_subject(world: World) -> None:
    olivia, omar = world.sign_in("olivia"), world.sign_in("omar")
    contact = olivia.create("contact")
    omar.pull_all()
    olivia.push(olivia.mutation("contact", contact, {"phone": "111"}))
    late = omar.later_than().mutation("contact", contact, {"phone": "222"})
    fresh = omar.mutation("contact", fields=SAMPLE_FIELDS["contact"])
    outcomes = omar.push(late, fresh)
    [note] = outcomes[0]["conflicts"]
    conflict = olivia.latest("conflict")[note["conflict_id"]]
    assert conflict["fields"]["subject_id"] == contact
    assert {conflict["fields"]["kept_value"], conflict["fields"]["set_aside_value"]} == {"111", "222"}
    assert outcomes[1]["status"] == "applied"
