"""References between records never cross teams, and a refused reference says nothing about the id.

World: team North (officer olivia, supervisor sofia, ambassador amara) and team South (officer sam,
supervisor sue). Each reference field of every record type is pushed by a South writer three ways:
pointing at a record of its own team (applied), at North's record of the right type (refused) and at an
id that never existed (refused). The two refusals must be the same answer, byte for byte, apart from the
mutation id and
the server's clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from liaison_protocol.records import RECORD_TYPES, references
from tests.server.conftest import World
from tests.server.helpers import SAMPLE_FIELDS, ApiUser, new_id

# Every reference field: (record type, field, is it a list of ids).
REFERENCE_FIELDS = sorted(
    (spec.name, name, spec.fields[name].kind.value == "uuid_list")
    for spec in RECORD_TYPES.values()
    for name in references(spec)
)
# Who writes each referring type in the test: officers, but feedback is an ambassador's.
WRITERS = {"feedback": "amara_south"}


@dataclass
class Teams:
    north: dict[str, str]  # target type -> a North record id
    south: dict[str, str]  # target type -> a South record id
    users: dict[str, ApiUser]


@pytest.fixture
def teams(world: World) -> Teams:
    world.add_user("amara_south", "ambassador", "South")
    users = {name: world.sign_in(name) for name in ("olivia", "sam", "sue", "amara_south", "sofia")}
    targets = {"contact", "service", "meeting"}
    north = {t: users["olivia"].create(t) for t in targets}
    south = {t: users["sam"].create(t) for t in targets}
    return Teams(north, south, users)


def _push_reference(teams: Teams, record_type: str, field: str, is_list: bool, target_id: str) -> Any:
    writer = teams.users[WRITERS.get(record_type, "sam")]
    fields = {**SAMPLE_FIELDS.get(record_type, {})}
    for name, target_type in references(RECORD_TYPES[record_type]).items():
        if RECORD_TYPES[record_type].fields[name].required:  # the others point at their own team's
            fields[name] = teams.south[target_type]
    fields[field] = [target_id] if is_list else target_id
    return writer.push_raw([writer.mutation(record_type, new_id(), fields)])


def _answer(response: Any) -> tuple[int, dict[str, Any]]:
    body = response.json()
    body.pop("server_time_ms", None)
    for outcome in body.get("outcomes", []):
        outcome.pop("mutation_id")
    return response.status_code, body


@pytest.mark.parametrize(("record_type", "field", "is_list"), REFERENCE_FIELDS)
def test_a_reference_to_another_teams_record_is_refused_as_one_to_an_id_that_never_existed(
    teams: Teams, record_type: str, field: str, is_list: bool
) -> None:
    target_type = references(RECORD_TYPES[record_type])[field]
    foreign = _answer(_push_reference(teams, record_type, field, is_list, teams.north[target_type]))
    missing = _answer(_push_reference(teams, record_type, field, is_list, new_id()))
    assert foreign == missing
    status, body = foreign
    assert status == 200
    assert [(o["status"], o["reason"]) for o in body["outcomes"]] == [("rejected", "reference_not_found")]


@pytest.mark.parametrize(("record_type", "field", "is_list"), REFERENCE_FIELDS)
def test_a_reference_to_a_record_of_the_writers_team_is_applied(
    teams: Teams, record_type: str, field: str, is_list: bool
) -> None:
    target_type = references(RECORD_TYPES[record_type])[field]
    status, body = _answer(_push_reference(teams, record_type, field, is_list, teams.south[target_type]))
    assert status == 200
    assert [o["status"] for o in body["outcomes"]] == ["applied"]


def test_an_ambassador_links_feedback_to_a_contact_of_their_team_without_reading_contacts(
    teams: Teams,
) -> None:
    """Feedback names the resident it came from (with their consent) though ambassadors read no contacts
    (`FieldSpec.refers_unread`); the link still never crosses teams (the test above)."""
    _, body = _answer(_push_reference(teams, "feedback", "contact_id", False, teams.south["contact"]))
    assert [o["status"] for o in body["outcomes"]] == ["applied"]
    pulled = teams.users["amara_south"].pull_all()
    assert not [c for c in pulled if c["record_type"] == "contact"], "the link reads nothing of the contact"


def test_a_supervisor_of_both_teams_may_not_point_one_teams_record_at_the_others(world: World) -> None:
    world.add_user("bea", "supervisor", "North", "South")
    bea = world.sign_in("bea")
    north, south = world.teams["North"], world.teams["South"]
    in_north = {"contact_id": new_id(), "service_id": new_id()}
    bea.push(
        bea.mutation("contact", in_north["contact_id"], SAMPLE_FIELDS["contact"], team_id=north),
        bea.mutation("service", in_north["service_id"], SAMPLE_FIELDS["service"], team_id=north),
    )
    referral = {**SAMPLE_FIELDS["referral"], **in_north}
    [across] = bea.push(bea.mutation("referral", new_id(), referral, team_id=south))
    [within] = bea.push(bea.mutation("referral", new_id(), referral, team_id=north))
    assert (across["status"], across["reason"]) == ("rejected", "reference_not_found")
    assert within["status"] == "applied"


def test_an_edit_of_an_existing_referral_to_a_foreign_contact_is_refused(teams: Teams) -> None:
    sam = teams.users["sam"]
    referral = sam.create("referral", contact_id=teams.south["contact"], service_id=teams.south["service"])
    [moved] = sam.push(sam.mutation("referral", referral, {"contact_id": teams.north["contact"]}))
    [other_edit] = sam.push(sam.mutation("referral", referral, {"outcome": "placed"}))
    assert (moved["status"], moved["reason"]) == ("rejected", "reference_not_found")
    assert other_edit["status"] == "applied"


def test_a_reference_to_a_record_created_earlier_in_the_same_batch_is_applied(teams: Teams) -> None:
    sam = teams.users["sam"]
    contact = new_id()
    outcomes = sam.push(
        sam.mutation("contact", contact, SAMPLE_FIELDS["contact"]),
        sam.mutation(
            "referral",
            new_id(),
            {**SAMPLE_FIELDS["referral"], "contact_id": contact, "service_id": teams.south["service"]},
        ),
    )
    assert [o["status"] for o in outcomes] == ["applied", "applied"]


def test_a_reference_to_a_deleted_record_of_the_team_is_applied(teams: Teams) -> None:
    sam = teams.users["sam"]
    sam.push(sam.mutation("contact", teams.south["contact"], op="delete"))
    referral = {
        **SAMPLE_FIELDS["referral"],
        "contact_id": teams.south["contact"],
        "service_id": teams.south["service"],
    }
    [outcome] = sam.push(sam.mutation("referral", new_id(), referral))
    assert outcome["status"] == "applied"
