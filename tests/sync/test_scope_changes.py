"""A change of teams or role reaches the device on its next sync: it receives everything its new scope
covers, older records included, and keeps nothing its scope no longer covers (search index included),
after pushing its own waiting edits first; an edit the server then refuses stays in the refused list.

Real server process (SQLite and PostgreSQL), real SQLCipher files; the memberships change in the
server's database between syncs, as an administrator's edit would.
"""

from __future__ import annotations

import pytest
from sqlalchemy import delete

from devkit.server_process import DEFAULT_PASSWORD, Credentials, RunningServer
from liaison_desktop.services.workspace import Workspace
from liaison_desktop.store import search_index
from liaison_desktop.store.models import rebaseline_seen, sync_state
from liaison_desktop.sync.engine import SyncProgress
from liaison_desktop.sync.errors import SyncCancelled
from liaison_desktop.sync.refused_changes import RefusedChanges
from liaison_desktop.sync.replica import STATE_SCOPE, Replica
from tests.server.memberships import create_team, create_user, join_team, leave_team, server_session, set_role
from tests.sync.conftest import DeviceFactory
from tests.sync.devices import Device

SOUTH = "South Precinct"
NOTE = {"occurred_at": "2026-03-10T09:00:00+00:00", "kind": "phone"}


@pytest.fixture
def south(server: RunningServer) -> str:
    """A second team with its own officer (`new_device("south_officer")`); returns the team's id."""
    with server_session(server.db_url) as session:
        team_id = create_team(session, SOUTH)
        user_id = create_user(session, "sam", "officer", SOUTH)
    server.users["south_officer"] = Credentials("sam", DEFAULT_PASSWORD, user_id, "officer")
    return team_id


def user_id(server: RunningServer, role_key: str) -> str:
    return server.users[role_key].user_id


def found_by_search(device: Device, words: str) -> set[str]:
    with device.engine.connect() as connection:
        return {hit.record_id for hit in search_index.search(connection, words)}


def test_a_supervisor_who_joins_a_team_receives_its_older_records_in_the_review_queue(
    server: RunningServer, new_device: DeviceFactory, south: str
) -> None:
    sam, sofia = new_device("south_officer"), new_device("supervisor")
    contact_id = Workspace(sam.store).contacts.create({"given_name": "Hamid", "family_name": "Karimi"})
    note_id = Workspace(sam.store).encounters.create_draft({**NOTE, "summary": "Street light out"})
    Workspace(sam.store).encounters.submit(note_id)
    sam.sync()
    sofia.sync()
    assert Workspace(sofia.store).reviews.queue() == []
    with server_session(server.db_url) as session:
        join_team(session, user_id(server, "supervisor"), south)
    report = sofia.sync()
    assert report.rebaselined and report.removed_out_of_scope == 0
    assert [row["id"] for row in Workspace(sofia.store).reviews.queue()] == [note_id]
    assert found_by_search(sofia, "Karimi") == {contact_id}


def test_an_officer_removed_from_a_team_keeps_none_of_its_records_after_pushing_own_edits_first(
    server: RunningServer, new_device: DeviceFactory, south: str
) -> None:
    with server_session(server.db_url) as session:
        join_team(session, user_id(server, "officer"), south)
    sam, olivia, omar = new_device("south_officer"), new_device("officer"), new_device("officer2")
    edited = Workspace(sam.store).contacts.create({"given_name": "Hamid", "family_name": "Karimi"})
    untouched = Workspace(sam.store).contacts.create({"given_name": "Leila", "family_name": "Nasser"})
    sam.sync()
    north = Workspace(olivia.store).contacts.create({"given_name": "Dalia", "family_name": "Haddad"})
    olivia.sync()
    assert {edited, untouched, north} <= set(olivia.rows("contact"))
    Workspace(olivia.store).contacts.update(edited, {"family_name": "Karimi-Rahman"})
    Workspace(olivia.store).contacts.update(north, {"family_name": "Haddad-Saleh"})
    with server_session(server.db_url) as session:
        leave_team(session, user_id(server, "officer"), south)
    report = olivia.sync()
    assert report.rebaselined
    assert set(olivia.rows("contact")) == {north}
    assert found_by_search(olivia, "Karimi") | found_by_search(olivia, "Nasser") == set()
    assert olivia.outbox_rows() == []
    # The edit of North's contact went to the server before the re-baseline; South's was refused.
    omar.sync()
    assert omar.rows("contact")[north]["family_name"] == "Haddad-Saleh"
    [refused] = RefusedChanges(olivia.store).list()
    assert (refused.record_id, refused.fields) == (edited, {"family_name": "Karimi-Rahman"})
    assert (refused.label, refused.resendable) == ("Karimi-Rahman", True)


