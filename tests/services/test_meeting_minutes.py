"""Recording a meeting from the new-meeting page: the meeting and its commitments, every commitment
checked before anything is written."""

from __future__ import annotations

import datetime as dt

import pytest

from liaison_desktop.services.errors import ValidationFailed
from liaison_desktop.services.meeting_board import MeetingBoard
from liaison_desktop.services.meeting_minutes import NewCommitment, commitment_problems, record_meeting

from .conftest import TODAY

FIELDS = {"kind": "town_hall", "title": "Eastside town hall", "held_on": TODAY, "attendance_count": 41}


def test_a_meeting_is_recorded_with_its_commitments_open(officer):
    meeting_id = record_meeting(
        officer,
        FIELDS,
        [
            NewCommitment("Ask for a crossing guard", "Officer Diaz", TODAY + dt.timedelta(days=14)),
            NewCommitment("  Share the minutes  "),
        ],
    )
    assert officer.meetings.get(meeting_id)["attendance_count"] == 41
    rows = officer.meetings.commitments_of(meeting_id)
    assert sorted((r["description"], r["owner"], r["due_on"], r["status"]) for r in rows) == [
        ("Ask for a crossing guard", "Officer Diaz", (TODAY + dt.timedelta(days=14)).isoformat(), "open"),
        ("Share the minutes", None, None, "open"),
    ]


def test_a_commitment_without_a_description_is_refused_before_anything_is_written(officer):
    with pytest.raises(ValidationFailed) as refused:
        record_meeting(officer, FIELDS, [NewCommitment("Lights"), NewCommitment("   ", "Officer Diaz")])
    assert refused.value.keys_by_field() == {"description": ["field.required"]}
    assert officer.meetings.open_commitments() == []
    assert MeetingBoard(officer).recent() == []


def test_a_commitment_is_checked_before_it_is_added_to_a_form():
    assert commitment_problems(NewCommitment("Lights")) == []
    assert [p.key for p in commitment_problems(NewCommitment(""))] == ["field.required"]
    assert [p.field for p in commitment_problems(NewCommitment("Lights", "x" * 5000))] == ["owner"]
