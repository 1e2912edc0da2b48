"""Conflicts as a person resolves them: mine, theirs or combined; keep or delete; the choice syncs.

Conflict records are made by the server only; here one arrives the way sync brings it, as a pulled page
applied by the replica.
"""

from __future__ import annotations

import itertools
import uuid
from typing import Any

import pytest

from liaison_desktop.services.conflicts import ConflictAlreadyResolved
from liaison_desktop.services.errors import ImmutableRecord, NotAllowed, ValidationFailed
from liaison_desktop.services.workspace import Workspace
from liaison_desktop.store.change_hub import ChangeSet
from liaison_desktop.sync.replica import Replica
from liaison_protocol.messages import Change, PullResponse
from tests.services.conftest import NOW, TEAM, USERS, World, outbox_rows

NOW_MS = int(NOW.timestamp() * 1000)
_cursors = itertools.count(1)


def conflict_arrives(
    world: World,
    subject_type: str,
    subject_id: str,
    field: str | None,
    *,
    kept: Any,
    kept_by: str,
    set_aside: Any,
    set_aside_by: str,
    kind: str = "field",
) -> str:
    """A conflict record as the server makes it, applied as a pulled page."""
    conflict_id = str(uuid.uuid4())
    kept_hlc = f"{NOW_MS - 60_000:013d}-000000-server"
    aside_hlc = f"{NOW_MS - 120_000:013d}-000000-server"
    cursor = next(_cursors)
    change = Change(
        cursor=cursor,
        record_type="conflict",
        record_id=conflict_id,
        version=1,
        deleted=False,
        team_id=TEAM,
        author_id=None,
        owner_id=None,
        created_hlc=kept_hlc,
        updated_hlc=kept_hlc,
        fields={
            "subject_type": subject_type,
            "subject_id": subject_id,
            "kind": kind,
            "field": field,
            "kept_value": kept,
            "kept_hlc": kept_hlc,
            "kept_by": USERS[kept_by],
            "set_aside_value": set_aside,
            "set_aside_hlc": aside_hlc,
            "set_aside_by": USERS[set_aside_by],
            "status": "open",
            "resolution": None,
        },
    )
    store = world.workspace("officer").store
    Replica(store).apply_page(
        PullResponse(changes=[change], next_cursor=cursor, has_more=False, server_time_ms=NOW_MS)
    )
    return conflict_id


@pytest.fixture
def notes_conflict(world: World, officer: Workspace, other_officer: Workspace, contact_id: str) -> str:
    """The officer wrote "Mine", the other officer "Theirs"; the server kept theirs."""
    other_officer.contacts.update(contact_id, {"notes": "Theirs"})
    return conflict_arrives(
        world,
        "contact",
        contact_id,
        "notes",
        kept="Theirs",
        kept_by="other_officer",
        set_aside="Mine",
        set_aside_by="officer",
    )


def test_an_open_conflict_shows_my_value_beside_theirs_with_who_and_when(
    officer: Workspace, contact_id: str, notes_conflict: str
) -> None:
    [view] = officer.conflicts.open_conflicts()
    assert (view.conflict_id, view.subject_type, view.subject_id, view.field) == (
        notes_conflict,
        "contact",
        contact_id,
        "notes",
    )
    assert (view.mine.value, view.mine.written_by, view.mine.by_me) == ("Mine", USERS["officer"], True)
    assert (view.theirs.value, view.theirs.written_by, view.theirs.by_me) == (
        "Theirs",
        USERS["other_officer"],
        False,
    )
    assert (view.mine.written_at_ms, view.theirs.written_at_ms) == (NOW_MS - 120_000, NOW_MS - 60_000)
    assert view.theirs.in_use and not view.mine.in_use
    assert view.subject_label == "Amina Yusuf"
    assert view.combinable and view.choices == ("mine", "theirs", "combined")


def test_when_neither_side_is_mine_the_kept_value_is_shown_as_theirs(
    supervisor: Workspace, notes_conflict: str
) -> None:
    [view] = supervisor.conflicts.open_conflicts()
    assert (view.mine.value, view.theirs.value) == ("Mine", "Theirs")
    assert not view.mine.by_me and not view.theirs.by_me


def test_keeping_mine_writes_my_value_and_resolves_the_conflict_as_local_edits(
    world: World, officer: Workspace, contact_id: str, notes_conflict: str
) -> None:
    officer.conflicts.resolve(notes_conflict, "mine")
    assert officer.contacts.get(contact_id)["notes"] == "Mine"
    conflict = officer.store.get("conflict", notes_conflict)
    assert (conflict["status"], conflict["resolution"]) == ("resolved", "mine")
    queued = [(row["record_type"], row["fields"]) for row in outbox_rows(world.engine)]
    assert ("contact", {"notes": "Mine"}) in queued
    assert ("conflict", {"status": "resolved", "resolution": "mine"}) in queued


def test_keeping_theirs_when_the_record_already_holds_it_only_resolves_the_conflict(
    world: World, officer: Workspace, contact_id: str, notes_conflict: str
) -> None:
    before = len(outbox_rows(world.engine, "contact"))
    officer.conflicts.resolve(notes_conflict, "theirs")
    assert officer.contacts.get(contact_id)["notes"] == "Theirs"
    assert len(outbox_rows(world.engine, "contact")) == before
    assert officer.store.get("conflict", notes_conflict)["resolution"] == "theirs"


def test_combining_writes_the_combined_text(officer: Workspace, contact_id: str, notes_conflict: str) -> None:
    officer.conflicts.resolve(notes_conflict, "combined", "Mine\nTheirs")
    assert officer.contacts.get(contact_id)["notes"] == "Mine\nTheirs"
    assert officer.store.get("conflict", notes_conflict)["resolution"] == "combined"


