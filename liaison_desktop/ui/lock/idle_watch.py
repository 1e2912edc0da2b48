"""Notices when nobody has touched the app for a while, so an open profile can lock itself.

An application-wide event filter: any key press, mouse click or movement, wheel turn, touch or pen
input in any of the app's windows (dialogs included) counts as someone being there. A coarse timer
compares the time since the last input with the limit and emits `idle_timeout` once when it is reached;
the next input re-arms it.

Time comes from a monotonic clock (a wall clock set back or forward must not lock or unlock anything),
injectable so a test moves time instead of sleeping. A suspended laptop's monotonic clock may stand
still while it sleeps; the platform lock signals lock on suspend for that reason.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal

# Input that means a person is at the keyboard. Focus, paint and timer events do not count: a sync
# finishing or a window repainting is not someone present.
ACTIVITY_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.HoverMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.TabletPress,
        QEvent.Type.TabletMove,
        QEvent.Type.InputMethod,
    }
)
CHECK_INTERVAL_MS = 5_000

MonotonicClock = Callable[[], float]


class IdleWatch(QObject):
    """Emits `idle_timeout` when `timeout_s` seconds pass without input while the watch is running."""

    idle_timeout = Signal()

    def __init__(
        self,
        timeout_s: float,
        *,
        clock: MonotonicClock = time.monotonic,
        check_interval_ms: int = CHECK_INTERVAL_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.clock = clock
        self._timeout_s = float(timeout_s)
        self._last_input = clock()
        self._fired = False
        self._running = False
        self._timer = QTimer(self)
        self._timer.setInterval(check_interval_ms)
        self._timer.timeout.connect(self.check)
        app = QCoreApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    @property
    def timeout_s(self) -> float:
        return self._timeout_s

    @property
    def running(self) -> bool:
        return self._running

    def set_timeout_s(self, seconds: float) -> None:
        self._timeout_s = float(seconds)

    def start(self) -> None:
        """Start counting from now (a profile was just unlocked)."""
        self._running = True
        self.reset()
        self._timer.start()

    def stop(self) -> None:
        """Nothing to protect (the lock screen is showing)."""
        self._running = False
        self._timer.stop()

    def reset(self) -> None:
        self._last_input = self.clock()
        self._fired = False

    def idle_s(self) -> float:
        return max(0.0, self.clock() - self._last_input)

    def check(self) -> None:
        """Emit `idle_timeout` once the limit is reached (called by the timer; tests may call it)."""
        if self._running and not self._fired and self.idle_s() >= self._timeout_s:
            self._fired = True
            self.idle_timeout.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() in ACTIVITY_EVENTS:
            self._last_input = self.clock()
            self._fired = False
        return False

    def shut_down(self) -> None:
        """Stop and stop watching input (the window is closing)."""
        self.stop()
        app = QCoreApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
