"""The Notes section's list: my encounters in three groups (drafts, returned, submitted), each with its
kind, date and the people it was with, and never the note's text."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import event

from liaison_desktop.services.encounter_board import DRAFTS, GROUPS, RETURNED, SUBMITTED, EncounterBoard

from .test_encounters import DRAFT

NOTE_COLUMNS = re.compile(r"\b(summary|translations)\b")  # summary_language is not the note


@pytest.fixture
def second_contact_id(officer) -> str:
    return officer.contacts.create({"given_name": "Karim", "family_name": "Saleh"})


def _draft(officer, *people: str, when: str = DRAFT["occurred_at"]) -> str:
    return officer.encounters.create_draft({**DRAFT, "occurred_at": when, "participant_ids": list(people)})


def test_each_encounter_is_in_the_group_of_where_it_stands(officer, supervisor, contact_id) -> None:
    draft = _draft(officer, contact_id)
    pending = _draft(officer, contact_id)
    officer.encounters.submit(pending)
    approved = _draft(officer, contact_id)
    officer.encounters.submit(approved)
    supervisor.reviews.review(approved, "approved")
    returned = _draft(officer, contact_id)
    officer.encounters.submit(returned)
    supervisor.reviews.review(returned, "returned", comment="Say where it happened")

    groups = EncounterBoard(officer).grouped()

    assert list(groups) == list(GROUPS)
    assert [row.id for row in groups[DRAFTS]] == [draft]
    assert [row.id for row in groups[RETURNED]] == [returned]
    assert {row.id for row in groups[SUBMITTED]} == {pending, approved}


def test_a_returned_note_amended_since_goes_back_to_submitted(officer, supervisor, contact_id) -> None:
    returned = _draft(officer, contact_id)
    officer.encounters.submit(returned)
    supervisor.reviews.review(returned, "returned", comment="Say where it happened")
    officer.encounters.amend(returned, "It was at the Al-Noor community hall", "en", "Place was missing")

    groups = EncounterBoard(officer).grouped()

    assert [row.id for row in groups[SUBMITTED]] == [returned]
    assert groups[RETURNED] == []


def test_a_row_names_the_people_kind_and_date(officer, contact_id, second_contact_id) -> None:
    _draft(officer, contact_id, second_contact_id)

    (row,) = EncounterBoard(officer).mine()

    assert [person.name for person in row.people] == ["Amina Yusuf", "Karim Saleh"]
    assert row.kind == DRAFT["kind"]
    assert row.occurred_at == dt.datetime.fromisoformat(DRAFT["occurred_at"])
    assert (row.status, row.review_status) == ("draft", "")


def test_the_list_is_newest_first(officer, contact_id) -> None:
    older = _draft(officer, contact_id, when="2026-03-01T10:00:00+00:00")
    newer = _draft(officer, contact_id, when="2026-03-08T10:00:00+00:00")

    assert [row.id for row in EncounterBoard(officer).mine()] == [newer, older]


def test_the_list_never_reads_a_note(officer, contact_id, engine) -> None:
    encounter_id = _draft(officer, contact_id)
    officer.encounters.add_translation(encounter_id, "fr", "Les habitants ont posé des questions")
    statements: list[str] = []

    def seen(_conn, _cursor, statement, *_args) -> None:  # noqa: ANN001
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", seen)
    try:
        rows = EncounterBoard(officer).mine()
    finally:
        event.remove(engine, "before_cursor_execute", seen)

    assert [row.id for row in rows] == [encounter_id]
    assert statements, "the list was read"
    assert not any(NOTE_COLUMNS.search(statement) for statement in statements)
    assert not any(DRAFT["summary"] in repr(value) for row in rows for value in vars(row).values())


def test_only_my_own_encounters_are_listed(officer, other_officer, contact_id) -> None:
    mine = _draft(officer, contact_id)
    other_officer.encounters.create_draft({**DRAFT, "participant_ids": [contact_id]})

    assert [row.id for row in EncounterBoard(officer).mine()] == [mine]


def test_a_person_deleted_since_is_left_out_of_the_row(officer, contact_id, second_contact_id) -> None:
    _draft(officer, contact_id, second_contact_id)
    officer.contacts.delete(second_contact_id)

    (row,) = EncounterBoard(officer).mine()

    assert [person.id for person in row.people] == [contact_id]
