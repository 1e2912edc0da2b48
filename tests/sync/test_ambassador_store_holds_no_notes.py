"""An ambassador's device never receives an encounter note, whatever it asks the server: after asking
for a note it knows the id of (through the refetch path and `/sync/records` directly), and after pulls
from crafted cursors and scopes, its SQLCipher store holds no encounter, amendment or review row and its
search index no word of a note, while its own feedback and the directory still arrive.

Real server process (SQLite and PostgreSQL), real SQLCipher files. Already proven elsewhere, not repeated:
- what each role pulls, record type by record type, and that an ambassador's pushes of notes are
  refused: tests/server/test_scoping_matrix.py;
- a scope change re-baselines and removes what the new scope no longer covers (officer → ambassador
  keeps no note nor search row): tests/sync/test_scope_changes.py, tests/server/test_pull_scope.py;
- `/sync/records` leaves out unreadable records in general: tests/server/test_pull_scope.py;
- the desktop services refuse notes to an ambassador even when the rows are in the database:
  tests/services/test_encounters.py and tests/services/test_ambassador_never_reads_notes.py.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import select

from liaison_desktop.services.workspace import Workspace
from liaison_desktop.store import search_index
from liaison_desktop.store.device_state import write_state
from liaison_desktop.store.models import sync_state
from liaison_desktop.sync.errors import SyncError
from liaison_desktop.sync.replica import REFETCH_PREFIX, STATE_CURSOR, STATE_SCOPE
from liaison_protocol.messages import RecordRef
from tests.sync.conftest import DeviceFactory
from tests.sync.devices import Device

NOTE_WORDS = "landlord threatened eviction"
NOTE = {
    "occurred_at": "2026-03-10T09:00:00+00:00",
    "kind": "home_visit",
    "summary": f"The family said their {NOTE_WORDS} after the visit",
    "summary_language": "en",
}
NOTE_TYPES = ("encounter", "amendment", "review")


@dataclass
class Team:
    ambassador: Device
    officer: Device
    note_refs: list[RecordRef]  # the submitted note, its amendment and the supervisor's review
    feedback_id: str
    service_id: str


@pytest.fixture
def team(new_device: DeviceFactory) -> Team:
    officer, supervisor, ambassador = (
        new_device("officer"),
        new_device("supervisor"),
        new_device("ambassador"),
    )
    officer_work = Workspace(officer.store)
    note_id = officer_work.encounters.create_draft(NOTE)
    officer_work.encounters.submit(note_id)
    amendment_id = officer_work.encounters.amend(note_id, f"Correction: the {NOTE_WORDS} twice", "en", "typo")
    service_id = officer_work.directory.create({"name": "Tenant Help Desk", "category": "housing"})
    officer.sync()
    supervisor.sync()
    Workspace(supervisor.store).reviews.review(note_id, "approved", comment=f"Follow up: {NOTE_WORDS}")
    supervisor.sync()
    [review_id] = [row["id"] for row in supervisor.rows("review").values()]
    feedback_id = Workspace(ambassador.store).feedback.record({"topic": "Housing", "sentiment": "negative"})
    ambassador.sync()
    refs = [
        RecordRef(record_type="encounter", record_id=note_id),
        RecordRef(record_type="amendment", record_id=amendment_id),
        RecordRef(record_type="review", record_id=review_id),
    ]
    return Team(ambassador, officer, refs, feedback_id, service_id)


def assert_holds_no_note(device: Device) -> None:
    for record_type in NOTE_TYPES:
        assert device.rows(record_type) == {}, f"{record_type} rows reached the ambassador's store"
    with device.engine.connect() as connection:
        assert search_index.search(connection, NOTE_WORDS) == []
        assert search_index.search(connection, "eviction") == []


def assert_still_has_own_records(team: Team) -> None:
    """The syncs did run: the ambassador's feedback and the directory are there."""
    assert team.feedback_id in team.ambassador.rows("feedback")
    assert team.service_id in team.ambassador.rows("service")


def test_asking_for_a_note_by_its_id_brings_nothing_to_an_ambassador(team: Team) -> None:
    assert_holds_no_note(team.ambassador)  # after an ordinary sync (the fixture's)
    assert team.ambassador.client.fetch(team.note_refs).changes == []
    assert {change.record_type for change in team.officer.client.fetch(team.note_refs[:2]).changes} == {
        "encounter",
        "amendment",
    }, "the same ids do reach their author"
    with team.ambassador.engine.begin() as connection:
        for ref in team.note_refs:  # what a refused edit of them would have marked
            write_state(connection, f"{REFETCH_PREFIX}{ref.record_type}:{ref.record_id}", "1")

    team.ambassador.sync()

    assert_holds_no_note(team.ambassador)
    assert_still_has_own_records(team)
    with team.ambassador.engine.connect() as connection:
        marks = connection.execute(
            select(sync_state.c.key).where(sync_state.c.key.startswith(REFETCH_PREFIX))
        )
        assert list(marks) == [], "the marks were answered (with nothing) and dropped"


def test_pulls_from_crafted_cursors_and_scopes_bring_an_ambassador_no_note(team: Team) -> None:
    officers_scope = team.officer.client.pull(0, 1, "").scope
    assert officers_scope
    for cursor, scope in (("0", officers_scope), ("0", ""), ("1", officers_scope), ("-1", None)):
        with team.ambassador.engine.begin() as connection:
            write_state(connection, STATE_CURSOR, cursor)
            if scope is not None:
                write_state(connection, STATE_SCOPE, scope)
        try:
            team.ambassador.sync()
        except SyncError:
            pass  # a cursor the server refuses (below 0) fails the sync; it must not fail open
        assert_holds_no_note(team.ambassador)
    for scope in ("", officers_scope, None):
        page = team.ambassador.client.pull(0, 500, scope)
        assert not {change.record_type for change in page.changes} & set(NOTE_TYPES)
    with team.ambassador.engine.begin() as connection:
        write_state(connection, STATE_CURSOR, "0")  # the device itself never writes a negative cursor
    team.ambassador.sync()
    assert_holds_no_note(team.ambassador)
    assert_still_has_own_records(team)
