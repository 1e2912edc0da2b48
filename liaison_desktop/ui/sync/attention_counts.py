"""How many refused changes and open conflicts wait for a person, kept current for the status bar and the
Sync menu.

Both counts are reads of the profile, so they go through the runner: when the profile opens, when records
change (a pulled conflict, a resolution, a resend) and after every sync run (refusals are recorded while
pushing). A newer read always wins over an older one that finishes late.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from liaison_desktop.app import Session, SyncStatus, WorkerState
from liaison_desktop.ui.runner import Runner
from liaison_desktop.ui.session_bridge import SessionBridge


def read_counts(session: Session) -> tuple[int, int]:
    """(refused changes, open conflicts) of `session`; slow on a big profile: call it off the UI thread.
    None of either while the offline lease has run out: they are records the lease keeps locked."""
    if session.lease.expired:
        return 0, 0
    return session.refused.count(), session.conflicts.open_count()


class SyncAttentionCounts(QObject):
    """`changed(refused, conflicts)` after every read that found other numbers than the last one."""

    changed = Signal(int, int)

    def __init__(self, runner: Runner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._bridge: SessionBridge | None = None
        self._sequence = 0
        self._disconnect: list[Callable[[], None]] = []
        self.refused = 0
        self.conflicts = 0

    def attach(self, bridge: SessionBridge) -> None:
        self.detach()
        self._bridge = bridge
        bridge.records_changed.connect(self.refresh)
        bridge.sync_status_changed.connect(self._on_status)
        self._disconnect = [
            lambda: bridge.records_changed.disconnect(self.refresh),
            lambda: bridge.sync_status_changed.disconnect(self._on_status),
        ]
        self.refresh()

    def detach(self) -> None:
        for disconnect in self._disconnect:
            try:
                disconnect()
            except (RuntimeError, TypeError):  # the bridge is already gone
                pass
        self._disconnect = []
        self._bridge = None
        self._sequence += 1
        self._set(0, 0)

    def _on_status(self, status: SyncStatus) -> None:
        if status.state is not WorkerState.SYNCING:
            self.refresh()

    def refresh(self, *_args: object) -> None:
        bridge = self._bridge
        if bridge is None:
            return
        self._sequence += 1
        sequence = self._sequence
        session = bridge.session
        self._runner.run(
            lambda: read_counts(session),
            lambda counts: self._read(sequence, counts),
            lambda _error: None,  # locked meanwhile: nothing to count
            owner=self,
        )

    def _read(self, sequence: int, counts: tuple[int, int]) -> None:
        if sequence == self._sequence:
            self._set(*counts)

    def _set(self, refused: int, conflicts: int) -> None:
        if (refused, conflicts) != (self.refused, self.conflicts):
            self.refused, self.conflicts = refused, conflicts
            self.changed.emit(refused, conflicts)
