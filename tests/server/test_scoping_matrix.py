"""Who may read and write what: every role against every record type, as three explicit matrices.

World: team North (officers olivia and omar, supervisor sofia, ambassador amara, admin adele) holds one
record of every type, mostly authored by olivia; team South (officer sam, supervisor sue) holds nothing.
A write is *refused* when the push answers 403 or the mutation is rejected (a child under a parent the
caller may not write is `parent_not_found`, so its existence does not leak).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from liaison_protocol.records import RECORD_TYPES
from tests.server.conftest import World
from tests.server.helpers import SAMPLE_FIELDS, ApiUser, new_id

USERS = ("olivia", "omar", "sofia", "amara", "adele", "sam", "sue")
ALL_TYPES = frozenset(RECORD_TYPES)
TEAM_TYPES = frozenset(
    {
        "contact",
        "service",
        "referral",
        "referral_event",
        "meeting",
        "commitment",
        "after_action_review",
        "after_action_commitment",
        "conflict",
    }
)

EXPECTED_READS: dict[str, frozenset[str]] = {
    "olivia": TEAM_TYPES | {"encounter", "amendment", "review"},  # her encounter and what hangs on it
    "omar": TEAM_TYPES,
    "sofia": ALL_TYPES,
    "amara": frozenset({"service", "feedback"}),
    "adele": frozenset(),  # admins read audit events through /admin/audit only
    "sam": frozenset(),
    "sue": frozenset(),
}

EXPECTED_UPDATES: dict[str, frozenset[str]] = {
    "olivia": TEAM_TYPES | {"encounter", "amendment", "audit_event"},
    "omar": TEAM_TYPES,
    "sofia": TEAM_TYPES | {"feedback", "review", "audit_event"},
    "amara": frozenset({"feedback"}),
    "adele": frozenset(),
    "sam": frozenset(),
    "sue": frozenset(),
}

_ANYONE_TEAM_WRITER = frozenset({"olivia", "omar", "sofia", "sam", "sue"})
_NORTH_TEAM_WRITER = frozenset({"olivia", "omar", "sofia"})
EXPECTED_CREATES: dict[str, frozenset[str]] = {
    "contact": _ANYONE_TEAM_WRITER,
    "service": _ANYONE_TEAM_WRITER,
    "referral": _NORTH_TEAM_WRITER,  # of North's contact and service
    "meeting": _ANYONE_TEAM_WRITER,
    "referral_event": _NORTH_TEAM_WRITER,  # under North's referral
    "commitment": _NORTH_TEAM_WRITER,  # under North's meeting
    "after_action_review": _ANYONE_TEAM_WRITER,
    "after_action_commitment": _NORTH_TEAM_WRITER,  # under North's review
    "encounter": frozenset({"olivia", "omar", "sam"}),
    "amendment": frozenset({"olivia"}),  # under olivia's encounter
    "review": frozenset({"sofia"}),  # of olivia's encounter
    "feedback": frozenset({"amara"}),
    "audit_event": frozenset(USERS),
    "conflict": frozenset(),  # only the server creates conflicts
}


@dataclass
class Seeded:
    ids: dict[str, str]
    fields: dict[str, dict[str, Any]]
    users: dict[str, ApiUser]


def _seed(world: World) -> Seeded:
    users = {name: world.sign_in(name) for name in USERS}
    olivia, omar, sofia, amara = users["olivia"], users["omar"], users["sofia"], users["amara"]
    ids: dict[str, str] = {}
    fields: dict[str, dict[str, Any]] = {}

    def make(user: ApiUser, record_type: str, **extra: Any) -> str:
        fields[record_type] = {**SAMPLE_FIELDS[record_type], **extra}
        ids[record_type] = user.create(record_type, **extra)
        return ids[record_type]

    contact = make(olivia, "contact")
    service = make(olivia, "service")
    referral = make(olivia, "referral", contact_id=contact, service_id=service)
    make(olivia, "referral_event", referral_id=referral)
    encounter = make(olivia, "encounter", status="draft")
    make(olivia, "amendment", encounter_id=encounter)
    meeting = make(olivia, "meeting")
    make(olivia, "commitment", meeting_id=meeting)
    review_of_incident = make(olivia, "after_action_review", briefing_meeting_id=meeting)
    make(olivia, "after_action_commitment", review_id=review_of_incident)
    make(amara, "feedback")
    submitted = olivia.create("encounter", status="submitted")  # only a submitted note is reviewed
    make(sofia, "review", encounter_id=submitted)
    make(olivia, "audit_event")
    # A conflict: olivia and omar both change the contact's name from version 1.
    olivia.push(olivia.mutation("contact", contact, {"preferred_name": "Mina"}, base_version=1))
    [outcome] = omar.push(omar.mutation("contact", contact, {"preferred_name": "Ami"}, base_version=1))
    assert outcome["conflicts"], outcome
    ids["conflict"] = outcome["conflicts"][0]["conflict_id"]
    fields["conflict"] = {}
    return Seeded(ids, fields, users)


@pytest.fixture
def seeded(world: World) -> Seeded:
    return _seed(world)


def _refused(user: ApiUser, mutation: dict[str, Any]) -> bool:
    response = user.push_raw([mutation])
    if response.status_code == 403:
        assert response.json()["error"]["code"] == "forbidden"
        assert response.json()["error"]["details"]["index"] == 0
        return True
    assert response.status_code == 200, response.text
    return response.json()["outcomes"][0]["status"] == "rejected"


UPDATES: dict[str, dict[str, Any]] = {
    "contact": {"notes": "updated"},
    "service": {"hours": "9-17"},
    "referral": {"outcome": "placed"},
    "encounter": {"place": "library"},
    "meeting": {"place": "school hall"},
    "commitment": {"status": "done"},
    "after_action_review": {"status": "closed"},
    "after_action_commitment": {"status": "done"},
    "feedback": {"status": "seen"},
    "conflict": {"status": "resolved", "resolution": "kept"},
}


def test_each_role_pulls_exactly_the_record_types_it_may_read(seeded: Seeded) -> None:
    actual = {
        name: frozenset(c["record_type"] for c in user.pull_all()) for name, user in seeded.users.items()
    }
    assert {k: sorted(v) for k, v in actual.items()} == {k: sorted(v) for k, v in EXPECTED_READS.items()}


def test_each_role_may_update_exactly_the_records_it_may_write(seeded: Seeded) -> None:
    actual: dict[str, frozenset[str]] = {}
    for name, user in seeded.users.items():
        allowed = set()
        for record_type in sorted(ALL_TYPES):
            # Append-only types are "updated" with their own content: allowed means a harmless no-op.
            payload = UPDATES.get(record_type, seeded.fields[record_type])
            mutation = user.mutation(record_type, seeded.ids[record_type], payload, base_version=None)
            if not _refused(user, mutation):
                allowed.add(record_type)
        actual[name] = frozenset(allowed)
    assert {k: sorted(v) for k, v in actual.items()} == {k: sorted(v) for k, v in EXPECTED_UPDATES.items()}


def test_each_role_may_create_exactly_the_record_types_it_may_write(seeded: Seeded) -> None:
    parents = {
        "referral_event": {
            "referral_id": seeded.ids["referral"],
            "from_status": "sent",
            "to_status": "withdrawn",
        },
        "commitment": {"meeting_id": seeded.ids["meeting"]},
        "after_action_commitment": {"review_id": seeded.ids["after_action_review"]},
        "amendment": {"encounter_id": seeded.ids["encounter"]},
        "review": {"encounter_id": seeded.fields["review"]["encounter_id"]},  # a submitted one
        "referral": {"contact_id": seeded.ids["contact"], "service_id": seeded.ids["service"]},
    }
    actual: dict[str, frozenset[str]] = {}
    for record_type in sorted(ALL_TYPES):
        fields = {**SAMPLE_FIELDS.get(record_type, {}), **parents.get(record_type, {})}
        if record_type == "conflict":
            fields = {"status": "open"}
        allowed = set()
        for name, user in seeded.users.items():
            if not _refused(user, user.mutation(record_type, new_id(), fields)):
                allowed.add(name)
        actual[record_type] = frozenset(allowed)
    assert {k: sorted(v) for k, v in actual.items()} == {k: sorted(v) for k, v in EXPECTED_CREATES.items()}


def test_a_supervisor_may_answer_feedback_but_not_rewrite_it(seeded: Seeded) -> None:
    sofia = seeded.users["sofia"]
    answer = sofia.mutation("feedback", seeded.ids["feedback"], {"status": "answered", "answer": "fixed"})
    rewrite = sofia.mutation("feedback", seeded.ids["feedback"], {"text": "something else"})
    assert not _refused(sofia, answer)
    assert _refused(sofia, rewrite)


def test_a_conflict_about_a_private_record_is_visible_only_where_the_record_is(world: World) -> None:
    olivia, sofia, omar = world.sign_in("olivia"), world.sign_in("sofia"), world.sign_in("olivia")
    encounter = olivia.create("encounter", status="draft")
    omar.versions[encounter] = 1
    olivia.push(olivia.mutation("encounter", encounter, {"place": "park"}, base_version=1))
    [outcome] = omar.push(omar.mutation("encounter", encounter, {"place": "library"}, base_version=1))
    conflict_id = outcome["conflicts"][0]["conflict_id"]
    other_officer = world.sign_in("omar")
    assert conflict_id in olivia.latest("conflict")
    assert conflict_id in sofia.latest("conflict")
    assert conflict_id not in other_officer.latest("conflict")
