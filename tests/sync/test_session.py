"""Revoked devices wipe themselves; a reset password asks for a new sign-in and loses nothing."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import create_engine, text

from devkit.server_process import RunningServer
from liaison_desktop.store.profile_keys import OWASP_MINIMUM
from liaison_desktop.store.profiles import LaptopProfiles
from liaison_desktop.store.record_store import RecordStore
from liaison_desktop.sync import account
from liaison_desktop.sync.engine import SyncEngine
from liaison_desktop.sync.http_client import SyncClient
from liaison_desktop.sync.worker import SyncWorker, WorkerState
from tests.sync.conftest import DeviceFactory
from tests.sync.waiting import wait_for

NEW_PASSWORD = "a brand new passphrase"


def _never_wipe() -> None:
    raise AssertionError("this device must not be wiped")


def test_revoked_device_wipes_its_profile_and_confirms_the_wipe(
    server: RunningServer, tmp_path: Path
) -> None:
    profiles = LaptopProfiles(tmp_path / "data", params=OWASP_MINIMUM)
    unlocked, _recovery = profiles.create_profile("Olivia", "correct horse battery")
    client = SyncClient(server.url)
    signed_in = account.sign_in(unlocked.engine, client, *server.credentials("officer"))
    store = RecordStore(unlocked.engine, signed_in.actor())
    with store.write() as txn:
        txn.insert("contact", {"given_name": "Written before the revocation"})
    server.revoke_device(signed_in.device_id)
    worker = SyncWorker(SyncEngine(store, client), wipe=lambda: profiles.wipe(unlocked.profile_id))
    worker.start()
    try:
        wait_for(lambda: worker.status.state is WorkerState.WIPED, what="wiped")
    finally:
        worker.stop()
        client.close()
    assert not unlocked.directory.exists()
    server_db = create_engine(server.db_url)
    try:
        with server_db.connect() as connection:
            wiped_ms = connection.execute(
                text("SELECT wiped_ms FROM device WHERE id = :id"), {"id": signed_in.device_id}
            ).scalar_one()
    finally:
        server_db.dispose()
    assert wiped_ms is not None


def _server_contacts(server: RunningServer) -> set[str]:
    """The given names of the contacts the server holds."""
    server_db = create_engine(server.db_url)
    try:
        with server_db.connect() as connection:
            rows = connection.execute(text("SELECT fields FROM record WHERE record_type = 'contact'"))
            return {(json.loads(f) if isinstance(f, str) else f)["given_name"] for (f,) in rows}
    finally:
        server_db.dispose()


def _revoked_profile_syncs(server: RunningServer, tmp_path: Path, kind: str) -> tuple[Path, list[str]]:
    """A real profile with changes not yet pushed, revoked with `kind`, then synced until it wiped.
    Returns its directory and the wipes the worker asked for."""
    profiles = LaptopProfiles(tmp_path / "data", params=OWASP_MINIMUM)
    unlocked, _recovery = profiles.create_profile("Olivia", "correct horse battery")
    client = SyncClient(server.url)
    signed_in = account.sign_in(unlocked.engine, client, *server.credentials("officer"))
    store = RecordStore(unlocked.engine, signed_in.actor())
    with store.write() as txn:
        txn.insert("contact", {"given_name": "Written offline before leaving"})
    server.revoke_device(signed_in.device_id, kind)
    wipes: list[str] = []
    engine = SyncEngine(store, client)

    def wipe() -> None:
        wipes.append("wipe")
        profiles.wipe(unlocked.profile_id)

    worker = SyncWorker(engine, wipe=wipe)
    worker.start()
    try:
        wait_for(lambda: worker.status.state is WorkerState.WIPED, what="wiped")
    finally:
        worker.stop()
        client.close()
    return unlocked.directory, wipes


# The server's side of revocation kinds is proven on both backends in tests/server/test_revocation.py;
# these check what the laptop does about them, so one backend is enough.


def test_an_offboarded_device_pushes_its_unsent_changes_then_wipes(
    sqlite_server: RunningServer, tmp_path: Path
) -> None:
    directory, wipes = _revoked_profile_syncs(sqlite_server, tmp_path, "offboarding")
    assert wipes == ["wipe"] and not directory.exists()
    assert "Written offline before leaving" in _server_contacts(sqlite_server)
    assert _wiped_ms(sqlite_server) is not None


def test_a_lost_device_wipes_at_once_without_pushing(sqlite_server: RunningServer, tmp_path: Path) -> None:
    directory, wipes = _revoked_profile_syncs(sqlite_server, tmp_path, "lost_device")
    assert wipes == ["wipe"] and not directory.exists()
    assert _server_contacts(sqlite_server) == set()


def test_the_last_push_of_an_offboarded_device_empties_its_outbox(
    new_sqlite_device: DeviceFactory, sqlite_server: RunningServer
) -> None:
    device = new_sqlite_device("officer")
    with device.store.write() as txn:
        txn.insert("contact", {"given_name": "Last words"})
    sqlite_server.revoke_device(device.account.device_id, "offboarding")
    report = device.sync_engine().push_before_wipe()
    assert report.pushed == 1 and device.outbox_rows() == []
    assert "Last words" in _server_contacts(sqlite_server)


def _wiped_ms(server: RunningServer) -> int | None:
    server_db = create_engine(server.db_url)
    try:
        with server_db.connect() as connection:
            return connection.execute(text("SELECT max(wiped_ms) FROM device")).scalar_one()
    finally:
        server_db.dispose()


def test_password_reset_asks_for_sign_in_and_keeps_every_unsynced_change(
    new_device: DeviceFactory, server: RunningServer
) -> None:
    device = new_device("officer")
    with device.store.write() as txn:
        ids = [txn.insert("contact", {"given_name": f"Offline {i}"}) for i in range(3)]
    server.reset_password(server.users["officer"].username, NEW_PASSWORD)
    worker = SyncWorker(device.sync_engine(), wipe=_never_wipe)
    worker.start()
    try:
        wait_for(lambda: worker.status.state is WorkerState.NEEDS_SIGN_IN, what="needs_sign_in")
        assert len(device.outbox_rows()) == 3
        device_id = device.account.device_id
        account.sign_in(
            device.engine,
            device.client,
            server.users["officer"].username,
            NEW_PASSWORD,
            clock=device.store.clock,
        )
        worker.request_sync()
        wait_for(
            lambda: worker.status.state is WorkerState.IDLE and worker.status.pending == 0, what="pushed"
        )
    finally:
        worker.stop()
    assert device.account.device_id == device_id
    other = new_device("officer2")
    other.sync()
    assert set(ids) <= set(other.rows("contact"))


def test_sign_in_stores_the_token_only_inside_the_encrypted_database(
    new_sqlite_device: DeviceFactory,
) -> None:
    device = new_sqlite_device("officer")
    token = device.account.token
    assert token
    for path in device.path.parent.glob(device.path.name + "*"):
        assert token.encode() not in path.read_bytes()
