"""An ambassador's workspace refuses every read and write of encounter notes, not only the screens that
hide them: the lists behind the notes screens and the search find nothing of a note, even when a note's
rows are in the same database (here written by an officer into it; on a real laptop each profile is its
own database, and sync never brings an ambassador a note: tests/sync/test_ambassador_store_holds_no_notes.py).

Already proven elsewhere: `view` and `amendments` of a note and `create_draft` refused to an ambassador
(tests/services/test_encounters.py), the role's readable types (tests/services/test_permissions.py).
"""

from __future__ import annotations

import pytest

from liaison_desktop.services.encounter_board import EncounterBoard
from liaison_desktop.services.errors import NotAllowed

from .test_encounters import DRAFT


@pytest.fixture
def submitted_note(officer) -> str:
    note_id = officer.encounters.create_draft(DRAFT)
    officer.encounters.submit(note_id)
    return note_id


def test_an_ambassador_may_not_edit_submit_or_amend_a_note(ambassador, submitted_note):
    with pytest.raises(NotAllowed):
        ambassador.encounters.update_draft(submitted_note, {"summary": "changed"})
    with pytest.raises(NotAllowed):
        ambassador.encounters.submit(submitted_note)
    with pytest.raises(NotAllowed):
        ambassador.encounters.amend(submitted_note, "changed", "en", "typo")


def test_an_ambassador_search_finds_no_note_text(officer, ambassador, submitted_note):
    assert [hit.record_id for hit in officer.search.search("parking rules")] == [submitted_note]
    assert ambassador.search.search("parking rules") == []
    assert ambassador.search.search("parking rules", record_types=["encounter", "amendment"]) == []


def test_the_notes_lists_refuse_an_ambassador(ambassador, submitted_note):
    with pytest.raises(NotAllowed):
        ambassador.encounters.list_mine()
    with pytest.raises(NotAllowed):
        EncounterBoard(ambassador).mine()
