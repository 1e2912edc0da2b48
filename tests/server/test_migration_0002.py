"""Migration 0002 keeps a database of 0001 usable: accounts, devices and their revocations survive, and
devices revoked before revocation kinds existed count as lost (erase at once, push nothing)."""

from __future__ import annotations

from sqlalchemy import inspect, text

from liaison_server import migrations
from liaison_server.db import make_engine


def test_devices_revoked_before_0002_are_lost_devices(server_db_url: str) -> None:
    engine = make_engine(server_db_url)
    try:
        migrations.upgrade(engine, "0001")
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO app_user (id, username, display_name, role, password_hash, session_epoch,"
                    " failed_signins, locked_until_ms, created_ms, password_changed_ms)"
                    " VALUES ('u1', 'olivia', 'Olivia', 'officer', 'h', 0, 3, 99, 1, 1)"
                )
            )
            for device_id, revoked in (("live", None), ("gone", 5)):
                connection.execute(
                    text(
                        "INSERT INTO device (id, user_id, name, token_hash, session_epoch, issued_ms,"
                        " expires_ms, revoked_ms) VALUES (:id, 'u1', '', :token, 0, 1, 2, :revoked)"
                    ),
                    {"id": device_id, "token": device_id * 8, "revoked": revoked},
                )
        migrations.upgrade(engine)
        with engine.connect() as connection:
            kinds = dict(connection.execute(text("SELECT id, revocation_kind FROM device")).all())
            user = connection.execute(text("SELECT username, disabled_ms FROM app_user")).one()
            user_columns = {c["name"] for c in inspect(connection).get_columns("app_user")}
    finally:
        engine.dispose()
    assert kinds == {"live": None, "gone": "lost_device"}
    assert tuple(user) == ("olivia", None)
    assert not {"failed_signins", "locked_until_ms"} & user_columns


def test_0002_can_be_undone(server_db_url: str) -> None:
    engine = make_engine(server_db_url)
    try:
        migrations.upgrade(engine)
        from alembic import command

        command.downgrade(migrations.alembic_config(engine), "0001")
        tables = set(inspect(engine).get_table_names())
        assert migrations.current_revision(engine) == "0001"
    finally:
        engine.dispose()
    assert not {"sign_in_throttle", "server_audit_event"} & tables
