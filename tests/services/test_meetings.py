"""Meetings and their commitments: tracked until done, overdue when their date has passed."""

from __future__ import annotations

import datetime as dt

import pytest

from liaison_desktop.services.errors import NotAllowed, ValidationFailed

from .conftest import TODAY


@pytest.fixture
def meeting_id(officer):
    return officer.meetings.create(
        {
            "kind": "town_hall",
            "title": "Eastside town hall",
            "held_on": dt.date(2026, 3, 1),
            "place": "Library",
            "neighborhood": "Eastside",
            "facilitators": ["Officer Diaz", " Imam Farah "],
            "attendance_count": 64,
            "languages": ["ar", "so", "en"],
            "concerns": "Street lighting near the bus stop",
            "concerns_language": "en",
        }
    )


def test_meeting_keeps_what_was_recorded(officer, meeting_id):
    meeting = officer.meetings.get(meeting_id)
    assert meeting["held_on"] == "2026-03-01" and meeting["facilitators"] == ["Officer Diaz", "Imam Farah"]
    assert meeting["languages"] == ["ar", "so", "en"] and meeting["attendance_count"] == 64


def test_meeting_kind_must_be_known(officer):
    with pytest.raises(ValidationFailed) as failure:
        officer.meetings.create({"kind": "rally", "held_on": "2026-03-01"})
    assert failure.value.keys_by_field() == {"kind": ["field.not_a_choice"]}


def test_concerns_translation_is_kept_beside_the_original(officer, meeting_id):
    officer.meetings.add_translation(meeting_id, "so", "Nalka waddada ee u dhow boosteejada")
    meeting = officer.meetings.get(meeting_id)
    assert meeting["concerns"] == "Street lighting near the bus stop"
    assert meeting["translations"] == {"so": "Nalka waddada ee u dhow boosteejada"}


def test_open_commitments_leave_out_done_and_dropped_ones(officer, meeting_id):
    open_one = officer.meetings.add_commitment(
        meeting_id, "Ask the city about lights", owner="Officer Diaz", due_on=TODAY + dt.timedelta(days=10)
    )
    started = officer.meetings.add_commitment(meeting_id, "Translate the flyer", owner="Ambassador Warsame")
    officer.meetings.set_commitment_status(started, "in_progress")
    done = officer.meetings.add_commitment(meeting_id, "Share minutes", due_on=TODAY)
    officer.meetings.set_commitment_status(done, "done")
    assert [c["id"] for c in officer.meetings.open_commitments()] == [open_one, started]


def test_overdue_commitments_are_open_ones_past_their_due_date(officer, meeting_id):
    late = officer.meetings.add_commitment(meeting_id, "Report back", due_on=TODAY - dt.timedelta(days=1))
    officer.meetings.add_commitment(meeting_id, "Due today", due_on=TODAY)
    officer.meetings.add_commitment(meeting_id, "No date")
    dropped = officer.meetings.add_commitment(meeting_id, "Dropped", due_on=TODAY - dt.timedelta(days=5))
    officer.meetings.set_commitment_status(dropped, "dropped")
    assert [c["id"] for c in officer.meetings.overdue_commitments(TODAY)] == [late]


def test_commitment_status_must_be_known(officer, meeting_id):
    commitment = officer.meetings.add_commitment(meeting_id, "Report back")
    with pytest.raises(ValidationFailed):
        officer.meetings.set_commitment_status(commitment, "forgotten")


def test_commitments_of_a_meeting(officer, meeting_id):
    first = officer.meetings.add_commitment(meeting_id, "One", due_on=dt.date(2026, 3, 20))
    second = officer.meetings.add_commitment(meeting_id, "Two", due_on=dt.date(2026, 3, 15))
    assert [c["id"] for c in officer.meetings.commitments_of(meeting_id)] == [second, first]


def test_ambassador_cannot_record_meetings(ambassador):
    with pytest.raises(NotAllowed):
        ambassador.meetings.create({"kind": "town_hall", "held_on": "2026-03-01"})


def test_attendance_is_kept_as_organizations_not_residents(officer):
    meeting_id = officer.meetings.create(
        {
            "kind": "listening_session",
            "held_on": "2026-03-05",
            "attendance_count": 40,
            "organizations": [" Somali Community Council ", "Eastside Tenants Union", ""],
        }
    )
    meeting = officer.meetings.get(meeting_id)
    assert meeting["organizations"] == ["Somali Community Council", "Eastside Tenants Union"]
    assert meeting["attendance_count"] == 40
