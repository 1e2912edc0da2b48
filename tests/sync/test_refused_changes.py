"""Changes the server refused: listed with the reason, fixed and sent again, or discarded.

The first tests refuse changes the way the engine does (`Replica.record_outcomes` / `set_aside`) on a real
SQLCipher file; the last ones go through a real server process.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import insert, select

from liaison_desktop.services.errors import ValidationFailed
from liaison_desktop.services.workspace import Workspace
from liaison_desktop.store.actor import Actor
from liaison_desktop.store.cipher_database import open_encrypted_engine
from liaison_desktop.store.models import outbox, rejected_mutation
from liaison_desktop.store.record_store import RecordStore
from liaison_desktop.store.schema import upgrade_to_head
from liaison_desktop.sync.refused_changes import CannotResend, RefusedChangeGone, RefusedChanges
from liaison_desktop.sync.replica import Replica
from liaison_protocol.messages import MutationOutcome
from tests.sync.conftest import DeviceFactory

USER = str(uuid.uuid4())
TEAM = str(uuid.uuid4())


@pytest.fixture
def store(tmp_path: Path) -> Iterator[RecordStore]:
    engine = open_encrypted_engine(tmp_path / "refused.db", os.urandom(32))
    upgrade_to_head(engine)
    yield RecordStore(engine, Actor(USER, "officer", TEAM))
    engine.dispose()


def outbox_fields(store: RecordStore) -> list[tuple[str, dict]]:
    with store.read() as connection:
        return [(r.record_id, r.fields) for r in connection.execute(select(outbox).order_by(outbox.c.seq))]


def push_everything(store: RecordStore, refuse: dict[str, str] | None = None, version: int = 1) -> None:
    """Answer every outbox entry as the server would: applied, or rejected with a reason (by record id)."""
    replica = Replica(store)
    refuse = refuse or {}
    outcomes = []
    for mutation in replica.pending_batch(500):
        reason = refuse.get(mutation.record_id)
        if reason:
            outcomes.append(
                MutationOutcome(mutation_id=mutation.mutation_id, status="rejected", reason=reason)
            )
        else:
            outcomes.append(
                MutationOutcome(mutation_id=mutation.mutation_id, status="applied", record_version=version)
            )
    replica.record_outcomes(outcomes)


@pytest.fixture
def synced_contact(store: RecordStore) -> str:
    """A contact the server has (version 1)."""
    with store.write() as txn:
        contact_id = txn.insert("contact", {"given_name": "Amina", "family_name": "Yusuf"})
    push_everything(store)
    return contact_id


def refuse_an_edit(store: RecordStore, contact_id: str, changes: dict, reason: str = "forbidden") -> str:
    with store.write() as txn:
        txn.update("contact", contact_id, changes)
    [mutation] = Replica(store).pending_batch(10)
    Replica(store).set_aside(mutation.mutation_id, reason)
    return mutation.mutation_id


def test_a_refused_change_is_listed_with_its_reason_its_fields_and_the_records_name(
    store: RecordStore, synced_contact: str
) -> None:
    mutation_id = refuse_an_edit(store, synced_contact, {"notes": "Call after 5"}, "bad_fields")
    [change] = RefusedChanges(store).list()
    assert (change.mutation_id, change.record_type, change.record_id, change.op) == (
        mutation_id,
        "contact",
        synced_contact,
        "upsert",
    )
    assert (change.fields, change.reason, change.label) == (
        {"notes": "Call after 5"},
        "bad_fields",
        "Amina Yusuf",
    )
    assert change.rejected_at_ms > 0
    assert change.text_fields == ("notes",) and change.long_text_fields == ("notes",)
    assert change.resendable
    assert RefusedChanges(store).count() == 1


def test_resending_queues_the_corrected_fields_as_a_new_edit_and_forgets_the_refused_one(
    store: RecordStore, synced_contact: str
) -> None:
    mutation_id = refuse_an_edit(store, synced_contact, {"notes": "Call after 5"})
    RefusedChanges(store).resend(mutation_id, {"notes": "Call after 6"})
    assert RefusedChanges(store).list() == []
    assert outbox_fields(store) == [(synced_contact, {"notes": "Call after 6"})]
    assert store.get("contact", synced_contact)["notes"] == "Call after 6"


def test_resending_unchanged_values_queues_them_although_this_device_already_holds_them(
    store: RecordStore, synced_contact: str
) -> None:
    mutation_id = refuse_an_edit(store, synced_contact, {"notes": "Call after 5"})
    RefusedChanges(store).resend(mutation_id, {"notes": "Call after 5"})
    assert outbox_fields(store) == [(synced_contact, {"notes": "Call after 5"})]


def test_a_resend_whose_fields_do_not_fit_keeps_the_refused_change_as_it_was(
    store: RecordStore, synced_contact: str
) -> None:
    mutation_id = refuse_an_edit(store, synced_contact, {"notes": "Call after 5"})
    with pytest.raises(ValidationFailed) as refused:
        RefusedChanges(store).resend(mutation_id, {"notes": "x" * 20_001})
    assert refused.value.keys_by_field() == {"notes": ["field.too_long"]}
    [kept] = RefusedChanges(store).list()
    assert (kept.mutation_id, kept.fields) == (mutation_id, {"notes": "Call after 5"})
    assert outbox_fields(store) == []


def test_resending_a_record_the_server_never_took_sends_it_whole(store: RecordStore) -> None:
    with store.write() as txn:
        contact_id = txn.insert("contact", {"given_name": "Bilal", "neighborhood": "Elm Park"})
    push_everything(store, refuse={contact_id: "parent_not_found"})
    [change] = RefusedChanges(store).list()
    RefusedChanges(store).resend(change.mutation_id, {"given_name": "Bilal K."})
    assert outbox_fields(store) == [(contact_id, {"given_name": "Bilal K.", "neighborhood": "Elm Park"})]


def test_discarding_forgets_the_refused_change_and_leaves_the_record(
    store: RecordStore, synced_contact: str
) -> None:
    mutation_id = refuse_an_edit(store, synced_contact, {"notes": "Call after 5"})
    RefusedChanges(store).discard(mutation_id)
    assert RefusedChanges(store).list() == []
    assert not store.get("contact", synced_contact)["deleted"]
    assert outbox_fields(store) == []


def test_discarding_a_new_record_the_server_refused_removes_it_from_this_device(store: RecordStore) -> None:
    with store.write() as txn:
        contact_id = txn.insert("contact", {"given_name": "Chen"})
    push_everything(store, refuse={contact_id: "forbidden"})
    [change] = RefusedChanges(store).list()
    RefusedChanges(store).discard(change.mutation_id)
    assert store.get("contact", contact_id)["deleted"]


@pytest.mark.parametrize("reason", ["immutable", "append_only", "deleted"])
def test_a_change_no_correction_can_help_is_offered_for_discarding_only(
    store: RecordStore, synced_contact: str, reason: str
) -> None:
    refuse_an_edit(store, synced_contact, {"notes": "Too late"}, reason)
    [change] = RefusedChanges(store).list()
    assert not change.resendable


def test_a_refused_delete_cannot_be_sent_again(store: RecordStore, synced_contact: str) -> None:
    with store.write() as txn:
        txn.delete("contact", synced_contact)
    [mutation] = Replica(store).pending_batch(10)
    Replica(store).set_aside(mutation.mutation_id, "forbidden")
    [change] = RefusedChanges(store).list()
    assert not change.resendable
    with pytest.raises(CannotResend):
        RefusedChanges(store).resend(change.mutation_id, {"notes": "x"})


def test_a_refused_change_discarded_elsewhere_cannot_be_resent(
    store: RecordStore, synced_contact: str
) -> None:
    mutation_id = refuse_an_edit(store, synced_contact, {"notes": "Call after 5"})
    RefusedChanges(store).discard(mutation_id)
    with pytest.raises(RefusedChangeGone):
        RefusedChanges(store).resend(mutation_id, {"notes": "Call after 6"})


# -- against a real server ------------------------------------------------------------------------------


def test_a_value_the_server_refuses_is_corrected_resent_and_taken_by_the_server(
    new_sqlite_device: DeviceFactory,
) -> None:
    laptop, colleague = new_sqlite_device("officer"), new_sqlite_device("officer2")
    contact_id = Workspace(laptop.store).contacts.create({"given_name": "Dalia"})
    laptop.sync()
    # A value an older version of the app let through; this server's rules refuse it.
    with laptop.engine.begin() as connection:
        connection.execute(
            insert(outbox).values(
                mutation_id=str(uuid.uuid4()),
                record_type="contact",
                record_id=contact_id,
                op="upsert",
                fields={"family_name": "x" * 300},
                hlc=laptop.store.clock.tick(connection),
                base_version=1,
                team_id=None,
            )
        )
    laptop.sync()
    refused = RefusedChanges(laptop.store)
    [change] = refused.list()
    assert (change.reason, change.fields, change.label) == ("bad_fields", {"family_name": "x" * 300}, "Dalia")
    refused.resend(change.mutation_id, {"family_name": "Haddad"})
    laptop.sync()
    colleague.sync()
    assert refused.list() == [] and laptop.rejected_rows() == []
    assert colleague.rows("contact")[contact_id]["family_name"] == "Haddad"


def test_an_edit_of_a_note_submitted_on_another_laptop_is_refused_as_immutable_and_discarded(
    new_sqlite_device: DeviceFactory,
) -> None:
    desk, field_laptop = new_sqlite_device("officer"), new_sqlite_device("officer")
    encounter_id = Workspace(desk.store).encounters.create_draft(
        {"occurred_at": "2026-03-10T09:00:00+00:00", "kind": "phone", "summary": "First call"}
    )
    desk.sync()
    field_laptop.sync()
    Workspace(desk.store).encounters.submit(encounter_id)
    desk.sync()
    Workspace(field_laptop.store).encounters.update_draft(encounter_id, {"summary": "Edited offline"})
    field_laptop.sync()
    refused = RefusedChanges(field_laptop.store)
    [change] = refused.list()
    assert (change.reason, change.fields, change.resendable) == (
        "immutable",
        {"summary": "Edited offline"},
        False,
    )
    refused.discard(change.mutation_id)
    field_laptop.sync()
    assert refused.list() == []
    with field_laptop.engine.connect() as connection:
        assert connection.execute(select(rejected_mutation)).first() is None
    assert field_laptop.rows("encounter")[encounter_id]["summary"] == "First call"
