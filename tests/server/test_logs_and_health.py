"""Structured logs without record contents; the health endpoint; migrations."""

from __future__ import annotations

import json
import logging

import pytest
from sqlalchemy import inspect

from liaison_protocol import OLDEST_PROTOCOL_VERSION, PROTOCOL_VERSION
from liaison_server import migrations
from liaison_server.core.logging import JsonFormatter
from liaison_server.db import make_engine
from tests.server.conftest import World
from tests.server.helpers import API, SAMPLE_FIELDS

SECRET = "Zanzibar-testimony-7731"


def test_health_reports_the_protocol_versions_the_server_speaks(world: World) -> None:
    body = world.client.get(f"{API}/health").json()
    assert body["status"] == "ok" and body["protocol"] == PROTOCOL_VERSION
    assert (body["protocol_min"], body["protocol_max"]) == (OLDEST_PROTOCOL_VERSION, PROTOCOL_VERSION)


def test_health_does_not_name_the_database_engine(world: World) -> None:
    """The endpoint is public; which database runs behind it helps only an attacker."""
    response = world.client.get(f"{API}/health")
    assert set(response.json()) == {"status", "protocol", "protocol_min", "protocol_max", "server_time_ms"}
    assert not any(name in response.text.lower() for name in ("sqlite", "postgres"))


def test_logs_are_json_lines_with_ids_and_counts_but_never_record_contents(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    olivia = world.sign_in("olivia")
    caplog.set_level(logging.INFO, logger="liaison_server")
    logging.getLogger("liaison_server").addHandler(caplog.handler)
    try:
        olivia.push(olivia.mutation("contact", fields={**SAMPLE_FIELDS["contact"], "notes": SECRET}))
        olivia.push_raw([olivia.mutation("contact", fields={"given_name": SECRET, "phone": 12})])
        olivia.pull_all()
    finally:
        logging.getLogger("liaison_server").removeHandler(caplog.handler)
    lines = [JsonFormatter().format(record) for record in caplog.records]
    entries = [json.loads(line) for line in lines]
    push = next(e for e in entries if e.get("path") == "/api/v1/sync/push" and e.get("status") == 200)
    assert (push["user_id"], push["device_id"], push["mutations"], push["applied"]) == (
        olivia.id,
        olivia.device_id,
        1,
        1,
    )
    assert any(e.get("status") == 422 for e in entries)
    assert all(SECRET not in line for line in lines)


def test_migrations_build_the_schema_from_nothing_and_are_idempotent(server_db_url: str) -> None:
    engine = make_engine(server_db_url)
    try:
        migrations.upgrade(engine)
        migrations.upgrade(engine)
        assert migrations.current_revision(engine) == "0004"
        tables = set(inspect(engine).get_table_names())
        assert {
            "team",
            "app_user",
            "user_team",
            "device",
            "record",
            "applied_mutation",
            "change_counter",
            "sign_in_throttle",
            "server_audit_event",
            "audit_chain_head",
        } <= tables
    finally:
        engine.dispose()
