"""The meetings section: town halls, listening sessions and briefings, newest first, each with how many of
its commitments are open and overdue; below them, every commitment still open across the meetings,
overdue ones first, so no promise falls through the cracks. Enter on either opens the meeting's page;
New meeting opens the form.

Both lists are read off the UI thread (`MeetingBoard`) and read again when "records changed" names
meetings or commitments, whether the change was made here or came by sync.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from liaison_desktop.app import ChangeSet
from liaison_desktop.i18n.formatting import format_date
from liaison_desktop.services.meeting_board import CommitmentRow, MeetingBoard, MeetingRow
from liaison_desktop.services.permissions import may_write_type
from liaison_desktop.ui import theme
from liaison_desktop.ui.accessibility import name_from_label, visible_words
from liaison_desktop.ui.error_messages import message_for
from liaison_desktop.ui.flat_tree import flat_tree
from liaison_desktop.ui.i18n import _, format_number, ngettext
from liaison_desktop.ui.meetings.labels import (
    attendance_text,
    commitment_status_label,
    due_text,
    open_commitments_text,
)
from liaison_desktop.ui.record_words import meeting_kind_label
from liaison_desktop.ui.screen_state import ScreenState
from liaison_desktop.ui.shell.navigation import PageRef
from liaison_desktop.ui.shell.screen_context import ScreenContext
from liaison_desktop.ui.text_direction import align_with_layout

WATCHED_KINDS = frozenset({"meeting", "commitment"})
ID_ROLE = Qt.ItemDataRole.UserRole


def flat_table(name: str, model: QStandardItemModel, widths: tuple[int, ...]) -> QTreeView:
    """A flat tree (`ui/flat_tree.py`) with its first columns `widths` characters wide."""
    table = flat_tree(name, model)
    char_width = table.fontMetrics().averageCharWidth()
    header = table.header()
    for column, characters in enumerate(widths):
        table.setColumnWidth(column, max(characters * char_width, header.sectionSizeHint(column)))
    return table


def keep_current(view: QAbstractItemView, index: QModelIndex) -> None:
    """Where the keyboard is in a list that was read again, without selecting it: a selection's highlight
    would hide an overdue row's red, and only the list being used needs one."""
    view.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.NoUpdate)


def table_row(texts: list[str], record_id: str, overdue: bool) -> list[QStandardItem]:
    """One row of a list: its texts, the record it opens on its first cell, overdue ones in red."""
    items = [QStandardItem(text) for text in texts]
    items[0].setData(record_id, ID_ROLE)
    if overdue:
        for item in items:
            item.setForeground(QColor(theme.colors().danger))
    return items


