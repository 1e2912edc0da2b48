"""The encounter note screens: a note started from a contact's page saves itself while it is typed and
before a lock or a closed window, is listed under Drafts in the Notes section, becomes read-only once
submitted, takes amendments and translations beside its unchanged original, shows a supervisor's return,
and is on the timeline of everyone it was with."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from liaison_desktop.services.encounter_board import DRAFTS, RETURNED
from liaison_desktop.services.team_roster import TeamRoster, save_roster
from liaison_desktop.services.workspace import Workspace
from liaison_desktop.store.actor import Actor
from liaison_desktop.store.record_store import RecordStore
from liaison_desktop.ui.contacts.contact_page import ContactPage
from liaison_desktop.ui.encounters.addition_dialogs import AmendDialog, TranslationDialog
from liaison_desktop.ui.encounters.draft_page import DraftPage
from liaison_desktop.ui.encounters.note_page import NotePage
from liaison_desktop.ui.encounters.notes_view import NotesView
from liaison_desktop.ui.shell.main_window import MainWindow
from liaison_desktop.ui.shell.navigation import PageRef
from tests.services.conftest import outbox_rows

from .conftest import PASSPHRASE
from .helpers import unlock_through_screen
from .officer_records import NOTE, OfficerRecords, make_officer_records, open_profile, top_page

SUPERVISOR = Actor("05000000-0000-4000-8000-000000000003", "supervisor", None)
TYPED = "Asked where to renew the bus pass for her son"


@pytest.fixture
def records(profiles) -> OfficerRecords:  # noqa: ANN001
    return make_officer_records(profiles)


@pytest.fixture
def window(qtbot, make_window, records: OfficerRecords) -> MainWindow:  # noqa: ANN001
    return open_profile(qtbot, make_window, records)


def _contact_page(qtbot, window: MainWindow, contact_id: str) -> ContactPage:  # noqa: ANN001
    window.workspace_view.navigator.open_page(PageRef("contact", {"id": contact_id}))
    page = top_page(qtbot, window, ContactPage)
    qtbot.waitUntil(lambda: page.details is not None and page.note_button.isEnabled())
    return page


def _new_note_from(qtbot, window: MainWindow, contact_id: str) -> DraftPage:  # noqa: ANN001
    page = _contact_page(qtbot, window, contact_id)
    qtbot.mouseClick(page.note_button, Qt.MouseButton.LeftButton)
    return top_page(qtbot, window, DraftPage)


def _saved_by_itself(qtbot, page: DraftPage) -> None:  # noqa: ANN001
    qtbot.waitUntil(
        lambda: page.draft_id is not None and not page.autosave.unsaved and not page.autosave.saving,
        timeout=5000,
    )


def _notes(qtbot, window: MainWindow) -> NotesView:  # noqa: ANN001
    view = window.workspace_view
    assert view.show_section("notes")
    notes = view.navigator.section_screen("notes")
    assert isinstance(notes, NotesView)
    return notes


def _submitted(window: MainWindow, records: OfficerRecords) -> str:
    window.session.workspace.encounters.submit(records.encounter)
    return records.encounter


def _note_page(qtbot, window: MainWindow, encounter_id: str) -> NotePage:  # noqa: ANN001
    window.workspace_view.navigator.open_page(PageRef("encounter", {"id": encounter_id}))
    page = top_page(qtbot, window, NotePage)
    qtbot.waitUntil(lambda: page.additions is not None)
    return page


def _timeline(page: ContactPage) -> list[str]:
    return [page.timeline_list.item(row).text() for row in range(page.timeline_list.count())]


def _button(box: QMessageBox, name: str) -> QPushButton:
    button = box.findChild(QPushButton, name)
    assert button is not None
    return button


def test_a_note_started_on_a_contacts_page_saves_itself_while_typed_and_is_listed_under_drafts(
    qtbot, window: MainWindow, records: OfficerRecords
) -> None:  # noqa: ANN001
    page = _new_note_from(qtbot, window, records.tariq)
    assert [person.id for person in page.fields.people.people()] == [records.tariq]

    qtbot.keyClicks(page.fields.note_field, TYPED)
    _saved_by_itself(qtbot, page)

    saved = window.session.workspace.encounters.view(page.draft_id)
    assert (saved["summary"], saved["participant_ids"], saved["status"]) == (TYPED, [records.tariq], "draft")
    assert page.saved_label.text().startswith("Draft saved at")
    notes = _notes(qtbot, window)
    qtbot.waitUntil(lambda: page.draft_id in notes.ids_in(DRAFTS))


def test_text_typed_just_before_a_lock_is_saved_and_comes_back_after_unlocking(
    qtbot, window: MainWindow, records: OfficerRecords
) -> None:  # noqa: ANN001
    page = _new_note_from(qtbot, window, records.tariq)
    qtbot.keyClicks(page.fields.note_field, TYPED)
    assert page.autosave.unsaved, "locked before the autosave ran"

    window.lock_action.trigger()
    assert window.session is None
    unlock_through_screen(qtbot, window, records.profile_id, PASSPHRASE)
    qtbot.waitUntil(lambda: window.workspace_view is not None)

    back = top_page(qtbot, window, DraftPage)
    assert back.fields.note_field.toPlainText() == TYPED
    assert back.draft_id is not None and not back.autosave.unsaved
    assert window.session.workspace.encounters.view(back.draft_id)["summary"] == TYPED


def test_text_typed_just_before_the_window_is_closed_is_saved(
    qtbot, make_window, window: MainWindow, records: OfficerRecords
) -> None:  # noqa: ANN001
    page = _new_note_from(qtbot, window, records.tariq)
    qtbot.keyClicks(page.fields.note_field, TYPED)

    window.close()
    window.runner.wait_until_idle()

    reopened = open_profile(qtbot, make_window, records)
    notes = _notes(qtbot, reopened)
    qtbot.waitUntil(lambda: len(notes.ids_in(DRAFTS)) == 2)
    (typed,) = [note for note in notes.ids_in(DRAFTS) if note != records.encounter]
    assert reopened.session.workspace.encounters.view(typed)["summary"] == TYPED


def test_leaving_a_new_note_untouched_leaves_no_draft(
    qtbot, window: MainWindow, records: OfficerRecords
) -> None:  # noqa: ANN001
    page = _new_note_from(qtbot, window, records.tariq)

    assert window.workspace_view.navigator.back()

    assert page.draft_id is None
    assert [row["id"] for row in window.session.workspace.encounters.list_mine()] == [records.encounter]


def test_submitting_asks_first_then_shows_the_note_read_only(
    qtbot, window: MainWindow, records: OfficerRecords
) -> None:  # noqa: ANN001
    window.workspace_view.navigator.open_page(PageRef("encounter", {"id": records.encounter}))
    draft = top_page(qtbot, window, DraftPage)
    assert draft.fields.note_field.toPlainText() == NOTE

    qtbot.mouseClick(draft.submit_button, Qt.MouseButton.LeftButton)
    box = draft.confirm_box
    assert box is not None and "cannot be changed" in box.text()
    qtbot.mouseClick(_button(box, "confirm_submit"), Qt.MouseButton.LeftButton)

    page = top_page(qtbot, window, NotePage)
    assert page.encounter_id == records.encounter
    assert page.original_field.isReadOnly() and page.original_field.toPlainText() == NOTE
    assert "awaiting review" in page.review_label.text()
    assert window.session.workspace.encounters.view(records.encounter)["status"] == "submitted"


def test_keep_editing_does_not_submit(qtbot, window: MainWindow, records: OfficerRecords) -> None:  # noqa: ANN001
    window.workspace_view.navigator.open_page(PageRef("encounter", {"id": records.encounter}))
    draft = top_page(qtbot, window, DraftPage)

    qtbot.mouseClick(draft.submit_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(_button(draft.confirm_box, "keep_editing_note"), Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: draft.confirm_box is None)
    assert window.workspace_view.navigator.current_page is draft
    assert window.session.workspace.encounters.view(records.encounter)["status"] == "draft"


def test_an_amendment_is_shown_with_its_reason_below_the_unchanged_original(
    qtbot, window: MainWindow, records: OfficerRecords
) -> None:  # noqa: ANN001
    page = _note_page(qtbot, window, _submitted(window, records))

    qtbot.mouseClick(page.amend_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, AmendDialog)
    qtbot.keyClicks(dialog.text_field, "She was at the Eastside clinic, not the hospital")
    qtbot.keyClicks(dialog.reason_field, "Wrong place named")
    qtbot.mouseClick(dialog.accept_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: page.dialog is None and bool(page.additions.corrections))
    shown = page.amendments_list.item(0).text()
    assert "Wrong place named" in shown and "She was at the Eastside clinic, not the hospital" in shown
    assert page.original_field.toPlainText() == NOTE
    below = page.amendments_list.mapTo(page, QPoint(0, 0)).y()
    assert below > page.original_field.mapTo(page, QPoint(0, page.original_field.height())).y()


def test_an_amendment_needs_a_reason(qtbot, window: MainWindow, records: OfficerRecords) -> None:  # noqa: ANN001
    page = _note_page(qtbot, window, _submitted(window, records))
    dialog = page.open_amend()
    qtbot.keyClicks(dialog.text_field, "She was at the Eastside clinic")

    qtbot.mouseClick(dialog.accept_button, Qt.MouseButton.LeftButton)

    assert dialog.isVisible() and dialog.error_label.text() == "Say why the note is amended."
    assert QApplication.focusWidget() is dialog.reason_field or not dialog.isActiveWindow()
    assert window.session.workspace.encounters.amendments(records.encounter) == []


def test_a_correction_half_typed_before_a_lock_comes_back_after_unlocking(
    qtbot, window: MainWindow, records: OfficerRecords
) -> None:  # noqa: ANN001
    page = _note_page(qtbot, window, _submitted(window, records))
    dialog = page.open_amend()
    qtbot.keyClicks(dialog.text_field, "She was at the Eastside clinic")

    window.lock_action.trigger()
    unlock_through_screen(qtbot, window, records.profile_id, PASSPHRASE)
    qtbot.waitUntil(lambda: window.workspace_view is not None)

    back = top_page(qtbot, window, NotePage)
    qtbot.waitUntil(lambda: isinstance(back.dialog, AmendDialog))
    assert back.dialog.text_field.toPlainText() == "She was at the Eastside clinic"
    assert window.session.workspace.encounters.amendments(records.encounter) == []


def test_a_translation_is_shown_beside_the_unchanged_original(
    qtbot, window: MainWindow, records: OfficerRecords
) -> None:  # noqa: ANN001
    page = _note_page(qtbot, window, _submitted(window, records))

    qtbot.mouseClick(page.translate_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, TranslationDialog)
    dialog.language_box.setCurrentIndex(dialog.language_box.findData("ar"))
    dialog.text_field.insertPlainText("غيّر صاحب البيت الأقفال")  # an input method's commit: no key codes
    qtbot.mouseClick(dialog.accept_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: page.translation_texts() == {"ar": "غيّر صاحب البيت الأقفال"})
    assert page.original_field.toPlainText() == NOTE

    def beside_the_original() -> bool:
        # Once the new row is laid out (a later event-loop turn); a re-read may rebuild the rows meanwhile.
        (_label, translation, _code) = page._translation_rows[0]
        original_right = page.original_field.mapTo(page, QPoint(page.original_field.width(), 0)).x()
        return translation.isVisible() and translation.mapTo(page, QPoint(0, 0)).x() >= original_right

    qtbot.waitUntil(beside_the_original)


def test_a_note_returned_by_a_supervisor_is_listed_under_returned_and_shows_the_comment(
    qtbot, window: MainWindow, records: OfficerRecords
) -> None:  # noqa: ANN001
    note = _submitted(window, records)
    notes = _notes(qtbot, window)
    qtbot.waitUntil(lambda: note in notes.ids_in("submitted"))

    session = window.session
    store = RecordStore(session.workspace.store.engine, SUPERVISOR, hub=session.workspace.hub)
    store.clock = session.workspace.store.clock
    Workspace(store).reviews.review(note, "returned", comment="Name the clinic and who went with her")

    qtbot.waitUntil(lambda: notes.ids_in(RETURNED) == [note])
    assert "returned by a supervisor" in notes.summary_label.text()
    notes.tree.setFocus()
    assert notes.select(note)
    qtbot.keyClick(notes.tree, Qt.Key.Key_Return)
    page = top_page(qtbot, window, NotePage)
    qtbot.waitUntil(lambda: page.additions is not None)
    assert page.review_label.text().startswith("Returned by a supervisor on ")
    assert "Name the clinic and who went with her" in page.review_label.text()


def test_an_encounter_with_two_contacts_is_on_both_their_timelines(
    qtbot, window: MainWindow, records: OfficerRecords
) -> None:  # noqa: ANN001
    page = _new_note_from(qtbot, window, records.rosa)
    picker = page.fields.people
    qtbot.keyClicks(picker.search_field, "Tariq")
    qtbot.keyClick(picker.search_field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: picker.ids() == [records.rosa, records.tariq])
    qtbot.keyClicks(page.fields.note_field, TYPED)
    _saved_by_itself(qtbot, page)

    for contact_id in (records.rosa, records.tariq):
        contact = _contact_page(qtbot, window, contact_id)
        qtbot.waitUntil(
            lambda contact=contact: any(
                "Encounter, Field visit: Draft" in line for line in _timeline(contact)
            )
        )


def test_an_encounter_on_a_contacts_timeline_opens_its_note(
    qtbot, window: MainWindow, records: OfficerRecords
) -> None:  # noqa: ANN001
    note = _submitted(window, records)
    contact = _contact_page(qtbot, window, records.hoda)
    row = next(r for r, line in enumerate(_timeline(contact)) if "Encounter" in line)
    contact.timeline_list.setFocus()
    contact.timeline_list.setCurrentRow(row)

    qtbot.keyClick(contact.timeline_list, Qt.Key.Key_Return)

    page = top_page(qtbot, window, NotePage)
    assert page.encounter_id == note
    assert page.original_field.toPlainText() == NOTE


def test_ctrl_shift_n_starts_a_note_with_nobody_in_it(qtbot, window: MainWindow) -> None:  # noqa: ANN001
    view = window.workspace_view
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    view.search_panel.field.setFocus()

    qtbot.keyClick(
        view.search_panel.field,
        Qt.Key.Key_N,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )

    page = top_page(qtbot, window, DraftPage)
    assert page.fields.people.ids() == []
    assert page.title_label.text() == "New note"


def test_the_liaison_menu_lists_new_contact_and_new_note_with_their_shortcuts_while_unlocked(
    qtbot, window: MainWindow
) -> None:  # noqa: ANN001
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Liaison")
    listed = {action.text(): action.shortcut().toString() for action in menu.actions() if action.text()}
    assert listed["New &contact"] == "Ctrl+N"
    assert listed["New &note"] == "Ctrl+Shift+N"
    assert window.new_contact_action.isEnabled() and window.new_note_action.isEnabled()

    window.lock()

    qtbot.waitUntil(lambda: window.session is None)
    assert not window.new_contact_action.isEnabled()
    assert not window.new_note_action.isEnabled()


def test_the_notes_author_sees_who_else_opened_it_and_when(
    qtbot, window: MainWindow, records: OfficerRecords
) -> None:  # noqa: ANN001
    note = _submitted(window, records)
    page = _note_page(qtbot, window, note)
    assert page.views_list.isVisible()
    assert page.views_list.item(0).text() == "No one else has opened this note."

    session = window.session
    store = RecordStore(session.workspace.store.engine, SUPERVISOR, hub=session.workspace.hub)
    store.clock = session.workspace.store.clock
    Workspace(store).encounters.view(note, reason="monthly review")

    qtbot.waitUntil(lambda: page.views_list.item(0).text().startswith("A supervisor, "))
    assert page.views_list.count() == 1


def test_an_officer_opening_her_own_note_is_not_asked_why(
    qtbot, window: MainWindow, records: OfficerRecords
) -> None:  # noqa: ANN001
    page = _note_page(qtbot, window, _submitted(window, records))

    assert page.reason_dialog is None and page.original_field.toPlainText()
    events = [row["fields"] for row in outbox_rows(window.session.workspace.store.engine, "audit_event")]
    [view] = [e for e in events if e["action"] == "viewed" and e["subject_id"] == records.encounter]
    assert "reason" not in view


def test_a_view_by_someone_the_team_roster_names_shows_their_name(
    qtbot, window: MainWindow, records: OfficerRecords
) -> None:  # noqa: ANN001
    session = window.session
    save_roster(
        session.workspace.store,
        TeamRoster.from_teams(
            [
                {
                    "id": "north",
                    "name": "North",
                    "members": [
                        {"id": SUPERVISOR.user_id, "display_name": "Sofia Reyes", "role": "supervisor"}
                    ],
                }
            ]
        ),
    )
    note = _submitted(window, records)
    store = RecordStore(session.workspace.store.engine, SUPERVISOR, hub=session.workspace.hub)
    store.clock = session.workspace.store.clock
    Workspace(store).encounters.view(note, reason="monthly review")

    page = _note_page(qtbot, window, note)

    qtbot.waitUntil(lambda: page.views_list.item(0).text().startswith("\u2068Sofia Reyes\u2069, "))
