"""The audit chain over a real sync round: a real server process, real profile databases. A device's
events arrive verified with no finding, the note's author receives the supervisor's view of the note,
and an event edited in a laptop's outbox before it was pushed is stored flagged and written to the
server's trail as an `altered` finding. SQLite only: the server's side runs on both backends in
tests/server/test_audit_chain.py."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import update

from devkit.server_process import RunningServer
from liaison_desktop.services.workspace import Workspace
from liaison_desktop.store.models import outbox
from tests.sync.conftest import DeviceFactory

NOTE = {"occurred_at": "2026-11-30T10:00:00+00:00", "kind": "walk_in", "summary": "Asked about bus passes"}


def _findings(server: RunningServer) -> list[dict[str, Any]]:
    printed = server.cli("audit", "--action", "client_audit_finding", "--format", "json").stdout
    return [json.loads(line) for line in printed.splitlines()]


def test_a_supervisors_view_reaches_the_notes_author_through_a_verified_chain(
    new_sqlite_device: DeviceFactory, sqlite_server: RunningServer
) -> None:
    officer = new_sqlite_device("officer")
    encounters = Workspace(officer.store).encounters
    note = encounters.create_draft(NOTE)
    encounters.submit(note)
    officer.sync()
    supervisor = new_sqlite_device("supervisor")
    supervisor.sync()
    Workspace(supervisor.store).encounters.view(note, reason="monthly review")
    supervisor.sync()
    officer.sync()

    [view] = Workspace(officer.store).audit.views_of_own_encounter(note)
    assert view["author_id"] == supervisor.store.actor.user_id
    assert view["chain_status"] == "verified"
    assert _findings(sqlite_server) == []


def test_an_event_edited_in_the_outbox_is_stored_flagged_and_found_altered(
    new_sqlite_device: DeviceFactory, sqlite_server: RunningServer
) -> None:
    officer = new_sqlite_device("officer")
    event_id = Workspace(officer.store).audit.record_now("exported", "report", None, reason="March report")
    [row] = [r for r in officer.outbox_rows() if r["record_id"] == event_id]
    with officer.engine.begin() as connection:
        connection.execute(
            update(outbox)
            .where(outbox.c.seq == row["seq"])
            .values(fields={**row["fields"], "reason": "nothing was exported"})
        )
    officer.sync()

    [finding] = _findings(sqlite_server)
    assert finding["details"]["problem"] == "altered"
    assert finding["details"]["event_id"] == event_id
    assert "exported" not in json.dumps(finding["details"])
    supervisor = new_sqlite_device("supervisor")
    supervisor.sync()
    stored = supervisor.rows("audit_event")[event_id]
    assert (stored["chain_status"], stored["chain_problems"]) == ("flagged", ["altered"])
