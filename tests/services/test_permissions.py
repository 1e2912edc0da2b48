"""Role rules mirror the server's scopes: each role reads and writes only what it may."""

from __future__ import annotations

import pytest

from liaison_desktop.services.permissions import may_read_record, may_read_type, may_write_type
from liaison_desktop.store.actor import Actor
from liaison_protocol.records import RECORD_TYPES

READABLE = {
    "officer": {
        "contact",
        "service",
        "referral",
        "referral_event",
        "encounter",
        "amendment",
        "meeting",
        "commitment",
        "after_action_review",
        "after_action_commitment",
        "review",
        "conflict",
    },
    "ambassador": {"service", "feedback", "conflict"},
    "supervisor": set(RECORD_TYPES),
    "admin": {"service", "audit_event"},
}


@pytest.mark.parametrize("role", sorted(READABLE))
def test_each_role_reads_exactly_its_record_types(role):
    assert {t for t in RECORD_TYPES if may_read_type(role, t)} == READABLE[role]


@pytest.mark.parametrize("role", sorted(READABLE))
def test_writes_follow_the_protocols_roles_that_write(role):
    for record_type, spec in RECORD_TYPES.items():
        assert may_write_type(role, record_type) == (role in spec.roles_that_write)


def test_officer_reads_only_their_own_private_records():
    me, colleague = Actor("u1", "officer", "t"), Actor("u2", "officer", "t")
    encounter = {"author_id": "u1", "owner_id": "u1"}
    assert may_read_record(me, "encounter", encounter)
    assert not may_read_record(colleague, "encounter", encounter)
    assert not may_read_record(colleague, "amendment", {"author_id": "u2"}, parent=encounter)


def test_supervisor_reads_every_encounter_of_the_team():
    assert may_read_record(Actor("s", "supervisor", "t"), "encounter", {"author_id": "u1", "owner_id": "u1"})


def test_admin_never_reads_note_contents():
    admin = "admin"
    for record_type in ("contact", "encounter", "amendment", "feedback", "meeting", "review"):
        assert not may_read_type(admin, record_type)
