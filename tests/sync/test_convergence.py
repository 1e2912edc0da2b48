"""Offline edits on several devices, synced in random orders, converge; nothing is overwritten silently."""

from __future__ import annotations

import random

import pytest

from devkit.server_process import RunningServer
from tests.sync.conftest import DeviceFactory
from tests.sync.devices import Device

TYPES = ["contact", "conflict"]


def sync_until_quiet(devices: list[Device], rng: random.Random) -> None:
    for _ in range(6):
        order = rng.sample(devices, len(devices))
        if sum(r.pushed + r.pulled for r in (d.sync() for d in order)) == 0:
            return
    raise AssertionError("no quiescence")


@pytest.mark.parametrize("seed", [1, 2])
def test_offline_edits_on_three_devices_converge_in_any_sync_order(
    new_device: DeviceFactory, seed: int
) -> None:
    rng = random.Random(seed)
    devices = [new_device("officer"), new_device("officer2"), new_device("supervisor")]
    with devices[0].store.write() as txn:
        shared = [txn.insert("contact", {"given_name": f"Shared {i}"}) for i in range(4)]
    sync_until_quiet(devices, rng)
    for device in devices:
        with device.store.write() as txn:
            txn.insert("contact", {"given_name": f"New on {device.name}"})
            txn.update("contact", shared[0], {"family_name": f"Family by {device.name}"})
            txn.update("contact", shared[1], {"notes": f"Notes by {device.name}", "tags": [device.name]})
            if device is devices[1]:
                txn.delete("contact", shared[2])
            else:
                txn.update("contact", shared[3], {"phone": "+15550100" + str(devices.index(device))})
    sync_until_quiet(devices, rng)
    snapshots = [d.snapshot(TYPES) for d in devices]
    assert snapshots[0] == snapshots[1] == snapshots[2]
    contacts = snapshots[0]["contact"]
    assert len(contacts) == 4 + 3
    assert {contacts[shared[0]]["family_name"]} <= {f"Family by {d.name}" for d in devices}


def test_every_value_that_lost_a_merge_is_kept_in_a_conflict_record(new_device: DeviceFactory) -> None:
    devices = [new_device("officer"), new_device("officer2"), new_device("supervisor")]
    with devices[0].store.write() as txn:
        contact_id = txn.insert("contact", {"given_name": "Amina"})
    for device in devices:
        device.sync()
    written = {}
    for device in devices:
        with device.store.write() as txn:
            txn.update("contact", contact_id, {"family_name": f"Version of {device.name}"})
        written[device.name] = f"Version of {device.name}"
    sync_until_quiet(devices, random.Random(5))
    final = devices[0].rows("contact")[contact_id]["family_name"]
    conflicts = [c for c in devices[0].rows("conflict").values() if c["subject_id"] == contact_id]
    kept_aside = {c["set_aside_value"] for c in conflicts if c["field"] == "family_name"}
    assert set(written.values()) - {final} <= kept_aside
    assert all(d.rows("contact")[contact_id]["family_name"] == final for d in devices)


def test_a_delete_racing_an_edit_converges_and_is_kept_as_a_conflict(new_device: DeviceFactory) -> None:
    editor, deleter = new_device("officer"), new_device("officer2")
    with editor.store.write() as txn:
        contact_id = txn.insert("contact", {"given_name": "Bilal"})
    editor.sync()
    deleter.sync()
    with editor.store.write() as txn:
        txn.update("contact", contact_id, {"notes": "Moved to the east side"})
    with deleter.store.write() as txn:
        txn.delete("contact", contact_id)
    sync_until_quiet([deleter, editor], random.Random(1))
    assert editor.snapshot(TYPES) == deleter.snapshot(TYPES)
    kinds = {c["kind"] for c in editor.rows("conflict").values() if c["subject_id"] == contact_id}
    assert "delete_edit" in kinds


def test_server_holds_the_same_records_as_every_device(
    new_device: DeviceFactory, server: RunningServer
) -> None:
    first, second = new_device("officer"), new_device("officer2")
    with first.store.write() as txn:
        ids = [txn.insert("contact", {"given_name": f"Person {i}"}) for i in range(30)]
    sync_until_quiet([first, second], random.Random(2))
    fresh = new_device("supervisor")
    fresh.sync()
    assert set(fresh.rows("contact")) == set(ids) == set(second.rows("contact"))
