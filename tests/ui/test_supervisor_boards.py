"""The supervisor's Team board and Dashboard, driven through real widgets on a real SQLCipher profile.

The profile is made a supervisor's by its header, as a sign-in would; the team's records are written
into it by an officer's and an ambassador's workspaces, the rows a sync would have brought.
"""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCharts import QAbstractBarSeries
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from liaison_desktop.i18n.formatting import format_day_month
from liaison_desktop.services.workspace import Workspace
from liaison_desktop.store.actor import Actor
from liaison_desktop.ui.app import configure_application
from liaison_desktop.ui.dashboard.chart_panel import TABLE_TAB
from liaison_desktop.ui.dashboard.dashboard_view import DashboardView
from liaison_desktop.ui.feedback.board_view import FeedbackBoardView
from liaison_desktop.ui.referrals.referral_page import ReferralPage
from liaison_desktop.ui.reviews.review_note_page import ReviewNotePage
from liaison_desktop.ui.shell.main_window import MainWindow
from liaison_desktop.ui.shell.sections import sections_for
from liaison_desktop.ui.team_board.team_board_view import TeamBoardView

from .officer_records import top_page
from .test_feedback_screens import AMBASSADOR, SUPERVISOR, TEAM, RoleProfile, open_as, role_profile, write_as

OFFICER = Actor("0f000000-0000-4000-8000-000000000001", "officer", TEAM)
TODAY = dt.date.today()


@pytest.fixture
def supervisor(profiles) -> RoleProfile:  # noqa: ANN001
    return role_profile(profiles, "Sofia (supervisor)", SUPERVISOR, "supervisor")


def _team_work(workspace: Workspace) -> dict[str, str]:
    """An overdue referral follow-up and an adverse note awaiting review, by an officer of the team."""
    contact = workspace.contacts.create({"given_name": "Amina", "family_name": "Yusuf"})
    service = workspace.directory.create({"name": "Tenant Help Desk", "category": "housing"})
    referral = workspace.referrals.create(contact, service, follow_up_on=TODAY - dt.timedelta(days=2))
    note = workspace.encounters.create_draft(
        {
            "occurred_at": dt.datetime.now(dt.UTC).isoformat(),
            "kind": "field_visit",
            "neighborhood": "Eastside",
            "language": "ar",
            "adverse_interaction": True,
            "summary": "A stop that went badly",
        }
    )
    workspace.encounters.submit(note)
    return {"referral": referral, "note": note}


def _board(qtbot, window: MainWindow) -> TeamBoardView:  # noqa: ANN001
    window.workspace_view.show_section("team_board")
    board = window.workspace_view.navigator.section_screen("team_board")
    assert isinstance(board, TeamBoardView)
    qtbot.waitUntil(lambda: board.loaded_once)
    return board


def _dashboard(qtbot, window: MainWindow) -> DashboardView:  # noqa: ANN001
    window.workspace_view.show_section("dashboard")
    dashboard = window.workspace_view.navigator.section_screen("dashboard")
    assert isinstance(dashboard, DashboardView)
    qtbot.waitUntil(lambda: dashboard.loaded_once)
    return dashboard


def test_the_team_board_and_the_dashboard_are_a_supervisors_alone():
    for role in ("officer", "ambassador", "admin"):
        assert not {"team_board", "dashboard"} & {section.key for section in sections_for(role)}
    assert [section.key for section in sections_for("supervisor")][-2:] == ["team_board", "dashboard"]


def test_enter_on_an_overdue_follow_up_opens_its_referral(qtbot, make_window, profiles, supervisor) -> None:  # noqa: ANN001
    ids = write_as(profiles, supervisor, OFFICER, _team_work)
    window = open_as(qtbot, make_window, supervisor)
    board = _board(qtbot, window)
    follow_ups = board.blocks["follow_ups"]
    assert follow_ups.total == 1 and "1 overdue follow-up" in follow_ups.heading.text()
    follow_ups.list.setFocus()
    qtbot.keyClick(follow_ups.list, Qt.Key.Key_Return)
    page = top_page(qtbot, window, ReferralPage)
    assert page.referral_id == ids["referral"]


def test_an_adverse_note_awaiting_review_opens_for_review(qtbot, make_window, profiles, supervisor) -> None:  # noqa: ANN001
    ids = write_as(profiles, supervisor, OFFICER, _team_work)
    window = open_as(qtbot, make_window, supervisor)
    adverse = _board(qtbot, window).blocks["adverse"]
    assert adverse.total == 1
    text = adverse.list.item(0).text()
    assert "Eastside" in text and "awaiting your review" in text and "A stop" not in text
    adverse.list.setFocus()
    qtbot.keyClick(adverse.list, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(window.workspace_view.navigator.current_page, ReviewNotePage))
    assert window.workspace_view.navigator.current_page.encounter_id == ids["note"]


