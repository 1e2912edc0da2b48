"""The one way the UI runs work off its thread (after Anki's `QueryOp`/`CollectionOp`).

`Runner.run(work, on_done, on_error)` runs `work()` on a `QThreadPool` and calls `on_done(result)` or
`on_error(exception)` back on the UI thread. Screens never create threads of their own: an unlock
(Argon2, ~0.2 s), a search or a demo build all go through here, so the window keeps painting and a test
can wait for "nothing running" in one place.

A callback belongs to an `owner` widget; when that widget has been deleted by the time the work ends
(the user locked the app mid-search), the result is dropped instead of touching a dead object.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)


@dataclass
class _Callbacks:
    on_done: Callable[[Any], None]
    on_error: Callable[[BaseException], None] | None
    owner: QObject | None


class _Job(QRunnable):
    def __init__(self, job_id: int, work: Callable[[], Any], finished: Any) -> None:
        super().__init__()
        self._job_id = job_id
        self._work = work
        self._finished = finished  # the Runner's signal; emitting from here queues it to the UI thread

    def run(self) -> None:
        try:
            result = self._work()
        except BaseException as error:  # noqa: BLE001 - every failure is handed back to the UI
            self._finished.emit(self._job_id, None, error)
        else:
            self._finished.emit(self._job_id, result, None)


class Runner(QObject):
    """Background work with results delivered on the UI thread. One per application."""

    _finished = Signal(int, object, object)
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None, *, max_threads: int = 2) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        # Two threads: an unlock or search must not wait behind a long demo build, and SQLite
        # serializes writers anyway.
        self._pool.setMaxThreadCount(max_threads)
        self._ids = itertools.count(1)
        self._pending: dict[int, _Callbacks] = {}
        self._finished.connect(self._deliver)

    def run(
        self,
        work: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None] | None = None,
        *,
        owner: QObject | None = None,
    ) -> None:
        """Run `work` in the background; the callbacks run on the UI thread, unless `owner` is gone."""
        job_id = next(self._ids)
        was_idle = not self._pending
        self._pending[job_id] = _Callbacks(on_done, on_error, owner)
        if was_idle:
            self.busy_changed.emit(True)
        self._pool.start(_Job(job_id, work, self._finished))

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    def wait_until_idle(self, timeout_ms: int = 10_000) -> bool:
        """Block until every job has finished and its callback has run (tests, and quitting cleanly)."""
        deadline = QDeadlineTimer(timeout_ms)
        while self._pending and not deadline.hasExpired():
            self._pool.waitForDone(50)
            QCoreApplication.processEvents()
        return not self._pending

    @Slot(int, object, object)
    def _deliver(self, job_id: int, result: Any, error: BaseException | None) -> None:
        callbacks = self._pending.pop(job_id, None)
        try:
            if callbacks is None:
                return
            if callbacks.owner is not None and not shiboken6.isValid(callbacks.owner):
                return
            if error is None:
                callbacks.on_done(result)
            elif callbacks.on_error is not None:
                callbacks.on_error(error)
            else:
                log.error("background work failed", exc_info=error)
        finally:
            if not self._pending:
                self.busy_changed.emit(False)
