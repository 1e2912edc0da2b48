"""The supervisor's Team board: the team's overdue follow-ups, its open commitments overdue first, its
adverse-interaction notes awaiting action (under review or returned, never approved or in draft) and how
much feedback awaits an answer."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from liaison_desktop.services.errors import NotAllowed
from liaison_desktop.services.team_board import TeamBoard

from .conftest import TODAY
from .test_encounters import DRAFT
from .test_feedback import FEEDBACK

ADVERSE = {**DRAFT, "adverse_interaction": True}


def _submitted(officer, **fields) -> str:  # noqa: ANN001, ANN003
    note = officer.encounters.create_draft({**ADVERSE, **fields})
    officer.encounters.submit(note)
    return note


def test_the_teams_overdue_follow_ups_are_listed_whoever_made_them(
    supervisor, officer, other_officer, contact_id, service_id
):
    mine = officer.referrals.create(contact_id, service_id, follow_up_on=TODAY - dt.timedelta(days=3))
    theirs = other_officer.referrals.create(contact_id, service_id, follow_up_on=TODAY - dt.timedelta(days=1))
    other_officer.referrals.create(contact_id, service_id, follow_up_on=TODAY + dt.timedelta(days=1))
    follow_ups = TeamBoard(supervisor).lists().follow_ups
    assert follow_ups.total == 2
    assert [(row.kind, row.record_id) for row in follow_ups.rows] == [
        ("referral", mine),
        ("referral", theirs),
    ]


def test_open_commitments_of_meetings_and_reviews_are_listed_overdue_first_then_soonest_due(
    supervisor, officer
):
    meeting = officer.meetings.create({"kind": "town_hall", "title": "Town hall", "held_on": "2026-03-01"})
    officer.meetings.add_commitment(meeting, "Someday")
    officer.meetings.add_commitment(meeting, "Next month", due_on=TODAY + dt.timedelta(days=30))
    done = officer.meetings.add_commitment(meeting, "Kept", due_on=TODAY - dt.timedelta(days=5))
    officer.meetings.set_commitment_status(done, "done")
    review = officer.after_action.create(
        {"title": "Traffic stop", "incident_on": "2026-03-01"},
        [{"description": "Brief the parents", "due_on": (TODAY - dt.timedelta(days=2)).isoformat()}],
    )

    lists = TeamBoard(supervisor).lists()
    commitments = lists.commitments

    assert [(row.title, row.kind, row.overdue) for row in commitments.rows] == [
        ("Brief the parents", "after_action_review", True),
        ("Next month", "meeting", False),
        ("Someday", "meeting", False),
    ]
    assert commitments.rows[0].record_id == review and commitments.rows[0].detail == "Traffic stop"
    assert (commitments.total, lists.overdue_commitments) == (3, 1)


def test_adverse_notes_await_action_until_approved_and_never_show_their_text(
    supervisor, officer, other_officer
):
    pending = _submitted(officer, occurred_at="2026-03-02T10:00:00-05:00", neighborhood="Eastside")
    returned = _submitted(other_officer, occurred_at="2026-03-03T10:00:00-05:00")
    supervisor.reviews.review(returned, "returned", comment="Name the place")
    approved = _submitted(officer)
    supervisor.reviews.review(approved, "approved")
    _submitted(officer, adverse_interaction=False)
    officer.encounters.create_draft(ADVERSE)

    adverse = TeamBoard(supervisor).lists().adverse

    assert adverse.total == 2
    assert [(row.id, row.review_status) for row in adverse.rows] == [
        (pending, "pending"),
        (returned, "returned"),
    ]
    first = adverse.rows[0]
    assert (first.officer_id, first.neighborhood, first.occurred_on) == (
        officer.actor.user_id,
        "Eastside",
        dt.date(2026, 3, 2),
    )
    assert DRAFT["summary"] not in repr(dataclasses.asdict(first))


def test_feedback_awaiting_an_answer_is_counted(supervisor, ambassador):
    seen = ambassador.feedback.record(FEEDBACK)
    ambassador.feedback.record(FEEDBACK)
    answered = ambassador.feedback.record(FEEDBACK)
    supervisor.feedback.mark_seen(seen)
    supervisor.feedback.answer(answered, "Done", "en")
    assert TeamBoard(supervisor).lists().feedback_waiting == 2


def test_a_list_holds_its_first_rows_and_counts_them_all(supervisor, officer):
    for day in range(1, 5):
        _submitted(officer, occurred_at=f"2026-03-0{day}T10:00:00-05:00")
    adverse = TeamBoard(supervisor).lists(limit=3).adverse
    assert (len(adverse.rows), adverse.total) == (3, 4)


def test_an_officer_has_no_team_board(officer):
    with pytest.raises(NotAllowed):
        TeamBoard(officer).lists()