def test_role_changes_officer_to_supervisor_to_ambassador_change_what_the_device_holds(
    server: RunningServer, new_device: DeviceFactory
) -> None:
    olivia, omar = new_device("officer"), new_device("officer2")
    own_note = Workspace(olivia.store).encounters.create_draft({**NOTE, "summary": "Olivia's visit"})
    their_note = Workspace(omar.store).encounters.create_draft({**NOTE, "summary": "Omar's visit"})
    contact_id = Workspace(omar.store).contacts.create({"given_name": "Hamid", "family_name": "Karimi"})
    service_id = Workspace(omar.store).directory.create({"name": "Legal clinic", "category": "legal_aid"})
    omar.sync()
    olivia.sync()
    assert set(olivia.rows("encounter")) == {own_note}

    with server_session(server.db_url) as session:
        set_role(session, user_id(server, "officer"), "supervisor")
    assert olivia.sync().rebaselined
    assert set(olivia.rows("encounter")) == {own_note, their_note}
    assert found_by_search(olivia, "visit") == {own_note, their_note}

    with server_session(server.db_url) as session:
        set_role(session, user_id(server, "officer"), "ambassador")
    assert olivia.sync().rebaselined
    assert olivia.rows("encounter") == {} and olivia.rows("amendment") == {}
    assert found_by_search(olivia, "visit") == set()
    assert contact_id not in olivia.rows("contact") and found_by_search(olivia, "Karimi") == set()
    assert set(olivia.rows("service")) == {service_id}


def test_an_interrupted_re_baseline_resumes_and_still_removes_what_the_scope_lost(
    server: RunningServer, new_device: DeviceFactory, south: str
) -> None:
    with server_session(server.db_url) as session:
        join_team(session, user_id(server, "officer"), south)
    sam, olivia = new_device("south_officer"), new_device("officer")
    south_ids = {
        Workspace(sam.store).contacts.create({"given_name": f"Person {n}"}, allow_duplicates=True)
        for n in range(3)
    }
    north_ids = {
        Workspace(olivia.store).contacts.create({"given_name": f"Neighbour {n}"}, allow_duplicates=True)
        for n in range(5)
    }
    sam.sync()
    olivia.sync()
    with server_session(server.db_url) as session:
        leave_team(session, user_id(server, "officer"), south)
    pages_seen: list[SyncProgress] = []

    def cancel_after_first_page() -> bool:
        return len(pages_seen) > 1

    def note(progress: SyncProgress) -> None:
        if progress.phase == "pull" and progress.pulled:
            pages_seen.append(progress)

    with pytest.raises(SyncCancelled):
        olivia.sync_engine(page_size=2).run_once(note, cancel_after_first_page)
    replica = Replica(olivia.store)
    assert replica.rebaselining() and replica.cursor() > 0
    assert south_ids <= set(olivia.rows("contact"))  # nothing removed before the whole scope is in
    report = olivia.sync(page_size=2)
    assert not report.rebaselined  # the same re-baseline, resumed
    assert not replica.rebaselining()
    live = {i for i, row in olivia.rows("contact").items() if not row["deleted"]}
    assert live == north_ids
    with olivia.engine.connect() as connection:
        assert connection.execute(rebaseline_seen.select()).first() is None


def test_a_device_synced_before_scopes_were_tracked_re_baselines_once(
    server: RunningServer, new_device: DeviceFactory, south: str
) -> None:
    sam, sofia = new_device("south_officer"), new_device("supervisor")
    contact_id = Workspace(sam.store).contacts.create({"given_name": "Hamid", "family_name": "Karimi"})
    sam.sync()
    sofia.sync()
    with server_session(server.db_url) as session:
        join_team(session, user_id(server, "supervisor"), south)
    # What an older version of the app left: a cursor, no scope. It may already miss records.
    with sofia.engine.begin() as connection:
        connection.execute(delete(sync_state).where(sync_state.c.key == STATE_SCOPE))
    assert sofia.sync().rebaselined
    assert contact_id in sofia.rows("contact")
    assert not sofia.sync().rebaselined
