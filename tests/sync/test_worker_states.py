"""The worker's state machine, driven through every transition against a real server process:

    idle -> syncing -> idle                     start-up, edits (debounced), timer, request
    syncing -> offline -> syncing -> idle       server stopped, then back (probe, or "network is back")
    syncing -> needs_sign_in -> ... -> idle     password reset, new sign-in, request
    syncing -> needs_attention -> ... -> idle   mass-deletion fail-safe, then confirmed
    syncing -> wiped                            revoked, answer over loopback
    syncing -> needs_attention                  revoked, answer over plain http to another computer
    syncing -> idle                             cancelled, resumable
    any -> stopped

Time is a `FakeClock`: the debounce, the timer and the backoff move only when the test advances it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest

from devkit.server_process import RunningServer
from liaison_desktop.sync import account
from liaison_desktop.sync.backoff import Backoff
from liaison_desktop.sync.engine import DeleteGuard
from liaison_desktop.sync.worker import SyncWorker, WorkerState, WorkerStatus
from tests.sync.conftest import DeviceFactory
from tests.sync.devices import Device
from tests.sync.fake_clock import FakeClock
from tests.sync.fault_proxy import FaultProxy
from tests.sync.waiting import wait_for

IDLE, SYNCING, OFFLINE = WorkerState.IDLE, WorkerState.SYNCING, WorkerState.OFFLINE
NEEDS_SIGN_IN, NEEDS_ATTENTION = WorkerState.NEEDS_SIGN_IN, WorkerState.NEEDS_ATTENTION
WIPED, STOPPED = WorkerState.WIPED, WorkerState.STOPPED
INTERVAL_S = 3_600.0
NEW_PASSWORD = "a brand new passphrase"


class SteadyBackoff(Backoff):
    """No jitter: every retry waits the full ceiling, so a test knows when the next probe is due."""

    def delay(self, failures: int) -> float:
        return self.ceiling(failures)


class StatusLog:
    """Every status the worker published, on its thread."""

    def __init__(self) -> None:
        self.statuses: list[WorkerStatus] = []
        self.hooks: list[Any] = []

    def __call__(self, status: WorkerStatus) -> None:
        self.statuses.append(status)
        for hook in self.hooks:
            hook(status)

    def states(self, since: int = 0) -> list[WorkerState]:
        """The states in order, repeats folded (progress updates republish SYNCING)."""
        folded: list[WorkerState] = []
        for status in self.statuses[since:]:
            if not folded or folded[-1] is not status.state:
                folded.append(status.state)
        return folded

    def syncs(self) -> int:
        return self.states().count(SYNCING)

    def mark(self) -> int:
        return len(self.statuses)


class World:
    """One device's worker on a fake clock, and what it published."""

    def __init__(self, device: Device, **engine_options: Any) -> None:
        self.device = device
        self.clock = FakeClock()
        self.log = StatusLog()
        self.wipes = 0
        self.worker = SyncWorker(
            device.sync_engine(**engine_options),
            wipe=self._wipe,
            on_status=self.log,
            interval_s=INTERVAL_S,
            edit_delay_s=3.0,
            backoff=SteadyBackoff(base_s=10.0, cap_s=10.0),
            clock=self.clock,
        )

    def _wipe(self) -> None:
        self.wipes += 1

    def start(self) -> None:
        """Start, and return once the start-up sync is over."""
        self.worker.start()
        self.clock.settle()

    def sync_now(self, **options: bool) -> None:
        self.worker.request_sync(**options)
        self.clock.advance(0)

    @property
    def state(self) -> WorkerState:
        return self.worker.status.state

    def edit(self, name: str) -> str:
        with self.device.store.write() as txn:
            record_id = txn.insert("contact", {"given_name": name})
        self.worker.notify_local_edit()
        return record_id


@pytest.fixture
def world(new_sqlite_device: DeviceFactory) -> Iterator[World]:
    made = World(new_sqlite_device("officer"))
    try:
        yield made
    finally:
        made.worker.stop()


def test_status_knows_the_last_sync_and_the_waiting_changes_before_the_first_run(
    new_sqlite_device: DeviceFactory,
) -> None:
    device = new_sqlite_device("officer")
    device.sync()
    with device.store.write() as txn:
        txn.insert("contact", {"given_name": "Ayla"})
    status = World(device).worker.status
    assert (status.state, status.pending) == (IDLE, 1)
    assert (
        status.last_sync_ms is not None and status.last_sync_ms == device.sync_engine().replica.last_sync_ms()
    )


def test_start_up_sync_goes_idle_syncing_idle(world: World) -> None:
    world.edit("Bahar")
    world.start()
    assert world.log.states() == [SYNCING, IDLE]
    assert world.worker.status.pending == 0
    assert world.worker.status.last_sync_ms is not None


