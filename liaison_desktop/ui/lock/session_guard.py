"""Everything that decides when an open profile locks, and what survives the lock.

The main window owns one guard. It emits `lock_requested` when nobody touched the app for the idle
limit (the laptop setting, capped by the account's server) or when the platform says the person left
(screen locked, lid closed). Around a lock - and around a language switch, which rebuilds the screens
the same way - it keeps what the person was doing (`ui/screen_state.py`) in memory only, keyed by
profile, so unlocking the same profile brings back the same screen with the unsaved text still there.
Nothing of it is ever written to disk.
"""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from liaison_desktop.app import (
    LaptopSettings,
    effective_idle_lock_s,
    load_laptop_settings,
    save_laptop_settings,
)
from liaison_desktop.ui.lock.idle_watch import IdleWatch, MonotonicClock
from liaison_desktop.ui.lock.platform_lock_signals import PlatformLockSignals
from liaison_desktop.ui.screen_state import ScreenState, capture_of, restore_into


class SessionGuard(QObject):
    """`lock_requested(reason)`: "idle", or a platform reason from `platform_lock_signals`."""

    lock_requested = Signal(str)

    def __init__(
        self,
        data_dir: Path,
        *,
        clock: MonotonicClock = time.monotonic,
        platform_signals: bool = True,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._data_dir = data_dir
        self.settings = load_laptop_settings(data_dir)
        self._server_max_s: int | None = None
        self._states: dict[str, ScreenState] = {}
        self.idle_watch = IdleWatch(self.idle_timeout_s(), clock=clock, parent=self)
        self.idle_watch.idle_timeout.connect(lambda: self.lock_requested.emit("idle"))
        self.platform = PlatformLockSignals(self, use_dbus=platform_signals)
        self.platform.lock_requested.connect(self._platform_lock)
        self._unlocked = False

    # -- the idle limit --------------------------------------------------------------------------------

    def idle_timeout_s(self) -> int:
        return effective_idle_lock_s(self.settings.idle_lock_s, self._server_max_s)

    def update_settings(self, settings: LaptopSettings) -> None:
        """Save new laptop settings and apply the idle limit at once."""
        save_laptop_settings(self._data_dir, settings)
        self.settings = settings
        self.idle_watch.set_timeout_s(self.idle_timeout_s())

    # -- around a session ------------------------------------------------------------------------------

    def session_opened(self, profile_id: str, screen: object, server_max_s: int | None) -> None:
        """A profile was unlocked and its screens built: put its last state back, start the idle watch."""
        self._server_max_s = server_max_s
        restore_into(screen, self._states.pop(profile_id, None))
        self.idle_watch.set_timeout_s(self.idle_timeout_s())
        self.idle_watch.start()
        self._unlocked = True

    def keep_state(self, profile_id: str, screen: object) -> None:
        """Remember what `screen` shows before it is destroyed (lock, language switch)."""
        state = capture_of(screen)
        if state:
            self._states[profile_id] = state

    def take_state(self, profile_id: str) -> ScreenState | None:
        return self._states.pop(profile_id, None)

    def session_closed(self) -> None:
        self.idle_watch.stop()
        self._server_max_s = None
        self._unlocked = False

    def forget(self, profile_id: str) -> None:
        """The profile is gone (wiped, removed, restored from a backup): its old state means nothing now."""
        self._states.pop(profile_id, None)

    def shut_down(self) -> None:
        self._states.clear()
        self.idle_watch.shut_down()

    def _platform_lock(self, reason: str) -> None:
        if self._unlocked:
            self.lock_requested.emit(reason)
