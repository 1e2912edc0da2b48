"""The background worker: its own thread, start-up and on-demand syncs, offline probing with backoff,
and a prompt stop."""

from __future__ import annotations

import random
import threading

from devkit.server_process import RunningServer
from liaison_desktop.sync.backoff import Backoff
from liaison_desktop.sync.worker import SyncWorker, WorkerState, WorkerStatus
from tests.sync.conftest import DeviceFactory
from tests.sync.devices import Device
from tests.sync.waiting import wait_for

FAST = Backoff(base_s=0.05, cap_s=0.2, rng=random.Random(1))


def _never_wipe() -> None:
    raise AssertionError("this device must not be wiped")


def _worker(
    device: Device, statuses: list[WorkerStatus] | None = None, interval_s: float = 3600
) -> SyncWorker:
    return SyncWorker(
        device.sync_engine(),
        wipe=_never_wipe,
        interval_s=interval_s,
        backoff=FAST,
        on_status=(statuses.append if statuses is not None else None),
    )


def test_worker_syncs_at_start_up_on_a_thread_of_its_own(new_sqlite_device: DeviceFactory) -> None:
    device = new_sqlite_device("officer")
    with device.store.write() as txn:
        txn.insert("contact", {"given_name": "Farah"})
    threads: set[str] = set()
    worker = SyncWorker(
        device.sync_engine(),
        wipe=_never_wipe,
        interval_s=3600,
        backoff=FAST,
        on_status=lambda _s: threads.add(threading.current_thread().name),
    )
    worker.start()
    try:
        wait_for(lambda: worker.status.last_sync_ms is not None, what="first sync")
    finally:
        worker.stop()
    assert device.outbox_rows() == []
    assert threads == {"liaison-sync"}


def test_request_sync_pushes_a_new_edit_at_once(new_sqlite_device: DeviceFactory) -> None:
    device = new_sqlite_device("officer")
    worker = _worker(device)
    worker.start()
    try:
        wait_for(lambda: worker.status.last_sync_ms is not None, what="first sync")
        with device.store.write() as txn:
            txn.insert("contact", {"given_name": "Gul"})
        worker.request_sync()
        wait_for(lambda: device.outbox_rows() == [] and worker.status.state is WorkerState.IDLE, what="push")
    finally:
        worker.stop()


def test_worker_is_offline_while_the_server_is_down_and_syncs_when_it_returns(
    new_sqlite_device: DeviceFactory, sqlite_server: RunningServer
) -> None:
    device = new_sqlite_device("officer")
    with device.store.write() as txn:
        txn.insert("contact", {"given_name": "Hana"})
    sqlite_server.stop()
    statuses: list[WorkerStatus] = []
    worker = _worker(device, statuses)
    worker.start()
    try:
        wait_for(lambda: worker.status.state is WorkerState.OFFLINE, what="offline")
        assert len(device.outbox_rows()) == 1
        sqlite_server.start()
        wait_for(
            lambda: device.outbox_rows() == [] and worker.status.state is WorkerState.IDLE, what="back online"
        )
    finally:
        worker.stop()
    assert worker.status.pending == 0


def test_stop_ends_the_worker_promptly_and_reports_stopped(new_sqlite_device: DeviceFactory) -> None:
    device = new_sqlite_device("officer")
    worker = _worker(device, interval_s=0.01)
    worker.start()
    worker.stop(timeout=10)
    assert worker.status.state is WorkerState.STOPPED


def test_backoff_grows_exponentially_with_full_jitter_up_to_its_cap() -> None:
    backoff = Backoff(base_s=1, cap_s=30, rng=random.Random(3))
    assert [backoff.ceiling(n) for n in range(1, 8)] == [1, 2, 4, 8, 16, 30, 30]
    delays = [backoff.delay(6) for _ in range(500)]
    assert 0 <= min(delays) < 3 and 27 < max(delays) <= 30
