"""Feedback from a resident to the precinct and back, end to end: real widgets, a real server process,
three profiles signed in on one shared laptop (an officer, an ambassador and a supervisor of one team).

The ambassador records feedback on the large-target screen and syncs; the supervisor syncs, answers it
from the Feedback board and syncs; the ambassador unlocks again, syncs, and My feedback says "Answered"
with the answer. Every sync is asked for ("Sync now"), none waited for on a timer.
"""

from __future__ import annotations

from PySide6.QtCore import Qt

from devkit.server_process import DEFAULT_PASSWORD, DEFAULT_USERS, RunningServer
from liaison_desktop.ui.feedback.board_view import FeedbackBoardView
from liaison_desktop.ui.feedback.my_feedback_view import MyFeedbackView
from liaison_desktop.ui.feedback.record_feedback_view import RecordFeedbackView
from liaison_desktop.ui.shell.main_window import MainWindow

from .conftest import PASSPHRASE
from .sign_in_steps import WindowFactory, add_profile_by_signing_in, module_server, syncing_window

__all__ = ["module_server", "syncing_window"]  # fixtures, shared from sign_in_steps

SYNC_TIMEOUT_MS = 30_000
TOPIC = "Traffic stops near the school"
ANSWER = "Patrols will explain every stop; we meet parents on Friday."


def sync_now(qtbot, window: MainWindow) -> None:  # noqa: ANN001
    """Ctrl+S ("Sync now"), then wait until a sync that began after it is over with nothing left to push."""
    session = window.session
    assert session is not None
    qtbot.waitUntil(lambda: not session.sync_status.state.name == "SYNCING", timeout=SYNC_TIMEOUT_MS)
    before = session.sync_status.last_sync_ms or 0
    window.sync_action.trigger()
    qtbot.waitUntil(
        lambda: (session.sync_status.last_sync_ms or 0) > before
        and session.sync_status.state.name == "IDLE"
        and session.pending_changes() == 0,
        timeout=SYNC_TIMEOUT_MS,
    )


def sign_in(qtbot, window: MainWindow, server: RunningServer, role: str, name: str) -> str:  # noqa: ANN001
    """Add the profile of `role`'s user by signing in through the dialog; returns the profile's id."""
    if window.session is not None:
        window.lock()
    window.show_start()
    add_profile_by_signing_in(
        qtbot, window, server.url, DEFAULT_USERS[role], DEFAULT_PASSWORD, profile_name=name
    )
    qtbot.waitUntil(lambda: window.sync_screens.first_sync_dialog is None, timeout=SYNC_TIMEOUT_MS)
    session = window.session
    assert session is not None and session.role == role
    window.activateWindow()  # an offscreen window is active only when asked; the dialogs were
    qtbot.waitUntil(window.isActiveWindow)
    return session.profile_id


def switch_to(qtbot, window: MainWindow, profile_id: str) -> None:  # noqa: ANN001
    """Lock (Ctrl+L), pick the other person from Switch user, type their passphrase, Enter."""
    window.lock_action.trigger()
    assert window.session is None
    window.unlock_screen.profile_switch_requested.emit(profile_id)  # the Switch user menu's entry
    field = window.unlock_screen.passphrase_field
    qtbot.keyClicks(field, PASSPHRASE)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.session is not None and window.session.profile_id == profile_id)


def section(window: MainWindow, key: str):  # noqa: ANN201
    assert window.workspace_view is not None
    window.workspace_view.show_section(key)
    return window.workspace_view.navigator.section_screen(key)


def test_an_ambassadors_feedback_is_answered_from_the_board_and_the_answer_reaches_the_ambassador(
    qtbot,  # noqa: ANN001
    syncing_window: WindowFactory,
    module_server: RunningServer,
) -> None:
    window = syncing_window()
    sign_in(qtbot, window, module_server, "officer", "Olivia")
    ambassador = sign_in(qtbot, window, module_server, "ambassador", "Amara")

    record = section(window, "record_feedback")
    assert isinstance(record, RecordFeedbackView)
    qtbot.mouseClick(record.topic_field, Qt.MouseButton.LeftButton)  # the first-sync dialog had the focus
    qtbot.keyClicks(record.topic_field, TOPIC)
    qtbot.mouseClick(record.sentiment_buttons["negative"], Qt.MouseButton.LeftButton)
    qtbot.keyClicks(record.text_field, "Parents say drivers are stopped and not told why.")
    qtbot.keyClick(record.text_field, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(record.saved_ids) == 1)
    [feedback_id] = record.saved_ids
    sync_now(qtbot, window)

    supervisor = sign_in(qtbot, window, module_server, "supervisor", "Sofia")
    board = section(window, "feedback_board")
    assert isinstance(board, FeedbackBoardView)
    qtbot.waitUntil(lambda: feedback_id in [row.id for row in board.rows], timeout=SYNC_TIMEOUT_MS)
    assert board.select(feedback_id) and board.current_row().status == "new"
    qtbot.mouseClick(board.seen_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: board.current_row() is not None and board.current_row().status == "seen")
    board.answer_field.setFocus()
    qtbot.keyClicks(board.answer_field, ANSWER)
    qtbot.mouseClick(board.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: feedback_id not in [row.id for row in board.rows])
    sync_now(qtbot, window)

    switch_to(qtbot, window, ambassador)
    sync_now(qtbot, window)
    mine = section(window, "my_feedback")
    assert isinstance(mine, MyFeedbackView)
    qtbot.waitUntil(lambda: [row.status for row in mine.rows if row.id == feedback_id] == ["answered"])
    assert mine.select(feedback_id)
    assert mine.model.index(0, 2).data() == "Answered"
    assert ANSWER in mine.details.values["answer"].text()
    assert supervisor != ambassador
