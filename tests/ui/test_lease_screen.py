"""A profile past its offline lease opens on the "reach the server" screen, with no record in sight, and
shows its records once "Sync now" completed a sync with the (now reachable) server; a profile left open
across the end of its lease locks. One server for the module, whose lease is 2 days."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt

from devkit.server_process import RunningServer, sqlite_url, start_server
from liaison_desktop.app import ProfileDirectory, SignInRequest, WorkerState, add_profile_by_sign_in
from liaison_desktop.app.offline_lease import DAY_MS
from liaison_desktop.store.profiles import LaptopProfiles
from liaison_desktop.ui.runner import Runner
from liaison_desktop.ui.shell.main_window import MainWindow

from .conftest import PASSPHRASE


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    tmp_path = tmp_path_factory.mktemp("lease-server")
    running = start_server(sqlite_url(tmp_path), tmp_path, env={"LIAISON_SERVER_OFFLINE_LEASE_DAYS": "2"})
    try:
        yield running
    finally:
        running.stop()


def test_a_profile_past_its_lease_shows_the_lease_screen_until_a_sync_renews_it(
    qtbot,
    profiles: LaptopProfiles,
    runner: Runner,
    server: RunningServer,  # noqa: ANN001 - pytest-qt
) -> None:
    three_days_on = int(time.time() * 1000) + 3 * DAY_MS
    directory = ProfileDirectory(profiles)
    username, password = server.credentials("officer")
    request = SignInRequest(server.url, username, password, profile_name="Olivia", passphrase=PASSPHRASE)
    session = add_profile_by_sign_in(directory, request).session
    profile_id = session.profile_id
    session.close()
    server.stop()  # the laptop is offline when it is unlocked three days later
    directory.wall_ms = lambda: three_days_on
    window = MainWindow(directory, runner)
    qtbot.addWidget(window)
    window.show()
    try:
        window.choose_profile(profile_id)
        qtbot.keyClicks(window.unlock_screen.passphrase_field, PASSPHRASE)
        qtbot.keyClick(window.unlock_screen.passphrase_field, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: window.stack.currentWidget() is window.lease_screen, timeout=10_000)
        assert window.workspace_view is None
        assert "2 days" in window.lease_screen.explanation_label.text()
        assert not window.sync_screens.conflicts_action.isEnabled()  # conflicts show record text

        server.start()
        qtbot.mouseClick(window.lease_screen.sync_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: window.workspace_view is not None, timeout=30_000)
        assert window.stack.currentWidget() is window.workspace_view
        assert window.sync_screens.conflicts_action.isEnabled()
    finally:
        window.lock()
        runner.wait_until_idle(15_000)


def test_a_profile_left_open_across_the_end_of_its_lease_locks(
    qtbot,
    profiles: LaptopProfiles,
    runner: Runner,
    server: RunningServer,  # noqa: ANN001 - pytest-qt
) -> None:
    clock = [int(time.time() * 1000)]
    directory = ProfileDirectory(profiles)
    directory.wall_ms = lambda: clock[0]
    username, password = server.credentials("officer")
    request = SignInRequest(server.url, username, password, profile_name="Open", passphrase=PASSPHRASE)
    window = MainWindow(directory, runner)
    qtbot.addWidget(window)
    window.show()
    session = add_profile_by_sign_in(directory, request).session
    try:
        window.open_session(session)
        qtbot.waitUntil(
            lambda: session.sync_status.state is WorkerState.IDLE
            and session.sync_status.last_report is not None,
            timeout=30_000,
        )
        window.check_lease()
        runner.wait_until_idle(10_000)
        assert window.session is session, "within its lease the profile stays open"

        clock[0] += 3 * DAY_MS
        window.check_lease()
        qtbot.waitUntil(lambda: window.session is None, timeout=10_000)
        assert window.workspace_view is None
    finally:
        window.lock()
        runner.wait_until_idle(15_000)
