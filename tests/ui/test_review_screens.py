"""The supervisor's Review queue and review page, on a supervisor's own profile holding the team's notes
(written by the officers' workspaces into that profile, as a sync would bring them): the queue's order,
count, filters and empty states; a note read for review with its translation, amendment and earlier
review; Return needs a comment; a decision goes on to the next note, the last back to the queue."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from liaison_desktop.services.team_roster import TeamRoster, save_roster
from liaison_desktop.services.workspace import Workspace
from liaison_desktop.store.actor import Actor
from liaison_desktop.store.profiles import LaptopProfiles
from liaison_desktop.store.record_store import RecordStore
from liaison_desktop.ui.reviews.review_note_page import ReviewNotePage
from liaison_desktop.ui.reviews.review_queue_view import ReviewQueueView
from liaison_desktop.ui.shell.main_window import MainWindow
from liaison_desktop.ui.shell.navigation import PageRef
from liaison_desktop.ui.shell.sections import sections_for

from .conftest import PASSPHRASE
from .helpers import give_reason, unlock_through_screen
from .officer_records import OfficerRecords, make_officer_records, open_profile, top_page

TEAM = "11111111-1111-4111-8111-111111111111"
ROLES = ("officer", "ambassador", "supervisor", "admin")
SUPERVISOR = Actor("05000000-0000-4000-8000-000000000003", "supervisor", TEAM)
OLIVIA = Actor("0f000000-0000-4000-8000-000000000001", "officer", TEAM)
OMAR = Actor("0f000000-0000-4000-8000-000000000002", "officer", TEAM)
NOTE = "Parents asked for an evening patrol near the school"
TRANSLATION = "طلب الأهالي دورية مسائية قرب المدرسة"
CORRECTION = "The school is Elm Park Primary"


@dataclass(frozen=True)
class TeamNotes:
    profile_id: str
    answered: str  # Olivia's: translated, returned, then amended: waiting again
    adverse: str  # Omar's: an adverse interaction, the newest
    overdue: str  # Omar's: a follow-up promised three weeks ago
    recent: str  # Olivia's: from yesterday, nothing flagged


def _note(workspace: Workspace, days_ago: int, **fields: object) -> str:
    note = workspace.encounters.create_draft(
        {
            "occurred_at": (dt.datetime.now(dt.UTC) - dt.timedelta(days=days_ago)).isoformat(),
            "kind": "community_event",
            "neighborhood": "Elm Park",
            "language": "ar",
            "summary": NOTE,
            "summary_language": "en",
            **fields,
        }
    )
    workspace.encounters.submit(note)
    return note


@pytest.fixture
def team(profiles: LaptopProfiles) -> TeamNotes:
    unlocked, _key = profiles.create_profile("Sofia Reyes", PASSPHRASE)
    profiles.update_header(unlocked.profile_id, user_id=SUPERVISOR.user_id, role="supervisor", team_id=TEAM)
    try:
        store = RecordStore(unlocked.engine, OLIVIA)

        def as_(actor: Actor) -> Workspace:
            other = RecordStore(unlocked.engine, actor)
            other.clock = store.clock
            return Workspace(other)

        olivia, omar, sofia = as_(OLIVIA), as_(OMAR), as_(SUPERVISOR)
        answered = _note(olivia, 10)
        olivia.encounters.add_translation(answered, "ar", TRANSLATION)
        sofia.reviews.review(answered, "returned", comment="Name the school")
        olivia.encounters.amend(answered, CORRECTION, "en", "The school was not named")
        adverse = _note(omar, 1, neighborhood="Northgate", adverse_interaction=True)
        overdue = _note(omar, 21, neighborhood="Northgate", language="so", follow_up_needed=True)
        recent = _note(olivia, 1, kind="school")
        # The roster the server sent with the last sync names Omar; Olivia's account has no display name.
        roster = [
            {
                "id": TEAM,
                "name": "North",
                "members": [{"id": OMAR.user_id, "display_name": "Omar Haddad", "role": "officer"}],
            }
        ]
        save_roster(store, TeamRoster.from_teams(roster))
        return TeamNotes(unlocked.profile_id, answered, adverse, overdue, recent)
    finally:
        unlocked.close()


@pytest.fixture
def window(qtbot, make_window, team: TeamNotes) -> MainWindow:  # noqa: ANN001
    window = make_window()
    unlock_through_screen(qtbot, window, team.profile_id, PASSPHRASE)
    qtbot.waitUntil(lambda: window.workspace_view is not None)
    return window


def _queue(qtbot, window: MainWindow) -> ReviewQueueView:  # noqa: ANN001
    view = window.workspace_view
    assert view.show_section("review_queue")
    queue = view.navigator.section_screen("review_queue")
    assert isinstance(queue, ReviewQueueView)
    qtbot.waitUntil(lambda: queue.loaded_once)
    return queue


def _open_first(qtbot, window: MainWindow, queue: ReviewQueueView) -> ReviewNotePage:  # noqa: ANN001
    queue.table.setFocus()
    queue.table.setCurrentIndex(queue.model.index(0, 0))
    qtbot.keyClick(queue.table, Qt.Key.Key_Return)
    page = top_page(qtbot, window, ReviewNotePage)
    qtbot.waitUntil(lambda: page.additions is not None)
    return page


def test_the_queue_lists_adverse_interactions_then_overdue_follow_ups_then_the_oldest(
    qtbot, window: MainWindow, team: TeamNotes
) -> None:  # noqa: ANN001
    queue = _queue(qtbot, window)

    assert queue.ids() == [team.adverse, team.overdue, team.answered, team.recent]
    assert queue.summary_label.text() == "4 notes awaiting review."
    flags = [queue.model.item(row, 5).text() for row in range(4)]
    assert flags == ["Adverse interaction", "Follow-up overdue", "", ""]
    assert queue.model.item(1, 3).text() == "Somali"


def test_the_queue_names_officers_as_the_team_roster_does(qtbot, window: MainWindow, team: TeamNotes) -> None:  # noqa: ANN001
    queue = _queue(qtbot, window)

    assert queue.model.item(0, 1).text() == "Omar Haddad"
    assert queue.model.item(2, 1).text() == "Officer \u20660f000000\u2069", (
        "no name in the roster: the id's start"
    )
    offered = [queue.officer_box.itemText(i) for i in range(queue.officer_box.count())]
    assert "Omar Haddad" in offered
    queue.officer_box.setCurrentIndex(offered.index("Omar Haddad"))
    qtbot.waitUntil(lambda: queue.ids() == [team.adverse, team.overdue])


def test_the_review_page_says_which_officer_wrote_the_note(
    qtbot, window: MainWindow, team: TeamNotes
) -> None:  # noqa: ANN001
    page = _open_first(qtbot, window, _queue(qtbot, window))

    first_line = page.facts_label.text().splitlines()[0]
    assert first_line.startswith("At ") and first_line.endswith(", written by \u2068Omar Haddad\u2069")


def test_a_filter_shows_n_of_m_and_an_empty_result_says_why(
    qtbot, window: MainWindow, team: TeamNotes
) -> None:  # noqa: ANN001
    queue = _queue(qtbot, window)

    queue.neighborhood_box.setCurrentIndex(queue.neighborhood_box.findData("Northgate"))
    qtbot.waitUntil(lambda: queue.ids() == [team.adverse, team.overdue])
    assert queue.summary_label.text() == "2 of 4 notes awaiting review."
    assert queue.clear_button.isEnabled()

    queue.language_box.setCurrentIndex(queue.language_box.findData("ar"))
    queue.flag_box.setCurrentIndex(queue.flag_box.findData("overdue"))
    qtbot.waitUntil(lambda: queue.ids() == [])
    assert queue.list_stack.currentWidget() is queue.empty_label
    assert "matches these filters" in queue.empty_label.text()

    qtbot.mouseClick(queue.clear_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(queue.ids()) == 4)
    assert queue.list_stack.currentWidget() is queue.table


def test_a_note_opened_for_review_shows_translation_amendment_and_earlier_review_and_is_audited(
    qtbot, window: MainWindow, team: TeamNotes
) -> None:  # noqa: ANN001
    queue = _queue(qtbot, window)
    assert queue.select(team.answered)
    qtbot.keyClick(queue.table, Qt.Key.Key_Return)
    page = top_page(qtbot, window, ReviewNotePage)
    qtbot.waitUntil(lambda: page.additions is not None)

    assert page.original_field.toPlainText() == NOTE
    assert page.translation_texts() == {"ar": TRANSLATION}
    assert "The school was not named" in page.amendments_list.item(0).text()
    assert "Name the school" in page.reviews_field.toPlainText()
    assert (
        page.review_label.text()
        == "Amended by the officer after it was returned: awaiting your review again."
    )
    assert page.approve_button.isEnabled() and page.return_button.isEnabled()
    views = [
        event
        for event in window.session.workspace.audit.events_about(team.answered)
        if event["action"] == "viewed"
    ]
    assert len(views) == 1


def test_returning_a_note_needs_a_comment(qtbot, window: MainWindow, team: TeamNotes) -> None:  # noqa: ANN001
    page = _open_first(qtbot, window, _queue(qtbot, window))

    qtbot.mouseClick(page.return_button, Qt.MouseButton.LeftButton)

    assert page.comment_error.isVisible()
    assert page.comment_error.text().startswith("Write a comment before returning the note")
    assert QApplication.focusWidget() is page.comment_field or not page.isActiveWindow()
    assert window.session.workspace.reviews.reviews_of(team.adverse) == []


def test_returning_by_keyboard_saves_the_comment_and_goes_to_the_next_note(
    qtbot, window: MainWindow, team: TeamNotes
) -> None:  # noqa: ANN001
    page = _open_first(qtbot, window, _queue(qtbot, window))
    assert page.encounter_id == team.adverse
    page.comment_field.setFocus()
    qtbot.keyClicks(page.comment_field, "Say who was hurt and what was done")

    qtbot.keyClick(
        page.comment_field,
        Qt.Key.Key_R,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )

    navigator = window.workspace_view.navigator
    qtbot.waitUntil(lambda: getattr(navigator.current_page, "encounter_id", None) == team.overdue)
    (review,) = window.session.workspace.reviews.reviews_of(team.adverse)
    assert (review["decision"], review["comment"]) == ("returned", "Say who was hurt and what was done")


def test_approving_the_last_note_goes_back_to_the_queue_which_says_none_is_waiting(
    qtbot, window: MainWindow, team: TeamNotes
) -> None:  # noqa: ANN001
    queue = _queue(qtbot, window)
    reviews = window.session.workspace.reviews
    for note in (team.adverse, team.overdue, team.answered):
        reviews.review(note, "approved")
    qtbot.waitUntil(lambda: queue.ids() == [team.recent])

    page = _open_first(qtbot, window, queue)
    qtbot.mouseClick(page.approve_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: window.workspace_view.navigator.current_page is None)
    qtbot.waitUntil(lambda: queue.ids() == [])
    assert queue.summary_label.text() == "0 notes awaiting review."
    assert "No note is awaiting review" in queue.empty_label.text()
    assert reviews.reviews_of(team.recent)[0]["decision"] == "approved"


def test_an_officer_is_offered_no_review_queue(qtbot, make_window, profiles: LaptopProfiles) -> None:  # noqa: ANN001
    records: OfficerRecords = make_officer_records(profiles)
    window = open_profile(qtbot, make_window, records)
    assert "review_queue" not in [section.key for section in window.workspace_view.sections]
    assert not window.workspace_view.show_section("review_queue")


def test_ctrl_shift_a_approves_and_alt_right_goes_on_without_deciding(
    qtbot, window: MainWindow, team: TeamNotes
) -> None:  # noqa: ANN001
    page = _open_first(qtbot, window, _queue(qtbot, window))
    navigator = window.workspace_view.navigator
    reviews = window.session.workspace.reviews

    page.original_field.setFocus()
    qtbot.keyClick(page.original_field, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: getattr(navigator.current_page, "encounter_id", None) == team.overdue)
    assert reviews.reviews_of(team.adverse) == []

    following = top_page(qtbot, window, ReviewNotePage)  # asked why again: another note
    qtbot.waitUntil(lambda: following.approve_button.isEnabled())
    following.comment_field.setFocus()
    qtbot.keyClick(
        following.comment_field,
        Qt.Key.Key_A,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(lambda: getattr(navigator.current_page, "encounter_id", None) == team.answered)
    assert [review["decision"] for review in reviews.reviews_of(team.overdue)] == ["approved"]


def test_a_comment_typed_before_a_lock_comes_back_after_unlocking(
    qtbot, window: MainWindow, team: TeamNotes
) -> None:  # noqa: ANN001
    page = _open_first(qtbot, window, _queue(qtbot, window))
    qtbot.keyClicks(page.comment_field, "Who else was there?")

    window.lock_action.trigger()
    unlock_through_screen(qtbot, window, team.profile_id, PASSPHRASE)
    qtbot.waitUntil(lambda: window.workspace_view is not None)

    back = top_page(qtbot, window, ReviewNotePage)
    assert back.encounter_id == team.adverse
    assert back.comment_field.toPlainText() == "Who else was there?"
    assert window.session.workspace.reviews.reviews_of(team.adverse) == []


def test_a_note_opened_from_elsewhere_offers_the_review_and_goes_back_after_it(
    qtbot, window: MainWindow, team: TeamNotes
) -> None:  # noqa: ANN001
    navigator = window.workspace_view.navigator
    navigator.open_page(PageRef("encounter", {"id": team.recent}))
    page = top_page(qtbot, window, ReviewNotePage)
    qtbot.waitUntil(lambda: page.approve_button.isEnabled())

    qtbot.mouseClick(page.approve_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: navigator.current_page is None)
    assert window.session.workspace.reviews.reviews_of(team.recent)[0]["decision"] == "approved"


def test_the_queue_keeps_its_filters_and_row_across_a_lock(
    qtbot, window: MainWindow, team: TeamNotes
) -> None:  # noqa: ANN001
    queue = _queue(qtbot, window)
    queue.officer_box.setCurrentIndex(queue.officer_box.findData(OMAR.user_id))
    qtbot.waitUntil(lambda: queue.ids() == [team.adverse, team.overdue])
    assert queue.select(team.overdue)

    window.lock_action.trigger()
    unlock_through_screen(qtbot, window, team.profile_id, PASSPHRASE)
    qtbot.waitUntil(lambda: window.workspace_view is not None)

    back = window.workspace_view.navigator.section_screen("review_queue")
    assert isinstance(back, ReviewQueueView)
    qtbot.waitUntil(lambda: back.loaded_once and back.ids() == [team.adverse, team.overdue])
    assert back.officer_box.currentData() == OMAR.user_id
    assert back.current_id() == team.overdue


def test_the_review_queue_is_offered_to_supervisors_only() -> None:
    offered = {role: "review_queue" in [s.key for s in sections_for(role)] for role in ROLES}
    assert offered == {"officer": False, "ambassador": False, "supervisor": True, "admin": False}


def _views(window: MainWindow, note: str) -> list[str | None]:
    events = window.session.workspace.audit.events_about(note)
    return [event["reason"] for event in events if event["action"] == "viewed"]


def _opened_asking(qtbot, window: MainWindow, note: str) -> ReviewNotePage:  # noqa: ANN001
    window.workspace_view.navigator.open_page(PageRef("encounter", {"id": note}))
    page = window.workspace_view.navigator.current_page
    assert isinstance(page, ReviewNotePage)
    qtbot.waitUntil(lambda: page.reason_dialog is not None and page.reason_dialog.isVisible())
    return page


def test_a_supervisor_opening_omars_note_is_asked_why_once_and_the_reason_is_in_the_viewed_event(
    qtbot, window: MainWindow, team: TeamNotes
) -> None:  # noqa: ANN001
    page = _opened_asking(qtbot, window, team.adverse)
    assert page.original_field.toPlainText() == "", "nothing of the note before the reason"
    give_reason(qtbot, page.reason_dialog, choice=1, words="the family called")
    qtbot.waitUntil(lambda: page.details is not None)
    assert page.original_field.toPlainText() == NOTE

    navigator = window.workspace_view.navigator
    assert navigator.back()
    navigator.open_page(PageRef("encounter", {"id": team.adverse}))
    again = top_page(qtbot, window, ReviewNotePage)

    assert again.reason_dialog is None, "asked once per note while unlocked"
    assert _views(window, team.adverse) == ["Following up a complaint: the family called"] * 2


def test_cancelling_the_reason_shows_nothing_of_the_note_and_writes_no_view(
    qtbot, window: MainWindow, team: TeamNotes
) -> None:  # noqa: ANN001
    page = _opened_asking(qtbot, window, team.adverse)

    with qtbot.waitSignal(page.reason_dialog.rejected):
        qtbot.keyClick(page.reason_dialog.details_field, Qt.Key.Key_Escape)

    assert window.workspace_view.navigator.current_page is None, "back where the supervisor was"
    assert page.details is None and page.original_field.toPlainText() == ""
    assert _views(window, team.adverse) == []
