"""The one "records changed" signal of the UI, relayed from the store's Qt-free `ChangeHub`.

Writers (services, sync applying a pulled page) announce a `ChangeSet` on whatever thread they ran; the
relay re-emits it as a Qt signal, which Qt queues to the UI thread. Each open screen decides from the
record kinds whether it must refresh; nobody polls and no writer knows which screens exist.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from liaison_desktop.store.record_writer import ChangeHub, ChangeSet


class RecordsChanged(QObject):
    """`changed(ChangeSet)` on the UI thread for every committed write of the open profile."""

    changed = Signal(object)

    def __init__(self, hub: ChangeHub, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._unsubscribe: Callable[[], None] | None = hub.subscribe(self._relay)

    def _relay(self, changes: ChangeSet) -> None:
        self.changed.emit(changes)

    def detach(self) -> None:
        """Stop listening (the profile is being locked)."""
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
