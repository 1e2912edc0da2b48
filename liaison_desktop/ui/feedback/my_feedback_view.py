"""My feedback: what this ambassador recorded, newest first, with where each stands (recorded, seen by
the precinct, answered) and the precinct's answer.

Only their own: `FeedbackService.list` keeps an ambassador to the feedback they wrote, and the server
sends their device nothing else. Read off the UI thread and read again when "records changed" names
feedback (an answer arrives by sync), so it never polls.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget

from liaison_desktop.app import ChangeSet
from liaison_desktop.i18n.formatting import format_date
from liaison_desktop.services.feedback_board import FeedbackBoard, FeedbackRow
from liaison_desktop.ui import theme
from liaison_desktop.ui.error_messages import message_for
from liaison_desktop.ui.feedback.feedback_details import FeedbackDetails
from liaison_desktop.ui.feedback.labels import status_for_author
from liaison_desktop.ui.flat_tree import flat_tree
from liaison_desktop.ui.i18n import _, format_number, ngettext
from liaison_desktop.ui.screen_state import ScreenState
from liaison_desktop.ui.shell.screen_context import ScreenContext
from liaison_desktop.ui.text_direction import align_with_layout

ID_ROLE = Qt.ItemDataRole.UserRole


class MyFeedbackView(QWidget):
    def __init__(self, context: ScreenContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("my_feedback_view")
        self._context = context
        self._board = FeedbackBoard(context.session.workspace)
        self.rows: list[FeedbackRow] = []
        self.loaded_once = False
        self._pending_id: str | None = None  # chosen before a lock, selected once the rows are read
        self.summary_label = QLabel(_("Loading your feedback…"))
        self.summary_label.setObjectName("my_feedback_summary")
        self.summary_label.setWordWrap(True)
        align_with_layout(self.summary_label)
        self.model = QStandardItemModel(0, 3, self)
        self.model.setHorizontalHeaderLabels([_("Recorded on"), _("Topic"), _("Status")])
        self.table = flat_tree("my_feedback_table", self.model, _("My feedback"))
        char_width = self.table.fontMetrics().averageCharWidth()
        for column, characters in enumerate((18, 40)):
            self.table.setColumnWidth(column, characters * char_width)
        self.details = FeedbackDetails(show_answer=True)
        self.table.selectionModel().currentRowChanged.connect(self._show_current)

        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.details)
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        heading = QLabel(_("My feedback"))
        theme.set_text_role(heading, theme.TextRole.HEADING)
        align_with_layout(heading)
        layout.addWidget(heading)
        layout.addWidget(self.summary_label)
        layout.addWidget(split, 1)
        self.reload()

    def reload(self) -> None:
        self._context.runner.run(self._board.mine, self._show, self._failed, owner=self)

    def on_records_changed(self, changes: ChangeSet) -> None:
        if "feedback" in changes.kinds:
            self.reload()

    def _show(self, rows: list[FeedbackRow]) -> None:
        chosen, self._pending_id = self.current_id() or self._pending_id, None
        self.rows = rows
        self.loaded_once = True
        self.model.removeRows(0, self.model.rowCount())
        for row in rows:
            items = [
                QStandardItem(format_date(row.recorded_at.astimezone().date())),
                QStandardItem(row.topic),
                QStandardItem(status_for_author(row.status)),
            ]
            items[0].setData(row.id, ID_ROLE)
            self.model.appendRow(items)
        self.table.resizeColumnToContents(0)
        self.select(chosen or (rows[0].id if rows else None))
        answered = sum(row.status == "answered" for row in rows)
        if not rows:
            self.summary_label.setText(_("You have recorded no feedback yet. Record feedback to start."))
        else:
            self.summary_label.setText(
                ngettext(
                    "{count} piece of feedback, {answered} answered.",
                    "{count} pieces of feedback, {answered} answered.",
                    len(rows),
                ).format(count=format_number(len(rows)), answered=format_number(answered))
            )
        if not rows:
            self.details.show_row(None)

    def current_id(self) -> str | None:
        index = self.table.currentIndex()
        return self.model.index(index.row(), 0).data(ID_ROLE) if index.isValid() else None

    def select(self, feedback_id: str | None) -> bool:
        for row in range(self.model.rowCount()):
            if self.model.index(row, 0).data(ID_ROLE) == feedback_id:
                self.table.setCurrentIndex(self.model.index(row, 0))
                self._show_current(self.model.index(row, 0))
                return True
        return False

    def _show_current(self, index: QModelIndex) -> None:
        feedback_id = self.model.index(index.row(), 0).data(ID_ROLE) if index.isValid() else None
        self.details.show_row(next((row for row in self.rows if row.id == feedback_id), None))

    def _failed(self, error: BaseException) -> None:
        self.summary_label.setText(message_for(error))

    def focus_chain(self) -> list[QWidget]:
        return [self.table]

    # -- surviving a lock or a language switch (ui/screen_state.py) ---------------------------------------

    def capture_state(self) -> ScreenState:
        return {"id": self.current_id(), "focused": self.table.hasFocus()}

    def restore_state(self, state: ScreenState) -> None:
        if isinstance(state.get("id"), str) and not self.select(state["id"]):
            self._pending_id = state["id"]
        if state.get("focused"):
            self.table.setFocus()
