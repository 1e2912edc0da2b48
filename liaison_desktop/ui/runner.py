"""The one way the UI runs work off its thread (after Anki's `QueryOp`/`CollectionOp`).

`Runner.run(work, on_done, on_error)` runs `work()` on a `QThreadPool` and calls `on_done(result)` or
`on_error(exception)` back on the UI thread. Screens never create threads of their own: an unlock
(Argon2, ~0.2 s), a search or a demo build all go through here, so the window keeps painting and a test
can wait for "nothing running" in one place.

A callback belongs to an `owner` widget; when that widget has been deleted by the time the work ends
(the user locked the app mid-search), the result is dropped instead of touching a dead object.

Long work that shows a progress bar (an import) goes through `run_with_progress`: the work is handed a
`report(done, total)` it may call from its thread as often as it likes; `on_progress(done, total)` runs
on the UI thread with the latest figures, always before `on_done`. Reports made while one is still on
its way to the UI thread are folded into it, so a job reporting every row costs one update per turn of
the event loop, not one per row. Cancelling is the work's own business (a flag it checks between steps).
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)


Report = Callable[[int, int], None]  # (done, total), callable from any thread


class _Latest:
    """The latest progress of one job, passed from its thread to the UI thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._value: tuple[int, int] | None = None
        self._on_its_way = False

    def put(self, value: tuple[int, int]) -> bool:
        """Keep `value`; True when no delivery is on its way yet (the caller must post one)."""
        with self._lock:
            self._value = value
            if self._on_its_way:
                return False
            self._on_its_way = True
            return True

    def take(self) -> tuple[int, int] | None:
        with self._lock:
            value, self._value, self._on_its_way = self._value, None, False
            return value


@dataclass
class _Callbacks:
    on_done: Callable[[Any], None]
    on_error: Callable[[BaseException], None] | None
    owner: QObject | None
    on_progress: Callable[[int, int], None] | None = None
    progress: _Latest | None = None


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
    _progressed = Signal(int)
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
        self._progressed.connect(self._deliver_progress)

    def run(
        self,
        work: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None] | None = None,
        *,
        owner: QObject | None = None,
    ) -> None:
        """Run `work` in the background; the callbacks run on the UI thread, unless `owner` is gone."""
        self._start(next(self._ids), work, _Callbacks(on_done, on_error, owner))

    def run_with_progress(
        self,
        work: Callable[[Report], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None] | None = None,
        *,
        on_progress: Callable[[int, int], None],
        owner: QObject | None = None,
    ) -> None:
        """`run`, for work that reports how far it is: `work(report)` calls `report(done, total)` from its
        thread; `on_progress(done, total)` gets the latest figures on the UI thread, before `on_done`."""
        job_id = next(self._ids)
        latest = _Latest()

        def report(done: int, total: int) -> None:
            if latest.put((done, total)):
                self._progressed.emit(job_id)

        self._start(job_id, lambda: work(report), _Callbacks(on_done, on_error, owner, on_progress, latest))

    def _start(self, job_id: int, work: Callable[[], Any], callbacks: _Callbacks) -> None:
        was_idle = not self._pending
        self._pending[job_id] = callbacks
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

    @Slot(int)
    def _deliver_progress(self, job_id: int) -> None:
        callbacks = self._pending.get(job_id)
        if callbacks is None or callbacks.progress is None or callbacks.on_progress is None:
            return
        value = callbacks.progress.take()
        if value is None or (callbacks.owner is not None and not shiboken6.isValid(callbacks.owner)):
            return
        callbacks.on_progress(*value)

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
