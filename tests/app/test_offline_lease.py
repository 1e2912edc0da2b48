"""The offline lease: a signed-in profile that has not synced for the server's number of days keeps its
records locked until a sync renews it, and setting the laptop's clock back does not buy time.

The lease's own rules run on a real profile database with a controlled clock; the end-to-end test signs
in to a real server whose lease is 2 days and moves the clock past it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from devkit.server_process import RunningServer, sqlite_url, start_server
from liaison_desktop.app import OfflineLeaseExpired, ProfileDirectory, SignInRequest, add_profile_by_sign_in
from liaison_desktop.app.offline_lease import DAY_MS, OfflineLease
from tests.sync.waiting import wait_for

from .conftest import PASSPHRASE

START_MS = 1_800_000_000_000


class Clock:
    """The laptop's wall clock, moved by the test."""

    def __init__(self) -> None:
        self.ms = START_MS

    def __call__(self) -> int:
        return self.ms

    def days_later(self, days: float) -> None:
        self.ms += int(days * DAY_MS)


@pytest.fixture
def lease_world(directory: ProfileDirectory) -> Iterator[tuple[OfflineLease, Clock]]:
    unlocked, _ = directory.store.create_profile("Lease", PASSPHRASE)
    clock = Clock()
    try:
        yield OfflineLease(unlocked.engine, 14, wall_ms=clock), clock
    finally:
        unlocked.close()


def test_the_lease_runs_for_the_servers_days_from_the_last_sync(
    lease_world: tuple[OfflineLease, Clock],
) -> None:
    lease, clock = lease_world
    assert not lease.check().expired
    clock.days_later(13.9)
    assert not lease.check().expired
    clock.days_later(0.2)
    assert lease.check().expired


def test_a_sync_renews_the_lease_from_now(lease_world: tuple[OfflineLease, Clock]) -> None:
    lease, clock = lease_world
    lease.check()
    clock.days_later(15)
    assert lease.check().expired
    lease.renew()
    assert not lease.check().expired
    assert lease.check().expires_at_ms == clock.ms + 14 * DAY_MS


def test_setting_the_clock_back_after_the_lease_ended_does_not_reopen_it(
    lease_world: tuple[OfflineLease, Clock],
) -> None:
    lease, clock = lease_world
    lease.check()
    clock.days_later(15)
    assert lease.check().expired
    clock.days_later(-10)
    assert lease.check().expired


def test_setting_the_clock_back_again_and_again_gains_at_most_a_day(
    lease_world: tuple[OfflineLease, Clock],
) -> None:
    lease, clock = lease_world
    lease.check()
    clock.days_later(13)
    assert not lease.check().expired
    clock.days_later(-0.5)  # within the tolerance: time stands still at the highest seen
    assert not lease.check().expired
    clock.days_later(-0.6)  # 1.1 days behind the highest time seen
    assert lease.check().expired


def test_a_profile_without_a_server_lease_never_locks(directory: ProfileDirectory) -> None:
    unlocked, _ = directory.store.create_profile("Offline only", PASSPHRASE)
    clock = Clock()
    try:
        lease = OfflineLease(unlocked.engine, None, wall_ms=clock)
        clock.days_later(400)
        assert not lease.check().expired
    finally:
        unlocked.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    tmp = tmp_path_factory.mktemp("lease-server")
    running = start_server(sqlite_url(tmp), tmp, env={"LIAISON_SERVER_OFFLINE_LEASE_DAYS": "2"})
    try:
        yield running
    finally:
        running.stop()


def test_a_profile_past_its_lease_opens_locked_and_a_sync_unlocks_its_records(
    directory: ProfileDirectory, server: RunningServer
) -> None:
    clock = Clock()
    directory.wall_ms = clock
    username, password = server.credentials("officer")
    request = SignInRequest(server.url, username, password, profile_name="Olivia", passphrase=PASSPHRASE)
    session = add_profile_by_sign_in(directory, request).session
    profile_id = session.profile_id
    assert session.account is not None and session.account.offline_lease_days == 2
    session.close()

    clock.days_later(3)
    directory.start_sync = False  # opening alone, without reaching the server, renews nothing
    session = directory.open(profile_id, PASSPHRASE)
    try:
        assert session.lease.expired
        with pytest.raises(OfflineLeaseExpired):
            session.workspace  # noqa: B018 - reading it is the refusal
    finally:
        session.close()

    directory.start_sync = True
    session = directory.open(profile_id, PASSPHRASE)
    renewed = []
    session.subscribe_lease(renewed.append)
    try:
        wait_for(lambda: not session.lease.expired, what="a sync renews the lease")
        assert renewed and not renewed[-1].expired
        assert session.workspace.contacts is not None
    finally:
        session.close()
