"""Encounters: drafts are editable; once submitted they are immutable and corrected by amendments."""

from __future__ import annotations

import pytest

from liaison_desktop.services.errors import ImmutableRecord, NotAllowed, NotSubmitted, ValidationFailed

DRAFT = {
    "occurred_at": "2026-03-09T17:45:00-05:00",
    "kind": "faith_center",
    "neighborhood": "Eastside",
    "place": "Community hall",
    "language": "ar",
    "interpreter_used": True,
    "summary": "Residents asked about the new parking rules",
    "summary_language": "en",
    "follow_up_needed": True,
    "adverse_interaction": False,
}


@pytest.fixture
def encounter_id(officer, contact_id):
    return officer.encounters.create_draft({**DRAFT, "participant_ids": [contact_id]})


@pytest.fixture
def submitted_id(officer, encounter_id):
    officer.encounters.submit(encounter_id)
    return encounter_id


def test_a_draft_is_editable(officer, encounter_id):
    officer.encounters.update_draft(encounter_id, {"summary": "Residents asked about parking and lighting"})
    assert officer.encounters.view(encounter_id)["summary"] == "Residents asked about parking and lighting"


def test_kind_must_be_a_known_kind(officer):
    with pytest.raises(ValidationFailed) as failure:
        officer.encounters.create_draft({**DRAFT, "kind": "interrogation"})
    assert failure.value.keys_by_field() == {"kind": ["field.not_a_choice"]}


def test_time_needs_an_offset(officer):
    with pytest.raises(ValidationFailed) as failure:
        officer.encounters.create_draft({**DRAFT, "occurred_at": "2026-03-09T17:45:00"})
    assert failure.value.keys_by_field() == {"occurred_at": ["field.datetime_without_offset"]}


def test_participants_must_be_known_contacts(officer):
    with pytest.raises(ValidationFailed) as failure:
        officer.encounters.create_draft(
            {**DRAFT, "participant_ids": ["9a3c2f9e-0000-4000-8000-000000000000"]}
        )
    assert failure.value.keys_by_field() == {"participant_ids": ["encounter.unknown_participant"]}


def test_status_is_set_only_by_submitting(officer, encounter_id):
    with pytest.raises(ValidationFailed) as failure:
        officer.encounters.update_draft(encounter_id, {"status": "submitted"})
    assert failure.value.keys_by_field() == {"status": ["encounter.not_editable"]}


def test_submitted_encounter_rejects_edits(officer, submitted_id):
    with pytest.raises(ImmutableRecord) as refusal:
        officer.encounters.update_draft(submitted_id, {"summary": "Changed afterwards"})
    assert refusal.value.params["status"] == "submitted"
    assert officer.encounters.view(submitted_id)["summary"] == DRAFT["summary"]


def test_submitted_encounter_cannot_be_deleted(officer, submitted_id):
    with pytest.raises(ImmutableRecord):
        officer.encounters.delete_draft(submitted_id)


def test_submitting_twice_is_refused(officer, submitted_id):
    with pytest.raises(ImmutableRecord):
        officer.encounters.submit(submitted_id)


def test_amendments_append_and_leave_the_original_untouched(officer, submitted_id):
    officer.encounters.amend(submitted_id, "The meeting was on Tuesday, not Monday", "en", reason="date")
    officer.encounters.amend(submitted_id, "Se habló también del alumbrado", "es")
    amendments = officer.encounters.amendments(submitted_id)
    assert [(a["text_language"], a["reason"]) for a in amendments] == [("en", "date"), ("es", None)]
    assert officer.encounters.view(submitted_id)["summary"] == DRAFT["summary"]


def test_a_draft_is_edited_not_amended(officer, encounter_id):
    with pytest.raises(NotSubmitted):
        officer.encounters.amend(encounter_id, "correction", "en")


def test_translation_of_a_draft_is_kept_beside_the_original(officer, encounter_id):
    officer.encounters.add_translation(encounter_id, "ar", "سأل السكان عن قواعد وقوف السيارات")
    record = officer.encounters.view(encounter_id)
    assert record["summary"] == DRAFT["summary"] and record["summary_language"] == "en"
    assert record["translations"] == {"ar": "سأل السكان عن قواعد وقوف السيارات"}


def test_translation_of_a_submitted_encounter_is_appended_not_edited(officer, submitted_id):
    officer.encounters.add_translation(submitted_id, "es", "Los vecinos preguntaron por el estacionamiento")
    assert officer.encounters.view(submitted_id).get("translations") is None
    assert officer.encounters.translations(submitted_id) == {
        "es": "Los vecinos preguntaron por el estacionamiento"
    }


def test_submitting_puts_the_encounter_in_review_as_pending(officer, submitted_id):
    assert officer.encounters.view(submitted_id)["review_status"] == "pending"


def test_viewing_a_note_is_audited_without_its_contents(officer, supervisor, encounter_id):
    officer.encounters.view(encounter_id)
    supervisor.encounters.view(encounter_id, reason="monthly quality check")
    events = [e for e in supervisor.audit.events_about(encounter_id) if e["action"] == "viewed"]
    assert len(events) == 2
    assert {e["reason"] for e in events} == {None, "monthly quality check"}
    assert all(DRAFT["summary"] not in str(e) for e in events)
    assert events[0]["at"].endswith("+00:00")


def test_officer_sees_who_viewed_their_note(officer, supervisor, encounter_id):
    supervisor.encounters.view(encounter_id, reason="review")
    views = officer.audit.views_of_own_encounter(encounter_id)
    assert [v["author_id"] for v in views] == [supervisor.actor.user_id]


def test_ambassador_cannot_read_encounter_notes(ambassador, encounter_id):
    with pytest.raises(NotAllowed):
        ambassador.encounters.view(encounter_id)
    with pytest.raises(NotAllowed):
        ambassador.encounters.amendments(encounter_id)


def test_ambassador_cannot_write_encounters(ambassador):
    with pytest.raises(NotAllowed):
        ambassador.encounters.create_draft(DRAFT)


def test_officer_cannot_read_or_edit_a_colleagues_encounter(other_officer, encounter_id):
    with pytest.raises(NotAllowed):
        other_officer.encounters.view(encounter_id)
    with pytest.raises(NotAllowed):
        other_officer.encounters.update_draft(encounter_id, {"summary": "x"})


def test_admin_cannot_read_note_contents(admin, encounter_id):
    with pytest.raises(NotAllowed):
        admin.encounters.view(encounter_id)


def test_supervisor_reads_but_does_not_write_encounters(supervisor, encounter_id):
    assert supervisor.encounters.view(encounter_id)["id"] == encounter_id
    with pytest.raises(NotAllowed):
        supervisor.encounters.update_draft(encounter_id, {"summary": "x"})


def test_my_encounters_list_leaves_the_notes_out(officer, other_officer, encounter_id):
    rows = officer.encounters.list_mine()
    assert [r["id"] for r in rows] == [encounter_id] and "summary" not in rows[0]
