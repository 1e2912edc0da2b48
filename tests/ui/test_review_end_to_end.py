"""A note's review, end to end: real widgets, a real server process, three profiles on one laptop.

The officer writes and submits a note; the supervisor finds it in the Review queue and returns it with
a comment; the officer sees the comment and the "returned" status, amends the note with a reason; the
supervisor finds it waiting again and approves it; the officer sees it approved. The ambassador signed
in on the same laptop is offered neither the queue nor the notes, and holds none. Every sync is asked
for with "Sync now" (no waiting for the worker's timer).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from sqlalchemy import func, select

from devkit.server_process import DEFAULT_PASSWORD, RunningServer
from liaison_desktop.app import WorkerState
from liaison_desktop.services.encounter_board import RETURNED
from liaison_desktop.store.models import record_tables
from liaison_desktop.ui.encounters.addition_dialogs import AmendDialog
from liaison_desktop.ui.encounters.draft_page import DraftPage
from liaison_desktop.ui.encounters.note_page import NotePage
from liaison_desktop.ui.encounters.notes_view import NotesView
from liaison_desktop.ui.reviews.review_note_page import ReviewNotePage
from liaison_desktop.ui.reviews.review_queue_view import ReviewQueueView
from liaison_desktop.ui.shell.main_window import MainWindow
from liaison_desktop.ui.shell.navigation import PageRef

from .officer_records import top_page
from .sign_in_steps import WindowFactory, add_profile_by_signing_in, module_server, syncing_window

__all__ = ["module_server", "syncing_window"]  # fixtures, shared from sign_in_steps

SYNC_TIMEOUT_MS = 30_000
NOTE = "A mother asked why officers stopped her son outside the mosque; she was upset."
COMMENT = "Say which officers, and whether anyone explained the stop to her."
CORRECTION = "Officers Diaz and Park; Officer Park explained it was a mistaken description."


def signed_in(qtbot, syncing_window: WindowFactory, server: RunningServer, role: str) -> MainWindow:  # noqa: ANN001
    window = syncing_window()
    username, _password = server.credentials(role)
    add_profile_by_signing_in(
        qtbot, window, server.url, username, DEFAULT_PASSWORD, profile_name=f"{username.title()} laptop"
    )
    wait_synced_since(qtbot, window, 0)
    return window


def wait_synced_since(qtbot, window: MainWindow, before: int) -> None:  # noqa: ANN001
    session = window.session
    assert session is not None
    qtbot.waitUntil(
        lambda: session.sync_status.state is WorkerState.IDLE
        and (session.sync_status.last_sync_ms or 0) > before
        and session.pending_changes() == 0,
        timeout=SYNC_TIMEOUT_MS,
    )


def sync_now(qtbot, window: MainWindow) -> None:  # noqa: ANN001
    """ "Sync now", and wait for a sync that pushed everything written so far."""
    session = window.session
    assert session is not None
    before = session.sync_status.last_sync_ms or 0
    window.sync_action.trigger()
    wait_synced_since(qtbot, window, before)


def section(qtbot, window: MainWindow, key: str):  # noqa: ANN001, ANN201
    view = window.workspace_view
    assert view is not None and view.show_section(key)
    return view.navigator.section_screen(key)


def write_and_submit_a_note(qtbot, window: MainWindow) -> str:  # noqa: ANN001
    notes = section(qtbot, window, "notes")
    assert isinstance(notes, NotesView)
    qtbot.mouseClick(notes.new_button, Qt.MouseButton.LeftButton)
    draft = top_page(qtbot, window, DraftPage)
    qtbot.keyClicks(draft.fields.note_field, NOTE)
    qtbot.keyClicks(draft.fields.neighborhood_field, "Northgate")
    draft.fields.adverse_box.setChecked(True)
    qtbot.mouseClick(draft.submit_button, Qt.MouseButton.LeftButton)
    confirm = draft.confirm_box
    assert confirm is not None
    button = confirm.findChild(QPushButton, "confirm_submit")
    assert button is not None
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    page = top_page(qtbot, window, NotePage)
    qtbot.waitUntil(lambda: page.additions is not None and page.additions.status == "submitted")
    return page.encounter_id


def open_for_review(qtbot, window: MainWindow, note: str) -> ReviewNotePage:  # noqa: ANN001
    queue = section(qtbot, window, "review_queue")
    assert isinstance(queue, ReviewQueueView)
    qtbot.waitUntil(lambda: note in queue.ids(), timeout=SYNC_TIMEOUT_MS)
    queue.table.setFocus()
    assert queue.select(note)
    qtbot.keyClick(queue.table, Qt.Key.Key_Return)
    page = top_page(qtbot, window, ReviewNotePage)
    qtbot.waitUntil(lambda: page.additions is not None and page.approve_button.isEnabled())
    return page


def officers_note_page(qtbot, window: MainWindow, note: str) -> NotePage:  # noqa: ANN001
    window.workspace_view.navigator.close_all_pages()
    window.workspace_view.navigator.open_page(PageRef("encounter", {"id": note}))
    page = top_page(qtbot, window, NotePage)
    qtbot.waitUntil(lambda: page.additions is not None)
    return page


def test_a_note_returned_amended_and_approved_across_three_profiles_on_one_laptop(
    qtbot,  # noqa: ANN001
    syncing_window: WindowFactory,
    module_server: RunningServer,
) -> None:
    server = module_server
    officer = signed_in(qtbot, syncing_window, server, "officer")
    note = write_and_submit_a_note(qtbot, officer)
    sync_now(qtbot, officer)

    supervisor = signed_in(qtbot, syncing_window, server, "supervisor")
    page = open_for_review(qtbot, supervisor, note)
    assert page.original_field.toPlainText() == NOTE
    qtbot.keyClicks(page.comment_field, COMMENT)
    qtbot.mouseClick(page.return_button, Qt.MouseButton.LeftButton)
    queue = section(qtbot, supervisor, "review_queue")
    qtbot.waitUntil(lambda: supervisor.workspace_view.navigator.current_page is None)
    qtbot.waitUntil(lambda: note not in queue.ids())
    sync_now(qtbot, supervisor)

    sync_now(qtbot, officer)
    notes = section(qtbot, officer, "notes")
    qtbot.waitUntil(lambda: notes.ids_in(RETURNED) == [note])
    mine = officers_note_page(qtbot, officer, note)
    assert mine.review_label.text().startswith("Returned by a supervisor on ")
    assert COMMENT in mine.review_label.text()
    qtbot.mouseClick(mine.amend_button, Qt.MouseButton.LeftButton)
    dialog = mine.dialog
    assert isinstance(dialog, AmendDialog)
    qtbot.keyClicks(dialog.text_field, CORRECTION)
    qtbot.keyClicks(dialog.reason_field, "The supervisor asked who was there")
    qtbot.mouseClick(dialog.accept_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: mine.dialog is None and mine.additions.review_status == "pending")
    sync_now(qtbot, officer)

    sync_now(qtbot, supervisor)
    again = open_for_review(qtbot, supervisor, note)
    assert CORRECTION in again.amendments_list.item(0).text()
    assert COMMENT in again.reviews_field.toPlainText()
    qtbot.mouseClick(again.approve_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: supervisor.workspace_view.navigator.current_page is None)
    sync_now(qtbot, supervisor)

    sync_now(qtbot, officer)
    approved = officers_note_page(qtbot, officer, note)
    qtbot.waitUntil(lambda: approved.additions.review_status == "approved")
    assert approved.review_label.text().startswith("Approved by a supervisor on ")

    ambassador = signed_in(qtbot, syncing_window, server, "ambassador")
    keys = [entry.key for entry in ambassador.workspace_view.sections]
    assert "review_queue" not in keys and "notes" not in keys
    store = ambassador.session.workspace.store
    with store.read() as connection:
        for kind in ("encounter", "amendment", "review"):
            table = record_tables[kind]
            assert connection.execute(select(func.count()).select_from(table)).scalar_one() == 0
