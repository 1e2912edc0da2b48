"""Devices whose clocks are a day off still order their edits by true time once they have talked to the
server (the clock offset is learned from `server_time_ms` and persisted).

True time is a `TrueTime` the test moves on: "later" means later by as much as the test says, never by
how long a sleep happened to take. A learned offset is wrong by at most half the round trip it was learned
from, and the engine learns only from round trips under `OFFSET_MAX_ROUND_TRIP_MS`; edits further apart
than that are ordered by true time whatever the machine's load.
"""

from __future__ import annotations

import time

import pytest

from liaison_desktop.store.record_store import RecordStore
from liaison_desktop.sync.engine import OFFSET_MAX_ROUND_TRIP_MS, SyncEngine
from liaison_protocol.hlc import wall_ms_of
from tests.sync.conftest import DeviceFactory
from tests.sync.devices import Device

DAY_S = 24 * 3600
# Two edits this far apart in true time are ordered by it even if both offsets are as wrong as they can be.
DECISIVE_GAP_S = 2 * OFFSET_MAX_ROUND_TRIP_MS / 1000


class TrueTime:
    """The time every device's wall clock is skewed from: the real clock (the server's runs on it too)
    plus however far the test has moved it on."""

    def __init__(self) -> None:
        self.moved_s = 0.0

    def now(self) -> float:
        return time.time() + self.moved_s

    def advance(self, seconds: float) -> None:
        self.moved_s += seconds


def skew(device: Device, offset_s: float, true_time: TrueTime | None = None) -> SyncEngine:
    """Give the device a wall clock `offset_s` off true time: its hybrid clock and its sync engine both
    read it."""
    now = true_time.now if true_time is not None else time.time
    wall = lambda: now() + offset_s  # noqa: E731
    device.store = RecordStore(device.store.engine, device.store.actor, device.store.hub, wall=wall)
    return SyncEngine(device.store, device.client, wall=wall)


def test_engine_learns_the_clock_offset_of_a_device_a_day_ahead(new_sqlite_device: DeviceFactory) -> None:
    device = new_sqlite_device("officer")
    engine = skew(device, DAY_S)
    report = engine.run_once()
    assert report.clock_offset_ms == pytest.approx(-DAY_S * 1000, abs=2000)
    with device.store.write() as txn:
        contact_id = txn.insert("contact", {"given_name": "Chen"})
    stamped = wall_ms_of(device.rows("contact")[contact_id]["created_hlc"])
    assert stamped == pytest.approx(time.time() * 1000, abs=2000)


def test_a_later_real_edit_wins_over_an_earlier_one_despite_skewed_clocks(new_device: DeviceFactory) -> None:
    ahead, behind = new_device("officer"), new_device("officer2")
    true_time = TrueTime()
    ahead_engine, behind_engine = skew(ahead, DAY_S, true_time), skew(behind, -DAY_S, true_time)
    # Every sync teaches the offset, before any edit here (a slow round trip would teach nothing).
    assert ahead_engine.run_once().clock_offset_ms is not None
    assert behind_engine.run_once().clock_offset_ms is not None
    with ahead.store.write() as txn:
        contact_id = txn.insert("contact", {"given_name": "Dara"})
    ahead_engine.run_once()
    behind_engine.run_once()
    with ahead.store.write() as txn:
        txn.update("contact", contact_id, {"family_name": "Earlier edit (clock ahead)"})
    true_time.advance(DECISIVE_GAP_S + 1)
    with behind.store.write() as txn:
        txn.update("contact", contact_id, {"family_name": "Later edit (clock behind)"})
    for engine in (ahead_engine, behind_engine, ahead_engine):
        engine.run_once()
    assert ahead.rows("contact")[contact_id]["family_name"] == "Later edit (clock behind)"
    assert behind.rows("contact")[contact_id]["family_name"] == "Later edit (clock behind)"
    set_aside = {c["set_aside_value"] for c in ahead.rows("conflict").values()}
    assert "Earlier edit (clock ahead)" in set_aside


def test_clock_offset_survives_a_restart_of_the_app(new_sqlite_device: DeviceFactory) -> None:
    device = new_sqlite_device("officer")
    skew(device, -DAY_S).run_once()
    device.reopen()
    assert device.store.clock.offset_ms == pytest.approx(DAY_S * 1000, abs=2000)
