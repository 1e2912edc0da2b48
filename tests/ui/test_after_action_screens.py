"""The after-action review screens: a review recorded through the form with the commitments made after an
incident (what the service refuses said under its field first), the reviews listed with how their
commitments stand, a commitment marked done and the follow-through following it, the community briefing
opened from the review and the review from the briefing, and a review's commitment on Home opening it."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from liaison_desktop.ui.after_action.review_form_page import AfterActionFormPage
from liaison_desktop.ui.after_action.review_page import AfterActionPage
from liaison_desktop.ui.after_action.reviews_view import AfterActionView
from liaison_desktop.ui.home.home_view import HomeView
from liaison_desktop.ui.meetings.meeting_page import MeetingPage
from liaison_desktop.ui.shell.main_window import MainWindow
from liaison_desktop.ui.shell.navigation import PageRef

from .conftest import PASSPHRASE
from .helpers import unlock_through_screen
from .officer_records import OfficerRecords, make_officer_records, open_profile, top_page

TODAY = dt.date.today()
INCIDENT = {
    "title": "Traffic stop outside the Elm Park market",
    "incident_on": TODAY - dt.timedelta(days=3),
    "neighborhood": "Elm Park",
    "what_happened": "A stop outside the market drew a crowd; residents filmed and were upset.",
    "what_happened_language": "en",
    "lessons": "Explain the reason for a stop out loud, in the language of the people around.",
}


@pytest.fixture
def records(profiles) -> OfficerRecords:  # noqa: ANN001
    return make_officer_records(profiles)


@pytest.fixture
def window(qtbot, make_window, records: OfficerRecords) -> MainWindow:  # noqa: ANN001
    window = open_profile(qtbot, make_window, records)
    window.activateWindow()
    return window


def _plain(text: str) -> str:
    return "".join(ch for ch in text if ch not in "\u2066\u2067\u2068\u2069")


def _section(qtbot, window: MainWindow) -> AfterActionView:  # noqa: ANN001
    assert window.workspace_view.show_section("after_action")
    view = window.workspace_view.navigator.section_screen("after_action")
    assert isinstance(view, AfterActionView)
    qtbot.waitUntil(lambda: view.loaded_once)
    return view


def _review_page(qtbot, window: MainWindow, review_id: str) -> AfterActionPage:  # noqa: ANN001
    window.workspace_view.navigator.open_page(PageRef("after_action_review", {"id": review_id}))
    return top_page(qtbot, window, AfterActionPage)


def _rows(model) -> list[list[str]]:  # noqa: ANN001
    return [
        [model.item(row, column).text() for column in range(model.columnCount())]
        for row in range(model.rowCount())
    ]


def test_the_section_comes_right_after_meetings_in_the_side_bar(window: MainWindow) -> None:
    keys = [section.key for section in window.workspace_view.sections]
    assert keys[keys.index("meetings") + 1] == "after_action"
    labels = [window.workspace_view.section_list.item(row).text() for row in range(len(keys))]
    assert labels[keys.index("after_action")] == "After-action reviews"


def test_an_empty_list_says_what_a_review_is_for_and_offers_new_review(qtbot, window: MainWindow) -> None:  # noqa: ANN001
    view = _section(qtbot, window)

    assert view.summary_label.text().startswith("No after-action review yet. After an incident, a review")
    assert not view.table.isVisible()
    assert view.new_button.isVisible() and view.new_button.text() == "&New review"


def test_a_review_with_two_commitments_is_recorded_after_a_missing_title_is_pointed_out_under_its_field(
    qtbot, window: MainWindow, records: OfficerRecords
) -> None:  # noqa: ANN001
    view = _section(qtbot, window)
    view.new_button.setFocus()
    qtbot.keyClick(view.new_button, Qt.Key.Key_Space)
    form = top_page(qtbot, window, AfterActionFormPage)
    assert form.privacy_note.text().startswith("A review records facts and places, not names")

    qtbot.keyClicks(form.neighborhood_field, "Elm Park")
    qtbot.keyClick(form.save_button, Qt.Key.Key_Space)

    qtbot.waitUntil(lambda: form.problem_fields() == ["title"])
    assert form.messages["title"].text().startswith("Give the review a title")
    assert form.name_field.accessibleDescription() == form.messages["title"].text()
    assert form.name_field.hasFocus()
    assert window.session.workspace.after_action.recent() == []

    qtbot.keyClicks(form.name_field, "Traffic stop outside the market")
    qtbot.keyClicks(form.what_happened_field, "A stop outside the market drew a crowd.")
    qtbot.keyClicks(form.lessons_field, "Explain the reason for a stop out loud.")
    qtbot.waitUntil(lambda: form.choices is not None)
    form.briefing_box.setFocus()
    qtbot.keyClick(form.briefing_box, Qt.Key.Key_Down)  # none → the listening session
    assert _plain(form.briefing_box.currentText()).startswith(
        "Elm Park listening session (Listening session, "
    )
    fields = form.commitment_fields
    qtbot.keyClicks(fields.description_field, "Brief the market association")
    qtbot.keyClicks(fields.owner_field, "Officer Bennett")
    qtbot.keyClick(fields.owner_field, Qt.Key.Key_Return)
    qtbot.keyClicks(fields.description_field, "Share the statement in Arabic")
    qtbot.keyClick(fields.no_due_box, Qt.Key.Key_Space)
    qtbot.keyClick(fields.description_field, Qt.Key.Key_Return)
    assert [row[0] for row in _rows(form.commitment_model)] == [
        "Brief the market association",
        "Share the statement in Arabic",
    ]
    qtbot.keyClick(form.save_button, Qt.Key.Key_Space)

    page = top_page(qtbot, window, AfterActionPage)
    after_action = window.session.workspace.after_action
    review = after_action.get(page.review_id)
    assert (review["title"], review["neighborhood"], review["status"]) == (
        "Traffic stop outside the market",
        "Elm Park",
        "open",
    )
    assert (review["briefing_meeting_id"], review["what_happened_language"]) == (records.meeting, "en")
    due = (TODAY + dt.timedelta(days=14)).isoformat()
    assert sorted(
        (c["description"], c["owner"], c["due_on"]) for c in after_action.commitments_of(page.review_id)
    ) == [
        ("Brief the market association", "Officer Bennett", due),
        ("Share the statement in Arabic", "Officer Bennett", None),
    ]
    assert page.title_label.text() == "Traffic stop outside the market"
    assert page.follow_through_label.text() == "0 of 2 commitments done"


def test_enter_on_a_review_in_the_list_opens_its_page(qtbot, window: MainWindow) -> None:  # noqa: ANN001
    after_action = window.session.workspace.after_action
    review_id = after_action.create(
        INCIDENT,
        [
            {"description": "Call the market association", "due_on": TODAY - dt.timedelta(days=1)},
            {"description": "Hold a second briefing", "due_on": TODAY + dt.timedelta(days=9)},
        ],
    )
    view = _section(qtbot, window)
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)
    date, title, neighborhood, status, follow_through = _rows(view.model)[0]
    assert (title, neighborhood, status, follow_through) == (
        "Traffic stop outside the Elm Park market",
        "Elm Park",
        "Open",
        "0 of 2 commitments done, 1 overdue",
    )
    view.table.setFocus()
    view.table.setCurrentIndex(view.model.index(0, 0))

    qtbot.keyClick(view.table, Qt.Key.Key_Return)

    page = top_page(qtbot, window, AfterActionPage)
    assert page.review_id == review_id
    assert page.original_text.text() == INCIDENT["what_happened"]
    assert page.original_caption.text() == "Original, in English"
    assert page.lessons_text.text() == INCIDENT["lessons"]
    assert page.fact_values["neighborhood"].text() == "Elm Park"


def test_marking_a_commitment_done_changes_the_follow_through_on_the_page_and_in_the_list(
    qtbot, window: MainWindow
) -> None:  # noqa: ANN001
    after_action = window.session.workspace.after_action
    review_id = after_action.create(
        INCIDENT,
        [
            {"description": "Call the market association", "due_on": TODAY - dt.timedelta(days=1)},
            {"description": "Hold a second briefing", "due_on": TODAY + dt.timedelta(days=9)},
        ],
    )
    view = _section(qtbot, window)
    page = _review_page(qtbot, window, review_id)
    qtbot.waitUntil(lambda: page.commitment_model.rowCount() == 2)
    assert page.follow_through_label.text() == "0 of 2 commitments done, 1 overdue"
    assert _rows(page.commitment_model)[0][2].endswith("(overdue)")

    page.commitments_table.setFocus()
    page.commitments_table.setCurrentIndex(page.commitment_model.index(0, 0))
    page.status_box.setFocus()
    qtbot.keyClick(page.status_box, Qt.Key.Key_Down)  # open → in progress
    qtbot.keyClick(page.status_box, Qt.Key.Key_Down)  # → done
    assert page.status_box.currentText() == "Done"
    qtbot.keyClick(page.change_button, Qt.Key.Key_Space)

    qtbot.waitUntil(lambda: page.follow_through_label.text() == "1 of 2 commitments done")
    assert [row[3] for row in _rows(page.commitment_model)] == ["Done", "Open"]
    assert after_action.follow_through(review_id).done == 1
    qtbot.waitUntil(lambda: _rows(view.model)[0][4] == "1 of 2 commitments done")


def test_a_commitment_added_on_the_page_is_saved_at_once(qtbot, window: MainWindow) -> None:  # noqa: ANN001
    review_id = window.session.workspace.after_action.create(INCIDENT)
    page = _review_page(qtbot, window, review_id)
    assert page.follow_through_label.text() == "No commitments"

    qtbot.keyClicks(page.commitment_fields.description_field, "Print the statement in Somali")
    qtbot.keyClick(page.commitment_fields.description_field, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: page.commitment_model.rowCount() == 1)
    assert _rows(page.commitment_model)[0][0] == "Print the statement in Somali"
    assert page.follow_through_label.text() == "0 of 1 commitment done"


def test_a_review_is_closed_and_reopened_from_its_page(qtbot, window: MainWindow) -> None:  # noqa: ANN001
    after_action = window.session.workspace.after_action
    review_id = after_action.create(INCIDENT)
    page = _review_page(qtbot, window, review_id)
    assert page.fact_values["status"].text() == "Open"

    qtbot.keyClick(page.close_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: page.fact_values["status"].text() == "Closed")
    assert after_action.get(review_id)["status"] == "closed"
    assert page.reopen_button.isVisible() and not page.close_button.isVisible()

    qtbot.keyClick(page.reopen_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: page.fact_values["status"].text() == "Open")
    assert after_action.get(review_id)["status"] == "open"


def test_edit_review_changes_only_what_was_retyped(
    qtbot, window: MainWindow, records: OfficerRecords
) -> None:  # noqa: ANN001
    after_action = window.session.workspace.after_action
    review_id = after_action.create({**INCIDENT, "briefing_meeting_id": records.meeting})
    page = _review_page(qtbot, window, review_id)

    qtbot.keyClick(page.edit_button, Qt.Key.Key_Space)
    form = top_page(qtbot, window, AfterActionFormPage)
    assert form.name_field.text() == INCIDENT["title"]
    qtbot.waitUntil(lambda: form.choices is not None)
    assert form.briefing_box.currentData() == records.meeting
    assert not form.commitments_panel.isVisibleTo(form), "an existing review's commitments are on its page"
    form.neighborhood_field.selectAll()
    qtbot.keyClicks(form.neighborhood_field, "Northgate")
    qtbot.keyClick(form.save_button, Qt.Key.Key_Space)

    shown = top_page(qtbot, window, AfterActionPage)
    qtbot.waitUntil(lambda: shown.fact_values["neighborhood"].text() == "Northgate")
    review = after_action.get(review_id)
    assert (review["neighborhood"], review["title"], review["briefing_meeting_id"]) == (
        "Northgate",
        INCIDENT["title"],
        records.meeting,
    )


def test_the_briefing_opens_the_meeting_page_which_lists_the_review(
    qtbot, window: MainWindow, records: OfficerRecords
) -> None:  # noqa: ANN001
    review_id = window.session.workspace.after_action.create(
        {**INCIDENT, "briefing_meeting_id": records.meeting}
    )
    page = _review_page(qtbot, window, review_id)
    assert page.briefing_button.isVisible()
    assert _plain(page.briefing_label.text()).startswith("Elm Park listening session (Listening session, ")

    qtbot.keyClick(page.briefing_button, Qt.Key.Key_Space)

    meeting = top_page(qtbot, window, MeetingPage)
    assert meeting.meeting_id == records.meeting
    qtbot.waitUntil(lambda: meeting.reviews_list.count() == 1)
    assert meeting.reviews_list.isVisible()
    assert _plain(meeting.reviews_list.item(0).text()).startswith(
        "Traffic stop outside the Elm Park market, "
    )
    meeting.reviews_list.setFocus()
    qtbot.keyClick(meeting.reviews_list, Qt.Key.Key_Return)
    assert top_page(qtbot, window, AfterActionPage).review_id == review_id


def test_a_review_commitment_on_home_opens_the_review(qtbot, window: MainWindow) -> None:  # noqa: ANN001
    review_id = window.session.workspace.after_action.create(
        INCIDENT, [{"description": "Brief the market association", "due_on": TODAY - dt.timedelta(days=2)}]
    )
    assert window.workspace_view.show_section("home")
    home = window.workspace_view.navigator.section_screen("home")
    assert isinstance(home, HomeView)
    commitments = home.blocks["commitments"].list
    qtbot.waitUntil(lambda: commitments.count() == 1)
    assert _plain(commitments.item(0).text()).startswith(
        "Brief the market association (Traffic stop outside the Elm Park market): was due "
    )
    commitments.setFocus()
    commitments.setCurrentRow(0)

    qtbot.keyClick(commitments, Qt.Key.Key_Return)

    assert top_page(qtbot, window, AfterActionPage).review_id == review_id


def test_text_typed_in_the_form_survives_a_lock_and_unlock(
    qtbot, window: MainWindow, records: OfficerRecords
) -> None:  # noqa: ANN001
    view = _section(qtbot, window)
    view.new_review()
    form = top_page(qtbot, window, AfterActionFormPage)
    qtbot.keyClicks(form.name_field, "Stop outside the market")
    qtbot.keyClicks(form.what_happened_field, "A crowd gathered.")
    qtbot.waitUntil(lambda: form.choices is not None)
    form.briefing_box.setCurrentIndex(form.briefing_box.findData(records.meeting))
    qtbot.keyClicks(form.commitment_fields.description_field, "Call back")
    qtbot.keyClick(form.commitment_fields.description_field, Qt.Key.Key_Return)

    window.lock()
    assert window.workspace_view is None
    unlock_through_screen(qtbot, window, records.profile_id, PASSPHRASE)
    qtbot.waitUntil(lambda: window.workspace_view is not None)

    restored = top_page(qtbot, window, AfterActionFormPage)
    assert restored is not form
    assert restored.name_field.text() == "Stop outside the market"
    assert restored.what_happened_field.toPlainText() == "A crowd gathered."
    assert [c.description for c in restored.commitments] == ["Call back"]
    qtbot.waitUntil(lambda: restored.choices is not None)
    assert restored.briefing_box.currentData() == records.meeting
