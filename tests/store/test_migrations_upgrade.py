"""A profile made by an older release upgrades with its data intact and searchable."""

from __future__ import annotations

import os

from sqlalchemy import text

from liaison_desktop.store import schema, search_index
from liaison_desktop.store.cipher_database import open_encrypted_engine

CONTACT_ID = "c0000000-0000-4000-8000-00000000000a"
MEETING_ID = "a0000000-0000-4000-8000-00000000000b"


def test_records_written_at_revision_0001_survive_the_upgrade_and_become_searchable(tmp_path):
    key = os.urandom(32)
    engine = open_encrypted_engine(tmp_path / "old.db", key)
    schema.upgrade(engine, "0001")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO contact (id, given_name, family_name, languages, consent_share, created_hlc, "
                "updated_hlc, deleted) VALUES (:id, 'فاطمة', 'Núñez', '[\"ar\", \"es\"]', "
                '\'{"granted": true, "given_on": "2026-01-02", "method": "verbal"}\', '
                "'1767225600000-000000-a', '1767225600000-000000-a', 0)"
            ),
            {"id": CONTACT_ID},
        )
        connection.execute(
            text(
                "INSERT INTO meeting (id, kind, held_on, concerns, created_hlc, updated_hlc, deleted) "
                "VALUES (:id, 'town_hall', '2026-01-03', '居民希望获得住房援助', "
                "'1767225600001-000000-a', '1767225600001-000000-a', 0)"
            ),
            {"id": MEETING_ID},
        )
    engine.dispose()

    engine = open_encrypted_engine(tmp_path / "old.db", key)
    schema.upgrade_to_head(engine)
    assert schema.current_revision(engine) == schema.head_revision()
    with engine.connect() as connection:
        row = connection.execute(
            text("SELECT given_name, family_name, languages, consent_share FROM contact WHERE id = :id"),
            {"id": CONTACT_ID},
        ).one()
        assert (row.given_name, row.family_name) == ("فاطمة", "Núñez")
        assert '"es"' in row.languages and '"granted": true' in row.consent_share
        assert [h.record_id for h in search_index.search(connection, "nunez")] == [CONTACT_ID]
        assert [h.record_id for h in search_index.search(connection, "住房")] == [MEETING_ID]
    engine.dispose()


def test_upgrading_an_up_to_date_profile_changes_nothing(tmp_path):
    engine = open_encrypted_engine(tmp_path / "new.db", os.urandom(32))
    schema.upgrade_to_head(engine)
    with engine.connect() as connection:
        tables = connection.execute(text("SELECT name, sql FROM sqlite_master ORDER BY name")).all()
    schema.upgrade_to_head(engine)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT name, sql FROM sqlite_master ORDER BY name")).all() == tables
    engine.dispose()
