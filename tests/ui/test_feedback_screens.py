"""The ambassadors' workspace and the supervisors' feedback board, driven through real widgets on real
SQLCipher profiles (no server: the round trip through one is tests/ui/test_feedback_end_to_end.py).

A profile is made an ambassador's or a supervisor's by its header, as a sign-in would; the board's
feedback is written into the supervisor's database by an ambassador's workspace, the rows a sync would
have brought.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from liaison_desktop.services.workspace import Workspace
from liaison_desktop.store.actor import Actor
from liaison_desktop.store.record_store import RecordStore
from liaison_desktop.ui.feedback.board_view import FeedbackBoardView
from liaison_desktop.ui.feedback.my_feedback_view import MyFeedbackView
from liaison_desktop.ui.feedback.record_feedback_view import RecordFeedbackView
from liaison_desktop.ui.shell.main_window import MainWindow

from .conftest import PASSPHRASE
from .helpers import unlock_through_screen

TEAM = "11111111-1111-4111-8111-111111111111"
AMBASSADOR = "0a000000-0000-4000-8000-000000000004"
SUPERVISOR = "05000000-0000-4000-8000-000000000003"


@dataclass(frozen=True)
class RoleProfile:
    profile_id: str
    user_id: str
    role: str


def role_profile(profiles, name: str, user_id: str, role: str) -> RoleProfile:  # noqa: ANN001
    unlocked, _key = profiles.create_profile(name, PASSPHRASE)
    unlocked.close()
    profiles.update_header(unlocked.profile_id, user_id=user_id, role=role, team_id=TEAM)
    return RoleProfile(unlocked.profile_id, user_id, role)


def write_as(profiles, profile: RoleProfile, actor: Actor, work) -> object:  # noqa: ANN001
    """Write into `profile`'s database as `actor` (what sync would have brought from their laptop)."""
    unlocked = profiles.unlock(profile.profile_id, PASSPHRASE)
    try:
        return work(Workspace(RecordStore(unlocked.engine, actor)))
    finally:
        unlocked.close()


def open_as(qtbot, make_window, profile: RoleProfile) -> MainWindow:  # noqa: ANN001
    window = make_window()
    unlock_through_screen(qtbot, window, profile.profile_id, PASSPHRASE)
    qtbot.waitUntil(lambda: window.workspace_view is not None)
    return window


def record_screen(window: MainWindow) -> RecordFeedbackView:
    assert window.workspace_view is not None
    screen = window.workspace_view.navigator.section_screen("record_feedback")
    assert isinstance(screen, RecordFeedbackView)
    return screen


def fill(qtbot, screen: RecordFeedbackView, topic: str, sentiment: str = "negative") -> None:  # noqa: ANN001
    qtbot.keyClicks(screen.topic_field, topic)
    qtbot.mouseClick(screen.sentiment_buttons[sentiment], Qt.MouseButton.LeftButton)
    qtbot.keyClicks(screen.neighborhood_box.lineEdit(), "Cedar Hill")
    qtbot.keyClicks(screen.text_field, "Drivers are stopped and not told why.")


@pytest.fixture
def ambassador(profiles) -> RoleProfile:  # noqa: ANN001
    return role_profile(profiles, "Amara (ambassador)", AMBASSADOR, "ambassador")


@pytest.fixture
def supervisor(profiles) -> RoleProfile:  # noqa: ANN001
    return role_profile(profiles, "Sofia (supervisor)", SUPERVISOR, "supervisor")


def test_an_ambassador_gets_record_feedback_my_feedback_and_the_directory_and_nothing_else(
    qtbot, make_window, ambassador
) -> None:  # noqa: ANN001
    window = open_as(qtbot, make_window, ambassador)
    view = window.workspace_view
    assert view is not None
    assert [section.key for section in view.sections] == ["record_feedback", "my_feedback", "directory"]
    assert view.navigator.section == "record_feedback"
    qtbot.waitUntil(lambda: QApplication.focusWidget() is record_screen(window).topic_field)
    assert not record_screen(window).link_fields_shown(), "anonymous by default"
    placeholder = view.search_panel.field.placeholderText()
    assert "feedback" in placeholder and "contacts" not in placeholder


