"""The sections of an open profile, in the order the side bar lists them.

A section is a screen reached from the side bar (Ctrl+1…9 in this order). Which sections a person sees
follows their role: a section that lists a record type their role may not read is not offered at all
(the services would refuse its reads anyway; a screen of refusals helps nobody). A new screen registers
here, not in the workspace.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from liaison_desktop.services.permissions import may_read_type, may_write_type
from liaison_desktop.ui.i18n import _
from liaison_desktop.ui.shell.navigation import PageRef
from liaison_desktop.ui.shell.screen_context import ScreenContext


@dataclass(frozen=True)
class Section:
    key: str
    label: Callable[[], str]  # called when the side bar is built, so it follows the language
    icon: str  # a word of ui/theme/icons.VOCABULARY
    reads: str | None  # the record type the section lists; None: always offered
    build: Callable[[ScreenContext], QWidget]
    # The roles whose work the section is built for, when reading its records is not enough to say:
    # supervisors read feedback but do not record it; an ambassador's Home would list nothing.
    roles: frozenset[str] | None = None
    writes: str | None = None  # a record type the role must also write (reviews: supervisors only)

    def offered_to(self, role: str) -> bool:
        if self.roles is not None and role not in self.roles:
            return False
        reads = self.reads is None or may_read_type(role, self.reads)
        return reads and (self.writes is None or may_write_type(role, self.writes))


def _home(context: ScreenContext) -> QWidget:
    from liaison_desktop.ui.home.home_view import HomeView

    view = HomeView(context)
    context.bridge.records_changed.connect(view.on_records_changed)
    return view


def _meetings(context: ScreenContext) -> QWidget:
    from liaison_desktop.ui.meetings.meetings_view import MeetingsView

    view = MeetingsView(context)
    context.bridge.records_changed.connect(view.on_records_changed)
    return view


def _after_action(context: ScreenContext) -> QWidget:
    from liaison_desktop.ui.after_action.reviews_view import AfterActionView

    view = AfterActionView(context)
    context.bridge.records_changed.connect(view.on_records_changed)
    return view


def _contacts(context: ScreenContext) -> QWidget:
    from liaison_desktop.ui.contacts.contacts_view import ContactsView
    from liaison_desktop.ui.contacts.csv_transfer import ContactCsv

    view = ContactsView(context.session.contacts, context.runner, csv=ContactCsv.for_session(context.session))
    context.bridge.records_changed.connect(view.on_records_changed)
    view.contact_opened.connect(
        lambda contact_id: context.navigator.open_page(PageRef("contact", {"id": contact_id}))
    )
    view.new_contact_requested.connect(lambda: context.navigator.open_page(PageRef("new_contact", {})))
    return view


def _referrals(context: ScreenContext) -> QWidget:
    from liaison_desktop.ui.referrals.referrals_view import ReferralsView

    view = ReferralsView(context)
    context.bridge.records_changed.connect(view.on_records_changed)
    return view


def _notes(context: ScreenContext) -> QWidget:
    from liaison_desktop.ui.encounters.notes_view import NotesView

    view = NotesView(context)
    context.bridge.records_changed.connect(view.on_records_changed)
    return view


def _review_queue(context: ScreenContext) -> QWidget:
    from liaison_desktop.ui.reviews.review_queue_view import ReviewQueueView

    view = ReviewQueueView(context)
    context.bridge.records_changed.connect(view.on_records_changed)
    return view


def _record_feedback(context: ScreenContext) -> QWidget:
    from liaison_desktop.ui.feedback.record_feedback_view import RecordFeedbackView

    return RecordFeedbackView(context)


def _my_feedback(context: ScreenContext) -> QWidget:
    from liaison_desktop.ui.feedback.my_feedback_view import MyFeedbackView

    view = MyFeedbackView(context)
    context.bridge.records_changed.connect(view.on_records_changed)
    return view


def _directory(context: ScreenContext) -> QWidget:
    from liaison_desktop.ui.directory.directory_view import DirectoryView

    view = DirectoryView(context)
    context.bridge.records_changed.connect(view.on_records_changed)
    return view


def _feedback_board(context: ScreenContext) -> QWidget:
    from liaison_desktop.ui.feedback.board_view import FeedbackBoardView

    view = FeedbackBoardView(context)
    context.bridge.records_changed.connect(view.on_records_changed)
    return view


def _team_board(context: ScreenContext) -> QWidget:
    from liaison_desktop.ui.team_board.team_board_view import TeamBoardView

    view = TeamBoardView(context)
    context.bridge.records_changed.connect(view.on_records_changed)
    return view


def _dashboard(context: ScreenContext) -> QWidget:
    from liaison_desktop.ui.dashboard.dashboard_view import DashboardView

    view = DashboardView(context)
    context.bridge.records_changed.connect(view.on_records_changed)
    return view


# An ambassador's workspace is these three and nothing else: no Home of the team's work.
AMBASSADOR = frozenset({"ambassador"})

SECTIONS: list[Section] = [
    Section("home", lambda: _("Home"), "home", None, _home, frozenset({"officer", "supervisor", "admin"})),
    Section("contacts", lambda: _("Contacts"), "users", "contact", _contacts),
    Section("referrals", lambda: _("Referrals"), "referral", "referral", _referrals),
    Section("meetings", lambda: _("Meetings"), "meeting", "meeting", _meetings),
    Section(
        "after_action",
        lambda: _("After-action reviews"),
        "warning",
        "after_action_review",
        _after_action,
    ),
    Section("notes", lambda: _("Notes"), "note", "encounter", _notes),
    Section("review_queue", lambda: _("Review queue"), "check", "encounter", _review_queue, writes="review"),
    Section(
        "record_feedback", lambda: _("Record feedback"), "feedback", "feedback", _record_feedback, AMBASSADOR
    ),
    Section("my_feedback", lambda: _("My feedback"), "answers", "feedback", _my_feedback, AMBASSADOR),
    Section("directory", lambda: _("Service directory"), "directory", "service", _directory, AMBASSADOR),
    Section(
        "feedback_board",
        lambda: _("Feedback"),
        "feedback",
        "feedback",
        _feedback_board,
        frozenset({"supervisor"}),
    ),
    # Across the supervisor's teams; an admin's scope holds none of the records these count.
    Section(
        "team_board", lambda: _("Team board"), "board", "referral", _team_board, frozenset({"supervisor"})
    ),
    Section("dashboard", lambda: _("Dashboard"), "chart", "encounter", _dashboard, frozenset({"supervisor"})),
]


def sections_for(role: str) -> list[Section]:
    return [section for section in SECTIONS if section.offered_to(role)]