def test_two_edits_half_a_second_apart_cause_one_sync_three_seconds_after_the_last(world: World) -> None:
    world.start()
    world.edit("Cemal")
    world.clock.advance(0.5)
    world.edit("Dilan")
    world.clock.advance(2.9)
    assert world.log.syncs() == 1  # only the start-up sync: 3.4 s after the first edit, 2.9 after the last
    world.clock.advance(0.1)
    assert world.log.syncs() == 2
    assert world.device.outbox_rows() == []
    world.clock.advance(INTERVAL_S / 2)
    assert world.log.syncs() == 2


def test_edits_made_steadily_are_pushed_no_later_than_the_maximum_delay(world: World) -> None:
    """One edit a second never leaves 3 s of quiet; the push still goes 30 s after the first edit."""
    world.start()
    for second in range(29):
        world.edit(f"Steady {second}")
        world.clock.advance(1.0)
    assert world.log.syncs() == 1
    world.clock.advance(1.0)
    assert world.log.syncs() == 2


def test_the_timer_syncs_once_an_interval_has_passed(world: World) -> None:
    world.start()
    world.clock.advance(INTERVAL_S - 1)
    assert world.log.syncs() == 1
    world.clock.advance(1)
    assert world.log.syncs() == 2 and world.state is IDLE


def test_a_stopped_server_means_offline_and_the_probe_syncs_once_it_is_back(
    world: World, sqlite_server: RunningServer
) -> None:
    world.start()
    sqlite_server.stop()
    mark = world.log.mark()
    world.edit("Ebru")
    world.sync_now()
    assert world.log.states(mark) == [SYNCING, OFFLINE]
    assert world.worker.status.error_key == "sync.offline"
    world.clock.advance(60)  # probes into the dead link: still offline
    assert world.state is OFFLINE and len(world.device.outbox_rows()) == 1
    sqlite_server.start()
    world.clock.advance(60)  # the next probe answers
    assert world.log.states(mark)[-2:] == [SYNCING, IDLE]
    assert world.device.outbox_rows() == []


def test_edits_while_offline_do_not_shorten_the_backoff(world: World, sqlite_server: RunningServer) -> None:
    world.start()
    sqlite_server.stop()
    world.sync_now()
    probes_before = world.log.mark()
    world.edit("Feride")
    world.clock.advance(9.0)  # the edit fell due at 3 s; the backoff's probe is due at 10 s
    assert world.log.mark() == probes_before  # no probe, no status: the backoff still decides
    world.clock.advance(1.0)
    assert world.log.mark() > probes_before


def test_network_available_syncs_at_once_without_waiting_out_the_backoff(
    world: World, sqlite_server: RunningServer
) -> None:
    world.start()
    sqlite_server.stop()
    world.edit("Gizem")
    world.sync_now()
    assert world.state is OFFLINE
    sqlite_server.start()
    world.worker.network_available()
    world.clock.advance(0)  # no time passes: only the explicit trigger can explain the sync
    assert world.state is IDLE and world.device.outbox_rows() == []


def test_a_password_reset_needs_sign_in_keeps_the_outbox_and_a_new_sign_in_syncs(
    world: World, sqlite_server: RunningServer
) -> None:
    world.start()
    username = sqlite_server.users["officer"].username
    sqlite_server.reset_password(username, NEW_PASSWORD)
    mark = world.log.mark()
    world.edit("Hale")
    world.clock.advance(3.0)
    assert world.log.states(mark) == [SYNCING, NEEDS_SIGN_IN]
    assert world.worker.status.error_key == "sync.reauth_required"
    world.edit("Irmak")
    world.clock.advance(INTERVAL_S * 2)  # neither edits nor the timer retry: only a person can help
    assert world.log.states(mark) == [SYNCING, NEEDS_SIGN_IN]
    assert len(world.device.outbox_rows()) == 2
    account.sign_in(world.device.engine, world.device.client, username, NEW_PASSWORD)
    world.sync_now()
    assert world.log.states(mark) == [SYNCING, NEEDS_SIGN_IN, SYNCING, IDLE]
    assert world.device.outbox_rows() == []


