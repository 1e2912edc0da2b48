"""The sync engine against a real server: batches, pages, progress, refusals, fail-safe, recovery.

Behaviour that is the client's alone runs against the SQLite-backed server only; what depends on the
server's database (paging a first sync) runs on both."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import create_engine, insert, text

from devkit.server_process import RunningServer
from liaison_desktop.store.device_state import write_state
from liaison_desktop.store.models import outbox
from liaison_desktop.sync.engine import DeleteGuard, SyncProgress
from liaison_desktop.sync.errors import MassDeletionStopped, SyncCancelled
from liaison_desktop.sync.replica import STATE_CURSOR
from tests.sync.conftest import DeviceFactory
from tests.sync.fault_proxy import FaultProxy


def _contacts(device, count: int, prefix: str = "Person") -> list[str]:  # noqa: ANN001
    with device.store.write() as txn:
        return txn.insert_many("contact", [{"given_name": f"{prefix} {i}"} for i in range(count)])


def test_first_sync_of_a_new_profile_downloads_everything_with_progress(new_device: DeviceFactory) -> None:
    author = new_device("officer")
    ids = _contacts(author, 120)
    author.sync()
    newcomer = new_device("officer2")
    seen: list[SyncProgress] = []
    newcomer.sync_engine(page_size=50).run_once(progress=seen.append)
    pulls = [p for p in seen if p.phase == "pull"]
    assert [p.pulled for p in pulls] == [50, 100, 120]
    assert all(p.pull_total == 120 for p in pulls)
    assert set(newcomer.rows("contact")) == set(ids)


def test_push_goes_in_batches_each_acknowledged_before_the_next(new_sqlite_device: DeviceFactory) -> None:
    device = new_sqlite_device("officer")
    _contacts(device, 60)
    report = device.sync(max_batch=25)
    assert report.batch_sizes == [25, 25, 10]
    assert device.outbox_rows() == []


def test_batch_refusal_sets_aside_the_offending_mutation_and_pushes_the_rest(
    new_sqlite_device: DeviceFactory,
) -> None:
    device = new_sqlite_device("officer")
    _contacts(device, 2, "Before")
    bad_id = str(uuid.uuid4())
    with device.engine.begin() as connection:
        connection.execute(
            insert(outbox).values(
                mutation_id=bad_id,
                record_type="contact",
                record_id=str(uuid.uuid4()),
                op="upsert",
                fields={"given_name": "x", "no_such_field": 1},
                hlc=device.store.clock.tick(connection),
                base_version=None,
                team_id=None,
            )
        )
    _contacts(device, 2, "After")
    report = device.sync()
    assert report.set_aside == 1 and report.pushed == 4
    assert device.outbox_rows() == []
    assert [(r["mutation_id"], r["reason"]) for r in device.rejected_rows()] == [(bad_id, "bad_fields")]


def test_a_rejected_mutation_is_kept_with_its_reason(new_sqlite_device: DeviceFactory) -> None:
    device = new_sqlite_device("officer")
    with device.store.write() as txn:
        contact_id = txn.insert("contact", {"given_name": "Ilham"})
        service_id = txn.insert("service", {"name": "Clinic", "category": "health"})
        referral_id = txn.insert("referral", {"contact_id": contact_id, "service_id": service_id})
        event_id = txn.insert(
            "referral_event", {"referral_id": referral_id, "from_status": "draft", "to_status": "sent"}
        )
    device.sync()
    with device.store.write() as txn:
        txn.update("referral_event", event_id, {"note": "Edited afterwards"})
    report = device.sync()
    assert report.rejected == 1
    assert [r["reason"] for r in device.rejected_rows()] == ["append_only"]
    assert device.outbox_rows() == []


def test_a_duplicated_push_request_is_applied_once(
    proxy: FaultProxy, new_sqlite_device: DeviceFactory, sqlite_server: RunningServer
) -> None:
    device = new_sqlite_device("officer", url=proxy.url)
    ids = _contacts(device, 3)
    proxy.force("duplicate")
    device.sync()
    server_db = create_engine(sqlite_server.db_url)
    try:
        with server_db.connect() as connection:
            versions = connection.execute(
                text("SELECT version FROM record WHERE record_type = 'contact'")
            ).scalars()
            applied = connection.execute(text("SELECT count(*) FROM applied_mutation")).scalar_one()
            assert list(versions) == [1, 1, 1]
    finally:
        server_db.dispose()
    assert applied == 3
    assert set(device.rows("contact")) == set(ids)


def test_a_pull_that_would_delete_most_local_records_stops_before_applying(
    new_sqlite_device: DeviceFactory,
) -> None:
    deleter, watcher = new_sqlite_device("officer"), new_sqlite_device("officer2")
    ids = _contacts(deleter, 30)
    deleter.sync()
    watcher.sync()
    with deleter.store.write() as txn:
        for record_id in ids[:20]:
            txn.delete("contact", record_id)
    deleter.sync()
    guard = DeleteGuard(max_share=0.5, min_count=10)
    with pytest.raises(MassDeletionStopped):
        watcher.sync_engine(delete_guard=guard).run_once()
    assert sum(not r["deleted"] for r in watcher.rows("contact").values()) == 30
    watcher.sync_engine(delete_guard=guard).run_once(confirm_mass_delete=True)
    assert sum(not r["deleted"] for r in watcher.rows("contact").values()) == 10


def test_a_cursor_the_server_does_not_know_pulls_everything_again_and_keeps_the_outbox(
    new_sqlite_device: DeviceFactory,
) -> None:
    author, other = new_sqlite_device("officer"), new_sqlite_device("officer2")
    ids = _contacts(author, 5)
    author.sync()
    with other.engine.begin() as connection:
        write_state(connection, STATE_CURSOR, str(10**9))
    pending = _contacts(other, 1, "Unsynced")
    other.sync()
    assert set(ids) | set(pending) <= set(other.rows("contact"))
    assert other.outbox_rows() == []


def test_a_cancelled_sync_stops_between_batches_and_keeps_the_rest_queued(
    new_sqlite_device: DeviceFactory,
) -> None:
    device = new_sqlite_device("officer")
    _contacts(device, 10)
    batches: list[SyncProgress] = []
    with pytest.raises(SyncCancelled):
        device.sync_engine(max_batch=3).run_once(progress=batches.append, cancelled=lambda: len(batches) >= 3)
    assert len(device.outbox_rows()) == 10 - 6


def test_a_batch_sent_ahead_whose_answer_was_never_stored_is_replayed_not_applied_twice(
    new_sqlite_device: DeviceFactory,
) -> None:
    """The next batch leaves while the previous answer is being stored; stopping right then must lose
    nothing and duplicate nothing."""
    device = new_sqlite_device("officer")
    ids = _contacts(device, 9)
    progress: list[SyncProgress] = []
    with pytest.raises(SyncCancelled):
        # Stops once the first answer is stored: by then the second batch is already at the server.
        device.sync_engine(max_batch=3).run_once(
            progress=progress.append, cancelled=lambda: len(progress) >= 2
        )
    assert len(device.outbox_rows()) == 6

    report = device.sync(max_batch=3)

    assert (report.pushed, report.rejected, report.conflicts) == (6, 0, 0)
    assert device.outbox_rows() == []
    contacts = device.rows("contact")
    assert {contacts[i]["server_version"] for i in ids} == {1}  # each applied exactly once


def test_a_push_answer_never_makes_the_device_claim_an_edit_it_has_not_seen(
    new_sqlite_device: DeviceFactory, sqlite_server: RunningServer
) -> None:
    """A's push answer carries a version that includes B's edit, which A has not pulled. If A took that
    version as seen, its next edit of the same field would overwrite B's value without a conflict."""
    a, b = new_sqlite_device("officer"), new_sqlite_device("officer2")
    with a.store.write() as txn:
        contact_id = txn.insert("contact", {"given_name": "Omid"})
    a.sync()
    b.sync()
    with b.store.write() as txn:
        txn.update("contact", contact_id, {"family_name": "Set by B"})
    b.sync()
    with a.store.write() as txn:
        txn.update("contact", contact_id, {"preferred_name": "Om"})
    push_only(a)
    with a.store.write() as txn:
        txn.update("contact", contact_id, {"family_name": "Set by A, never having seen B's"})
    a.sync()
    conflicts = [c for c in a.rows("conflict").values() if c["field"] == "family_name"]
    assert [c["set_aside_value"] for c in conflicts] == ["Set by B"]


def push_only(device) -> None:  # noqa: ANN001
    """Push the outbox without pulling (as when the pull after a push fails)."""
    engine = device.sync_engine()
    engine.replica.record_outcomes(device.client.push(engine.replica.pending_batch(100)).outcomes)