def test_the_new_contact_and_new_note_keys_open_nothing_for_an_ambassador(
    qtbot, make_window, ambassador
) -> None:  # noqa: ANN001
    window = open_as(qtbot, make_window, ambassador)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is record_screen(window).topic_field)
    topic = record_screen(window).topic_field

    qtbot.keyClick(topic, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(
        topic, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )

    assert window.workspace_view.navigator.current_page is None


def test_ctrl_enter_saves_anonymous_feedback_and_leaves_an_empty_form_for_the_next_one(
    qtbot, make_window, ambassador
) -> None:  # noqa: ANN001
    window = open_as(qtbot, make_window, ambassador)
    screen = record_screen(window)
    fill(qtbot, screen, "Traffic stops")

    qtbot.keyClick(screen.text_field, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    qtbot.waitUntil(lambda: len(screen.saved_ids) == 1)
    assert screen.confirmation_label.isVisible() and "Traffic stops" in screen.confirmation_label.text()
    assert screen.topic_field.text() == "" and screen.text_field.toPlainText() == ""
    assert screen.chosen_sentiment() is None and not screen.link_box.isChecked()
    assert QApplication.focusWidget() is screen.topic_field
    [saved] = window.session.workspace.feedback.list()
    assert (saved["topic"], saved["sentiment"], saved["neighborhood"]) == (
        "Traffic stops",
        "negative",
        "Cedar Hill",
    )
    assert saved["contact_id"] is None and saved["contact_consent"] is None and saved["text_language"] == "en"


def test_feedback_without_topic_or_sentiment_is_not_saved_and_says_what_is_missing(
    qtbot, make_window, ambassador
) -> None:  # noqa: ANN001
    window = open_as(qtbot, make_window, ambassador)
    screen = record_screen(window)
    qtbot.keyClicks(screen.text_field, "Something was said")

    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)

    assert screen.error_label.isVisible()
    assert (
        "Enter a topic" in screen.error_label.text() and "how the residents feel" in screen.error_label.text()
    )
    assert screen.text_field.toPlainText() == "Something was said"
    assert window.session.workspace.feedback.list() == []


def test_linking_a_resident_needs_how_the_consent_was_given_and_keeps_it_with_the_feedback(
    qtbot, make_window, ambassador
) -> None:  # noqa: ANN001
    window = open_as(qtbot, make_window, ambassador)
    screen = record_screen(window)
    fill(qtbot, screen, "Parking")
    screen.link_box.setFocus()
    qtbot.keyClick(screen.link_box, Qt.Key.Key_Space)
    assert screen.link_fields_shown()
    qtbot.keyClicks(screen.reference_field, "c0000000-0000-4000-8000-000000000001")
    qtbot.keyClicks(screen.consent_scope_field, "to be named in this feedback")

    screen.save()
    qtbot.waitUntil(screen.error_label.isVisible)
    assert "Choose how the resident gave their consent" in screen.error_label.text()
    assert window.session.workspace.feedback.list() == []

    screen.consent_method_box.setCurrentIndex(screen.consent_method_box.findData("verbal"))
    screen.save()
    qtbot.waitUntil(lambda: len(screen.saved_ids) == 1)
    [saved] = window.session.workspace.feedback.list()
    assert saved["contact_id"] == "c0000000-0000-4000-8000-000000000001"
    assert saved["contact_consent"]["granted"] is True and saved["contact_consent"]["method"] == "verbal"
    assert saved["contact_consent"]["scope"] == "to be named in this feedback"


def test_my_feedback_lists_my_feedback_newest_first_with_its_status_and_the_answer(
    qtbot, make_window, profiles, ambassador
) -> None:  # noqa: ANN001
    ambassador_actor = Actor(AMBASSADOR, "ambassador", TEAM)

    def two_pieces(workspace: Workspace) -> str:
        workspace.feedback.record({"topic": "Older", "sentiment": "neutral"})
        return workspace.feedback.record({"topic": "Newer", "sentiment": "positive"})

    newer = write_as(profiles, ambassador, ambassador_actor, two_pieces)
    write_as(
        profiles,
        ambassador,
        Actor(SUPERVISOR, "supervisor", TEAM),
        lambda workspace: workspace.feedback.answer(newer, "We will meet the parents on Friday.", "en"),
    )
    window = open_as(qtbot, make_window, ambassador)
    window.workspace_view.show_section("my_feedback")
    screen = window.workspace_view.navigator.section_screen("my_feedback")
    assert isinstance(screen, MyFeedbackView)
    qtbot.waitUntil(lambda: screen.loaded_once)

    assert [screen.model.index(row, 1).data() for row in range(2)] == ["Newer", "Older"]
    assert [screen.model.index(row, 2).data() for row in range(2)] == ["Answered", "Recorded"]
    assert screen.details.values["answer"].text() == "We will meet the parents on Friday."
    assert screen.details.values["answer_language"].text() == "English"


def test_the_board_lists_unseen_feedback_first_and_answers_it_from_the_board(
    qtbot, make_window, profiles, supervisor
) -> None:  # noqa: ANN001
    ambassador_actor = Actor(AMBASSADOR, "ambassador", TEAM)

    def three_pieces(workspace: Workspace) -> list[str]:
        return [
            workspace.feedback.record({"topic": topic, "sentiment": "mixed"}) for topic in ("A", "B", "C")
        ]

    first, _second, _third = write_as(profiles, supervisor, ambassador_actor, three_pieces)
    write_as(
        profiles, supervisor, Actor(SUPERVISOR, "supervisor", TEAM), lambda w: w.feedback.mark_seen(first)
    )
    window = open_as(qtbot, make_window, supervisor)
    assert "feedback_board" in [section.key for section in window.workspace_view.sections]
    window.workspace_view.show_section("feedback_board")
    board = window.workspace_view.navigator.section_screen("feedback_board")
    assert isinstance(board, FeedbackBoardView)
    qtbot.waitUntil(lambda: board.loaded_once)
    assert [board.model.index(row, 1).data() for row in range(3)] == ["B", "C", "A"]
    assert board.current_row().topic == "B" and board.seen_button.isEnabled()

    qtbot.mouseClick(board.seen_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: board.current_row() is not None and board.current_row().status == "seen")
    board.answer_field.setFocus()
    qtbot.keyClicks(board.answer_field, "Thank you, the patrol schedule changes next week.")
    qtbot.keyClick(board.answer_field, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    qtbot.waitUntil(lambda: [row.topic for row in board.rows] == ["C", "A"])
    answered = [row for row in window.session.workspace.feedback.list() if row["topic"] == "B"][0]
    assert answered["status"] == "answered" and answered["answer_language"] == "en"
    assert board.answer_field.toPlainText() == ""


def test_an_answer_typed_for_one_piece_never_goes_to_another(
    qtbot, make_window, profiles, supervisor
) -> None:  # noqa: ANN001
    write_as(
        profiles,
        supervisor,
        Actor(AMBASSADOR, "ambassador", TEAM),
        lambda w: [w.feedback.record({"topic": topic, "sentiment": "mixed"}) for topic in ("A", "B")],
    )
    window = open_as(qtbot, make_window, supervisor)
    window.workspace_view.show_section("feedback_board")
    board = window.workspace_view.navigator.section_screen("feedback_board")
    qtbot.waitUntil(lambda: board.loaded_once)
    qtbot.keyClicks(board.answer_field, "For A")
    board.table.setCurrentIndex(board.model.index(1, 0))
    assert board.answer_field.toPlainText() == ""
