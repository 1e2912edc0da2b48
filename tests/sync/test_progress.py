"""What a progress bar and a "time left" need, and when local edits fall due: pure rules, checked for
all inputs where they must hold."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from liaison_desktop.sync.engine import ProgressMeter
from liaison_desktop.sync.worker import EditDebounce
from tests.sync.conftest import DeviceFactory


class Ticks:
    """A monotonic clock that moves only when told."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_time_left_follows_the_rate_observed_so_far() -> None:
    ticks = Ticks()
    meter = ProgressMeter(ticks)
    assert meter.measure("pull", 0, 0, 0, None).eta_s is None  # no total yet
    ticks.now += 10
    progress = meter.measure("pull", 0, 0, 500, 2000)
    assert (progress.done, progress.total) == (500, 2000)
    assert progress.eta_s == pytest.approx(30.0)  # 500 in 10 s: 1500 more take 30 s
    ticks.now += 30
    assert meter.measure("pull", 0, 0, 2000, 2000).eta_s == 0.0


def test_time_left_is_unknown_before_anything_is_done() -> None:
    ticks = Ticks()
    meter = ProgressMeter(ticks)
    ticks.now += 5
    assert meter.measure("push", 0, 40, 0, None).eta_s is None


def test_the_pull_total_includes_what_the_push_did() -> None:
    meter = ProgressMeter(Ticks())
    progress = meter.measure("pull", 30, 32, 100, 400)
    assert (progress.done, progress.total) == (130, 430)  # two entries set aside are not waited for


def test_during_the_push_the_total_is_the_outbox() -> None:
    progress = ProgressMeter(Ticks()).measure("push", 10, 40, 0, None)
    assert (progress.phase, progress.done, progress.total) == ("push", 10, 40)


@given(
    st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 10_000)), min_size=1, max_size=20),
    st.floats(0.001, 1000),
)
def test_time_left_is_never_negative_and_zero_only_when_done(
    counts: list[tuple[int, int]], step: float
) -> None:
    ticks = Ticks()
    meter = ProgressMeter(ticks)
    for done, extra in counts:
        ticks.now += step
        progress = meter.measure("pull", 0, 0, done, done + extra)
        if progress.eta_s is not None:
            assert progress.eta_s >= 0
            assert (progress.eta_s == 0) == (extra == 0)


def test_the_engine_reports_push_then_pull_progress(new_sqlite_device: DeviceFactory) -> None:
    author, reader = new_sqlite_device("officer"), new_sqlite_device("officer2")
    with author.store.write() as txn:
        txn.insert_many("contact", [{"given_name": f"Record {i}"} for i in range(7)])
    seen = []
    author.sync_engine(max_batch=3).run_once(progress=seen.append)
    assert [(p.phase, p.done, p.total) for p in seen if p.phase == "push"] == [
        ("push", 0, 7),
        ("push", 3, 7),
        ("push", 6, 7),
        ("push", 7, 7),
    ]
    seen.clear()
    reader.sync_engine(page_size=4).run_once(progress=seen.append)
    assert [(p.done, p.total) for p in seen if p.phase == "pull"] == [(4, 7), (7, 7)]


@given(st.lists(st.floats(0, 100), min_size=1, max_size=30))
def test_edits_fall_due_after_a_quiet_delay_but_never_later_than_the_maximum(gaps: list[float]) -> None:
    debounce = EditDebounce(delay_s=3.0, max_delay_s=30.0)
    now = first = 0.0
    debounce.edit(now)
    for gap in gaps:
        now += gap
        debounce.edit(now)
    assert debounce.due is not None
    assert debounce.due <= now + 3.0  # never later than the quiet delay after the last edit
    assert debounce.due <= first + 30.0  # never later than the maximum after the first
    assert debounce.due == min(now + 3.0, first + 30.0)
    debounce.clear()
    assert debounce.due is None
