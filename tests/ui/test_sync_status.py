"""The status bar follows a real sync against a real server process: pending changes drain to zero."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from devkit.server_process import RunningServer, sqlite_url, start_server
from liaison_desktop.app import ProfileDirectory
from liaison_desktop.services.workspace import Workspace
from liaison_desktop.store.profiles import LaptopProfiles
from liaison_desktop.store.record_store import RecordStore
from liaison_desktop.sync.account import sign_in
from liaison_desktop.sync.http_client import SyncClient
from liaison_desktop.ui.runner import Runner
from liaison_desktop.ui.shell.main_window import MainWindow

from .conftest import PASSPHRASE
from .helpers import unlock_through_screen


@pytest.fixture
def server(tmp_path: Path) -> Iterator[RunningServer]:
    running = start_server(sqlite_url(tmp_path), tmp_path)
    try:
        yield running
    finally:
        running.stop()


def test_the_status_bar_shows_sync_draining_pending_changes(
    qtbot,  # noqa: ANN001
    profiles: LaptopProfiles,
    runner: Runner,
    server: RunningServer,
) -> None:
    unlocked, _ = profiles.create_profile("Olivia", PASSPHRASE, server_url=server.url)
    with SyncClient(server.url) as client:
        account = sign_in(unlocked.engine, client, *server.credentials("officer"))
    Workspace(RecordStore(unlocked.engine, account.actor())).contacts.create({"given_name": "Farah"})
    unlocked.close()

    window = MainWindow(ProfileDirectory(profiles), runner)
    qtbot.addWidget(window)
    window.show()
    unlock_through_screen(qtbot, window, unlocked.profile_id, PASSPHRASE)
    qtbot.waitUntil(lambda: window.session is not None)
    assert window.session is not None and window.session.sync_configured

    qtbot.waitUntil(lambda: window.status.sync_label.text().startswith("Up to date"), timeout=20_000)
    qtbot.waitUntil(lambda: window.status.pending_count == 0, timeout=5_000)
    window.lock()  # stops the worker thread before the server goes away
