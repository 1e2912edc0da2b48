"""Feedback: anonymous by default, linked to a contact only with consent, answered by supervisors."""

from __future__ import annotations

import datetime as dt

import pytest

from liaison_desktop.services.errors import ConsentMissing, NotAllowed, ValidationFailed

from .conftest import TODAY, consent

CONTACT = "c0000000-0000-4000-8000-000000000001"
FEEDBACK = {
    "topic": "Traffic stops",
    "sentiment": "negative",
    "text": "People feel stopped without reason",
    "text_language": "en",
    "neighborhood": "Eastside",
}


def test_feedback_is_anonymous_by_default(ambassador):
    record = ambassador.feedback.get(ambassador.feedback.record(FEEDBACK))
    assert record["contact_id"] is None and record["contact_consent"] is None and record["status"] == "new"


def test_linking_to_a_contact_needs_recorded_consent(ambassador):
    with pytest.raises(ConsentMissing) as refusal:
        ambassador.feedback.record({**FEEDBACK, "contact_id": CONTACT})
    assert refusal.value.params["consent"] == "contact_consent"


def test_linking_with_a_refused_or_expired_consent_is_refused(ambassador):
    with pytest.raises(ConsentMissing):
        ambassador.feedback.record({**FEEDBACK, "contact_id": CONTACT, "contact_consent": {"granted": False}})
    expired = consent(expires_on=(TODAY - dt.timedelta(days=1)).isoformat())
    with pytest.raises(ConsentMissing):
        ambassador.feedback.record({**FEEDBACK, "contact_id": CONTACT, "contact_consent": expired})


def test_linking_with_consent_is_kept_with_the_consent(ambassador):
    record_id = ambassador.feedback.record({**FEEDBACK, "contact_id": CONTACT, "contact_consent": consent()})
    assert ambassador.feedback.get(record_id)["contact_consent"]["granted"] is True


def test_an_anonymous_feedback_can_be_linked_later_with_consent(ambassador):
    record_id = ambassador.feedback.record(FEEDBACK)
    with pytest.raises(ConsentMissing):
        ambassador.feedback.update(record_id, {"contact_id": CONTACT})
    assert ambassador.feedback.link_contact(record_id, CONTACT, consent())["contact_id"] == CONTACT


def test_ambassador_sees_only_their_own_feedback(ambassador, other_ambassador):
    mine = ambassador.feedback.record(FEEDBACK)
    theirs = other_ambassador.feedback.record({**FEEDBACK, "topic": "Parks"})
    assert [f["id"] for f in ambassador.feedback.list()] == [mine]
    with pytest.raises(NotAllowed):
        ambassador.feedback.get(theirs)
    with pytest.raises(NotAllowed):
        ambassador.feedback.update(theirs, {"topic": "Changed"})


def test_supervisor_marks_seen_and_answers(ambassador, supervisor):
    record_id = ambassador.feedback.record(FEEDBACK)
    assert supervisor.feedback.mark_seen(record_id)["status"] == "seen"
    supervisor.feedback.answer(record_id, "We will review stop data at the next council", "en")
    answered = ambassador.feedback.get(record_id)
    assert answered["status"] == "answered" and answered["answer_language"] == "en"


def test_only_supervisors_answer(ambassador, officer):
    record_id = ambassador.feedback.record(FEEDBACK)
    for workspace in (ambassador, officer):
        with pytest.raises(NotAllowed):
            workspace.feedback.answer(record_id, "answer")


def test_ambassador_cannot_set_status_or_answer_fields(ambassador):
    with pytest.raises(ValidationFailed) as failure:
        ambassador.feedback.record({**FEEDBACK, "status": "answered"})
    assert failure.value.keys_by_field() == {"status": ["feedback.not_editable"]}


def test_officers_cannot_read_feedback(ambassador, officer):
    record_id = ambassador.feedback.record(FEEDBACK)
    with pytest.raises(NotAllowed):
        officer.feedback.get(record_id)
    with pytest.raises(NotAllowed):
        officer.feedback.list()


def test_sentiment_must_be_known(ambassador):
    with pytest.raises(ValidationFailed) as failure:
        ambassador.feedback.record({**FEEDBACK, "sentiment": "furious"})
    assert failure.value.keys_by_field() == {"sentiment": ["field.not_a_choice"]}
