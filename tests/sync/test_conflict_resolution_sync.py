"""A conflict made by the server, resolved on one laptop: the choice reaches the server and every device."""

from __future__ import annotations

from liaison_desktop.services.workspace import Workspace
from tests.sync.conftest import DeviceFactory
from tests.sync.devices import Device


def edited_at_once(first: Device, second: Device, field: str, values: tuple[str, str]) -> str:
    """A contact both devices have, then edited on each before either syncs; both sync afterwards."""
    contact_id = Workspace(first.store).contacts.create({"given_name": "Amina", field: "First visit"})
    first.sync()
    second.sync()
    Workspace(first.store).contacts.update(contact_id, {field: values[0]})
    Workspace(second.store).contacts.update(contact_id, {field: values[1]})
    first.sync()
    second.sync()
    first.sync()
    return contact_id


def test_a_combined_resolution_reaches_the_server_and_the_other_device(
    new_sqlite_device: DeviceFactory,
) -> None:
    olivia, omar = new_sqlite_device("officer"), new_sqlite_device("officer2")
    contact_id = edited_at_once(olivia, omar, "notes", ("Prefers Somali", "Works mornings"))
    [view] = Workspace(olivia.store).conflicts.open_conflicts()
    assert (view.subject_id, view.field) == (contact_id, "notes")
    assert (view.mine.value, view.theirs.value) == ("Prefers Somali", "Works mornings")
    assert len(Workspace(omar.store).conflicts.open_conflicts()) == 1

    combined = "Prefers Somali. Works mornings."
    Workspace(olivia.store).conflicts.resolve(view.conflict_id, "combined", combined)
    olivia.sync()
    omar.sync()
    newcomer = new_sqlite_device("supervisor")
    newcomer.sync()  # what the server holds

    for device in (olivia, omar, newcomer):
        assert device.rows("contact")[contact_id]["notes"] == combined
        conflict = device.rows("conflict")[view.conflict_id]
        assert (conflict["status"], conflict["resolution"]) == ("resolved", "combined")
    assert Workspace(omar.store).conflicts.open_conflicts() == []
    assert olivia.outbox_rows() == [] and olivia.rejected_rows() == []


def test_keeping_the_value_that_lost_brings_it_back_everywhere(new_sqlite_device: DeviceFactory) -> None:
    olivia, omar = new_sqlite_device("officer"), new_sqlite_device("officer2")
    contact_id = edited_at_once(olivia, omar, "neighborhood", ("Elm Park", "Riverside"))
    [view] = Workspace(olivia.store).conflicts.open_conflicts()
    losing_side = "mine" if view.theirs.in_use else "theirs"
    losing_value = view.mine.value if losing_side == "mine" else view.theirs.value
    Workspace(olivia.store).conflicts.resolve(view.conflict_id, losing_side)
    olivia.sync()
    omar.sync()
    for device in (olivia, omar):
        assert device.rows("contact")[contact_id]["neighborhood"] == losing_value
        assert device.rows("conflict")[view.conflict_id]["resolution"] == losing_side
