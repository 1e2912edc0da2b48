"""Home, the first screen after unlock: the day at a glance. Each list stands under its count, the most
urgent first; Enter on an entry opens its record's page; an empty day says what to do next; a role sees
only the lists it may read; the day is read again when records change."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from liaison_desktop.app.who_writes import actor_for
from liaison_desktop.services.workspace import Workspace
from liaison_desktop.store.actor import Actor
from liaison_desktop.store.record_store import RecordStore
from liaison_desktop.ui.home.home_view import HomeBlock, HomeView
from liaison_desktop.ui.referrals.referral_page import ReferralPage
from liaison_desktop.ui.shell.main_window import MainWindow
from liaison_desktop.ui.shell.navigation import PageRef
from liaison_desktop.ui.shell.pages import PAGES

from .helpers import unlock_through_screen
from .officer_records import (
    CLINIC_NAME,
    PASSPHRASE,
    OfficerRecords,
    make_officer_records,
    open_profile,
    top_page,
)
from .test_unlock_and_lock import visible_texts

SUPERVISOR_ID = "05000000-0000-4000-8000-000000000003"


def _plain(text: str) -> str:
    """Without the Unicode isolates that keep names and dates in their own direction."""
    return "".join(ch for ch in text if ch not in "\u2066\u2067\u2068\u2069")


def _entries(block: HomeBlock) -> list[str]:
    return [_plain(block.list.item(row).text()) for row in range(block.list.count())]


def _home(qtbot, window: MainWindow) -> HomeView:  # noqa: ANN001
    view = window.workspace_view.navigator.section_screen("home")
    assert isinstance(view, HomeView)
    qtbot.waitUntil(lambda: view.day is not None)
    return view


def _a_busy_day(profiles, records: OfficerRecords) -> None:  # noqa: ANN001
    """Commitments made at the officer's meeting (one overdue, one due this week, one next month) and a
    note a supervisor returned, written into the officer's profile before it is opened."""
    unlocked = profiles.unlock(records.profile_id, PASSPHRASE)
    try:
        officer = Workspace(RecordStore(unlocked.engine, actor_for(unlocked.header, None)))
        today = dt.date.today()
        meetings = officer.meetings
        meetings.add_commitment(records.meeting, "Share the minutes", due_on=today + dt.timedelta(days=3))
        meetings.add_commitment(
            records.meeting, "Ask for a crossing guard", due_on=today - dt.timedelta(days=4)
        )
        meetings.add_commitment(
            records.meeting, "Plan the next session", due_on=today + dt.timedelta(days=30)
        )
        returned = officer.encounters.create_draft(
            {
                "occurred_at": (dt.datetime.now(dt.UTC) - dt.timedelta(days=5)).isoformat(),
                "kind": "walk_in",
                "participant_ids": [records.rosa],
                "summary": "Asked about a noise complaint",
            }
        )
        officer.encounters.submit(returned)
        supervisor = Actor(SUPERVISOR_ID, "supervisor", officer.actor.team_id)
        Workspace(RecordStore(unlocked.engine, supervisor)).reviews.review(
            returned, "returned", comment="Say where"
        )
    finally:
        unlocked.close()


@pytest.fixture
def records(profiles) -> OfficerRecords:  # noqa: ANN001
    return make_officer_records(profiles)


def test_home_opens_first_after_unlock_with_the_keyboard_on_the_most_urgent_list(
    qtbot, make_window, records: OfficerRecords
) -> None:  # noqa: ANN001
    window = open_profile(qtbot, make_window, records)
    home = _home(qtbot, window)

    assert window.workspace_view.navigator.section == "home"
    assert window.workspace_view.section_list.currentItem().text() == "Home"
    qtbot.waitUntil(lambda: window.focusWidget() is home.blocks["follow_ups"].list)


def test_each_list_shows_its_entries_under_its_count_the_most_urgent_first(
    qtbot, make_window, profiles, records: OfficerRecords
) -> None:  # noqa: ANN001
    _a_busy_day(profiles, records)
    window = open_profile(qtbot, make_window, records)
    home = _home(qtbot, window)
    blocks = home.blocks
    today = dt.date.today()

    assert blocks["follow_ups"].heading.text() == "1 overdue follow-up"
    [follow_up] = _entries(blocks["follow_ups"])
    assert follow_up.startswith(f"Hoda Mansour at {CLINIC_NAME}: follow-up was due ")
    assert blocks["commitments"].heading.text() == "2 commitments due this week or overdue"
    late, soon = _entries(blocks["commitments"])
    assert late.startswith("Ask for a crossing guard (Elm Park listening session): was due ")
    assert soon.startswith("Share the minutes (Elm Park listening session): due ")
    assert blocks["returned"].heading.text() == "1 note returned for changes"
    assert [entry.split(",")[0] for entry in _entries(blocks["returned"])] == ["Walk-in with Rosa Lima"]
    assert blocks["drafts"].heading.text() == "1 note in draft"
    assert [entry.split(",")[0] for entry in _entries(blocks["drafts"])] == ["Home visit with Hoda Mansour"]
    assert blocks["follow_ups"].list.accessibleName() == "1 overdue follow-up"
    assert home.summary_label.text() == "5 things need you: the most urgent are listed first."
    assert str(today.year) in home.title_label.text()


