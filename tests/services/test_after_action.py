"""After-action reviews: what happened after an incident, the briefing held, the lessons, and the
commitments made, each tracked until it is done or dropped."""

from __future__ import annotations

import datetime as dt

import pytest

from liaison_desktop.services.errors import NotAllowed, ValidationFailed

from .conftest import TODAY, outbox_rows

INCIDENT = {
    "title": "Traffic stop on Main St",
    "incident_on": TODAY - dt.timedelta(days=2),
    "neighborhood": "Eastside",
    "what_happened": "A stop outside the market drew a crowd; residents filmed and were upset.",
    "what_happened_language": "en",
    "lessons": "Explain the reason for a stop out loud, in the language of the people around.",
}


@pytest.fixture
def briefing_id(officer):
    return officer.meetings.create(
        {"kind": "community_briefing", "title": "Briefing at the market", "held_on": TODAY}
    )


def test_a_review_keeps_what_happened_its_briefing_and_lessons(officer, briefing_id):
    review_id = officer.after_action.create({**INCIDENT, "briefing_meeting_id": briefing_id})
    review = officer.after_action.get(review_id)
    assert review["title"] == "Traffic stop on Main St" and review["status"] == "open"
    assert review["incident_on"] == INCIDENT["incident_on"].isoformat()
    assert review["briefing_meeting_id"] == briefing_id
    assert officer.after_action.of_briefing(briefing_id)[0]["id"] == review_id


def test_a_review_and_its_commitments_are_written_together_and_queued_for_sync(officer, engine):
    review_id = officer.after_action.create(
        INCIDENT,
        [
            {"description": "Brief the mosque council", "owner": "Officer Diaz", "due_on": TODAY},
            {"description": "Translate the statement into Somali"},
        ],
    )
    commitments = officer.after_action.commitments_of(review_id)
    assert [c["description"] for c in commitments] == [
        "Brief the mosque council",
        "Translate the statement into Somali",
    ], "soonest due first, no date last"
    assert {c["review_id"] for c in commitments} == {review_id}
    assert len(outbox_rows(engine, "after_action_review")) == 1
    assert len(outbox_rows(engine, "after_action_commitment")) == 2


def test_a_bad_commitment_leaves_nothing_written(officer, engine):
    with pytest.raises(ValidationFailed) as failure:
        officer.after_action.create(
            INCIDENT, [{"description": "Ok"}, {"description": "", "status": "someday"}]
        )
    assert "status" in failure.value.keys_by_field()
    assert officer.after_action.recent() == []
    assert outbox_rows(engine, "after_action_review") == []


def test_the_title_and_incident_date_are_required(officer):
    with pytest.raises(ValidationFailed) as failure:
        officer.after_action.create({"what_happened": "Something"})
    assert failure.value.keys_by_field() == {
        "title": ["field.required"],
        "incident_on": ["field.required"],
    }


def test_the_briefing_must_be_a_meeting_this_device_holds(officer):
    with pytest.raises(ValidationFailed) as failure:
        officer.after_action.create(
            {**INCIDENT, "briefing_meeting_id": "0f000000-0000-4000-8000-00000000abcd"}
        )
    assert failure.value.keys_by_field() == {"briefing_meeting_id": ["after_action.unknown_meeting"]}


def test_follow_through_counts_done_dropped_open_and_overdue(officer):
    review_id = officer.after_action.create(INCIDENT)
    late = officer.after_action.add_commitment(
        review_id, "Call the market association", due_on=TODAY - dt.timedelta(days=1)
    )
    officer.after_action.add_commitment(
        review_id, "Hold a second briefing", due_on=TODAY + dt.timedelta(days=5)
    )
    done = officer.after_action.add_commitment(review_id, "Share the statement")
    dropped = officer.after_action.add_commitment(review_id, "Print posters")
    officer.after_action.set_commitment_status(done, "done")
    officer.after_action.set_commitment_status(dropped, "dropped")
    counts = officer.after_action.follow_through(review_id)
    assert (counts.done, counts.dropped, counts.open, counts.overdue) == (1, 1, 2, 1)
    assert [c["id"] for c in officer.after_action.overdue_commitments()] == [late]


def test_a_commitment_stays_with_its_review(officer):
    review_id = officer.after_action.create(INCIDENT)
    other_id = officer.after_action.create({**INCIDENT, "title": "Another"})
    commitment_id = officer.after_action.add_commitment(review_id, "Call back")
    with pytest.raises(ValidationFailed):
        officer.after_action.update_commitment(commitment_id, {"review_id": other_id})


def test_closed_reviews_come_after_open_ones(officer):
    older = officer.after_action.create({**INCIDENT, "incident_on": TODAY - dt.timedelta(days=30)})
    newer = officer.after_action.create(INCIDENT)
    officer.after_action.update(newer, {"status": "closed"})
    assert [r["id"] for r in officer.after_action.recent()] == [older, newer]


def test_a_translation_is_kept_beside_what_happened(officer):
    review_id = officer.after_action.create(INCIDENT)
    officer.after_action.add_translation(review_id, "so", "Joogsi taraafig ah oo suuqa agtiisa ah")
    review = officer.after_action.get(review_id)
    assert review["what_happened"] == INCIDENT["what_happened"]
    assert review["translations"] == {"so": "Joogsi taraafig ah oo suuqa agtiisa ah"}


def test_an_ambassador_may_neither_read_nor_write_reviews(ambassador, officer):
    officer.after_action.create(INCIDENT)
    with pytest.raises(NotAllowed):
        ambassador.after_action.recent()
    with pytest.raises(NotAllowed):
        ambassador.after_action.create(INCIDENT)


def test_a_supervisor_reads_and_writes_the_teams_reviews(officer, supervisor):
    review_id = officer.after_action.create(INCIDENT)
    supervisor.after_action.add_commitment(review_id, "Review body-camera policy with the council")
    assert [r["id"] for r in supervisor.after_action.recent()] == [review_id]


def test_reviews_are_found_by_search_with_their_lessons(officer):
    review_id = officer.after_action.create(INCIDENT)
    hits = officer.search.search("language of the people")
    assert [(h.record_type, h.record_id) for h in hits] == [("after_action_review", review_id)]
    assert hits[0].title == "Traffic stop on Main St"