def test_the_mass_deletion_fail_safe_needs_attention_until_a_person_confirms(
    new_sqlite_device: DeviceFactory,
) -> None:
    deleter, watcher_device = new_sqlite_device("officer"), new_sqlite_device("officer2")
    with deleter.store.write() as txn:
        ids = txn.insert_many("contact", [{"given_name": f"Kept {i}"} for i in range(12)])
    deleter.sync()
    watcher = World(watcher_device, delete_guard=DeleteGuard(max_share=0.5, min_count=5))
    try:
        watcher.start()
        with deleter.store.write() as txn:
            for record_id in ids[:10]:
                txn.delete("contact", record_id)
        deleter.sync()
        mark = watcher.log.mark()
        watcher.sync_now()
        assert watcher.log.states(mark) == [SYNCING, NEEDS_ATTENTION]
        status = watcher.worker.status
        assert status.error_key == "sync.mass_deletion_stopped"
        assert status.error_params == {"would_delete": 10, "live_records": 12}
        watcher.sync_now()  # asking again without confirming stops again
        assert watcher.state is NEEDS_ATTENTION
        watcher.sync_now(confirm_mass_delete=True)
        assert watcher.state is IDLE
        assert sum(not row["deleted"] for row in watcher_device.rows("contact").values()) == 2
    finally:
        watcher.worker.stop()


def test_a_revocation_over_loopback_wipes_the_profile_and_ends_the_worker(
    world: World, sqlite_server: RunningServer
) -> None:
    world.start()
    sqlite_server.revoke_device(world.device.account.device_id)
    world.worker.request_sync()
    wait_for(lambda: world.state is WIPED, what="wiped")
    assert world.wipes == 1
    assert world.log.states()[-2:] == [SYNCING, WIPED]
    world.worker.stop()
    assert world.state is WIPED  # stopping a wiped worker does not pretend it merely stopped


def test_a_revocation_over_plain_http_to_another_computer_never_wipes(
    new_sqlite_device: DeviceFactory, sqlite_server: RunningServer
) -> None:
    # A relay on 127.0.0.2: to the client that is another computer reached over plain http, where anyone
    # on the way could have written a "you are revoked, wipe" answer.
    relay = FaultProxy(sqlite_server.port, host="127.0.0.2").start()
    device = new_sqlite_device("officer")
    device.point_at(relay.url)
    assert not device.client.trusted_transport
    world = World(device)
    try:
        world.edit("Jale")
        world.start()
        sqlite_server.revoke_device(device.account.device_id)
        world.sync_now()
        assert world.state is NEEDS_ATTENTION
        assert world.worker.status.error_key == "sync.untrusted_revocation"
        assert world.wipes == 0
        assert len(device.rows("contact")) == 1
        world.clock.advance(INTERVAL_S * 2)  # the timer does not retry into it either
        assert world.state is NEEDS_ATTENTION and world.wipes == 0
    finally:
        world.worker.stop()
        relay.stop()


def test_cancelling_a_sync_keeps_the_worker_and_the_next_sync_resumes_where_it_stopped(
    new_sqlite_device: DeviceFactory,
) -> None:
    author = new_sqlite_device("officer")
    with author.store.write() as txn:
        txn.insert_many("contact", [{"given_name": f"Record {i}"} for i in range(40)])
    author.sync()
    newcomer = World(new_sqlite_device("officer2"), page_size=5)
    cancelled = threading.Event()

    def cancel_after_the_first_page(status: WorkerStatus) -> None:
        if status.progress is not None and status.progress.phase == "pull" and not cancelled.is_set():
            cancelled.set()
            newcomer.worker.cancel_current()

    newcomer.log.hooks.append(cancel_after_the_first_page)
    try:
        newcomer.start()
        assert newcomer.log.states() == [SYNCING, IDLE]
        assert len(newcomer.device.rows("contact")) == 5  # the applied page stays applied
        assert newcomer.worker.status.last_sync_ms is None  # not a finished sync
        newcomer.clock.advance(INTERVAL_S / 2)  # a cancelled sync is not restarted behind the person's back
        assert newcomer.log.syncs() == 1
        newcomer.sync_now()
        assert newcomer.state is IDLE
        assert len(newcomer.device.rows("contact")) == 40
    finally:
        newcomer.worker.stop()


def test_progress_reaches_the_status_with_done_total_and_time_left(new_sqlite_device: DeviceFactory) -> None:
    author = new_sqlite_device("officer")
    with author.store.write() as txn:
        txn.insert_many("contact", [{"given_name": f"Record {i}"} for i in range(12)])
    author.sync()
    newcomer = World(new_sqlite_device("officer2"), page_size=5)
    try:
        newcomer.start()
    finally:
        newcomer.worker.stop()
    pulls = [
        s.progress for s in newcomer.log.statuses if s.progress is not None and s.progress.phase == "pull"
    ]
    assert [(p.done, p.total) for p in pulls] == [(5, 12), (10, 12), (12, 12)]
    assert pulls[-1].eta_s == 0.0


def test_stop_ends_the_worker_in_the_stopped_state(world: World) -> None:
    world.start()
    world.worker.stop()
    assert world.log.states()[-1] is STOPPED and world.state is STOPPED