def test_a_combined_text_that_does_not_fit_is_refused_and_the_conflict_stays_open(
    officer: Workspace, contact_id: str, notes_conflict: str
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        officer.conflicts.resolve(notes_conflict, "combined", "x" * 20_001)
    assert refused.value.keys_by_field() == {"notes": ["field.too_long"]}
    assert officer.contacts.get(contact_id)["notes"] == "Theirs"
    assert [v.conflict_id for v in officer.conflicts.open_conflicts()] == [notes_conflict]


def test_a_conflict_over_a_yes_or_no_field_cannot_be_combined(
    world: World, officer: Workspace, contact_id: str
) -> None:
    conflict_id = conflict_arrives(
        world,
        "contact",
        contact_id,
        "interpreter_needed",
        kept=True,
        kept_by="other_officer",
        set_aside=False,
        set_aside_by="officer",
    )
    [view] = officer.conflicts.open_conflicts()
    assert not view.combinable and view.choices == ("mine", "theirs")
    with pytest.raises(ValidationFailed):
        officer.conflicts.resolve(conflict_id, "combined", "yes and no")


def test_a_resolved_conflict_leaves_the_list_and_cannot_be_resolved_again(
    officer: Workspace, notes_conflict: str
) -> None:
    officer.conflicts.resolve(notes_conflict, "theirs")
    assert officer.conflicts.open_conflicts() == []
    assert officer.conflicts.open_count() == 0
    with pytest.raises(ConflictAlreadyResolved):
        officer.conflicts.resolve(notes_conflict, "mine")


def test_resolving_announces_the_record_and_the_conflict_as_changed(
    officer: Workspace, contact_id: str, notes_conflict: str
) -> None:
    announced: list[ChangeSet] = []
    officer.hub.subscribe(announced.append)
    officer.conflicts.resolve(notes_conflict, "mine")
    assert announced[-1].ids_by_kind["contact"] == {contact_id}
    assert announced[-1].ids_by_kind["conflict"] == {notes_conflict}


def test_a_delete_that_raced_an_edit_keeps_the_record_when_asked_to(
    world: World, officer: Workspace, contact_id: str
) -> None:
    conflict_id = conflict_arrives(
        world,
        "contact",
        contact_id,
        None,
        kind="delete_edit",
        kept={"notes": "Moved east"},
        kept_by="officer",
        set_aside=None,
        set_aside_by="other_officer",
    )
    [view] = officer.conflicts.open_conflicts()
    assert view.choices == ("keep", "delete")
    assert view.mine.value == {"notes": "Moved east"} and view.mine.in_use
    assert view.theirs.value is None
    officer.conflicts.resolve(conflict_id, "keep")
    assert not officer.store.get("contact", contact_id)["deleted"]
    assert officer.store.get("conflict", conflict_id)["resolution"] == "keep"


def test_a_delete_that_raced_an_edit_deletes_the_record_when_asked_to(
    world: World, officer: Workspace, contact_id: str
) -> None:
    conflict_id = conflict_arrives(
        world,
        "contact",
        contact_id,
        None,
        kind="delete_edit",
        kept={"notes": "Moved east"},
        kept_by="other_officer",
        set_aside=None,
        set_aside_by="officer",
    )
    officer.conflicts.resolve(conflict_id, "delete")
    assert officer.store.get("contact", contact_id)["deleted"]
    assert ("contact", "delete") in [(r["record_type"], r["op"]) for r in outbox_rows(world.engine)]


def test_an_ambassador_sees_no_conflict_about_a_contact_and_cannot_resolve_one(
    ambassador: Workspace, notes_conflict: str
) -> None:
    assert ambassador.conflicts.open_conflicts() == []
    with pytest.raises(NotAllowed):
        ambassador.conflicts.resolve(notes_conflict, "mine")


def test_an_admin_has_no_conflict_to_resolve_and_may_not_resolve_one(
    admin: Workspace, notes_conflict: str
) -> None:
    assert admin.conflicts.open_conflicts() == [] and admin.conflicts.open_count() == 0
    with pytest.raises(NotAllowed):
        admin.conflicts.resolve(notes_conflict, "mine")


def test_an_officer_sees_no_conflict_about_another_officers_encounter(
    world: World, other_officer: Workspace, officer: Workspace
) -> None:
    encounter_id = other_officer.encounters.create_draft(
        {"occurred_at": NOW.isoformat(), "kind": "phone", "summary": "Theirs"}
    )
    conflict_arrives(
        world,
        "encounter",
        encounter_id,
        "summary",
        kept="Theirs",
        kept_by="other_officer",
        set_aside="Earlier",
        set_aside_by="other_officer",
    )
    assert officer.conflicts.open_conflicts() == []
    assert len(other_officer.conflicts.open_conflicts()) == 1


def test_a_submitted_encounter_keeps_its_text_and_the_conflict_asks_for_an_amendment(
    world: World, officer: Workspace
) -> None:
    encounter_id = officer.encounters.create_draft(
        {"occurred_at": NOW.isoformat(), "kind": "phone", "summary": "Kept"}
    )
    conflict_id = conflict_arrives(
        world,
        "encounter",
        encounter_id,
        "summary",
        kept="Kept",
        kept_by="officer",
        set_aside="Set aside",
        set_aside_by="other_officer",
    )
    officer.encounters.submit(encounter_id)
    with pytest.raises(ImmutableRecord):
        officer.conflicts.resolve(conflict_id, "theirs")
    officer.conflicts.resolve(conflict_id, "mine")  # the value it holds: nothing to change
    assert officer.store.get("conflict", conflict_id)["status"] == "resolved"
