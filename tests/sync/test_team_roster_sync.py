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

NOTE = {"occurred_at": "2026-03-10T09:00:00+00:00", "kind": "phone", "summary": "Street light out"}


def test_the_roster_arrives_with_a_sync_and_names_the_officer_in_the_review_queue(
    server: RunningServer, new_device: DeviceFactory
) -> None:
    officer_id = server.users["officer"].user_id
    with server_session(server.db_url) as session:
        session.execute(update(User).where(User.id == officer_id).values(display_name="Omar Haddad"))
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
