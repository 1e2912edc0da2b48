"""The names of the team's people arrive with a sync and name the officers of the review queue.

Real server process (SQLite and PostgreSQL), real SQLCipher files."""

from __future__ import annotations

from sqlalchemy import update

from devkit.server_process import RunningServer
from liaison_desktop.services.review_board import ReviewBoard
from liaison_desktop.services.team_roster import load_roster
from liaison_desktop.services.workspace import Workspace
from liaison_server.models import User
from tests.server.memberships import server_session
from tests.sync.conftest import DeviceFactory
from tests.sync.fault_proxy import FaultProxy

NOTE = {"occurred_at": "2026-03-10T09:00:00+00:00", "kind": "phone", "summary": "Street light out"}


def test_the_roster_arrives_with_a_sync_and_names_the_officer_in_the_review_queue(
    server: RunningServer, new_device: DeviceFactory
) -> None:
    officer_id = server.users["officer"].user_id
    _rename(server, "officer", "Omar Haddad")
    officer, supervisor = new_device("officer"), new_device("supervisor")
    note = Workspace(officer.store).encounters.create_draft(NOTE)
    Workspace(officer.store).encounters.submit(note)
    officer.sync()

    supervisor.sync()

    roster = load_roster(supervisor.store)
    assert roster.name_of(officer_id) == "Omar Haddad"
    assert roster.team_name(server.team_id) == server.team_name
    (row,) = ReviewBoard(Workspace(supervisor.store)).page().rows
    assert (row.officer_id, row.officer_name) == (officer_id, "Omar Haddad")


def _rename(server: RunningServer, role_key: str, name: str) -> None:
    with server_session(server.db_url) as session:
        session.execute(
            update(User).where(User.id == server.users[role_key].user_id).values(display_name=name)
        )


def test_a_roster_lost_on_the_way_keeps_the_last_one_and_the_sync_succeeds(
    sqlite_server: RunningServer, new_sqlite_device: DeviceFactory, proxy: FaultProxy
) -> None:
    _rename(sqlite_server, "officer", "Omar Haddad")
    supervisor = new_sqlite_device("supervisor", url=proxy.url)
    supervisor.sync()
    _rename(sqlite_server, "officer", "Omar H. Haddad")
    proxy.force("pass", "drop")  # the pull passes (nothing to push), the roster's request is dropped

    supervisor.sync()

    assert proxy.paths[-1].startswith("GET /api/v1/team/roster")
    officer_id = sqlite_server.users["officer"].user_id
    assert load_roster(supervisor.store).name_of(officer_id) == "Omar Haddad"
    supervisor.sync()
    assert load_roster(supervisor.store).name_of(officer_id) == "Omar H. Haddad"
