"""Which records a transaction changed, and the Qt-free hook that tells open screens and sync."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field


@dataclass
class ChangeSet:
    """Which records a transaction changed: what open screens need to decide whether to refresh."""

    ids_by_kind: dict[str, set[str]] = field(default_factory=dict)
    # "local" for a person's edit on this device, "sync" for what sync wrote (pulled pages, outcomes):
    # only local edits ask for a sync soon after them, both refresh open screens.
    origin: str = "local"

    def add(self, record_type: str, record_ids: Iterable[str]) -> None:
        self.ids_by_kind.setdefault(record_type, set()).update(record_ids)

    @property
    def kinds(self) -> set[str]:
        return set(self.ids_by_kind)

    def __bool__(self) -> bool:
        return bool(self.ids_by_kind)


class ChangeHub:
    """A Qt-free "records changed" hook. The UI relays it to a Qt signal; sync emits through it too."""

    def __init__(self) -> None:
        self._listeners: list[Callable[[ChangeSet], None]] = []
        self._lock = threading.Lock()

    def subscribe(self, listener: Callable[[ChangeSet], None]) -> Callable[[], None]:
        with self._lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe

    def emit(self, changes: ChangeSet) -> None:
        if not changes:
            return
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            listener(changes)
