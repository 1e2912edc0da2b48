"""The home screen's day: overdue follow-ups, commitments due soon, drafts, returned notes — short lists
with their counts, and only what the person's role may read."""

from __future__ import annotations

import datetime as dt

from liaison_desktop.services.home_board import HomeBoard

from .conftest import TODAY
from .test_encounters import DRAFT


def _meeting(workspace, title: str = "Eastside town hall") -> str:
    return workspace.meetings.create(
        {"kind": "town_hall", "title": title, "held_on": TODAY - dt.timedelta(days=9)}
    )


def test_an_open_referral_past_its_follow_up_date_is_overdue(officer, contact_id, service_id):
    overdue = officer.referrals.create(contact_id, service_id, follow_up_on=TODAY - dt.timedelta(days=2))
    officer.referrals.create(contact_id, service_id, follow_up_on=TODAY + dt.timedelta(days=2))
    follow_ups = HomeBoard(officer).day().follow_ups
    assert follow_ups is not None and follow_ups.total == 1
    row = follow_ups.rows[0]
    assert (row.kind, row.record_id, row.title, row.detail) == (
        "referral",
        overdue,
        "Amina Yusuf",
        "Eastside Tenant Help Desk",
    )
    assert row.on == TODAY - dt.timedelta(days=2) and row.overdue


def test_a_closed_referral_needs_no_follow_up(officer, contact_id, service_id):
    referral_id = officer.referrals.create(contact_id, service_id, follow_up_on=TODAY - dt.timedelta(days=2))
    officer.referrals.change_status(referral_id, "withdrawn")
    assert HomeBoard(officer).day().follow_ups.total == 0


def test_an_officer_sees_their_own_follow_ups_and_a_supervisor_the_teams(
    officer, other_officer, supervisor, contact_id, service_id
):
    other_officer.referrals.create(contact_id, service_id, follow_up_on=TODAY - dt.timedelta(days=1))
    assert HomeBoard(officer).day().follow_ups.total == 0
    assert HomeBoard(supervisor).day().follow_ups.total == 1


def test_commitments_due_within_a_week_or_overdue_are_listed_soonest_first(officer):
    meeting_id = _meeting(officer)
    late = officer.meetings.add_commitment(
        meeting_id, "Ask about lights", due_on=TODAY - dt.timedelta(days=1)
    )
    soon = officer.meetings.add_commitment(meeting_id, "Share minutes", due_on=TODAY + dt.timedelta(days=6))
    officer.meetings.add_commitment(meeting_id, "Plan the next one", due_on=TODAY + dt.timedelta(days=30))
    officer.meetings.add_commitment(meeting_id, "No date yet")
    done = officer.meetings.add_commitment(meeting_id, "Done already", due_on=TODAY)
    officer.meetings.set_commitment_status(done, "done")
    commitments = HomeBoard(officer).day().commitments
    assert commitments is not None and commitments.total == 2
    assert [(r.title, r.overdue) for r in commitments.rows] == [
        ("Ask about lights", True),
        ("Share minutes", False),
    ]
    assert {r.record_id for r in commitments.rows} == {meeting_id}, "a row opens its meeting"
    assert commitments.rows[0].detail == "Eastside town hall"
    assert late and soon


def test_a_list_shows_the_first_rows_and_counts_them_all(officer):
    meeting_id = _meeting(officer)
    for n in range(8):
        officer.meetings.add_commitment(meeting_id, f"Promise {n}", due_on=TODAY + dt.timedelta(days=n % 3))
    commitments = HomeBoard(officer).day(limit=3).commitments
    assert commitments.total == 8 and len(commitments.rows) == 3


def test_drafts_and_returned_notes_are_the_officers_own_named_by_who_was_there(
    officer, other_officer, supervisor, contact_id
):
    draft = officer.encounters.create_draft({**DRAFT, "participant_ids": [contact_id]})
    returned = officer.encounters.create_draft(DRAFT)
    officer.encounters.submit(returned)
    supervisor.reviews.review(returned, "returned", comment="Add the place")
    other_officer.encounters.create_draft(DRAFT)
    day = HomeBoard(officer).day()
    assert [(r.kind, r.record_id, r.title, r.detail) for r in day.drafts.rows] == [
        ("encounter", draft, "Amina Yusuf", "faith_center")
    ]
    assert [r.record_id for r in day.returned.rows] == [returned]
    assert day.drafts.rows[0].on == dt.date(2026, 3, 9)


def test_a_supervisor_has_no_note_lists_and_an_ambassador_only_what_they_may_read(supervisor, ambassador):
    day = HomeBoard(supervisor).day()
    assert day.drafts is None and day.returned is None and day.commitments is not None
    day = HomeBoard(ambassador).day()
    assert (day.follow_ups, day.commitments, day.drafts, day.returned) == (None, None, None, None)


def test_commitments_made_after_an_incident_are_listed_with_the_meetings_and_open_their_review(officer):
    meeting_id = _meeting(officer)
    officer.meetings.add_commitment(meeting_id, "Share minutes", due_on=TODAY + dt.timedelta(days=2))
    review_id = officer.after_action.create(
        {"title": "Stop on Main St", "incident_on": TODAY - dt.timedelta(days=3)},
        [{"description": "Brief the mosque council", "due_on": TODAY - dt.timedelta(days=1)}],
    )
    commitments = HomeBoard(officer).day().commitments
    assert commitments is not None
    assert [(r.kind, r.record_id, r.title, r.detail, r.overdue) for r in commitments.rows] == [
        ("after_action_review", review_id, "Brief the mosque council", "Stop on Main St", True),
        ("meeting", meeting_id, "Share minutes", "Eastside town hall", False),
    ]
