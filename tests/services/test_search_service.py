"""Search through the services: ranked, with snippets, and only what the role may read."""

from __future__ import annotations

import pytest

from .test_encounters import DRAFT
from .test_feedback import FEEDBACK


@pytest.fixture
def records(officer, other_officer, ambassador, other_ambassador):
    ids = {
        "contact": officer.contacts.create(
            {"given_name": "José", "family_name": "Ramírez", "notes": "Runs the bakery on Mill Road"}
        ),
        "my_encounter": officer.encounters.create_draft(
            {**DRAFT, "summary": "Bakery owner reports broken streetlight"}
        ),
        "their_encounter": other_officer.encounters.create_draft(
            {**DRAFT, "summary": "Bakery delivery van blocked"}
        ),
        "my_feedback": ambassador.feedback.record({**FEEDBACK, "text": "Bakery queue feels unsafe at night"}),
        "their_feedback": other_ambassador.feedback.record({**FEEDBACK, "text": "Bakery prices"}),
        "meeting": officer.meetings.create(
            {"kind": "listening_session", "held_on": "2026-03-02", "title": "Bakery street listening session"}
        ),
    }
    return ids


def _found(workspace, text):
    return {hit.record_id for hit in workspace.search.search(text)}


def test_officer_finds_team_records_and_own_encounters_only(officer, records):
    assert _found(officer, "bakery") == {records["contact"], records["my_encounter"], records["meeting"]}


def test_supervisor_finds_everything_of_the_team(supervisor, records):
    assert _found(supervisor, "bakery") == set(records.values())


def test_ambassador_finds_only_their_own_feedback(ambassador, records):
    assert _found(ambassador, "bakery") == {records["my_feedback"]}


def test_admin_finds_nothing_with_note_contents(admin, records):
    assert _found(admin, "bakery") == set()


def test_merged_contacts_are_not_found(officer, records):
    kept = officer.contacts.create({"given_name": "Jose", "family_name": "Ramirez"}, allow_duplicates=True)
    officer.merger.merge(kept, records["contact"])
    assert _found(officer, "ramirez") == {kept}


def test_deleted_records_are_not_found(officer, records):
    officer.encounters.delete_draft(records["my_encounter"])
    assert records["my_encounter"] not in _found(officer, "bakery")


def test_hits_are_ranked_with_highlighted_snippets(officer, records):
    hits = officer.search.search("streetlight")
    assert [h.record_id for h in hits] == [records["my_encounter"]]
    assert "<b>streetlight</b>" in hits[0].snippet_html


def test_scoping_does_not_starve_the_result_list(officer, other_officer):
    """When many top hits are a colleague's, the officer still gets `limit` hits of their own."""
    for index in range(30):
        other_officer.encounters.create_draft({**DRAFT, "summary": f"lantern lantern lantern {index}"})
    mine = [
        officer.encounters.create_draft({**DRAFT, "summary": f"lantern note {index}"}) for index in range(5)
    ]
    assert {h.record_id for h in officer.search.search("lantern", limit=5)} == set(mine)


def test_record_types_can_be_narrowed(supervisor, records):
    assert {h.record_type for h in supervisor.search.search("bakery", record_types=["feedback"])} == {
        "feedback"
    }


def test_a_hit_carries_its_records_date_and_the_people_who_were_there(officer):
    amina = officer.contacts.create({"given_name": "Amina", "family_name": "Yusuf"})
    omar = officer.contacts.create({"given_name": "Omar", "family_name": "Farah"})
    officer.encounters.create_draft({**DRAFT, "participant_ids": [amina, omar]})
    officer.meetings.create(
        {"kind": "town_hall", "held_on": "2026-03-12", "concerns": "parking near the school"}
    )
    hits = {h.record_type: h for h in officer.search.search("parking")}
    assert (hits["encounter"].on, hits["encounter"].people) == ("2026-03-09", ("Amina Yusuf", "Omar Farah"))
    assert (hits["meeting"].on, hits["meeting"].people) == ("2026-03-12", ())


def test_an_ambassador_sees_no_contact_names_on_hits(ambassador):
    ambassador.feedback.record(FEEDBACK)
    hits = ambassador.search.search("stopped")
    assert hits and all(h.people == () for h in hits)
