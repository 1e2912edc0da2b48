"""The local half of sync on a real SQLCipher database, with pages and outcomes built by hand."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Connection

from liaison_desktop.store import search_index
from liaison_desktop.store.actor import Actor
from liaison_desktop.store.change_hub import ChangeSet
from liaison_desktop.store.cipher_database import open_encrypted_engine
from liaison_desktop.store.record_store import RecordStore
from liaison_desktop.store.schema import upgrade_to_head
from liaison_desktop.sync.replica import Replica
from liaison_protocol.messages import Change, MutationOutcome, PullResponse

USER = str(uuid.uuid4())
TEAM = str(uuid.uuid4())
HLC = "1800000000000-000000-server"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[RecordStore]:
    engine = open_encrypted_engine(tmp_path / "replica.db", os.urandom(32))
    upgrade_to_head(engine)
    yield RecordStore(engine, Actor(USER, "officer", TEAM))
    engine.dispose()


def change(record_id: str, cursor: int, version: int, deleted: bool = False, **fields: object) -> Change:
    return Change(
        cursor=cursor,
        record_type="contact",
        record_id=record_id,
        version=version,
        deleted=deleted,
        team_id=TEAM,
        author_id=USER,
        owner_id=USER,
        created_hlc=HLC,
        updated_hlc=HLC,
        fields={} if deleted else {"given_name": "Server name", **fields},
    )


def page(*changes: Change) -> PullResponse:
    return PullResponse(
        changes=list(changes), next_cursor=max(c.cursor for c in changes), has_more=False, server_time_ms=0
    )


class FailingReplica(Replica):
    """Fails after the page's records are written and before its cursor is, like a crash in the middle
    of applying it."""

    def _apply_group(
        self,
        connection: Connection,
        record_type: str,
        group: list[Change],
        changes: ChangeSet,
        updated: ChangeSet,
    ) -> None:
        super()._apply_group(connection, record_type, group, changes, updated)
        raise RuntimeError("crash mid-page")


def test_a_page_and_its_cursor_are_applied_together_or_not_at_all(store: RecordStore) -> None:
    first, second = str(uuid.uuid4()), str(uuid.uuid4())
    with pytest.raises(RuntimeError):
        FailingReplica(store).apply_page(page(change(first, 1, 1), change(second, 2, 1)))
    assert store.get("contact", first) is None
    assert Replica(store).cursor() == 0
    Replica(store).apply_page(page(change(first, 1, 1), change(second, 2, 1)))
    assert store.get("contact", second)["server_version"] == 1
    assert Replica(store).cursor() == 2


def test_a_pulled_value_does_not_overwrite_an_unpushed_local_edit(store: RecordStore) -> None:
    record_id = str(uuid.uuid4())
    replica = Replica(store)
    replica.apply_page(page(change(record_id, 1, 1)))
    with store.write() as txn:
        txn.update("contact", record_id, {"given_name": "Local name"})
    replica.apply_page(page(change(record_id, 2, 2, family_name="Server family")))
    row = store.get("contact", record_id)
    assert (row["given_name"], row["family_name"]) == ("Local name", "Server family")


def test_the_servers_value_lands_once_the_pending_edit_is_acknowledged(store: RecordStore) -> None:
    """The answer to a push can be lost after the server applied it; the replayed answer then changes
    nothing on the server, so the value pulled meanwhile must not be forgotten."""
    record_id = str(uuid.uuid4())
    replica = Replica(store)
    replica.apply_page(page(change(record_id, 1, 1)))
    with store.write() as txn:
        txn.update("contact", record_id, {"given_name": "Local name"})
    [mutation] = replica.pending_batch(10)
    replica.apply_page(page(change(record_id, 3, 3, given_name="Merged on the server")))
    replica.record_outcomes(
        [MutationOutcome(mutation_id=mutation.mutation_id, status="applied", record_version=2)]
    )
    assert store.get("contact", record_id)["given_name"] == "Merged on the server"
    assert store.get("contact", record_id)["server_version"] == 3


def test_a_rejected_mutation_leaves_the_outbox_and_is_kept_with_its_reason(store: RecordStore) -> None:
    with store.write() as txn:
        txn.insert("contact", {"given_name": "Jamal"})
    replica = Replica(store)
    [mutation] = replica.pending_batch(10)
    replica.record_outcomes(
        [MutationOutcome(mutation_id=mutation.mutation_id, status="rejected", reason="immutable")]
    )
    assert replica.pending_count() == 0
    assert [(r["mutation_id"], r["reason"]) for r in replica.rejected()] == [
        (mutation.mutation_id, "immutable")
    ]


def test_an_answer_about_an_already_acknowledged_mutation_changes_nothing(store: RecordStore) -> None:
    with store.write() as txn:
        txn.insert("contact", {"given_name": "Karim"})
    replica = Replica(store)
    [mutation] = replica.pending_batch(10)
    outcome = MutationOutcome(mutation_id=mutation.mutation_id, status="applied", record_version=1)
    assert replica.record_outcomes([outcome]).acknowledged == 1
    assert replica.record_outcomes([outcome]).acknowledged == 0


def test_a_set_aside_mutation_leaves_the_outbox_but_is_never_dropped(store: RecordStore) -> None:
    with store.write() as txn:
        txn.insert("contact", {"given_name": "Layla"})
    replica = Replica(store)
    [mutation] = replica.pending_batch(10)
    replica.set_aside(mutation.mutation_id, "forbidden")
    assert replica.pending_count() == 0
    assert replica.rejected()[0]["fields"] == {"given_name": "Layla"}


def test_applying_a_page_announces_the_changed_records_after_it_commits(store: RecordStore) -> None:
    record_id = str(uuid.uuid4())
    announced: list[ChangeSet] = []
    store.hub.subscribe(announced.append)
    Replica(store).apply_page(page(change(record_id, 1, 1)))
    assert [c.ids_by_kind for c in announced] == [{"contact": {record_id}}]


def test_pulled_records_are_searchable_and_tombstones_leave_the_index(store: RecordStore) -> None:
    record_id = str(uuid.uuid4())
    replica = Replica(store)
    replica.apply_page(page(change(record_id, 1, 1, given_name="Mariam")))
    with store.read() as connection:
        assert [h.record_id for h in search_index.search(connection, "Mariam")] == [record_id]
    replica.apply_page(page(change(record_id, 2, 2, deleted=True)))
    with store.read() as connection:
        assert search_index.search(connection, "Mariam") == []
    assert store.get("contact", record_id)["deleted"] is True


def test_pending_mutations_come_out_oldest_first_with_their_base_version(store: RecordStore) -> None:
    record_id = str(uuid.uuid4())
    replica = Replica(store)
    replica.apply_page(page(change(record_id, 1, 4)))
    with store.write() as txn:
        txn.update("contact", record_id, {"family_name": "One"})
        txn.update("contact", record_id, {"family_name": "Two"})
    batch = replica.pending_batch(10)
    assert [(m.fields["family_name"], m.base_version) for m in batch] == [("One", 4), ("Two", 4)]


FIELDS = ("given_name", "family_name", "notes")
_step = st.one_of(
    st.tuples(st.just("pull"), st.sampled_from(FIELDS), st.text("abc", min_size=1, max_size=3)),
    st.tuples(st.just("edit"), st.sampled_from(FIELDS), st.text("xyz", min_size=1, max_size=3)),
    st.tuples(st.just("ack"), st.just(""), st.just("")),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(_step, min_size=1, max_size=12))
def test_unpushed_edits_win_locally_and_the_server_has_the_last_word_once_acknowledged(
    store: RecordStore, steps: list[tuple[str, str, str]]
) -> None:
    """For any interleaving of pulled pages, local edits and acknowledgements (that did not change the
    record again on the server): a field with an unpushed edit shows that edit, and once nothing is
    pending, the record shows the last values the server sent."""
    replica = Replica(store)
    record_id = str(uuid.uuid4())
    cursor = replica.cursor()
    server = {"given_name": "Start", "family_name": None, "notes": None}
    version = 1
    cursor += 1
    replica.apply_page(page(change(record_id, cursor, version, **server)))
    local_edits: dict[str, str] = {}
    pulled_while_pending = False
    for action, name, value in steps:
        if action == "pull":
            server[name] = value
            version += 1
            cursor += 1
            replica.apply_page(page(change(record_id, cursor, version, **server)))
            pulled_while_pending = pulled_while_pending or bool(local_edits)
        elif action == "edit":
            queued = replica.pending_count()
            with store.write() as txn:
                txn.update("contact", record_id, {name: value})
            if replica.pending_count() > queued:  # an edit to the value already shown queues nothing
                local_edits[name] = value
        else:
            outcomes = [
                MutationOutcome(mutation_id=m.mutation_id, status="conflict", record_version=version)
                for m in replica.pending_batch(100)
            ]
            replica.record_outcomes(outcomes)
            if pulled_while_pending:
                assert {f: store.get("contact", record_id)[f] for f in FIELDS} == server
            local_edits.clear()
            pulled_while_pending = False
        row = store.get("contact", record_id)
        for edited, edited_value in local_edits.items():
            assert row[edited] == edited_value
