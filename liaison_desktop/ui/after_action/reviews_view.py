"""The after-action reviews section: after an incident, what happened, the community briefing held about
it and the lessons learned, with every promise made tracked until it is kept. Reviews are listed open
first, the most recent incident first, each with how its commitments stand ("2 of 3 commitments done,
1 overdue"). Enter opens a review's page; New review opens the form.

The list is read off the UI thread (`AfterActionBoard`) and read again when "records changed" names
reviews or their commitments, whether the change was made here or came by sync.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor, QStandardItemModel
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from liaison_desktop.app import ChangeSet
from liaison_desktop.i18n.formatting import format_date
from liaison_desktop.services.after_action_board import AfterActionBoard, ReviewRow
from liaison_desktop.services.permissions import may_write_type
from liaison_desktop.ui import theme
from liaison_desktop.ui.accessibility import name_from_label, visible_words
from liaison_desktop.ui.after_action.labels import follow_through_text, review_status_label
from liaison_desktop.ui.error_messages import message_for
from liaison_desktop.ui.i18n import _, format_number, ngettext
from liaison_desktop.ui.meetings.meetings_view import ID_ROLE, flat_table, keep_current, table_row
from liaison_desktop.ui.screen_state import ScreenState
from liaison_desktop.ui.shell.navigation import PageRef
from liaison_desktop.ui.shell.screen_context import ScreenContext
from liaison_desktop.ui.text_direction import align_with_layout

WATCHED_KINDS = frozenset({"after_action_review", "after_action_commitment"})
TITLE_COLUMN, FOLLOW_THROUGH_COLUMN = 1, 4


def stretch_column(table: QTreeView, stretched: int) -> None:
    """One column takes what the others leave, and the others are as wide as their texts: a status, a date
    or a follow-through is never cut short (in Spanish, French or Chinese they are longer), a long title
    or description is."""
    header = table.header()
    header.setStretchLastSection(False)
    for column in range(table.model().columnCount()):
        header.setSectionResizeMode(
            column,
            QHeaderView.ResizeMode.Stretch
            if column == stretched
            else QHeaderView.ResizeMode.ResizeToContents,
        )


def empty_text() -> str:
    return _(
        "No after-action review yet. After an incident, a review records what happened, the briefing "
        "held for the community and the lessons learned, and follows each promise made until it is "
        "kept. Choose New review to start one."
    )


class AfterActionView(QWidget):
    def __init__(self, context: ScreenContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("after_action_view")
        self._context = context
        self._board = AfterActionBoard(context.session.workspace)
        self.reviews: list[ReviewRow] = []
        self.loaded_once = False
        self._restore: ScreenState | None = None

        self.summary_label = QLabel(_("Loading after-action reviews…"))
        self.summary_label.setObjectName("after_action_summary")
        self.summary_label.setWordWrap(True)
        align_with_layout(self.summary_label)
        self.new_button = QPushButton(theme.icon("add"), _("&New review"), self)
        self.new_button.setObjectName("new_after_action_review")
        self.new_button.setAccessibleName(visible_words(self.new_button.text()))
        self.new_button.setAccessibleDescription(_("Record what happened after an incident"))
        self.new_button.clicked.connect(self.new_review)
        if not may_write_type(context.session.role, "after_action_review"):
            self.new_button.hide()  # hide() only: shown before it has a parent, it would open as a window

        self.model = QStandardItemModel(0, 5, self)
        self.model.setHorizontalHeaderLabels(
            [_("Incident date"), _("Title"), _("Neighborhood"), _("Status"), _("Follow-through")]
        )
        self.table = flat_table("after_action_table", self.model, (22, 44, 18, 12))
        stretch_column(self.table, TITLE_COLUMN)
        self.table.activated.connect(self._open)
        self.table_label = QLabel(_("After-action &reviews"))
        theme.set_text_role(self.table_label, theme.TextRole.SUBHEADING)
        align_with_layout(self.table_label)
        name_from_label(self.table_label, self.table)
        self.table.setAccessibleDescription(_("Enter opens the review"))

        top = QHBoxLayout()
        top.addWidget(self.summary_label, 1)
        top.addWidget(self.new_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table_label)
        layout.addWidget(self.table, 1)
        self.reload()

    # -- reading ---------------------------------------------------------------------------------------

    def reload(self) -> None:
        board = self._board
        self._context.runner.run(board.recent, self._show, self._failed, owner=self)

    def on_records_changed(self, changes: ChangeSet) -> None:
        if changes.kinds & WATCHED_KINDS:
            self.reload()

    def _show(self, reviews: list[ReviewRow]) -> None:
        self.reviews = reviews
        self.loaded_once = True
        current = self.table.currentIndex().row()
        self.model.removeRows(0, self.model.rowCount())
        danger = QColor(theme.colors().danger)
        for review in reviews:
            texts = [
                format_date(review.incident_on),
                review.title,
                review.neighborhood,
                review_status_label(review.status),
                follow_through_text(review.follow_through),
            ]
            items = table_row(texts, review.id, False)
            if review.follow_through.overdue:
                items[FOLLOW_THROUGH_COLUMN].setForeground(danger)
            self.model.appendRow(items)
        if self.model.rowCount():
            keep_current(self.table, self.model.index(min(max(current, 0), self.model.rowCount() - 1), 0))
        # An empty list says what a review is for instead of showing an empty table.
        self.table.setVisible(bool(reviews))
        self.table_label.setVisible(bool(reviews))
        if not reviews:
            self.summary_label.setText(empty_text())
        else:
            still_open = sum(review.status == "open" for review in reviews)
            self.summary_label.setText(
                ngettext(
                    "{count} review, {open} open: open reviews first, the most recent incident first.",
                    "{count} reviews, {open} open: open reviews first, the most recent incident first.",
                    len(reviews),
                ).format(count=format_number(len(reviews)), open=format_number(still_open))
            )
        self._put_back()

    def _failed(self, error: BaseException) -> None:
        self.summary_label.setText(message_for(error))

    # -- acting ----------------------------------------------------------------------------------------

    def _open(self, index: QModelIndex) -> None:
        review_id = index.model().index(index.row(), 0).data(ID_ROLE)
        if review_id:
            self._context.navigator.open_page(PageRef("after_action_review", {"id": review_id}))

    def new_review(self) -> None:
        self._context.navigator.open_page(PageRef("new_after_action_review", {}))

    def focus_chain(self) -> list[QWidget]:
        return [self.new_button, self.table]

    # -- surviving a lock or a language switch (ui/screen_state.py) ---------------------------------------

    def capture_state(self) -> ScreenState:
        return {"row": self.table.currentIndex().row(), "focused": self.table.hasFocus()}

    def restore_state(self, state: ScreenState) -> None:
        self._restore = state
        if self.loaded_once:
            self._put_back()

    def _put_back(self) -> None:
        state, self._restore = self._restore, None
        if not state:
            return
        row = state.get("row")
        if isinstance(row, int) and 0 <= row < self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(row, 0))
        if state.get("focused") and self.table.isVisibleTo(self):
            self.table.setFocus()
