"""The changes-refused and conflicts panels, driven through their widgets on real profiles signed in to a
real server process: what the person chooses there reaches the server and the other laptop."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QPlainTextEdit, QWidget
from sqlalchemy import insert

from devkit.server_process import RunningServer, sqlite_url, start_server
from liaison_desktop.services.workspace import Workspace
from liaison_desktop.store.models import outbox
from liaison_desktop.sync.refused_changes import RefusedChanges
from liaison_desktop.ui.error_messages import refusal_message
from liaison_desktop.ui.runner import Runner
from liaison_desktop.ui.sync.conflicts_panel import ConflictCard, ConflictsPanel
from liaison_desktop.ui.sync.refused_panel import RefusedChangeCard, RefusedChangesPanel
from tests.sync.devices import Device, create_device

WAIT_MS = 10_000


@pytest.fixture
def server(tmp_path: Path) -> Iterator[RunningServer]:
    running = start_server(sqlite_url(tmp_path), tmp_path)
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def laptops(server: RunningServer, tmp_path: Path) -> Iterator[tuple[Device, Device]]:
    """Olivia's laptop and her colleague Omar's, both signed in to the server."""
    made = [
        create_device(tmp_path, name, server.url, *server.credentials(role))
        for name, role in (("olivia", "officer"), ("omar", "officer2"))
    ]
    try:
        yield made[0], made[1]
    finally:
        for device in made:
            device.close()


def refused_family_name(laptop: Device) -> str:
    """A contact the server has, then an edit of it the server refuses (a family name longer than its
    rules allow, as an older version of the app let through)."""
    contact_id = Workspace(laptop.store).contacts.create({"given_name": "Dalia"})
    laptop.sync()
    with laptop.engine.begin() as connection:
        connection.execute(
            insert(outbox).values(
                mutation_id=str(uuid.uuid4()),
                record_type="contact",
                record_id=contact_id,
                op="upsert",
                fields={"family_name": "Haddad" * 40},
                hlc=laptop.store.clock.tick(connection),
                base_version=1,
                team_id=None,
            )
        )
    laptop.sync()
    return contact_id


def shown(qtbot, panel: QWidget) -> None:  # noqa: ANN001 - pytest-qt's fixture
    qtbot.addWidget(panel)
    panel.resize(900, 700)
    panel.show()
    with qtbot.waitSignal(panel.loaded, timeout=WAIT_MS):
        panel.refresh()


def replace_text(qtbot, field: QLineEdit | QPlainTextEdit, text: str) -> None:  # noqa: ANN001
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(field, text)


def test_a_refused_change_is_shown_with_its_reason_then_fixed_and_taken_by_the_server(
    qtbot, runner: Runner, laptops: tuple[Device, Device]
) -> None:
    olivia, omar = laptops
    contact_id = refused_family_name(olivia)
    panel = RefusedChangesPanel(RefusedChanges(olivia.store), runner)
    shown(qtbot, panel)
    [card] = panel.cards.values()
    assert isinstance(card, RefusedChangeCard)
    assert card.title_label.text() == "Contact: Dalia"
    assert card.reason_label.text() == refusal_message("bad_fields")
    assert "do not fit the server's rules" in card.reason_label.text()

    qtbot.mouseClick(card.fix_button, Qt.MouseButton.LeftButton)
    field = card.editors["family_name"]
    assert card.editor.isVisible() and field.text() == "Haddad" * 40
    replace_text(qtbot, field, "Haddad")
    with qtbot.waitSignal(panel.loaded, timeout=WAIT_MS) as reread:
        qtbot.mouseClick(card.resend_button, Qt.MouseButton.LeftButton)
    assert reread.args == [0]
    assert "Nothing was refused" in panel.summary_label.text()

    olivia.sync()
    omar.sync()
    assert omar.rows("contact")[contact_id]["family_name"] == "Haddad"
    assert olivia.rejected_rows() == []


def test_a_fix_that_still_does_not_fit_keeps_the_change_and_says_why(
    qtbot, runner: Runner, laptops: tuple[Device, Device]
) -> None:
    olivia, _omar = laptops
    refused_family_name(olivia)
    panel = RefusedChangesPanel(RefusedChanges(olivia.store), runner)
    shown(qtbot, panel)
    [card] = panel.cards.values()
    qtbot.mouseClick(card.fix_button, Qt.MouseButton.LeftButton)
    replace_text(qtbot, card.editors["family_name"], "H" * 201)
    qtbot.mouseClick(card.resend_button, Qt.MouseButton.LeftButton)
    assert runner.wait_until_idle(WAIT_MS)
    assert card.error_label.isVisible()
    assert card.error_label.text() == "Family name: At most 200 characters."
    assert card.editors["family_name"].text() == "H" * 201  # nothing typed is lost
    assert len(olivia.rejected_rows()) == 1


def test_discarding_a_refused_change_asks_first_then_forgets_it(
    qtbot, runner: Runner, laptops: tuple[Device, Device]
) -> None:
    olivia, _omar = laptops
    refused_family_name(olivia)
    panel = RefusedChangesPanel(RefusedChanges(olivia.store), runner)
    shown(qtbot, panel)
    [card] = panel.cards.values()
    qtbot.mouseClick(card.discard_button, Qt.MouseButton.LeftButton)
    assert card.confirm.isVisible() and len(olivia.rejected_rows()) == 1
    qtbot.mouseClick(card.keep_button, Qt.MouseButton.LeftButton)
    assert not card.confirm.isVisible()

    qtbot.mouseClick(card.discard_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(panel.loaded, timeout=WAIT_MS) as reread:
        qtbot.mouseClick(card.confirm_discard_button, Qt.MouseButton.LeftButton)
    assert reread.args == [0]
    assert olivia.rejected_rows() == []


def concurrent_notes(olivia: Device, omar: Device) -> str:
    contact_id = Workspace(olivia.store).contacts.create({"given_name": "Amina", "notes": "First visit"})
    olivia.sync()
    omar.sync()
    Workspace(olivia.store).contacts.update(contact_id, {"notes": "Prefers Somali"})
    Workspace(omar.store).contacts.update(contact_id, {"notes": "Works mornings"})
    olivia.sync()
    omar.sync()
    olivia.sync()
    return contact_id


def test_a_conflict_combined_in_the_panel_reaches_the_other_laptop(
    qtbot, runner: Runner, laptops: tuple[Device, Device]
) -> None:
    olivia, omar = laptops
    contact_id = concurrent_notes(olivia, omar)
    panel = ConflictsPanel(Workspace(olivia.store).conflicts, runner)
    shown(qtbot, panel)
    [card] = panel.cards.values()
    assert isinstance(card, ConflictCard)
    assert card.title_label.text() == "Contact: Amina · Notes"
    assert card.mine_box.value_label.text() == "Prefers Somali"
    assert card.theirs_box.value_label.text() == "Works mornings"

    qtbot.mouseClick(card.combine_button, Qt.MouseButton.LeftButton)
    assert card.combined_text() == "Prefers Somali\n\nWorks mornings"
    replace_text(qtbot, card.combined_field, "Prefers Somali; works mornings")
    with qtbot.waitSignal(panel.loaded, timeout=WAIT_MS) as reread:
        qtbot.mouseClick(card.save_combined_button, Qt.MouseButton.LeftButton)
    assert reread.args == [0]

    olivia.sync()
    omar.sync()
    assert omar.rows("contact")[contact_id]["notes"] == "Prefers Somali; works mornings"
    [conflict] = omar.rows("conflict").values()
    assert (conflict["status"], conflict["resolution"]) == ("resolved", "combined")


def test_keep_theirs_works_from_the_keyboard(qtbot, runner: Runner, laptops: tuple[Device, Device]) -> None:
    olivia, omar = laptops
    contact_id = concurrent_notes(olivia, omar)
    panel = ConflictsPanel(Workspace(olivia.store).conflicts, runner)
    shown(qtbot, panel)
    [(conflict_id, card)] = panel.cards.items()
    card.keep_theirs_button.setFocus()
    with qtbot.waitSignal(panel.loaded, timeout=WAIT_MS) as reread:
        qtbot.keyClick(card.keep_theirs_button, Qt.Key.Key_Space)
    assert reread.args == [0]
    assert olivia.rows("contact")[contact_id]["notes"] == "Works mornings"
    assert olivia.rows("conflict")[conflict_id]["resolution"] == "theirs"


def test_every_control_of_both_panels_is_named_by_its_visible_label(
    qtbot, runner: Runner, laptops: tuple[Device, Device]
) -> None:
    olivia, omar = laptops
    concurrent_notes(olivia, omar)
    refused_family_name(olivia)
    refused = RefusedChangesPanel(RefusedChanges(olivia.store), runner)
    conflicts = ConflictsPanel(Workspace(olivia.store).conflicts, runner)
    for panel in (refused, conflicts):
        shown(qtbot, panel)
    [refused_card] = refused.cards.values()
    [conflict_card] = conflicts.cards.values()
    qtbot.mouseClick(refused_card.fix_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(conflict_card.combine_button, Qt.MouseButton.LeftButton)
    for panel in (refused, conflicts):
        for control in panel.findChildren(QAbstractButton):
            assert control.text() and control.text() in control.accessibleName()
        buddies = {label.buddy() for label in panel.findChildren(QLabel) if label.buddy() is not None}
        for field in [*panel.findChildren(QLineEdit), *panel.findChildren(QPlainTextEdit)]:
            assert field.accessibleName() and field in buddies


def test_an_edit_of_a_record_removed_under_retention_is_shown_without_its_text_and_only_discarded(
    qtbot, runner: Runner, server: RunningServer, laptops: tuple[Device, Device]
) -> None:
    olivia, _omar = laptops
    notes = Workspace(olivia.store).encounters
    note_id = notes.create_draft({"occurred_at": "2026-03-10T09:00:00+00:00", "kind": "phone"})
    olivia.sync()
    notes.update_draft(note_id, {"summary": "They moved to Birchwood Court"})
    server.cli("retention", "set", "encounter", "--months", "1")
    server.cli("purge", "--as-of", "2099-01-01")
    olivia.sync()

    panel = RefusedChangesPanel(RefusedChanges(olivia.store), runner)
    shown(qtbot, panel)
    [card] = panel.cards.values()
    assert (card.title_label.text(), card.reason_label.text()) == (
        "Encounter",
        refusal_message("record_purged"),
    )
    assert card.values_label.text() == "" and "Birchwood" not in card.accessibleName()
    assert card.fix_button.isHidden() and not card.discard_button.isHidden()