def test_an_empty_board_says_so_and_the_feedback_button_opens_the_feedback_board(
    qtbot, make_window, profiles, supervisor
) -> None:  # noqa: ANN001
    write_as(
        profiles,
        supervisor,
        Actor(AMBASSADOR, "ambassador", TEAM),
        lambda w: w.feedback.record({"topic": "Lights", "sentiment": "negative"}),
    )
    window = open_as(qtbot, make_window, supervisor)
    board = _board(qtbot, window)
    assert all(block.empty_label.isVisibleTo(board) for block in board.blocks.values())
    assert "1 piece of feedback awaits an answer" in board.feedback_heading.text()
    qtbot.mouseClick(board.feedback_button, Qt.MouseButton.LeftButton)
    assert window.workspace_view.navigator.section == "feedback_board"
    assert isinstance(window.workspace_view.navigator.section_screen("feedback_board"), FeedbackBoardView)


def test_the_dashboard_draws_this_weeks_notes_and_its_table_holds_the_same_numbers(
    qtbot, make_window, profiles, supervisor
) -> None:  # noqa: ANN001
    write_as(profiles, supervisor, OFFICER, _team_work)
    window = open_as(qtbot, make_window, supervisor)
    dashboard = _dashboard(qtbot, window)
    panel = dashboard.encounters
    assert panel.model.rowCount() == 12, "the last twelve weeks by default"
    header = [panel.model.headerData(c, Qt.Orientation.Horizontal) for c in range(panel.model.columnCount())]
    assert header == ["Week of", "Eastside", "Total"]
    assert (panel.cell(11, 1), panel.cell(11, 2)) == ("1", "1")
    (series,) = [s for s in panel.chart_view.chart().series() if isinstance(s, QAbstractBarSeries)]
    assert [bar_set.label() for bar_set in series.barSets()] == ["Eastside"]
    assert series.barSets()[0].at(11) == 1

    dashboard.grouping_box.setFocus()
    qtbot.keyClick(dashboard.grouping_box, Qt.Key.Key_Down)
    assert panel.model.headerData(1, Qt.Orientation.Horizontal) == "Arabic"


def test_every_chart_has_a_named_table_reached_by_keyboard(qtbot, make_window, profiles, supervisor) -> None:  # noqa: ANN001
    window = open_as(qtbot, make_window, supervisor)
    dashboard = _dashboard(qtbot, window)
    for panel in dashboard.panels:
        assert panel.table.accessibleName() == f"{panel.title}: table"
        tab_bar = panel.switch
        tab_bar.setFocus()
        qtbot.keyClick(tab_bar, Qt.Key.Key_Right)
        assert panel.switch.currentIndex() == TABLE_TAB and panel.table.isVisible()
    assert dashboard.commitments.caption.text() == "No commitment fell due in these weeks."


def test_a_range_ending_before_it_starts_is_refused_with_a_reason(
    qtbot, make_window, profiles, supervisor
) -> None:  # noqa: ANN001
    window = open_as(qtbot, make_window, supervisor)
    dashboard = _dashboard(qtbot, window)
    dashboard.from_field.setDate(dashboard.to_field.date().addDays(1))
    assert dashboard.error_label.isVisible()
    assert dashboard.error_label.text() == "The first day must be on or before the last day."


def test_in_arabic_the_charts_read_right_to_left_in_arabic_words(
    qtbot, qapp: QApplication, make_window, profiles, supervisor
) -> None:  # noqa: ANN001
    configure_application(qapp, "ar")
    window = open_as(qtbot, make_window, supervisor)
    dashboard = _dashboard(qtbot, window)
    chart = dashboard.sentiment.chart_view.chart()
    assert chart.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert chart.legend().reverseMarkers(), "the first entry of the legend on the right"
    (series,) = [s for s in chart.series() if isinstance(s, QAbstractBarSeries)]
    assert "Positive" not in [bar_set.label() for bar_set in series.barSets()]
    (weeks,) = [axis for axis in chart.axes(Qt.Orientation.Horizontal)]
    first_week = format_day_month(dashboard.dashboard.sentiment.weeks[0])
    assert weeks.categories()[-1] == first_week, "the first week on the right"
    assert chart.legend().font().families() == QApplication.font().families()
