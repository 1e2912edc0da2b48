"""The profile's tables follow the protocol's record declarations, so desktop and server stay in step."""

from __future__ import annotations

import os

from sqlalchemy import inspect

from liaison_desktop.store.cipher_database import open_encrypted_engine
from liaison_desktop.store.models import RECORD_INDEXES, record_tables
from liaison_desktop.store.schema import upgrade_to_head
from liaison_protocol.records import RECORD_TYPES

BOOKKEEPING = {
    "id",
    "team_id",
    "author_id",
    "owner_id",
    "created_hlc",
    "updated_hlc",
    "server_version",
    "deleted",
}


def test_every_record_type_has_a_table_with_its_fields_and_bookkeeping():
    assert set(record_tables) == set(RECORD_TYPES)
    for name, spec in RECORD_TYPES.items():
        assert {c.name for c in record_tables[name].columns} == BOOKKEEPING | set(spec.fields)


def test_no_table_has_an_immigration_status_column():
    for table in record_tables.values():
        assert not any("immigration" in c.name or "visa" in c.name for c in table.columns)


def test_migrated_database_has_the_tables_and_indexes_the_services_rely_on(tmp_path):
    engine = open_encrypted_engine(tmp_path / "p.db", os.urandom(32))
    upgrade_to_head(engine)
    inspector = inspect(engine)
    for name, table in record_tables.items():
        assert {c["name"] for c in inspector.get_columns(name)} == {c.name for c in table.columns}
        indexed = {tuple(i["column_names"]) for i in inspector.get_indexes(name)}
        assert set(RECORD_INDEXES.get(name, [])) <= indexed
    engine.dispose()
