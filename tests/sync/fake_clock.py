"""A fake `WorkerClock`: the worker's time moves only when a test says so, so debounce, timer and
backoff decisions are checked without sleeping.

`advance(seconds)` moves the time, wakes the worker, and returns once the worker has looked at the new
time and is waiting again (having run whatever sync fell due). A test can therefore assert that
something did NOT happen yet."""

from __future__ import annotations

import threading

from tests.sync.waiting import wait_for


class FakeClock:
    def __init__(self, start: float = 1_000.0) -> None:
        self.now = start
        self._condition: threading.Condition | None = None
        self._generation = 0  # bumped by every advance
        self._waiting_at = -1  # the generation the worker saw when it last started waiting; -1: busy

    # -- the worker's side ---------------------------------------------------------------------------

    def monotonic(self) -> float:
        return self.now

    def wait(self, condition: threading.Condition, timeout: float) -> None:
        """Called with `condition` held. Ignores the timeout in fake seconds: only `advance` (or the
        worker's own notifications) end the wait; the real one-second cap only guards against a hang."""
        self._condition = condition
        self._waiting_at = self._generation
        condition.wait(1.0)
        self._waiting_at = -1

    # -- the test's side -----------------------------------------------------------------------------

    def advance(self, seconds: float = 0.0) -> None:
        condition = self._condition
        if condition is None:
            self.now += seconds
            self._generation += 1
        else:
            with condition:
                self.now += seconds
                self._generation += 1
                condition.notify_all()
        self.settle()

    def settle(self, timeout: float = 30.0) -> None:
        """Return once the worker waits again, having seen the latest time (and finished any sync)."""
        wait_for(lambda: self._waiting_at == self._generation, timeout, what="the worker to wait again")
