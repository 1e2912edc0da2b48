"""Field-by-field merge of contacts and services: later edits apply, concurrent different values are
settled by clock and the loser is kept as a conflict record, in either arrival order."""

from __future__ import annotations

import time

from liaison_protocol.hlc import MAX_FORWARD_DRIFT_MS, Timestamp
from tests.server.conftest import World
from tests.server.helpers import ApiUser


def _two_devices(world: World) -> tuple[ApiUser, ApiUser, str]:
    """olivia and omar both hold version 1 of one contact."""
    olivia, omar = world.sign_in("olivia"), world.sign_in("omar")
    contact = olivia.create("contact")
    omar.pull_all()
    return olivia, omar, contact


def test_an_edit_of_a_seen_version_is_applied(world: World) -> None:
    olivia, omar, contact = _two_devices(world)
    olivia.push(olivia.mutation("contact", contact, {"phone": "+33123456789"}))
    omar.pull_all()
    [outcome] = omar.push(omar.mutation("contact", contact, {"phone": "+33999999999"}))
    assert outcome["status"] == "applied" and outcome["conflicts"] == []
    assert omar.latest()[contact]["fields"]["phone"] == "+33999999999"


def test_concurrent_edits_of_different_fields_both_apply(world: World) -> None:
    olivia, omar, contact = _two_devices(world)
    olivia.push(olivia.mutation("contact", contact, {"phone": "+33123456789"}))
    [outcome] = omar.push(omar.mutation("contact", contact, {"neighborhood": "Belleville"}))
    fields = olivia.latest()[contact]["fields"]
    assert outcome["status"] == "applied"
    assert (fields["phone"], fields["neighborhood"]) == ("+33123456789", "Belleville")


def test_concurrent_equal_values_merge_without_a_conflict(world: World) -> None:
    olivia, omar, contact = _two_devices(world)
    olivia.push(olivia.mutation("contact", contact, {"phone": "+33123456789"}))
    [outcome] = omar.push(omar.mutation("contact", contact, {"phone": "+33123456789"}))
    assert (outcome["status"], outcome["conflicts"]) == ("merged", [])
    assert "conflict" not in {c["record_type"] for c in olivia.pull_all()}


def test_a_later_clock_wins_and_the_earlier_value_is_set_aside(world: World) -> None:
    olivia, omar, contact = _two_devices(world)
    early = olivia.mutation("contact", contact, {"phone": "+331"})
    late = omar.later_than(early).mutation("contact", contact, {"phone": "+332"})
    olivia.push(early)
    [outcome] = omar.push(late)
    assert outcome["status"] == "merged"
    [note] = outcome["conflicts"]
    assert (note["field"], note["kept_value"], note["set_aside_value"]) == ("phone", "+332", "+331")
    assert olivia.latest()[contact]["fields"]["phone"] == "+332"


def test_an_earlier_clock_loses_and_its_value_is_kept_as_a_conflict(world: World) -> None:
    olivia, omar, contact = _two_devices(world)
    early = olivia.mutation("contact", contact, {"phone": "+331"})
    late = omar.later_than(early).mutation("contact", contact, {"phone": "+332"})
    omar.push(late)
    [outcome] = olivia.push(early)
    assert outcome["status"] == "conflict"
    [note] = outcome["conflicts"]
    assert (note["kept_value"], note["set_aside_value"]) == ("+332", "+331")
    conflict = olivia.latest("conflict")[note["conflict_id"]]["fields"]
    assert conflict["subject_id"] == contact and conflict["status"] == "open"
    assert (conflict["kept_by"], conflict["set_aside_by"]) == (omar.id, olivia.id)
    assert olivia.latest()[contact]["fields"]["phone"] == "+332"


def test_both_arrival_orders_end_in_the_same_record_and_conflict(world: World) -> None:
    results = []
    for order in ("olivia first", "omar first"):
        olivia, omar, contact = _two_devices(world)
        early = olivia.mutation("contact", contact, {"phone": "+331", "notes": "a"})
        late = omar.later_than(early).mutation("contact", contact, {"phone": "+332", "notes": "b"})
        pushes = (
            [(olivia, early), (omar, late)] if order == "olivia first" else [(omar, late), (olivia, early)]
        )
        for user, mutation in pushes:
            user.push(mutation)
        latest = olivia.latest()
        conflicts = sorted(
            (c["fields"]["field"], c["fields"]["kept_value"], c["fields"]["set_aside_value"])
            for c in latest.values()
            if c["record_type"] == "conflict" and c["fields"]["subject_id"] == contact
        )
        results.append((latest[contact]["fields"], conflicts))
    assert results[0] == results[1]
    assert results[0][1] == [("notes", "b", "a"), ("phone", "+332", "+331")]


def test_a_person_resolves_a_conflict_and_the_resolution_syncs(world: World) -> None:
    olivia, omar, contact = _two_devices(world)
    olivia.push(olivia.mutation("contact", contact, {"phone": "+331"}))
    [outcome] = omar.push(omar.mutation("contact", contact, {"phone": "+332"}))
    conflict_id = outcome["conflicts"][0]["conflict_id"]
    olivia.pull_all()
    [resolved] = olivia.push(
        olivia.mutation("conflict", conflict_id, {"status": "resolved", "resolution": "kept_newer"})
    )
    assert resolved["status"] == "applied"
    assert omar.latest("conflict")[conflict_id]["fields"]["status"] == "resolved"


def test_the_same_device_overwrites_its_own_unseen_edit_without_conflict(world: World) -> None:
    olivia = world.sign_in("olivia")
    contact = olivia.create("contact")
    olivia.push(olivia.mutation("contact", contact, {"phone": "+331"}, base_version=1))
    [outcome] = olivia.push(olivia.mutation("contact", contact, {"phone": "+332"}, base_version=1))
    assert (outcome["status"], outcome["conflicts"]) == ("applied", [])


def test_a_service_merges_by_field_like_a_contact(world: World) -> None:
    olivia, omar = world.sign_in("olivia"), world.sign_in("omar")
    service = olivia.create("service")
    omar.pull_all()
    olivia.push(olivia.mutation("service", service, {"hours": "9-12"}))
    [outcome] = omar.push(omar.mutation("service", service, {"hours": "14-18"}))
    assert outcome["status"] == "merged" and outcome["conflicts"][0]["set_aside_value"] == "9-12"


def test_a_clock_far_in_the_future_cannot_win_every_later_edit(world: World) -> None:
    """A laptop whose clock runs a day ahead is pulled back to the server's time plus the allowed drift,
    so an edit made after the drift window by a device with a correct clock wins the field."""
    olivia, omar = world.sign_in("olivia"), world.sign_in("omar")
    contact = olivia.create("contact")
    omar.versions[contact] = 1
    day_ahead = Timestamp(int(time.time() * 1000) + 24 * 3600 * 1000, 0, olivia.device_id).encode()
    olivia.push(
        olivia.mutation("contact", contact, {"preferred_name": "Mina"}, base_version=1, hlc=day_ahead)
    )
    stored = olivia.latest()[contact]["updated_hlc"]
    assert Timestamp.parse(stored).wall_ms <= time.time() * 1000 + MAX_FORWARD_DRIFT_MS
    after_window = Timestamp(Timestamp.parse(stored).wall_ms + 1, 0, omar.device_id).encode()
    [outcome] = omar.push(
        omar.mutation("contact", contact, {"preferred_name": "Ami"}, base_version=1, hlc=after_window)
    )
    assert outcome["status"] == "merged"
    assert olivia.latest()[contact]["fields"]["preferred_name"] == "Ami"
