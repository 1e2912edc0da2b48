"""Reviews: only supervisors, only submitted encounters; the review status follows the reviews."""

from __future__ import annotations

import pytest

from liaison_desktop.services.errors import NotAllowed, NotSubmitted
from liaison_desktop.services.reviews import ReviewQueueFilter

from .test_encounters import DRAFT


@pytest.fixture
def encounter_id(officer):
    return officer.encounters.create_draft(DRAFT)


@pytest.fixture
def submitted_id(officer, encounter_id):
    officer.encounters.submit(encounter_id)
    return encounter_id


def test_supervisor_approves_a_submitted_encounter(supervisor, officer, submitted_id):
    assert supervisor.reviews.review(submitted_id, "approved", comment="Clear note") == "approved"
    assert officer.encounters.view(submitted_id)["review_status"] == "approved"


def test_returned_then_amended_encounter_is_pending_again(supervisor, officer, submitted_id):
    supervisor.reviews.review(submitted_id, "returned", comment="Name the place", comment_language="en")
    assert officer.encounters.view(submitted_id)["review_status"] == "returned"
    officer.encounters.amend(submitted_id, "It was the Al-Noor community hall", "en")
    assert officer.encounters.view(submitted_id)["review_status"] == "pending"
    assert supervisor.reviews.review(submitted_id, "approved") == "approved"


def test_officer_reads_the_reviews_of_their_own_encounter(supervisor, officer, submitted_id):
    supervisor.reviews.review(submitted_id, "returned", comment="Name the place")
    assert [r["comment"] for r in officer.reviews.reviews_of(submitted_id)] == ["Name the place"]


def test_only_supervisors_review(officer, ambassador, admin, submitted_id):
    for workspace in (officer, ambassador, admin):
        with pytest.raises(NotAllowed):
            workspace.reviews.review(submitted_id, "approved")


def test_a_draft_cannot_be_reviewed(supervisor, encounter_id):
    with pytest.raises(NotSubmitted):
        supervisor.reviews.review(encounter_id, "approved")


def test_review_decision_is_approved_or_returned(supervisor, submitted_id):
    from liaison_desktop.services.errors import ValidationFailed

    with pytest.raises(ValidationFailed):
        supervisor.reviews.review(submitted_id, "rejected")


def test_review_status_is_derived_not_queued(supervisor, submitted_id, engine):
    from .conftest import outbox_rows

    supervisor.reviews.review(submitted_id, "approved")
    assert all("review_status" not in row["fields"] for row in outbox_rows(engine, "encounter"))


def test_queue_puts_adverse_interactions_first_and_leaves_notes_out(supervisor, officer, submitted_id):
    adverse = officer.encounters.create_draft(
        {**DRAFT, "adverse_interaction": True, "occurred_at": "2026-03-10T09:00:00+00:00"}
    )
    officer.encounters.submit(adverse)
    queue = supervisor.reviews.queue()
    assert [e["id"] for e in queue] == [adverse, submitted_id] and "summary" not in queue[0]
    assert [e["id"] for e in supervisor.reviews.queue(ReviewQueueFilter(adverse_only=True))] == [adverse]
    supervisor.reviews.review(adverse, "approved")
    assert [e["id"] for e in supervisor.reviews.queue()] == [submitted_id]
