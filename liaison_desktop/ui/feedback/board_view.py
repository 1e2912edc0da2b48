"""The supervisors' feedback board: what ambassadors of their teams brought back and nobody has answered
yet, feedback nobody has opened first, then the oldest first, so nothing falls through the cracks.

Opening one (Enter, or choosing it) shows it beside the list; "Mark seen" tells its ambassador the
precinct has read it, and the answer (text and its language, Ctrl+Enter sends) goes back to them with
the next sync. An answered piece leaves the board. The list is read off the UI thread and read again
when "records changed" names feedback (new feedback arrives by sync).
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction, QKeySequence, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from liaison_desktop.app import ChangeSet
from liaison_desktop.i18n.formatting import format_date
from liaison_desktop.services.errors import ValidationFailed
from liaison_desktop.services.feedback_board import FeedbackBoard, FeedbackRow
from liaison_desktop.ui import theme
from liaison_desktop.ui.accessibility import name_from_label
from liaison_desktop.ui.error_messages import message_for
from liaison_desktop.ui.feedback.feedback_details import FeedbackDetails
from liaison_desktop.ui.feedback.labels import (
    feedback_problem_message,
    field_name,
    language_choices,
    status_on_board,
)
from liaison_desktop.ui.flat_tree import flat_tree
from liaison_desktop.ui.i18n import _, base_language, format_number, language, ngettext
from liaison_desktop.ui.screen_state import ScreenState
from liaison_desktop.ui.shell.screen_context import ScreenContext
from liaison_desktop.ui.text_direction import align_with_layout

ID_ROLE = Qt.ItemDataRole.UserRole
SEND_KEYS = ("Ctrl+Return", "Ctrl+Enter")


class FeedbackBoardView(QWidget):
    def __init__(self, context: ScreenContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("feedback_board_view")
        self._context = context
        self._board = FeedbackBoard(context.session.workspace)
        self.rows: list[FeedbackRow] = []
        self.loaded_once = False
        self._busy = False
        self._pending_id: str | None = None
        self._answer_for: str | None = None  # the feedback the typed answer is for

        heading = QLabel(_("Feedback awaiting an answer"))
        theme.set_text_role(heading, theme.TextRole.HEADING)
        align_with_layout(heading)
        self.summary_label = QLabel(_("Loading feedback…"))
        self.summary_label.setObjectName("feedback_board_summary")
        self.summary_label.setWordWrap(True)
        align_with_layout(self.summary_label)

        # Few columns, so the status is in sight beside the details; the neighborhood is in the details.
        self.model = QStandardItemModel(0, 3, self)
        self.model.setHorizontalHeaderLabels([_("Recorded on"), _("Topic"), _("Status")])
        self.table = flat_tree("feedback_board_table", self.model, _("Feedback awaiting an answer"))
        char_width = self.table.fontMetrics().averageCharWidth()
        self.table.setColumnWidth(1, 24 * char_width)
        self.table.setMinimumWidth(48 * char_width)  # date, topic and status in sight beside the details
        self.table.selectionModel().currentRowChanged.connect(self._show_current)
        self.table.activated.connect(lambda _index: self.answer_field.setFocus())

        self.details = FeedbackDetails(show_answer=False)
        self.seen_button = QPushButton(theme.icon("check"), _("&Mark seen"))
        self.seen_button.setObjectName("feedback_mark_seen")
        self.seen_button.setAccessibleName(_("Mark seen"))
        self.seen_button.clicked.connect(self.mark_seen)
        self.answer_field = QPlainTextEdit()
        self.answer_field.setObjectName("feedback_answer")
        self.answer_field.setTabChangesFocus(True)
        self.answer_field.setMinimumHeight(self.answer_field.fontMetrics().lineSpacing() * 4)
        self.answer_language_box = QComboBox()
        self.answer_language_box.setObjectName("feedback_answer_language")
        for name, code in language_choices():
            self.answer_language_box.addItem(name, code)
        self.send_button = QPushButton(theme.icon("check"), _("&Send answer"))
        self.send_button.setObjectName("feedback_send_answer")
        self.send_button.setAccessibleName(_("Send answer"))
        self.send_button.setToolTip(_("Send answer (Ctrl+Enter)"))
        theme.set_button_kind(self.send_button, theme.ButtonKind.PRIMARY)
        self.send_button.clicked.connect(self.send_answer)
        for keys in SEND_KEYS:
            action = QAction(self)
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(self.send_answer)
            self.addAction(action)
        self.message_label = QLabel()
        self.message_label.setObjectName("feedback_board_message")
        self.message_label.setWordWrap(True)
        self.message_label.hide()

        answer_form = QFormLayout()
        answer_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)  # the answer gets the width
        for text, field in (
            (_("&Answer"), self.answer_field),
            (_("Lan&guage of the answer"), self.answer_language_box),
        ):
            label = QLabel(text)
            name_from_label(label, field)
            answer_form.addRow(label, field)
        buttons = QHBoxLayout()
        buttons.addWidget(self.seen_button)
        buttons.addStretch(1)
        buttons.addWidget(self.send_button)
        self.answer_panel = QWidget()
        self.answer_panel.setObjectName("feedback_answer_panel")
        panel = QVBoxLayout(self.answer_panel)
        panel.setContentsMargins(0, 0, 0, 0)
        panel.addWidget(self.details)
        panel.addLayout(answer_form)
        panel.addWidget(self.message_label)
        panel.addLayout(buttons)
        panel.addStretch(1)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        split.addWidget(self.answer_panel)
        split.setChildrenCollapsible(False)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading)
        layout.addWidget(self.summary_label)
        layout.addWidget(split, 1)
        self._choose_language(base_language(language()))
        self._show_current(QModelIndex())
        self.reload()

    # -- reading ---------------------------------------------------------------------------------------

    def reload(self) -> None:
        self._context.runner.run(self._board.awaiting_answer, self._show, self._failed, owner=self)

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
                QStandardItem(status_on_board(row.status)),
            ]
            items[0].setData(row.id, ID_ROLE)
            if row.status == "new":
                for item in items:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
            self.model.appendRow(items)
        self.table.resizeColumnToContents(0)  # a date in bold (unseen) is wider than one in regular
        if not self.select(chosen) and rows:
            self.table.setCurrentIndex(self.model.index(0, 0))
        self._show_current(self.table.currentIndex())
        unseen = sum(row.status == "new" for row in rows)
        if not rows:
            self.summary_label.setText(_("No feedback is waiting for an answer."))
        else:
            self.summary_label.setText(
                ngettext(
                    "{count} piece of feedback waits for an answer, {unseen} not seen yet: listed first.",
                    "{count} pieces of feedback wait for an answer, {unseen} not seen yet: listed first.",
                    len(rows),
                ).format(count=format_number(len(rows)), unseen=format_number(unseen))
            )

    def current_id(self) -> str | None:
        index = self.table.currentIndex()
        return self.model.index(index.row(), 0).data(ID_ROLE) if index.isValid() else None

    def current_row(self) -> FeedbackRow | None:
        feedback_id = self.current_id()
        return next((row for row in self.rows if row.id == feedback_id), None)

    def select(self, feedback_id: str | None) -> bool:
        for row in range(self.model.rowCount()):
            if feedback_id is not None and self.model.index(row, 0).data(ID_ROLE) == feedback_id:
                self.table.setCurrentIndex(self.model.index(row, 0))
                return True
        return False

    def _show_current(self, _index: QModelIndex) -> None:
        row = self.current_row()
        self.details.show_row(row)
        if row is not None and row.id != self._answer_for:
            self.answer_field.clear()  # an answer typed for one piece never goes to another
            self._answer_for = row.id
        for widget in (self.answer_field, self.answer_language_box, self.send_button):
            widget.setEnabled(row is not None)
        self.seen_button.setEnabled(row is not None and row.status == "new")

    def _choose_language(self, code: str | None) -> None:
        index = self.answer_language_box.findData(code)
        if index >= 0:
            self.answer_language_box.setCurrentIndex(index)

    # -- acting ----------------------------------------------------------------------------------------

    def mark_seen(self) -> None:
        row = self.current_row()
        if row is None or self._busy:
            return
        service = self._context.session.workspace.feedback
        self._start()
        self._context.runner.run(
            lambda: service.mark_seen(row.id),
            lambda _record: self._done(_("Marked seen: its ambassador will see the precinct has read it.")),
            self._failed,
            owner=self,
        )

    def send_answer(self) -> None:
        row = self.current_row()
        if row is None or self._busy:
            return
        text = self.answer_field.toPlainText().strip()
        if not text:
            self._say(_("Write the answer first."), error=True)
            self.answer_field.setFocus()
            return
        code = self.answer_language_box.currentData()
        service = self._context.session.workspace.feedback
        self._start()
        self._context.runner.run(
            lambda: service.answer(row.id, text, code),
            lambda _record: self._answered(row),
            self._failed,
            owner=self,
        )

    def _answered(self, row: FeedbackRow) -> None:
        self.answer_field.clear()
        self._done(
            _("Answer saved: “{topic}” goes back to its ambassador with the next sync.").format(
                topic=row.topic
            )
        )
        self.table.setFocus()

    def _start(self) -> None:
        self._busy = True
        self.message_label.hide()
        for button in (self.seen_button, self.send_button):
            button.setEnabled(False)

    def _done(self, text: str) -> None:
        self._busy = False
        self._say(text, error=False)
        self._show_current(self.table.currentIndex())

    def _say(self, text: str, *, error: bool) -> None:
        theme.set_text_role(self.message_label, theme.TextRole.ERROR if error else theme.TextRole.SUCCESS)
        self.message_label.setText(text)
        self.message_label.show()

    def _failed(self, error: BaseException) -> None:
        self._busy = False
        self._show_current(self.table.currentIndex())
        if isinstance(error, ValidationFailed):
            lines = [_("Nothing was saved. Correct these, then save again.")]
            lines += [
                _("{field}: {problem}").format(field=field_name(p.field), problem=feedback_problem_message(p))
                for p in error.problems
            ]
            self._say("\n".join(lines), error=True)
        else:
            self._say(message_for(error), error=True)

    def focus_chain(self) -> list[QWidget]:
        return [self.table, self.answer_field, self.answer_language_box, self.seen_button, self.send_button]

    # -- surviving a lock or a language switch (ui/screen_state.py) ---------------------------------------

    def capture_state(self) -> ScreenState:
        return {
            "id": self.current_id(),
            "answer": self.answer_field.toPlainText(),
            "answer_language": self.answer_language_box.currentData(),
        }

    def restore_state(self, state: ScreenState) -> None:
        if isinstance(state.get("id"), str):
            self._answer_for = state["id"]
            if not self.select(state["id"]):
                self._pending_id = state["id"]
        if isinstance(state.get("answer"), str):
            self.answer_field.setPlainText(state["answer"])
        self._choose_language(state.get("answer_language"))
