"""The open session as Qt signals on the UI thread: records changed, sync status, wiped, lease renewed.

The session layer calls its listeners on whatever thread wrote (a form's runner job, the sync worker);
the bridge re-emits them as queued Qt signals. "Records changed" is coalesced: a person's edit reaches
open screens after a short pause (one refresh for a burst of writes), while the pages of a long sync are
gathered and announced at most every `SYNC_FLUSH_MS` and once more when the sync ends, so a
100,000-record first sync re-reads the visible screen a handful of times, not once per page.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from liaison_desktop.app import ChangeSet, Session, SyncStatus, WorkerState

LOCAL_FLUSH_MS = 60
SYNC_FLUSH_MS = 3_000


class SessionBridge(QObject):
    """Holds the open `Session` for the screens and relays its hooks. `detach()` before locking."""

    records_changed = Signal(object)  # ChangeSet, merged
    sync_status_changed = Signal(object)  # SyncStatus
    wiped = Signal()
    lease_changed = Signal(object)  # LeaseStatus, after a completed sync renewed the offline lease
    _raw_change = Signal(object)
    _raw_status = Signal(object)
    _raw_wiped = Signal()
    _raw_lease = Signal(object)

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._pending = ChangeSet()
        self._syncing = False
        self._local_timer = QTimer(self)
        self._local_timer.setSingleShot(True)
        self._local_timer.setInterval(LOCAL_FLUSH_MS)
        self._local_timer.timeout.connect(self._flush)
        self._sync_timer = QTimer(self)
        self._sync_timer.setSingleShot(True)
        self._sync_timer.setInterval(SYNC_FLUSH_MS)
        self._sync_timer.timeout.connect(self._flush)
        self._raw_change.connect(self._on_change)
        self._raw_status.connect(self._on_status)
        self._raw_wiped.connect(self.wiped)
        self._raw_lease.connect(self.lease_changed)
        self._unsubscribe: list[Callable[[], None]] = [
            session.subscribe_changes(self._raw_change.emit),
            session.subscribe_sync_status(self._raw_status.emit),
            session.subscribe_wiped(self._raw_wiped.emit),
            session.subscribe_lease(self._raw_lease.emit),
        ]

    @Slot(object)
    def _on_change(self, changes: ChangeSet) -> None:
        for kind, ids in changes.ids_by_kind.items():
            self._pending.add(kind, ids)
        if changes.origin == "sync" and self._syncing:
            if not self._sync_timer.isActive():
                self._sync_timer.start()
        elif not self._local_timer.isActive():
            self._local_timer.start()

    @Slot(object)
    def _on_status(self, status: SyncStatus) -> None:
        was_syncing = self._syncing
        self._syncing = status.state is WorkerState.SYNCING
        if was_syncing and not self._syncing and self._pending:
            self._flush()
        self.sync_status_changed.emit(status)

    def _flush(self) -> None:
        self._local_timer.stop()
        self._sync_timer.stop()
        if not self._pending:
            return
        changes, self._pending = self._pending, ChangeSet()
        self.records_changed.emit(changes)

    def detach(self) -> None:
        """Stop relaying (the profile is being locked); nothing queued is delivered afterwards."""
        for unsubscribe in self._unsubscribe:
            unsubscribe()
        self._unsubscribe = []
        self._local_timer.stop()
        self._sync_timer.stop()
        self._pending = ChangeSet()
