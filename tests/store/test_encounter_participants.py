"""Who took part in which encounter is indexed by the database itself (triggers), whoever writes the
note: a new note, a changed list of participants, a removed row, and notes written before the index
existed (the migration fills it)."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import select, text

from liaison_desktop.store import schema
from liaison_desktop.store.actor import Actor
from liaison_desktop.store.cipher_database import open_encrypted_engine
from liaison_desktop.store.models import encounter_participant
from liaison_desktop.store.record_store import RecordStore

AMINA = "c0000000-0000-4000-8000-00000000000a"
OMAR = "c0000000-0000-4000-8000-00000000000b"
NOTE = {"occurred_at": "2026-03-01T10:00:00+00:00", "kind": "home_visit"}


@pytest.fixture
def store(tmp_path):
    engine = open_encrypted_engine(tmp_path / "p.db", os.urandom(32))
    schema.upgrade_to_head(engine)
    yield RecordStore(engine, Actor("0f000000-0000-4000-8000-000000000001", "officer", None))
    engine.dispose()


def _index(engine) -> set[tuple[str, str]]:  # noqa: ANN001
    with engine.connect() as connection:
        return {tuple(row) for row in connection.execute(select(encounter_participant))}


def test_a_new_note_indexes_each_participant(store):
    with store.write() as txn:
        note_id = txn.insert("encounter", {**NOTE, "participant_ids": [AMINA, OMAR]})
    assert _index(store.engine) == {(AMINA, note_id), (OMAR, note_id)}


def test_changing_the_participants_changes_the_index(store):
    with store.write() as txn:
        note_id = txn.insert("encounter", {**NOTE, "participant_ids": [AMINA]})
    with store.write() as txn:
        txn.update("encounter", note_id, {"participant_ids": [OMAR]})
    assert _index(store.engine) == {(OMAR, note_id)}


def test_a_removed_row_leaves_the_index(store):
    with store.write() as txn:
        note_id = txn.insert("encounter", {**NOTE, "participant_ids": [AMINA]})
    with store.engine.begin() as connection:
        connection.execute(text("DELETE FROM encounter WHERE id = :id"), {"id": note_id})
    assert _index(store.engine) == set()


def test_notes_written_before_the_index_are_indexed_by_the_upgrade(tmp_path):
    engine = open_encrypted_engine(tmp_path / "old.db", os.urandom(32))
    schema.upgrade(engine, "0004")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO encounter (id, occurred_at, kind, participant_ids, created_hlc, updated_hlc, deleted) "
                "VALUES ('e1', '2026-03-01T10:00:00+00:00', 'home_visit', :people, 'h', 'h', 0), "
                "('e2', '2026-03-02T10:00:00+00:00', 'home_visit', 'not a list', 'h', 'h', 0)"
            ),
            {"people": f'["{AMINA}", "{OMAR}"]'},
        )
    schema.upgrade_to_head(engine)
    assert _index(engine) == {(AMINA, "e1"), (OMAR, "e1")}
    engine.dispose()
