"""The audit trail: append-only events naming the action and subject, never the contents."""

from __future__ import annotations

import pytest

from liaison_desktop.services.errors import NotAllowed
from liaison_protocol.audit_chain import CHAINED_FIELDS, GENESIS, event_hash

from .conftest import outbox_rows


def test_actions_are_audited_in_the_same_transaction_and_synced(officer, supervisor, contact_id, engine):
    officer.contacts.update(contact_id, {"neighborhood": "Northgate"})
    actions = [e["action"] for e in supervisor.audit.events_about(contact_id)]
    assert actions == ["changed", "created"]
    queued = [row["fields"] for row in outbox_rows(engine, "audit_event")]
    last = queued[-1]
    assert (last["action"], last["subject_type"], last["subject_id"]) == ("changed", "contact", contact_id)
    assert all("Amina" not in str(fields) for fields in queued)


def test_audit_times_are_utc_with_an_offset(officer, supervisor, contact_id):
    assert supervisor.audit.events_about(contact_id)[0]["at"] == "2026-03-10T15:30:00+00:00"


def test_admin_reads_the_audit_trail_but_officers_and_ambassadors_do_not(
    admin, officer, ambassador, contact_id
):
    assert admin.audit.events_about(contact_id)
    for workspace in (officer, ambassador):
        with pytest.raises(NotAllowed):
            workspace.audit.events_about(contact_id)


def test_an_officer_cannot_see_views_of_a_colleagues_note(officer, other_officer):
    encounter_id = officer.encounters.create_draft(
        {"occurred_at": "2026-03-01T10:00:00+00:00", "kind": "phone"}
    )
    with pytest.raises(NotAllowed):
        other_officer.audit.views_of_own_encounter(encounter_id)


def test_exports_are_recorded_with_their_purpose(supervisor):
    event_id = supervisor.audit.record_now("exported", "report", None, reason="oversight board, March")
    assert supervisor.store.get("audit_event", event_id)["reason"] == "oversight board, March"


def test_writes_announce_the_changed_records(officer):
    seen = []
    officer.hub.subscribe(lambda changes: seen.append(changes.kinds))
    officer.contacts.create({"given_name": "Omar"})
    assert seen == [{"contact", "audit_event"}]


def test_events_take_consecutive_places_in_the_devices_chain_each_linked_to_the_one_before(
    officer, supervisor, contact_id
):
    officer.contacts.update(contact_id, {"neighborhood": "Northgate"})
    changed, created = supervisor.audit.events_about(contact_id)
    first = supervisor.store.get("audit_event", created["id"])
    second = supervisor.store.get("audit_event", changed["id"])
    assert (first["prev_hash"], second["sequence"]) == (GENESIS, first["sequence"] + 1)
    assert second["prev_hash"] == first["hash"]
    fields = {name: second[name] for name in CHAINED_FIELDS}
    assert second["hash"] == event_hash(second["id"], fields, second["sequence"], second["prev_hash"])


def test_an_event_whose_transaction_is_rolled_back_takes_no_place_in_the_chain(officer, supervisor):
    before = supervisor.store.get("audit_event", officer.audit.record_now("exported", "report", None))
    with pytest.raises(RuntimeError), officer.store.write() as txn:
        officer.audit.record(txn, "exported", "report", None)
        raise RuntimeError("the export failed")
    after = supervisor.store.get("audit_event", officer.audit.record_now("exported", "report", None))
    assert (after["sequence"], after["prev_hash"]) == (before["sequence"] + 1, before["hash"])
