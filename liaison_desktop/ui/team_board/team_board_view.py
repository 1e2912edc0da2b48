"""The supervisor's Team board: what must not fall through the cracks across their teams.

Three lists from `services/team_board.TeamBoard`, each under its count, the most pressing first: referral
follow-ups that are overdue, commitments still open (overdue first) from meetings and after-action
reviews, and adverse-interaction notes awaiting action; then how much feedback awaits an answer, with a
button to the Feedback board, which answers it (the board does not repeat it). Enter on an entry opens
its record's page: the referral, the meeting or review where the promise was made, the note for review.

The lists are read off the UI thread and read again when "records changed" names a kind they count,
whether the change was made here or came by sync.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from liaison_desktop.app import ChangeSet
from liaison_desktop.i18n.formatting import format_date
from liaison_desktop.services.home_board import HomeList, HomeRow
from liaison_desktop.services.team_board import AdverseList, AdverseRow, TeamBoard, TeamBoardLists
from liaison_desktop.ui import theme
from liaison_desktop.ui.accessibility import visible_words
from liaison_desktop.ui.error_messages import message_for
from liaison_desktop.ui.home.home_view import HomeBlock, commitment_text, follow_up_text
from liaison_desktop.ui.i18n import _, format_number, ngettext
from liaison_desktop.ui.record_words import encounter_kind_label
from liaison_desktop.ui.reviews.labels import officer_label
from liaison_desktop.ui.shell.navigation import PageRef
from liaison_desktop.ui.shell.pages import PAGES
from liaison_desktop.ui.shell.screen_context import ScreenContext
from liaison_desktop.ui.text_direction import align_with_layout, isolate

WATCHED_KINDS = frozenset(
    {
        "referral",
        "referral_event",
        "contact",
        "service",
        "meeting",
        "commitment",
        "after_action_review",
        "after_action_commitment",
        "encounter",
        "amendment",
        "review",
        "feedback",
    }
)


def adverse_text(row: AdverseRow) -> str:
    """ "Field visit in Eastside, Mar 2, 2026, Officer 0f000000: awaiting your review"."""
    where = (
        _("{kind} in {neighborhood}").format(
            kind=encounter_kind_label(row.kind), neighborhood=isolate(row.neighborhood)
        )
        if row.neighborhood
        else encounter_kind_label(row.kind)
    )
    if row.review_status == "returned":
        text = _("{note}, {date}, {officer}: returned to the officer, not amended yet")
    else:
        text = _("{note}, {date}, {officer}: awaiting your review")
    return text.format(
        note=where, date=isolate(format_date(row.occurred_on)), officer=officer_label(row.officer_id)
    )


def _as_home_list(found: AdverseList) -> HomeList:
    """The notes as rows a `HomeBlock` lists (it opens `kind` with `record_id`); the text is looked up by
    id, so the block needs to know nothing of notes."""
    return HomeList(
        [HomeRow("review_note", row.id, row.id, "", row.occurred_on) for row in found.rows], found.total
    )


class TeamBoardView(QWidget):
    def __init__(self, context: ScreenContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("team_board_view")
        self._context = context
        self._board = TeamBoard(context.session.workspace)
        self.lists: TeamBoardLists | None = None
        self._adverse: dict[str, AdverseRow] = {}

        title = QLabel(_("Team board"))
        title.setObjectName("team_board_title")
        theme.set_text_role(title, theme.TextRole.HEADING)
        align_with_layout(title)
        self.summary_label = QLabel(_("Loading the team's board…"))
        self.summary_label.setObjectName("team_board_summary")
        self.summary_label.setWordWrap(True)
        align_with_layout(self.summary_label)

        self.blocks: dict[str, HomeBlock] = {
            "follow_ups": HomeBlock(
                "team_follow_ups",
                lambda n: ngettext("{count} overdue follow-up", "{count} overdue follow-ups", n).format(
                    count=format_number(n)
                ),
                follow_up_text,
                _(
                    "No follow-up is overdue on the team. A referral shows here once its follow-up date has "
                    "passed without an outcome."
                ),
                self.open_record,
            ),
            "commitments": HomeBlock(
                "team_commitments",
                lambda n: ngettext("{count} open commitment", "{count} open commitments", n).format(
                    count=format_number(n)
                ),
                commitment_text_or_undated,
                _(
                    "No commitment is open. Promises made at a meeting or after an incident stay here "
                    "until they are marked done or dropped."
                ),
                self.open_record,
            ),
            "adverse": HomeBlock(
                "team_adverse",
                lambda n: ngettext(
                    "{count} adverse interaction awaiting action",
                    "{count} adverse interactions awaiting action",
                    n,
                ).format(count=format_number(n)),
                lambda row: adverse_text(self._adverse[row.record_id]),
                _(
                    "No adverse interaction awaits action. A note flagged as one shows here from its "
                    "submission until you approve it."
                ),
                self.open_record,
            ),
        }
        for block in self.blocks.values():
            block.hide()

        self.feedback_heading = QLabel()
        self.feedback_heading.setObjectName("team_board_feedback_count")
        theme.set_text_role(self.feedback_heading, theme.TextRole.SUBHEADING)
        align_with_layout(self.feedback_heading)
        self.feedback_button = QPushButton(theme.icon("feedback"), _("Open the &Feedback board"))
        self.feedback_button.setObjectName("team_board_open_feedback")
        self.feedback_button.setAccessibleName(visible_words(self.feedback_button.text()))
        self.feedback_button.clicked.connect(lambda: context.navigator.show_section("feedback_board"))
        feedback_row = QHBoxLayout()
        feedback_row.setContentsMargins(0, 0, 0, 0)
        feedback_row.addWidget(self.feedback_heading, 1)
        feedback_row.addWidget(self.feedback_button)
        self.feedback_block = QWidget()
        self.feedback_block.setObjectName("team_board_feedback")
        self.feedback_block.setLayout(feedback_row)
        self.feedback_block.hide()

        self.error_label = QLabel()
        self.error_label.setObjectName("team_board_error")
        self.error_label.setWordWrap(True)
        theme.set_text_role(self.error_label, theme.TextRole.ERROR)
        align_with_layout(self.error_label)
        self.error_label.hide()

        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.setSpacing(theme.spacing().l)
        content_layout.addWidget(self.summary_label)
        for block in self.blocks.values():
            content_layout.addWidget(block)
        content_layout.addWidget(self.feedback_block)
        content_layout.addWidget(self.error_label)
        content_layout.addStretch(1)
        scroller = QScrollArea()
        scroller.setWidgetResizable(True)
        scroller.setFrameShape(QFrame.Shape.NoFrame)
        scroller.setWidget(content)
        scroller.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(title)
        layout.addWidget(scroller, 1)
        self.reload()

    # -- reading ---------------------------------------------------------------------------------------

    @property
    def loaded_once(self) -> bool:
        return self.lists is not None

    def reload(self) -> None:
        self._context.runner.run(self._board.lists, self._show, self._failed, owner=self)

    def on_records_changed(self, changes: ChangeSet) -> None:
        if changes.kinds & WATCHED_KINDS:
            self.reload()

    def _show(self, lists: TeamBoardLists) -> None:
        self.error_label.hide()
        self._adverse = {row.id: row for row in lists.adverse.rows}
        self.blocks["follow_ups"].show_list(lists.follow_ups)
        self.blocks["commitments"].show_list(lists.commitments)
        self.blocks["adverse"].show_list(_as_home_list(lists.adverse))
        for block in self.blocks.values():
            block.show()
        waiting = lists.feedback_waiting
        self.feedback_heading.setText(
            ngettext(
                "{count} piece of feedback awaits an answer",
                "{count} pieces of feedback await an answer",
                waiting,
            ).format(count=format_number(waiting))
        )
        self.feedback_block.show()
        overdue = lists.follow_ups.total + lists.overdue_commitments
        needing = overdue + lists.adverse.total + waiting
        if needing:
            self.summary_label.setText(
                ngettext(
                    "{count} thing on the team needs attention: the most pressing is listed first.",
                    "{count} things on the team need attention: the most pressing are listed first.",
                    needing,
                ).format(count=format_number(needing))
            )
        else:
            self.summary_label.setText(
                _("Nothing on the team is overdue or waiting: every follow-up, note and answer is in hand.")
            )
        self.lists = lists

    def _failed(self, error: BaseException) -> None:
        self.error_label.setText(message_for(error))
        self.error_label.show()

    # -- acting ----------------------------------------------------------------------------------------

    def open_record(self, kind: str, record_id: str) -> None:
        if kind in PAGES:
            self._context.navigator.open_page(PageRef(kind, {"id": record_id}))

    def first_list(self) -> QListWidget | None:
        for block in self.blocks.values():
            if not block.isHidden() and block.has_rows:
                return block.list
        return None

    def focus_chain(self) -> list[QWidget]:
        return [
            *(widget for block in self.blocks.values() for widget in block.focus_chain()),
            self.feedback_button,
        ]


def commitment_text_or_undated(row: HomeRow) -> str:
    """A commitment as Home words it, or without a date when none was promised."""
    if row.on is None:
        return _("{commitment} ({meeting}): no due date").format(
            commitment=isolate(row.title), meeting=isolate(row.detail)
        )
    return commitment_text(row)
