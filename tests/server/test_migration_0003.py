"""Migration 0003: audit events stored before it lose their owner (the writer), because an audit event's
owner now means the author of the note it says was viewed, who reads it; other records keep theirs."""

from __future__ import annotations

from sqlalchemy import text

from liaison_server import migrations
from liaison_server.db import make_engine


def test_audit_events_stored_before_0003_are_owned_by_no_one(server_db_url: str) -> None:
    engine = make_engine(server_db_url)
    try:
        migrations.upgrade(engine, "0002")
        with engine.begin() as connection:
            for seq, (record_type, record_id) in enumerate((("audit_event", "a1"), ("encounter", "e1")), 1):
                connection.execute(
                    text(
                        "INSERT INTO record (record_type, record_id, team_id, author_id, owner_id, read_scope,"
                        " version, change_seq, deleted, created_hlc, updated_hlc, fields, field_clocks)"
                        " VALUES (:type, :id, 't1', 'u1', 'u1', 'audit', 1, :seq, false, 'h', 'h', '{}', '{}')"
                    ),
                    {"type": record_type, "id": record_id, "seq": seq},
                )
        migrations.upgrade(engine)
        with engine.connect() as connection:
            owners = dict(connection.execute(text("SELECT record_id, owner_id FROM record")).all())
    finally:
        engine.dispose()
    assert owners == {"a1": None, "e1": "u1"}
