"""Retention and a resident's erasure reach every device: a purge on the server (a moved clock, or
`contact-erase`) leaves purge markers in the change feed, and each device that pulls one removes the
record, its children and their search-index entries, and drops its own unpushed edits of it.

Real server process (SQLite and PostgreSQL), real SQLCipher profiles; the administrator's commands run
through the `liaison-server` command line against the server's database, as from cron or a shell.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from sqlalchemy import select

from devkit.server_process import RunningServer
from liaison_desktop.services.workspace import Workspace
from liaison_desktop.store import search_index
from liaison_desktop.sync.refused_changes import RefusedChanges
from liaison_protocol.server_audit import ServerAuditAction
from liaison_server.models import Record, ServerAuditEvent
from tests.server.memberships import server_session
from tests.sync.conftest import DeviceFactory
from tests.sync.devices import Device

NOTE = {"occurred_at": "2026-03-10T09:00:00+00:00", "kind": "home_visit"}
# Past a 24-month retention period for anything written today.
MOVED_CLOCK = (dt.datetime.now(dt.UTC) + dt.timedelta(days=25 * 31)).isoformat()


def found_by_search(device: Device, words: str) -> set[str]:
    with device.engine.connect() as connection:
        return {hit.record_id for hit in search_index.search(connection, words)}


def server_record(server: RunningServer, record_type: str, record_id: str) -> Record:
    with server_session(server.db_url) as session:
        return session.scalars(
            select(Record).where(Record.record_type == record_type, Record.record_id == record_id)
        ).one()


def purge(server: RunningServer, *extra: str) -> dict[str, int]:
    return json.loads(server.cli("purge", *extra).stdout)["purged"]


def test_expired_notes_leave_the_server_and_two_devices_while_a_held_note_stays(
    server: RunningServer, new_device: DeviceFactory
) -> None:
    olivia, sofia = new_device("officer"), new_device("supervisor")
    notes = Workspace(olivia.store).encounters
    expiring = notes.create_draft({**NOTE, "summary": "Talked about the zanzibarite mural"})
    notes.submit(expiring)
    amendment = notes.amend(expiring, "The quokkaword mural is on Elm Street", "en")
    held = notes.create_draft({**NOTE, "summary": "Complaint kept for the heldword inquiry"})
    olivia.sync()
    sofia.sync()
    assert set(sofia.rows("encounter")) == {expiring, held}

    server.cli("retention", "set", "encounter", "--months", "24")
    server.cli("hold", "add", held, "--reason", "case 2026-114")
    assert purge(server) == {}  # nothing is 24 months old today
    assert purge(server, "--as-of", MOVED_CLOCK) == {"amendment": 1, "encounter": 1}

    for record_type, record_id in (("encounter", expiring), ("amendment", amendment)):
        gone = server_record(server, record_type, record_id)
        assert (gone.fields, gone.field_clocks, gone.purged_ms is not None) == ({}, {}, True)
    assert server_record(server, "encounter", held).fields["summary"].startswith("Complaint")
    for device in (olivia, sofia):
        device.sync()
        assert set(device.rows("encounter")) == {held} and device.rows("amendment") == {}
        assert found_by_search(device, "zanzibarite") | found_by_search(device, "quokkaword") == set()
        assert found_by_search(device, "heldword") == {held}


def test_an_unpushed_edit_of_an_expired_note_is_dropped_and_listed_as_refused_without_its_text(
    server: RunningServer, new_device: DeviceFactory
) -> None:
    olivia = new_device("officer")
    notes = Workspace(olivia.store).encounters
    note_id = notes.create_draft({**NOTE, "summary": "First visit"})
    olivia.sync()
    notes.update_draft(note_id, {"summary": "Second visit, the family's new address is 12 Oak Lane"})
    server.cli("retention", "set", "encounter", "--months", "24")
    purge(server, "--as-of", MOVED_CLOCK)

    olivia.sync()
    assert olivia.rows("encounter") == {} and olivia.outbox_rows() == []
    assert found_by_search(olivia, "Oak Lane") == set()
    [refused] = RefusedChanges(olivia.store).list()
    assert (refused.record_id, refused.reason, refused.fields) == (note_id, "record_purged", {})
    assert not refused.resendable


def test_an_amendment_written_offline_to_an_expired_note_goes_with_it(
    server: RunningServer, new_device: DeviceFactory
) -> None:
    olivia = new_device("officer")
    notes = Workspace(olivia.store).encounters
    note_id = notes.create_draft({**NOTE, "summary": "First visit"})
    notes.submit(note_id)
    olivia.sync()
    amendment = notes.amend(note_id, "They moved to Birchwood Court", "en")
    server.cli("retention", "set", "encounter", "--months", "24")
    purge(server, "--as-of", MOVED_CLOCK)

    olivia.sync()
    assert olivia.rows("encounter") == {} and olivia.rows("amendment") == {}
    assert found_by_search(olivia, "Birchwood") == set()
    [refused] = RefusedChanges(olivia.store).list()
    assert (refused.record_id, refused.reason, refused.fields) == (amendment, "record_purged", {})


def test_erasing_a_contact_reaches_two_devices_and_keeps_the_other_residents(
    server: RunningServer, new_device: DeviceFactory
) -> None:
    olivia, sofia = new_device("officer"), new_device("supervisor")
    work = Workspace(olivia.store)
    hamid = work.contacts.create({"given_name": "Hamid", "family_name": "Pomegranate"})
    leila = work.contacts.create({"given_name": "Leila", "family_name": "Nasser"})
    service = work.directory.create({"name": "Legal clinic", "category": "legal_aid"})
    referral = work.referrals.create(hamid, service, reason="Tenancy papers")
    alone = work.encounters.create_draft({**NOTE, "summary": "Visit alone", "participant_ids": [hamid]})
    together = work.encounters.create_draft(
        {**NOTE, "summary": "Visit together", "participant_ids": [hamid, leila]}
    )
    olivia.sync()
    sofia.sync()

    erased = json.loads(server.cli("contact-erase", hamid).stdout)
    assert erased["purged"] == {"contact": 1, "encounter": 1, "referral": 1}
    assert erased["kept_encounters"] == [together]
    for device in (olivia, sofia):
        device.sync()
        assert set(device.rows("contact")) == {leila}
        assert referral not in device.rows("referral") and set(device.rows("encounter")) == {together}
        assert device.rows("encounter")[together]["participant_ids"] == [leila]
        assert found_by_search(device, "Pomegranate") == set()
        assert found_by_search(device, "Nasser") == {leila}
    assert alone not in olivia.rows("encounter")


def test_a_contact_export_holds_their_records_and_no_other_residents(
    server: RunningServer, new_device: DeviceFactory, tmp_path: Path
) -> None:
    olivia = new_device("officer")
    work = Workspace(olivia.store)
    hamid = work.contacts.create({"given_name": "Hamid", "family_name": "Karimi", "neighborhood": "Eastside"})
    leila = work.contacts.create({"given_name": "Leila", "family_name": "Nasser"})
    note = work.encounters.create_draft(
        {**NOTE, "summary": "Talked about rent", "participant_ids": [hamid, leila]}
    )
    olivia.sync()

    target = tmp_path / "hamid.json"
    server.cli("contact-export", hamid, "--output", str(target))
    document = json.loads(target.read_text(encoding="utf-8"))
    [contact] = document["contacts"]
    assert (contact["id"], contact["fields"]["family_name"]) == (hamid, "Karimi")
    [encounter] = document["encounters"]
    assert (encounter["id"], encounter["fields"]["participant_ids"]) == (note, [hamid])
    text = target.read_text(encoding="utf-8")
    assert leila not in text and "Nasser" not in text and "Leila" not in text


def test_the_audit_trail_records_an_export_and_an_erasure_without_the_residents_data(
    server: RunningServer, new_device: DeviceFactory
) -> None:
    olivia = new_device("officer")
    hamid = Workspace(olivia.store).contacts.create(
        {"given_name": "Hamid", "family_name": "Karimi", "notes": "Lives above the bakery"}
    )
    olivia.sync()
    server.cli("contact-export", hamid)
    server.cli("contact-erase", hamid, "--operator", server.users["admin"].username)

    with server_session(server.db_url) as session:
        events = session.scalars(
            select(ServerAuditEvent)
            .where(
                ServerAuditEvent.action.in_(
                    [ServerAuditAction.CONTACT_EXPORTED, ServerAuditAction.CONTACT_ERASED]
                )
            )
            .order_by(ServerAuditEvent.id)
        ).all()
        stored = [(e.action, e.details["contact_id"], e.actor_user_id) for e in events]
        written = json.dumps([e.details for e in events])
    assert stored == [
        (ServerAuditAction.CONTACT_EXPORTED, hamid, None),
        (ServerAuditAction.CONTACT_ERASED, hamid, server.users["admin"].user_id),
    ]
    assert not {"Hamid", "Karimi", "bakery"} & set(written.replace('"', " ").split())
    assert "bakery" not in written and "Karimi" not in written
