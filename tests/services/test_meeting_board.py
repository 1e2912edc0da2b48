"""The meetings screen's reads: meetings newest first with their open commitments, and the commitments
still open across every meeting, overdue ones flagged."""

from __future__ import annotations

import datetime as dt

import pytest

from liaison_desktop.services.errors import NotAllowed
from liaison_desktop.services.meeting_board import MeetingBoard

from .conftest import TODAY


def _meeting(workspace, title: str, days_ago: int, kind: str = "town_hall") -> str:
    return workspace.meetings.create(
        {"kind": kind, "title": title, "held_on": TODAY - dt.timedelta(days=days_ago)}
    )


def test_meetings_are_listed_newest_first_with_their_open_commitments(officer):
    older = _meeting(officer, "Winter town hall", 40)
    newer = _meeting(officer, "Community briefing", 2, kind="community_briefing")
    officer.meetings.add_commitment(older, "Lights")
    done = officer.meetings.add_commitment(older, "Minutes")
    officer.meetings.set_commitment_status(done, "done")
    rows = MeetingBoard(officer).recent()
    assert [(r.id, r.kind, r.open_commitments) for r in rows] == [
        (newer, "community_briefing", 0),
        (older, "town_hall", 1),
    ]


def test_open_commitments_across_meetings_name_their_meeting_and_flag_the_overdue(officer):
    first = _meeting(officer, "Listening session", 20)
    second = _meeting(officer, "Town hall", 5)
    officer.meetings.add_commitment(
        first, "Ask the city", owner="Officer Diaz", due_on=TODAY - dt.timedelta(days=1)
    )
    officer.meetings.add_commitment(second, "Translate the flyer", due_on=TODAY + dt.timedelta(days=3))
    rows = MeetingBoard(officer).open_commitments()
    assert [(r.description, r.meeting_title, r.owner, r.overdue) for r in rows] == [
        ("Ask the city", "Listening session", "Officer Diaz", True),
        ("Translate the flyer", "Town hall", "", False),
    ]


def test_a_done_commitment_past_its_date_is_not_overdue(officer):
    meeting_id = _meeting(officer, "Town hall", 5)
    done = officer.meetings.add_commitment(meeting_id, "Minutes", due_on=TODAY - dt.timedelta(days=3))
    officer.meetings.set_commitment_status(done, "done")
    [row] = MeetingBoard(officer).commitments_of(meeting_id)
    assert row.status == "done" and not row.overdue


def test_an_ambassador_may_not_list_meetings(ambassador):
    with pytest.raises(NotAllowed):
        MeetingBoard(ambassador).recent()


def test_each_meeting_counts_its_open_commitments_past_their_due_date(officer):
    meeting_id = _meeting(officer, "Town hall", 10)
    officer.meetings.add_commitment(meeting_id, "Lights", due_on=TODAY - dt.timedelta(days=2))
    officer.meetings.add_commitment(meeting_id, "Minutes", due_on=TODAY + dt.timedelta(days=2))
    late_but_done = officer.meetings.add_commitment(meeting_id, "Flyer", due_on=TODAY - dt.timedelta(days=5))
    officer.meetings.set_commitment_status(late_but_done, "done")
    [row] = MeetingBoard(officer).recent()
    assert (row.open_commitments, row.overdue_commitments) == (2, 1)


def test_a_meetings_details_hold_the_record_and_all_its_commitments(officer):
    meeting_id = _meeting(officer, "Listening session", 3, kind="listening_session")
    officer.meetings.add_commitment(meeting_id, "Call back", due_on=TODAY - dt.timedelta(days=1))
    done = officer.meetings.add_commitment(meeting_id, "Share minutes")
    officer.meetings.set_commitment_status(done, "done")
    details = MeetingBoard(officer).details(meeting_id)
    assert details.meeting["title"] == "Listening session" and details.today == TODAY
    assert [(r.description, r.status) for r in details.commitments] == [
        ("Call back", "open"),
        ("Share minutes", "done"),
    ]
    assert details.overdue == 1
