"""What an encounter's page reads: the note once (an audited view), then its corrections, translations
and reviews, kept apart from the original and followed without viewing the note again."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from liaison_desktop.services.encounter_sheet import encounter_additions, encounter_state, open_encounter
from liaison_desktop.services.errors import NotAllowed
from liaison_desktop.store.models import record_tables

from .test_encounters import DRAFT


@pytest.fixture
def submitted_id(officer, contact_id) -> str:
    encounter_id = officer.encounters.create_draft({**DRAFT, "participant_ids": [contact_id]})
    officer.encounters.submit(encounter_id)
    return encounter_id


def _viewed_events(engine, encounter_id: str) -> int:
    audit = record_tables["audit_event"]
    with engine.connect() as connection:
        rows = connection.execute(
            select(audit.c.id).where(audit.c.subject_id == encounter_id, audit.c.action == "viewed")
        ).all()
    return len(rows)


def test_opening_an_encounter_is_one_audited_view(officer, submitted_id, engine) -> None:
    sheet = open_encounter(officer, submitted_id)

    assert sheet.record["summary"] == DRAFT["summary"]
    assert [person.name for person in sheet.people] == ["Amina Yusuf"]
    assert _viewed_events(engine, submitted_id) == 1


def test_following_the_additions_is_not_another_view(officer, supervisor, submitted_id, engine) -> None:
    supervisor.reviews.review(submitted_id, "approved")

    additions = encounter_additions(officer, submitted_id)

    assert additions.review_status == "approved"
    assert _viewed_events(engine, submitted_id) == 0


def test_corrections_and_translations_are_kept_apart(officer, submitted_id) -> None:
    officer.encounters.amend(submitted_id, "It was the Al-Noor hall", "en", "Place was missing")
    officer.encounters.add_translation(submitted_id, "ar", "سأل السكان عن قواعد الوقوف الجديدة")

    additions = open_encounter(officer, submitted_id).additions

    assert [(c.text, c.reason) for c in additions.corrections] == [
        ("It was the Al-Noor hall", "Place was missing")
    ]
    assert [(t.language, t.text) for t in additions.translations] == [
        ("ar", "سأل السكان عن قواعد الوقوف الجديدة")
    ]
    assert additions.translations[0].added_at is not None


def test_a_translation_made_as_a_draft_is_listed_with_later_ones(officer, contact_id) -> None:
    encounter_id = officer.encounters.create_draft({**DRAFT, "participant_ids": [contact_id]})
    officer.encounters.add_translation(encounter_id, "fr", "Les habitants ont posé des questions")
    officer.encounters.submit(encounter_id)
    officer.encounters.add_translation(encounter_id, "es", "Los vecinos preguntaron")

    additions = open_encounter(officer, encounter_id).additions

    assert [(t.language, t.added_at is None) for t in additions.translations] == [("fr", True), ("es", False)]


def test_the_latest_review_and_its_comment_are_read(officer, supervisor, submitted_id) -> None:
    supervisor.reviews.review(submitted_id, "returned", comment="Say where it happened")

    additions = encounter_additions(officer, submitted_id)

    assert additions.review_status == "returned"
    assert additions.latest_review is not None
    assert (additions.latest_review.decision, additions.latest_review.comment) == (
        "returned",
        "Say where it happened",
    )


def test_a_draft_has_no_review_status(officer, contact_id) -> None:
    encounter_id = officer.encounters.create_draft({**DRAFT, "participant_ids": [contact_id]})

    additions = encounter_additions(officer, encounter_id)

    assert (additions.status, additions.review_status, additions.reviews) == ("draft", "", [])


def test_a_colleagues_encounter_is_refused(other_officer, submitted_id) -> None:
    with pytest.raises(NotAllowed):
        encounter_additions(other_officer, submitted_id)


def test_the_state_of_a_note_is_read_without_viewing_it(officer, supervisor, submitted_id, engine) -> None:
    supervisor.reviews.review(submitted_id, "returned", comment="Say where it happened")

    assert encounter_state(officer, submitted_id) == ("submitted", "returned")
    assert _viewed_events(engine, submitted_id) == 0
