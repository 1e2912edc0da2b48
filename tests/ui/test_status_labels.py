"""The status bar always tells the truth about sync.

First the sentence itself (`sync_status_text`, a pure function): a table of the states a person meets, then
a property over every state the worker can publish (with and without progress, pending changes and a last
sync). Then a real worker against a real server process: offline when the server stops, up to date again
when it returns and the platform says the network is back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtNetwork import QNetworkInformation

from devkit.server_process import RunningServer, sqlite_url, start_server
from liaison_desktop.app import ProfileDirectory, SyncProgress, SyncStatus, WorkerState
from liaison_desktop.store.profiles import LaptopProfiles
from liaison_desktop.sync.account import sign_in
from liaison_desktop.sync.http_client import SyncClient
from liaison_desktop.ui import i18n
from liaison_desktop.ui.runner import Runner
from liaison_desktop.ui.shell.main_window import MainWindow
from liaison_desktop.ui.shell.status_bar import attention_text, pending_text, sync_status_text

from .conftest import PASSPHRASE
from .helpers import unlock_through_screen

NOW = dt.datetime(2026, 3, 14, 15, 0, tzinfo=dt.UTC)
NOW_MS = int(NOW.timestamp() * 1000)
FIVE_MINUTES_AGO_MS = NOW_MS - 5 * 60 * 1000
MASS_DELETION = {"would_delete": 60, "live_records": 100}


def progress(done: int, total: int | None, eta_s: float | None = None) -> SyncProgress:
    return SyncProgress("pull", 0, 0, done, total, done=done, total=total, eta_s=eta_s)


@pytest.fixture(autouse=True)
def english() -> None:
    i18n.set_language("en")


@pytest.mark.parametrize(
    ("status", "pending", "expected"),
    [
        (SyncStatus(WorkerState.IDLE), 0, "Not synced yet"),
        (
            SyncStatus(WorkerState.IDLE, last_sync_ms=FIVE_MINUTES_AGO_MS),
            0,
            "Up to date, synced 5 minutes ago",
        ),
        (SyncStatus(WorkerState.IDLE, last_sync_ms=FIVE_MINUTES_AGO_MS), 3, "3 changes waiting to sync"),
        (SyncStatus(WorkerState.IDLE, last_sync_ms=FIVE_MINUTES_AGO_MS), 1, "1 change waiting to sync"),
        (SyncStatus(WorkerState.SYNCING), 0, "Syncing…"),
        (SyncStatus(WorkerState.SYNCING, progress=progress(0, None)), 0, "Syncing…"),
        (SyncStatus(WorkerState.SYNCING, progress=progress(500, 1_100)), 0, "Syncing… 500 of 1,100"),
        (
            SyncStatus(WorkerState.SYNCING, progress=progress(500, 1_100, eta_s=180)),
            0,
            "Syncing… 500 of 1,100, about 3 minutes left",
        ),
        (
            SyncStatus(WorkerState.SYNCING, progress=progress(1_000, 1_100, eta_s=8)),
            0,
            "Syncing… 1,000 of 1,100, less than a minute left",
        ),
        (
            SyncStatus(WorkerState.SYNCING, progress=progress(1_100, 1_100, eta_s=0)),
            0,
            "Syncing… 1,100 of 1,100",
        ),
        (SyncStatus(WorkerState.OFFLINE, error_key="sync.offline"), 0, "Offline – will retry"),
        (
            SyncStatus(WorkerState.OFFLINE, error_key="sync.offline"),
            2,
            "Offline – will retry · 2 changes waiting to sync",
        ),
        (
            SyncStatus(WorkerState.OFFLINE, error_key="sync.server_unavailable"),
            0,
            "Server not answering – will retry",
        ),
        (SyncStatus(WorkerState.OFFLINE, error_key="sync.rate_limited"), 0, "Server busy – will retry"),
        (SyncStatus(WorkerState.NEEDS_SIGN_IN, error_key="sync.reauth_required"), 0, "Sign in again to sync"),
        (
            SyncStatus(WorkerState.NEEDS_SIGN_IN, error_key="sync.reauth_required"),
            2,
            "Sign in again to sync · 2 changes waiting to sync",
        ),
        (
            SyncStatus(
                WorkerState.NEEDS_ATTENTION,
                error_key="sync.mass_deletion_stopped",
                error_params=MASS_DELETION,
            ),
            0,
            "Sync paused: 60 records would be deleted – your decision is needed",
        ),
        (
            SyncStatus(WorkerState.NEEDS_ATTENTION, error_key="sync.untrusted_revocation"),
            0,
            "Sync stopped: the server's answer could not be trusted",
        ),
        (
            SyncStatus(WorkerState.NEEDS_ATTENTION, error_key="sync.error"),
            1,
            "Sync needs attention · 1 change waiting to sync",
        ),
        (SyncStatus(WorkerState.WIPED), 0, "This device was removed from the team"),
        (SyncStatus(WorkerState.STOPPED), 0, "Sync stopped"),
    ],
)
def test_each_state_has_its_sentence(status: SyncStatus, pending: int, expected: str) -> None:
    assert sync_status_text(status, pending, NOW_MS) == expected


def test_a_profile_without_a_server_says_so_whatever_the_worker_says() -> None:
    assert sync_status_text(None, 0, NOW_MS, configured=False) == "Not connected to a server"
    assert (
        sync_status_text(SyncStatus(WorkerState.IDLE), 2, NOW_MS, configured=False)
        == "Not connected to a server · 2 changes waiting to sync"
    )


def test_the_attention_count_names_refusals_and_conflicts_and_is_empty_without_them() -> None:
    assert attention_text(0, 0) == ""
    assert attention_text(2, 0) == "2 changes refused"
    assert attention_text(0, 1) == "1 conflict"
    assert attention_text(1, 3) == "1 change refused · 3 conflicts"


statuses = st.builds(
    SyncStatus,
    state=st.sampled_from(WorkerState),
    last_sync_ms=st.none() | st.integers(NOW_MS - 400 * 86_400_000, NOW_MS),
    pending=st.integers(0, 10_000),
    error_key=st.sampled_from(
        [
            None,
            "sync.offline",
            "sync.server_unavailable",
            "sync.rate_limited",
            "sync.reauth_required",
            "sync.mass_deletion_stopped",
            "sync.untrusted_revocation",
            "sync.error",
        ]
    ),  # fmt: skip
    progress=st.none()
    | st.builds(
        lambda done, extra, eta: progress(done, None if extra is None else done + extra, eta),
        st.integers(0, 200_000),
        st.none() | st.integers(0, 200_000),
        st.none() | st.floats(0, 86_400),
    ),
    error_params=st.just(MASS_DELETION),
)


@given(status=statuses, pending=st.integers(0, 10_000))
def test_every_state_the_worker_publishes_reads_as_that_state(status: SyncStatus, pending: int) -> None:
    text = sync_status_text(status, pending, NOW_MS)
    waiting = f" · {pending_text(pending)}" if pending else ""
    state = status.state
    if state is WorkerState.SYNCING:
        assert text.startswith("Syncing…")
        if status.progress is not None and status.progress.total:
            assert f"of {i18n.format_number(status.progress.total)}" in text
    elif state is WorkerState.OFFLINE:
        assert text.endswith("will retry" + waiting)
    elif state is WorkerState.NEEDS_SIGN_IN:
        assert text == "Sign in again to sync" + waiting
    elif state is WorkerState.NEEDS_ATTENTION:
        assert text.startswith("Sync ") and text.endswith(waiting)
    elif state is WorkerState.WIPED:
        assert text == "This device was removed from the team"
    elif state is WorkerState.STOPPED:
        assert text == "Sync stopped" + waiting
    elif pending:
        assert text == pending_text(pending), "changes waiting are never hidden behind 'up to date'"
    elif status.last_sync_ms:
        assert text.startswith("Up to date, synced ")
    else:
        assert text == "Not synced yet"


# -- a real worker ------------------------------------------------------------------------------------


@pytest.fixture
def server(tmp_path: Path) -> Iterator[RunningServer]:
    running = start_server(sqlite_url(tmp_path), tmp_path)
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def window(qtbot, profiles: LaptopProfiles, runner: Runner, server: RunningServer) -> Iterator[MainWindow]:  # noqa: ANN001
    """An unlocked profile that signed in to `server` and syncs."""
    unlocked, _ = profiles.create_profile("Olivia", PASSPHRASE, server_url=server.url)
    with SyncClient(server.url) as client:
        sign_in(unlocked.engine, client, *server.credentials("officer"))
    unlocked.close()
    made = MainWindow(ProfileDirectory(profiles), runner)
    qtbot.addWidget(made)
    made.show()
    unlock_through_screen(qtbot, made, unlocked.profile_id, PASSPHRASE)
    qtbot.waitUntil(lambda: made.session is not None)
    yield made
    made.lock()  # stops the worker thread before the server goes away


def label(window: MainWindow) -> str:
    return window.status.sync_label.text()


def test_the_label_follows_a_real_worker_offline_and_back(
    qtbot, window: MainWindow, server: RunningServer
) -> None:  # noqa: ANN001
    qtbot.waitUntil(lambda: label(window).startswith("Up to date"), timeout=20_000)
    session = window.session
    assert session is not None

    server.stop()
    window.sync_action.trigger()
    qtbot.waitUntil(lambda: label(window) == "Offline – will retry", timeout=20_000)
    session.contacts.create({"given_name": "Written", "family_name": "Offline"})
    waiting = pending_text(session.pending_changes())
    qtbot.waitUntil(lambda: label(window) == f"Offline – will retry · {waiting}", timeout=10_000)

    server.start()  # same port, same database
    network = window.sync_screens.network
    network.reachability_changed(QNetworkInformation.Reachability.Disconnected)
    network.reachability_changed(QNetworkInformation.Reachability.Online)  # the platform: network is back
    qtbot.waitUntil(lambda: label(window).startswith("Up to date"), timeout=20_000)
    assert session.pending_changes() == 0