def test_enter_on_an_overdue_follow_up_opens_the_referral_page(
    qtbot, make_window, records: OfficerRecords
) -> None:  # noqa: ANN001
    window = open_profile(qtbot, make_window, records)
    follow_ups = _home(qtbot, window).blocks["follow_ups"].list
    window.activateWindow()
    follow_ups.setFocus()
    follow_ups.setCurrentRow(0)

    qtbot.keyClick(follow_ups, Qt.Key.Key_Return)

    page = top_page(qtbot, window, ReferralPage)
    assert page.referral_id == records.overdue_referral


def test_an_empty_day_says_what_to_do_next(qtbot, make_window, existing_profile) -> None:  # noqa: ANN001
    window = make_window()
    unlock_through_screen(qtbot, window, existing_profile.profile_id, existing_profile.passphrase)
    qtbot.waitUntil(lambda: window.workspace_view is not None)
    home = _home(qtbot, window)

    assert home.summary_label.text() == (
        "Nothing is overdue or waiting for you today. Open Contacts to record what comes next."
    )
    follow_ups = home.blocks["follow_ups"]
    assert follow_ups.heading.text() == "0 overdue follow-ups"
    assert follow_ups.list.isHidden() and not follow_ups.empty_label.isHidden()
    assert follow_ups.empty_label.text().startswith("No follow-up is overdue.")
    assert home.blocks["commitments"].empty_label.text().startswith("No commitment is due this week.")
    qtbot.waitUntil(lambda: window.focusWidget() is window.workspace_view.search_panel.field)


def test_an_ambassador_gets_their_feedback_workspace_instead_of_home_and_no_record_of_the_team(
    qtbot, make_window, profiles, records: OfficerRecords
) -> None:  # noqa: ANN001
    """The profile's database still holds an officer's referrals, meetings and notes (a shared laptop);
    an ambassador gets no Home of the team's work but their feedback workspace, and none of those
    records shows anywhere in it."""
    profiles.update_header(
        records.profile_id, user_id="0a000000-0000-4000-8000-000000000004", role="ambassador"
    )
    window = make_window()
    unlock_through_screen(qtbot, window, records.profile_id, PASSPHRASE)
    qtbot.waitUntil(lambda: window.workspace_view is not None)

    view = window.workspace_view
    assert [section.key for section in view.sections] == ["record_feedback", "my_feedback", "directory"]
    for section in view.sections:
        view.show_section(section.key)
    window.runner.wait_until_idle(10_000)
    qtbot.wait(50)
    shown = " ".join(visible_texts(window))
    for name in ("Hoda", "Mansour", "Elm Park listening session"):
        assert name not in shown


def test_the_day_is_read_again_when_a_referral_is_closed(qtbot, make_window, records: OfficerRecords) -> None:  # noqa: ANN001
    window = open_profile(qtbot, make_window, records)
    follow_ups = _home(qtbot, window).blocks["follow_ups"]
    assert follow_ups.total == 1

    window.session.workspace.referrals.change_status(records.overdue_referral, "declined")

    qtbot.waitUntil(lambda: follow_ups.total == 0)
    assert follow_ups.list.isHidden() and not follow_ups.empty_label.isHidden()


def test_tab_goes_from_the_side_bar_through_the_lists_with_entries_to_the_status_bar(
    qtbot, make_window, records: OfficerRecords
) -> None:  # noqa: ANN001
    window = open_profile(qtbot, make_window, records)
    home = _home(qtbot, window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.workspace_view.section_list.setFocus()

    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is home.blocks["follow_ups"].list
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is home.blocks["drafts"].list, "empty lists are skipped"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert window.statusBar().isAncestorOf(QApplication.focusWidget())


def test_enter_on_a_note_in_draft_opens_the_note_once_notes_have_a_page(
    qtbot, make_window, records: OfficerRecords
) -> None:  # noqa: ANN001
    if "encounter" not in PAGES:
        pytest.skip("notes have no page yet")
    window = open_profile(qtbot, make_window, records)
    drafts = _home(qtbot, window).blocks["drafts"].list
    window.activateWindow()
    drafts.setFocus()
    drafts.setCurrentRow(0)

    qtbot.keyClick(drafts, Qt.Key.Key_Return)

    navigator = window.workspace_view.navigator
    qtbot.waitUntil(lambda: navigator.current_ref == PageRef("encounter", {"id": records.encounter}))
