"""The runner's progress reports: from the work's thread to the UI thread, latest figures first, always
before the result, folded together when they come faster than the UI takes them, and dropped with their
owner."""

from __future__ import annotations

import threading

import shiboken6
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication, QWidget

from liaison_desktop.ui.runner import Report, Runner


def test_progress_reaches_the_ui_thread_before_the_result(qtbot, runner: Runner) -> None:  # noqa: ANN001
    events: list[object] = []
    threads: set[bool] = set()

    def work(report: Report) -> str:
        for done in range(1, 4):
            report(done, 3)
        return "finished"

    def progressed(done: int, total: int) -> None:
        threads.add(QThread.currentThread() is QApplication.instance().thread())
        events.append((done, total))

    runner.run_with_progress(work, events.append, on_progress=progressed)
    qtbot.waitUntil(lambda: "finished" in events)
    assert events[-1] == "finished"
    assert events[-2] == (3, 3), "the last report arrives, and before the result"
    assert threads == {True}


def test_reports_made_faster_than_the_ui_takes_them_are_folded_into_the_latest(qtbot, runner: Runner) -> None:  # noqa: ANN001
    received: list[tuple[int, int]] = []
    results: list[object] = []
    reported = threading.Event()
    release = threading.Event()

    def work(report: Report) -> None:
        for done in range(1, 1001):
            report(done, 1000)
        reported.set()
        release.wait(5)

    runner.run_with_progress(work, results.append, on_progress=lambda d, t: received.append((d, t)))
    assert reported.wait(5)  # every report made before the UI thread looked
    qtbot.waitUntil(lambda: bool(received))
    release.set()
    qtbot.waitUntil(lambda: results == [None])
    assert received == [(1000, 1000)]


def test_progress_and_result_of_work_whose_owner_is_gone_are_dropped(qtbot, runner: Runner) -> None:  # noqa: ANN001
    owner = QWidget()
    seen: list[object] = []
    started = threading.Event()
    release = threading.Event()

    def work(report: Report) -> str:
        started.set()
        release.wait(5)
        report(1, 1)
        return "done"

    runner.run_with_progress(work, seen.append, on_progress=lambda d, t: seen.append((d, t)), owner=owner)
    assert started.wait(5)
    owner.deleteLater()
    qtbot.waitUntil(lambda: not owner_alive(owner))
    release.set()
    assert runner.wait_until_idle(5_000)
    assert seen == []


def owner_alive(widget: QWidget) -> bool:
    return shiboken6.isValid(widget)


def test_a_failure_after_progress_reaches_the_error_callback(qtbot, runner: Runner) -> None:  # noqa: ANN001
    seen: list[object] = []

    def work(report: Report) -> None:
        report(1, 2)
        raise OSError("disk full")

    runner.run_with_progress(work, seen.append, seen.append, on_progress=lambda d, t: seen.append((d, t)))
    qtbot.waitUntil(lambda: len(seen) == 2)
    assert seen[0] == (1, 2) and isinstance(seen[1], OSError)


def test_work_without_progress_runs_as_before(qtbot, runner: Runner) -> None:  # noqa: ANN001
    seen: list[object] = []
    runner.run(lambda: 42, seen.append)
    qtbot.waitUntil(lambda: seen == [42])
    assert not runner.busy
