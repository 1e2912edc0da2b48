"""A change the server refuses leaves the record as the server has it; the refused value waits in the
refused-changes list, to be corrected and sent again or discarded.

The refused values are ones an older version of the app let through (today's app checks them before
they reach the outbox), written the way that app wrote them: the record row and its outbox entry in one
transaction. Real server process, SQLite and PostgreSQL.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import insert, select, update

from liaison_desktop.services.workspace import Workspace
from liaison_desktop.store import search_index
from liaison_desktop.store.models import outbox, record_tables
from liaison_desktop.sync.errors import RequestRefused
from liaison_desktop.sync.http_client import SyncClient
from liaison_desktop.sync.refused_changes import RefusedChanges
from liaison_protocol.messages import FetchResponse, RecordRef
from tests.sync.conftest import DeviceFactory
from tests.sync.devices import TEST_TIMEOUT, Device

TOO_LONG = "Quixote " * 40  # longer than a name may be


def older_app_write(device: Device, record_type: str, record_id: str, fields: dict[str, Any]) -> None:
    """Create or edit a record as an older app did: row, search index and outbox, without today's checks."""
    table = record_tables[record_type]
    with device.engine.begin() as connection:
        current = connection.execute(select(table).where(table.c.id == record_id)).mappings().first()
        stamp = device.store.clock.tick(connection)
        if current is None:
            connection.execute(
                insert(table).values(
                    id=record_id,
                    **fields,
                    author_id=device.store.actor.user_id,
                    team_id=device.store.actor.team_id,
                    created_hlc=stamp,
                    updated_hlc=stamp,
                    deleted=False,
                )
            )
        else:
            connection.execute(
                update(table).where(table.c.id == record_id).values(**fields, updated_hlc=stamp)
            )
        row = connection.execute(select(table).where(table.c.id == record_id)).mappings().one()
        search_index.index_records(connection, record_type, [dict(row)])
        connection.execute(
            insert(outbox).values(
                mutation_id=str(uuid.uuid4()),
                record_type=record_type,
                record_id=record_id,
                op="upsert",
                fields=fields,
                hlc=stamp,
                base_version=None if current is None else current["server_version"],
                team_id=row["team_id"],
            )
        )


def older_app_delete(device: Device, record_type: str, record_id: str) -> None:
    table = record_tables[record_type]
    with device.engine.begin() as connection:
        row = connection.execute(select(table).where(table.c.id == record_id)).mappings().one()
        stamp = device.store.clock.tick(connection)
        connection.execute(
            update(table).where(table.c.id == record_id).values(deleted=True, updated_hlc=stamp)
        )
        search_index.remove_records(connection, [record_id])
        connection.execute(
            insert(outbox).values(
                mutation_id=str(uuid.uuid4()),
                record_type=record_type,
                record_id=record_id,
                op="delete",
                fields={},
                hlc=stamp,
                base_version=row["server_version"],
                team_id=row["team_id"],
            )
        )


def found_by_search(device: Device, words: str) -> set[str]:
    with device.engine.connect() as connection:
        return {hit.record_id for hit in search_index.search(connection, words)}


def test_a_refused_edit_shows_the_servers_value_again_and_keeps_the_refused_one_for_the_person(
    new_device: DeviceFactory,
) -> None:
    laptop = new_device("officer")
    contact_id = Workspace(laptop.store).contacts.create({"given_name": "Dalia", "family_name": "Haddad"})
    laptop.sync()
    older_app_write(laptop, "contact", contact_id, {"family_name": TOO_LONG})
    assert found_by_search(laptop, "Quixote") == {contact_id}
    report = laptop.sync()
    assert report.set_aside == 1 and report.refetched == 1
    assert laptop.rows("contact")[contact_id]["family_name"] == "Haddad"
    assert found_by_search(laptop, "Quixote") == set()
    assert found_by_search(laptop, "Haddad") == {contact_id}
    [change] = RefusedChanges(laptop.store).list()
    assert (change.reason, change.fields, change.label) == (
        "bad_fields",
        {"family_name": TOO_LONG},
        "Dalia Haddad",
    )
    assert laptop.outbox_rows() == []


def test_a_refused_new_record_leaves_this_device_and_a_corrected_resend_creates_it(
    new_device: DeviceFactory,
) -> None:
    laptop, colleague = new_device("officer"), new_device("officer2")
    contact_id = str(uuid.uuid4())
    older_app_write(laptop, "contact", contact_id, {"given_name": "Nour", "family_name": TOO_LONG})
    laptop.sync()
    assert contact_id not in laptop.rows("contact")
    assert found_by_search(laptop, "Nour") == set()
    refused = RefusedChanges(laptop.store)
    [change] = refused.list()
    assert (change.reason, change.fields["given_name"], change.resendable) == ("bad_fields", "Nour", True)
    assert change.label is not None and change.label.startswith("Nour ")  # named by the refused values
    refused.resend(change.mutation_id, {"family_name": "Saleh"})
    assert found_by_search(laptop, "Nour") == {contact_id}
    laptop.sync()
    colleague.sync()
    assert refused.list() == []
    shared = colleague.rows("contact")[contact_id]
    assert (shared["given_name"], shared["family_name"]) == ("Nour", "Saleh")


def test_a_refused_delete_brings_the_record_back(new_device: DeviceFactory) -> None:
    officer, ambassador = new_device("officer"), new_device("ambassador")
    service_id = Workspace(officer.store).directory.create({"name": "Legal clinic", "category": "legal_aid"})
    officer.sync()
    ambassador.sync()
    older_app_delete(ambassador, "service", service_id)  # ambassadors read the directory, never write it
    ambassador.sync()
    assert ambassador.rows("service")[service_id]["deleted"] is False
    assert ambassador.rows("service")[service_id]["name"] == "Legal clinic"
    [change] = RefusedChanges(ambassador.store).list()
    assert (change.op, change.reason) == ("delete", "role_cannot_write")


class ServerBeforeRecordFetch(SyncClient):
    """A server of an earlier release, which has no `/sync/records` (it answers 404 there)."""

    fetches = 0

    def fetch(self, records: list[RecordRef]) -> FetchResponse:
        type(self).fetches += 1
        raise RequestRefused("http 404 not_found", code="not_found", status=404)


def test_a_server_without_record_fetching_leaves_the_refused_value_as_before_and_sync_goes_on(
    new_sqlite_device: DeviceFactory,
) -> None:
    laptop = new_sqlite_device("officer")
    contact_id = Workspace(laptop.store).contacts.create({"given_name": "Dalia", "family_name": "Haddad"})
    laptop.sync()
    laptop.client = ServerBeforeRecordFetch(laptop.url, token=laptop.client.token, timeout=TEST_TIMEOUT)
    older_app_write(laptop, "contact", contact_id, {"family_name": TOO_LONG})
    report = laptop.sync()
    assert (report.set_aside, report.refetched) == (1, 0)
    assert laptop.rows("contact")[contact_id]["family_name"] == TOO_LONG
    laptop.sync()
    assert ServerBeforeRecordFetch.fetches == 1  # asked once, not on every sync
    assert len(RefusedChanges(laptop.store).list()) == 1
