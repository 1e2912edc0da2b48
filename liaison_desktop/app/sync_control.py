"""Sync of one open profile, as the session layer runs it: one background worker, started on unlock and
asked to sync a few seconds after each local edit, on a timer, when the network returns and on demand.

The worker (`liaison_desktop.sync.worker`) is Qt-free and publishes its status on its own thread; this
module fans that status out to listeners (the UI relays it to a signal) and remembers the time of the last
finished sync in the profile header, so the profile picker can show it without unlocking anything.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from liaison_desktop.sync.worker import SyncWorker, WorkerState, WorkerStatus

if TYPE_CHECKING:
    from liaison_desktop.store.change_hub import ChangeSet
    from liaison_desktop.store.record_store import RecordStore
    from liaison_desktop.sync.account import Account

log = logging.getLogger(__name__)

StatusListener = Callable[[WorkerStatus], None]


class Listeners:
    """A thread-safe list of callbacks; one failing listener never stops the others."""

    def __init__(self) -> None:
        self._items: list[Callable[..., None]] = []
        self._lock = threading.Lock()

    def add(self, listener: Callable[..., None]) -> Callable[[], None]:
        with self._lock:
            self._items.append(listener)

        def remove() -> None:
            with self._lock:
                if listener in self._items:
                    self._items.remove(listener)

        return remove

    def call(self, *args: object) -> None:
        with self._lock:
            items = list(self._items)
        for listener in items:
            try:
                listener(*args)
            except Exception:
                log.exception("listener failed")


class SyncControl:
    """The running worker of one profile. `wipe` erases the profile (called only on a revocation that
    came over a trustworthy channel; the worker decides that). `remember_last_sync` stores the time of a
    finished sync outside the encrypted database."""

    def __init__(
        self,
        store: RecordStore,
        account: Account,
        *,
        wipe: Callable[[], None],
        remember_last_sync: Callable[[dt.datetime], None],
        status_listeners: Listeners,
        on_synced: Callable[[], None] | None = None,
    ) -> None:
        self._store = store
        self._wipe = wipe
        self._remember_last_sync = remember_last_sync
        self._on_synced = on_synced or (lambda: None)
        self._listeners = status_listeners
        self._last_remembered_ms: int | None = None
        self._last_report: object | None = None
        # Here rather than at the top: the client (requests) and the engine (the wire models) are only
        # needed once a signed-in profile is open, not for the start screen.
        from liaison_desktop.sync.engine import SyncEngine
        from liaison_desktop.sync.http_client import SyncClient

        self._client = SyncClient(account.server_url, account.token, ca_bundle=account.ca_bundle)
        self.worker = SyncWorker(SyncEngine(store, self._client), wipe=wipe, on_status=self._on_status)
        self._unsubscribe_edits = store.hub.subscribe(self._on_records_changed)

    def start(self) -> None:
        self.worker.start()

    @property
    def status(self) -> WorkerStatus:
        return self.worker.status

    def _on_records_changed(self, changes: ChangeSet) -> None:
        if changes.origin == "local":
            self.worker.notify_local_edit()

    def _on_status(self, status: WorkerStatus) -> None:
        # A run that reached its end publishes a new report: that, and not a "last synced" time (which
        # the worker also publishes at start and never moves back), is the proof of a completed sync.
        if status.state is WorkerState.IDLE and status.last_report is not None:
            if status.last_report is not self._last_report:
                self._last_report = status.last_report
                try:
                    self._on_synced()
                except Exception:
                    log.warning("could not note the completed sync", exc_info=True)
        if (
            status.state is WorkerState.IDLE
            and status.last_sync_ms
            and status.last_sync_ms != self._last_remembered_ms
        ):
            self._last_remembered_ms = status.last_sync_ms
            try:
                self._remember_last_sync(dt.datetime.fromtimestamp(status.last_sync_ms / 1000, dt.UTC))
            except Exception:  # the picker's "last synced" is a courtesy; sync itself went fine
                log.warning("could not record the last sync time", exc_info=True)
        self._listeners.call(status)

    def stop(self) -> None:
        """Cancel a running sync between two batches or pages and end the thread. Nothing is lost: the
        outbox keeps what was not acknowledged and the pull cursor moves only with applied pages."""
        self._unsubscribe_edits()
        try:
            self.worker.stop(timeout=15)
        except TimeoutError:
            log.warning("sync worker did not stop in time")
        self._client.close()
