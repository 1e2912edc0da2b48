"""The after-action screens' reads: reviews open first with how their commitments stand, one review with
its commitments and its briefing, and the meetings offered as a review's briefing."""

from __future__ import annotations

import datetime as dt

import pytest

from liaison_desktop.services.after_action import FollowThrough
from liaison_desktop.services.after_action_board import AfterActionBoard
from liaison_desktop.services.errors import NotAllowed, NotFound

from .conftest import TODAY

INCIDENT = {
    "title": "Stop on Main St",
    "incident_on": TODAY - dt.timedelta(days=3),
    "neighborhood": "Eastside",
}


def _meeting(workspace, title: str, days_ago: int) -> str:
    return workspace.meetings.create(
        {"kind": "community_briefing", "title": title, "held_on": TODAY - dt.timedelta(days=days_ago)}
    )


def test_reviews_are_listed_open_first_with_their_commitments_counted(officer):
    closed = officer.after_action.create({**INCIDENT, "title": "Older stop", "incident_on": TODAY})
    officer.after_action.update(closed, {"status": "closed"})
    review_id = officer.after_action.create(
        INCIDENT,
        [
            {"description": "Call the market association", "due_on": TODAY - dt.timedelta(days=1)},
            {"description": "Hold a second briefing", "due_on": TODAY + dt.timedelta(days=5)},
            {"description": "Share the statement"},
            {"description": "Print posters"},
        ],
    )
    shared, posters = (c["id"] for c in officer.after_action.commitments_of(review_id) if c["due_on"] is None)
    officer.after_action.set_commitment_status(shared, "done")
    officer.after_action.set_commitment_status(posters, "dropped")

    rows = AfterActionBoard(officer).recent()

    assert [(r.id, r.status) for r in rows] == [(review_id, "open"), (closed, "closed")]
    assert rows[0].follow_through == FollowThrough(done=1, dropped=1, open=2, overdue=1)
    assert rows[0].follow_through == officer.after_action.follow_through(review_id)
    assert rows[1].follow_through == FollowThrough()
    assert (rows[0].title, rows[0].incident_on, rows[0].neighborhood) == (
        "Stop on Main St",
        TODAY - dt.timedelta(days=3),
        "Eastside",
    )


def test_a_reviews_details_name_its_briefing_and_flag_overdue_commitments(officer):
    briefing = _meeting(officer, "Briefing at the market", 1)
    review_id = officer.after_action.create(
        {**INCIDENT, "briefing_meeting_id": briefing},
        [{"description": "Call back", "owner": "Officer Diaz", "due_on": TODAY - dt.timedelta(days=2)}],
    )

    details = AfterActionBoard(officer).details(review_id)

    assert details.briefing is not None
    assert (details.briefing.id, details.briefing.title, details.briefing.kind) == (
        briefing,
        "Briefing at the market",
        "community_briefing",
    )
    [row] = details.commitments
    assert (row.description, row.owner, row.overdue) == ("Call back", "Officer Diaz", True)
    assert details.follow_through == FollowThrough(open=1, overdue=1)


def test_a_done_commitment_past_its_date_is_not_overdue(officer):
    review_id = officer.after_action.create(INCIDENT)
    done = officer.after_action.add_commitment(review_id, "Call back", due_on=TODAY - dt.timedelta(days=2))
    officer.after_action.set_commitment_status(done, "done")
    [row] = AfterActionBoard(officer).details(review_id).commitments
    assert row.status == "done" and not row.overdue


def test_a_deleted_review_has_no_details(officer):
    with pytest.raises(NotFound):
        AfterActionBoard(officer).details("0f000000-0000-4000-8000-00000000abcd")


def test_the_briefing_choices_are_the_newest_meetings_and_keep_an_older_briefing(officer):
    oldest = _meeting(officer, "Winter briefing", 90)
    middle = _meeting(officer, "Autumn briefing", 30)
    newest = _meeting(officer, "Spring briefing", 2)
    board = AfterActionBoard(officer)

    assert [c.id for c in board.briefing_choices(limit=2)] == [newest, middle]
    assert [c.id for c in board.briefing_choices(oldest, limit=2)] == [newest, middle, oldest]


def test_an_ambassador_may_not_list_reviews(ambassador):
    with pytest.raises(NotAllowed):
        AfterActionBoard(ambassador).recent()
