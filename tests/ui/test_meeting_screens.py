"""The meeting screens: recording a meeting (attendance as a count, never a list of residents) with the
commitments made there, a commitment's status changed from the keyboard, a translation kept beside the
original, and the commitments still open across meetings, overdue ones in the Meetings section and on
Home."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from liaison_desktop.ui.home.home_view import HomeView
from liaison_desktop.ui.meetings.meeting_form_page import MeetingFormPage
from liaison_desktop.ui.meetings.meeting_page import MeetingPage
from liaison_desktop.ui.meetings.meetings_view import MeetingsView
from liaison_desktop.ui.shell.main_window import MainWindow
from liaison_desktop.ui.shell.navigation import PageRef

from .officer_records import OfficerRecords, make_officer_records, open_profile, top_page


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


def _meetings_section(qtbot, window: MainWindow) -> MeetingsView:  # noqa: ANN001
    window.workspace_view.show_section("meetings")
    view = window.workspace_view.navigator.section_screen("meetings")
    assert isinstance(view, MeetingsView)
    qtbot.waitUntil(lambda: view.loaded_once)
    return view


def _rows(model) -> list[list[str]]:  # noqa: ANN001
    return [
        [model.item(row, column).text() for column in range(model.columnCount())]
        for row in range(model.rowCount())
    ]


def _commitments(window: MainWindow, meeting_id: str) -> list[tuple[str, str | None, str | None, str]]:
    rows = window.session.workspace.meetings.commitments_of(meeting_id)
    return sorted((r["description"], r["owner"], r["due_on"], r["status"]) for r in rows)


def _meeting_page(qtbot, window: MainWindow, meeting_id: str) -> MeetingPage:  # noqa: ANN001
    window.workspace_view.navigator.open_page(PageRef("meeting", {"id": meeting_id}))
    return top_page(qtbot, window, MeetingPage)


def test_a_meeting_with_its_attendance_count_and_two_commitments_is_recorded_by_keyboard(
    qtbot, window: MainWindow
) -> None:  # noqa: ANN001
    view = _meetings_section(qtbot, window)
    view.new_button.setFocus()
    qtbot.keyClick(view.new_button, Qt.Key.Key_Space)
    page = top_page(qtbot, window, MeetingFormPage)

    qtbot.keyClick(page.kind_box, Qt.Key.Key_Down)  # town hall → listening session
    qtbot.keyClicks(page.name_field, "Riverside listening session")
    qtbot.keyClick(page.attendance_field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(page.attendance_field, "37")
    qtbot.keyClicks(page.facilitators_field, "Officer Bennett")
    qtbot.keyClicks(page.organizations_field, "Riverside Tenants' Association")
    qtbot.keyClick(page.organizations_field, Qt.Key.Key_Return)
    qtbot.keyClicks(page.organizations_field, "Somali Community Council")
    fields = page.commitment_fields
    qtbot.keyClicks(fields.description_field, "Ask the city for a crossing guard")
    qtbot.keyClicks(fields.owner_field, "Officer Bennett")
    qtbot.keyClick(fields.owner_field, Qt.Key.Key_Return)
    qtbot.keyClicks(fields.description_field, "Share the minutes in Somali")
    qtbot.keyClick(fields.no_due_box, Qt.Key.Key_Space)
    qtbot.keyClick(fields.description_field, Qt.Key.Key_Return)
    assert _rows(page.commitment_model)[1] == [
        "Share the minutes in Somali",
        "Officer Bennett",
        "No due date",
    ]
    page.save_button.setFocus()
    qtbot.keyClick(page.save_button, Qt.Key.Key_Space)

    shown = top_page(qtbot, window, MeetingPage)
    meeting = window.session.workspace.meetings.get(shown.meeting_id)
    assert (meeting["kind"], meeting["title"], meeting["attendance_count"]) == (
        "listening_session",
        "Riverside listening session",
        37,
    )
    assert meeting["facilitators"] == ["Officer Bennett"]
    assert meeting["organizations"] == ["Riverside Tenants' Association", "Somali Community Council"]
    due = (dt.date.today() + dt.timedelta(days=14)).isoformat()
    assert _commitments(window, shown.meeting_id) == [
        ("Ask the city for a crossing guard", "Officer Bennett", due, "open"),
        ("Share the minutes in Somali", "Officer Bennett", None, "open"),
    ]
    assert shown.fact_values["attendance_count"].text() == "37 people"
    assert (
        shown.fact_values["organizations"].text()
        == "Riverside Tenants' Association, Somali Community Council"
    )
    assert [row[0] for row in _rows(shown.commitment_model)] == [
        "Ask the city for a crossing guard",
        "Share the minutes in Somali",
    ]


def test_a_meeting_is_corrected_from_its_page_and_only_the_changed_fields_are_written(
    qtbot, window: MainWindow, records: OfficerRecords
) -> None:  # noqa: ANN001
    meetings = window.session.workspace.meetings
    before = meetings.get(records.meeting)
    page = _meeting_page(qtbot, window, records.meeting)
    qtbot.waitUntil(lambda: page.details is not None)
    page.edit_button.setFocus()
    qtbot.keyClick(page.edit_button, Qt.Key.Key_Space)
    form = top_page(qtbot, window, MeetingFormPage)
    assert form.title_label.text() == "Edit meeting"
    assert form.commitments_panel.isHidden()
    assert form.name_field.text() == (before.get("title") or "")
    assert not form.has_unsaved_text()

    form.attendance_field.selectAll()
    qtbot.keyClicks(form.attendance_field, "52")
    form.organizations_field.setFocus()
    qtbot.keyClick(form.organizations_field, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    if form.organizations_field.toPlainText():
        qtbot.keyClick(form.organizations_field, Qt.Key.Key_Return)
    qtbot.keyClicks(form.organizations_field, "Eastside Youth League")
    assert form.edited_fields() == {"attendance_count", "organizations"}
    form.save_button.setFocus()
    qtbot.keyClick(form.save_button, Qt.Key.Key_Space)

    shown = top_page(qtbot, window, MeetingPage)
    assert shown.meeting_id == records.meeting
    after = meetings.get(records.meeting)
    assert after["attendance_count"] == 52
    assert after["organizations"][-1] == "Eastside Youth League"
    unchanged = set(before) - {"attendance_count", "organizations", "updated_hlc", "field_hlc", "version"}
    assert {name: after.get(name) for name in unchanged} == {name: before.get(name) for name in unchanged}
    qtbot.waitUntil(lambda: shown.fact_values["attendance_count"].text() == "52 people")


def test_editing_a_meeting_and_clearing_its_place_removes_the_place(
    qtbot, window: MainWindow, records: OfficerRecords
) -> None:  # noqa: ANN001
    meetings = window.session.workspace.meetings
    meetings.update(records.meeting, {"place": "Library annex"})
    window.workspace_view.navigator.open_page(PageRef("edit_meeting", {"id": records.meeting}))
    form = top_page(qtbot, window, MeetingFormPage)
    assert form.place_field.text() == "Library annex"
    form.place_field.clear()
    qtbot.keyClick(form.place_field, Qt.Key.Key_Return)  # Enter in a line saves

    top_page(qtbot, window, MeetingPage)
    assert meetings.get(records.meeting).get("place") is None


def test_a_commitment_is_marked_done_from_the_keyboard(
    qtbot, window: MainWindow, records: OfficerRecords
) -> None:  # noqa: ANN001
    meetings = window.session.workspace.meetings
    today = dt.date.today()
    meetings.add_commitment(records.meeting, "Share the minutes", due_on=today + dt.timedelta(days=2))
    lights = meetings.add_commitment(
        records.meeting, "Ask about the lights", due_on=today + dt.timedelta(days=9)
    )
    page = _meeting_page(qtbot, window, records.meeting)
    qtbot.waitUntil(lambda: page.commitment_model.rowCount() == 2)

    page.commitments_table.setFocus()
    qtbot.keyClick(page.commitments_table, Qt.Key.Key_Down)
    assert page.selected_commitment_id() == lights
    qtbot.keyClick(page.status_box, Qt.Key.Key_Down)  # open → in progress
    qtbot.keyClick(page.status_box, Qt.Key.Key_Down)  # → done
    assert page.status_box.currentText() == "Done"
    qtbot.keyClick(page.change_button, Qt.Key.Key_Space)

    qtbot.waitUntil(lambda: _rows(page.commitment_model)[1][3] == "Done")
    assert [row[3] for row in _rows(page.commitment_model)] == ["Open", "Done"]
    assert {r["description"]: r["status"] for r in meetings.commitments_of(records.meeting)} == {
        "Share the minutes": "open",
        "Ask about the lights": "done",
    }
    assert page.selected_commitment_id() == lights, "the changed commitment stays chosen"


def test_an_overdue_commitment_appears_first_in_the_commitments_view_and_on_home(
    qtbot, window: MainWindow, records: OfficerRecords
) -> None:  # noqa: ANN001
    meetings = window.session.workspace.meetings
    today = dt.date.today()
    meetings.add_commitment(records.meeting, "Plan the next session", due_on=today + dt.timedelta(days=20))
    meetings.add_commitment(
        records.meeting,
        "Ask for a crossing guard",
        owner="Officer Bennett",
        due_on=today - dt.timedelta(days=3),
    )

    view = _meetings_section(qtbot, window)
    qtbot.waitUntil(lambda: view.commitment_model.rowCount() == 2)
    due, description, owner, meeting, status = _rows(view.commitment_model)[0]
    assert (description, owner, meeting, status) == (
        "Ask for a crossing guard",
        "Officer Bennett",
        "Elm Park listening session",
        "Open",
    )
    assert due.endswith("(overdue)")
    assert view.commitments_summary.text() == "2 open, 1 of them overdue: the overdue are listed first."
    assert _rows(view.meeting_model)[0][4] == "2 open, 1 overdue"

    home = window.workspace_view.navigator.section_screen("home")
    assert isinstance(home, HomeView)
    commitments = home.blocks["commitments"]
    qtbot.waitUntil(lambda: commitments.total == 1)
    assert _plain(commitments.list.item(0).text()).startswith(
        "Ask for a crossing guard (Elm Park listening session): was due "
    )


def test_enter_on_a_meeting_in_the_section_opens_its_page(
    qtbot, window: MainWindow, records: OfficerRecords
) -> None:  # noqa: ANN001
    view = _meetings_section(qtbot, window)
    view.meetings_table.setFocus()
    view.meetings_table.setCurrentIndex(view.meeting_model.index(0, 0))

    qtbot.keyClick(view.meetings_table, Qt.Key.Key_Return)

    page = top_page(qtbot, window, MeetingPage)
    assert page.meeting_id == records.meeting
    assert page.title_label.text() == "Elm Park listening session"
    assert page.fact_values["facilitators"].text() == "Officer Bennett, Hoda Mansour"


def test_a_translation_of_the_concerns_is_kept_beside_the_original(
    qtbot, window: MainWindow, records: OfficerRecords
) -> None:  # noqa: ANN001
    window.session.workspace.meetings.update(
        records.meeting, {"concerns": "Rents went up twice this year.", "concerns_language": "en"}
    )
    page = _meeting_page(qtbot, window, records.meeting)
    qtbot.waitUntil(lambda: page.original_text.text() == "Rents went up twice this year.")
    page.language_box.setCurrentIndex(page.language_box.findData("ar"))

    page.translation_field.setPlainText("ارتفعت الإيجارات مرتين هذا العام.")  # QTest types ASCII only
    qtbot.keyClick(page.save_translation_button, Qt.Key.Key_Space)

    qtbot.waitUntil(lambda: page.translation_text.text() == "ارتفعت الإيجارات مرتين هذا العام.")
    assert page.original_text.text() == "Rents went up twice this year."
    assert page.original_caption.text() == "Original, in English"
    assert page.translation_box.currentText() == "Arabic"
    assert window.session.workspace.meetings.get(records.meeting)["translations"] == {
        "ar": "ارتفعت الإيجارات مرتين هذا العام."
    }