class MeetingsView(QWidget):
    def __init__(self, context: ScreenContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("meetings_view")
        self._context = context
        self._board = MeetingBoard(context.session.workspace)
        self.meetings: list[MeetingRow] = []
        self.commitments: list[CommitmentRow] = []
        self.loaded_once = False
        self._restore: ScreenState | None = None

        self.summary_label = QLabel(_("Loading meetings…"))
        self.summary_label.setObjectName("meetings_summary")
        self.summary_label.setWordWrap(True)
        align_with_layout(self.summary_label)
        self.new_button = QPushButton(theme.icon("add"), _("&New meeting"), self)
        self.new_button.setObjectName("new_meeting")
        self.new_button.setAccessibleName(visible_words(self.new_button.text()))
        self.new_button.clicked.connect(self.new_meeting)
        if not may_write_type(context.session.role, "meeting"):
            self.new_button.hide()  # hide() only: shown before it has a parent, it would open as a window

        self.meeting_model = QStandardItemModel(0, 5, self)
        self.meeting_model.setHorizontalHeaderLabels(
            [_("Date"), _("Kind"), _("Title"), _("Attendance"), _("Commitments")]
        )
        self.meetings_table = flat_table("meetings_table", self.meeting_model, (22, 26, 44, 16))
        self.meetings_table.activated.connect(self._open)
        meetings_label = QLabel(_("&Meetings held"))
        theme.set_text_role(meetings_label, theme.TextRole.SUBHEADING)
        align_with_layout(meetings_label)
        name_from_label(meetings_label, self.meetings_table)

        self.commitment_model = QStandardItemModel(0, 5, self)
        self.commitment_model.setHorizontalHeaderLabels(
            [_("Due"), _("Commitment"), _("Owner"), _("Meeting"), _("Status")]
        )
        self.commitments_table = flat_table("open_commitments_table", self.commitment_model, (30, 40, 18, 30))
        self.commitments_table.activated.connect(self._open)
        commitments_label = QLabel(_("Open &commitments"))
        theme.set_text_role(commitments_label, theme.TextRole.SUBHEADING)
        align_with_layout(commitments_label)
        name_from_label(commitments_label, self.commitments_table)
        self.commitments_summary = QLabel()
        self.commitments_summary.setObjectName("commitments_summary")
        self.commitments_summary.setWordWrap(True)
        theme.set_text_role(self.commitments_summary, theme.TextRole.CAPTION)
        align_with_layout(self.commitments_summary)

        top = QHBoxLayout()
        top.addWidget(self.summary_label, 1)
        top.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(meetings_label)
        layout.addWidget(self.meetings_table, 3)
        layout.addWidget(commitments_label)
        layout.addWidget(self.commitments_summary)
        layout.addWidget(self.commitments_table, 2)
        self.reload()

    # -- reading ---------------------------------------------------------------------------------------

    def reload(self) -> None:
        board = self._board
        self._context.runner.run(
            lambda: (board.recent(), board.open_commitments()), self._show, self._failed, owner=self
        )

    def on_records_changed(self, changes: ChangeSet) -> None:
        if changes.kinds & WATCHED_KINDS:
            self.reload()

    def _show(self, found: tuple[list[MeetingRow], list[CommitmentRow]]) -> None:
        self.meetings, self.commitments = found
        self.loaded_once = True
        meeting_row = self.meetings_table.currentIndex().row()
        commitment_row = self.commitments_table.currentIndex().row()
        self.meeting_model.removeRows(0, self.meeting_model.rowCount())
        for meeting in self.meetings:
            texts = [
                format_date(meeting.held_on),
                meeting_kind_label(meeting.kind),
                meeting.title,
                attendance_text(meeting.attendance_count),
                open_commitments_text(meeting.open_commitments, meeting.overdue_commitments),
            ]
            self.meeting_model.appendRow(table_row(texts, meeting.id, False))
        self.commitment_model.removeRows(0, self.commitment_model.rowCount())
        for row in self.commitments:
            texts = [
                due_text(row),
                row.description,
                row.owner,
                row.meeting_title,
                commitment_status_label(row.status),
            ]
            self.commitment_model.appendRow(table_row(texts, row.meeting_id, row.overdue))
        for table, model, row in (
            (self.meetings_table, self.meeting_model, meeting_row),
            (self.commitments_table, self.commitment_model, commitment_row),
        ):
            if model.rowCount():
                keep_current(table, model.index(min(max(row, 0), model.rowCount() - 1), 0))

        if not self.meetings:
            self.summary_label.setText(
                _("No meeting is recorded yet. After a town hall or a listening session, choose New meeting.")
            )
        else:
            self.summary_label.setText(
                ngettext(
                    "{count} meeting, newest first.", "{count} meetings, newest first.", len(self.meetings)
                ).format(count=format_number(len(self.meetings)))
            )
        overdue = sum(row.overdue for row in self.commitments)
        if not self.commitments:
            self.commitments_summary.setText(_("Every commitment made at a meeting is done or dropped."))
        elif overdue:
            self.commitments_summary.setText(
                ngettext(
                    "{count} open, {overdue} of them overdue: the overdue are listed first.",
                    "{count} open, {overdue} of them overdue: the overdue are listed first.",
                    len(self.commitments),
                ).format(count=format_number(len(self.commitments)), overdue=format_number(overdue))
            )
        else:
            self.commitments_summary.setText(
                ngettext(
                    "{count} open, none overdue.", "{count} open, none overdue.", len(self.commitments)
                ).format(count=format_number(len(self.commitments)))
            )
        self._put_back()

    def _failed(self, error: BaseException) -> None:
        self.summary_label.setText(message_for(error))

    # -- acting ----------------------------------------------------------------------------------------

    def _open(self, index: QModelIndex) -> None:
        meeting_id = index.model().index(index.row(), 0).data(ID_ROLE)
        if meeting_id:
            self._context.navigator.open_page(PageRef("meeting", {"id": meeting_id}))

    def new_meeting(self) -> None:
        self._context.navigator.open_page(PageRef("new_meeting", {}))

    def focus_chain(self) -> list[QWidget]:
        return [self.new_button, self.meetings_table, self.commitments_table]

    # -- surviving a lock or a language switch (ui/screen_state.py) ---------------------------------------

    def capture_state(self) -> ScreenState:
        return {
            "meeting_row": self.meetings_table.currentIndex().row(),
            "commitment_row": self.commitments_table.currentIndex().row(),
            "focused": "commitments"
            if self.commitments_table.hasFocus()
            else "meetings"
            if self.meetings_table.hasFocus()
            else None,
        }

    def restore_state(self, state: ScreenState) -> None:
        self._restore = state
        if self.loaded_once:
            self._put_back()

    def _put_back(self) -> None:
        state, self._restore = self._restore, None
        if not state:
            return
        for table, model, key in (
            (self.meetings_table, self.meeting_model, "meeting_row"),
            (self.commitments_table, self.commitment_model, "commitment_row"),
        ):
            row = state.get(key)
            if isinstance(row, int) and 0 <= row < model.rowCount():
                table.setCurrentIndex(model.index(row, 0))
        focused = {"meetings": self.meetings_table, "commitments": self.commitments_table}.get(
            str(state.get("focused"))
        )
        if focused is not None:
            focused.setFocus()
