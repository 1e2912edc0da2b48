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


# -- the review queue ---------------------------------------------------------------------------------


def _submitted(workspace, **fields) -> str:  # noqa: ANN001
    note = workspace.encounters.create_draft({**DRAFT, **fields})
    workspace.encounters.submit(note)
    return note


def test_queue_lists_adverse_first_then_overdue_follow_ups_then_oldest_first(supervisor, officer):
    recent = _submitted(officer, occurred_at="2026-03-08T10:00:00+00:00", follow_up_needed=False)
    oldest = _submitted(officer, occurred_at="2026-01-05T10:00:00+00:00", follow_up_needed=False)
    overdue = _submitted(officer, occurred_at="2026-02-20T10:00:00+00:00", follow_up_needed=True)
    due_soon = _submitted(officer, occurred_at="2026-03-07T10:00:00+00:00", follow_up_needed=True)
    adverse = _submitted(officer, occurred_at="2026-03-09T10:00:00+00:00", adverse_interaction=True)

    queue = supervisor.reviews.queue()

    assert [row["id"] for row in queue] == [adverse, overdue, oldest, due_soon, recent]
    assert [row["overdue_follow_up"] for row in queue] == [False, True, False, False, False]


def test_queue_compares_moments_across_utc_offsets(supervisor, officer):
    later = _submitted(officer, occurred_at="2026-03-09T08:00:00-05:00", follow_up_needed=False)  # 13:00Z
    earlier = _submitted(officer, occurred_at="2026-03-09T14:00:00+03:00", follow_up_needed=False)  # 11:00Z
    assert [row["id"] for row in supervisor.reviews.queue()] == [earlier, later]


def test_queue_filters_by_officer_neighborhood_language_and_flags(supervisor, officer, other_officer):
    mine = _submitted(officer, neighborhood="Eastside", language="ar", follow_up_needed=False)
    theirs = _submitted(other_officer, neighborhood="Northgate", language="so", follow_up_needed=True)
    late = _submitted(other_officer, occurred_at="2026-02-01T10:00:00+00:00", follow_up_needed=True)

    def ids(**where) -> list[str]:  # noqa: ANN003
        return [row["id"] for row in supervisor.reviews.queue(ReviewQueueFilter(**where))]

    assert ids(officer_id=officer.actor.user_id) == [mine]
    assert ids(neighborhood="Northgate") == [theirs]
    assert ids(language="ar") == [late, mine]  # DRAFT's language; the overdue follow-up first
    assert ids(follow_up_only=True) == [late, theirs]
    assert ids(overdue_only=True) == [late]


def test_queue_filters_by_the_day_the_encounter_happened_both_ends_included(supervisor, officer):
    import datetime as dt

    first = _submitted(officer, occurred_at="2026-03-01T23:30:00-05:00")  # 1 March where it happened
    second = _submitted(officer, occurred_at="2026-03-03T09:00:00-05:00")
    _submitted(officer, occurred_at="2026-03-05T09:00:00-05:00")

    where = ReviewQueueFilter(occurred_from=dt.date(2026, 3, 1), occurred_to=dt.date(2026, 3, 3))
    assert [row["id"] for row in supervisor.reviews.queue(where)] == [first, second]


def test_queue_size_counts_every_note_awaiting_review(supervisor, officer):
    notes = [_submitted(officer), _submitted(officer), _submitted(officer)]
    supervisor.reviews.review(notes[0], "approved")
    officer.encounters.create_draft(DRAFT)  # a draft waits for nobody
    assert supervisor.reviews.queue_size() == 2


def test_only_supervisors_read_the_queue(officer, ambassador, admin):
    for workspace in (officer, ambassador, admin):
        with pytest.raises(NotAllowed):
            workspace.reviews.queue()
        with pytest.raises(NotAllowed):
            workspace.reviews.queue_size()
