"""The Notes section: my encounter notes in three groups (drafts, returned by a supervisor, submitted),
each row with its date, kind, the people it was with and where it stands; Enter opens the note.

The list never shows or reads what a note says (`services/encounter_board`). It is read off the UI
thread and read again when "records changed" names encounters, their amendments or reviews, or
contacts, whether the change was made here or came by sync.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
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
from liaison_desktop.i18n.formatting import format_datetime
from liaison_desktop.services.encounter_board import GROUPS, RETURNED, EncounterBoard, EncounterRow
from liaison_desktop.services.permissions import may_write_type
from liaison_desktop.ui import theme
from liaison_desktop.ui.accessibility import visible_words
from liaison_desktop.ui.encounters.labels import group_label
from liaison_desktop.ui.error_messages import message_for
from liaison_desktop.ui.i18n import _, format_number, ngettext
from liaison_desktop.ui.record_words import encounter_kind_label, encounter_status_label
from liaison_desktop.ui.screen_state import ScreenState
from liaison_desktop.ui.shell.navigation import PageRef
from liaison_desktop.ui.shell.screen_context import ScreenContext
from liaison_desktop.ui.text_direction import align_with_layout

WATCHED_KINDS = frozenset({"encounter", "amendment", "review", "contact"})
ID_ROLE = Qt.ItemDataRole.UserRole
GROUP_ROLE = Qt.ItemDataRole.UserRole + 1


def group_heading(group: str, count: int) -> str:
    return _("{group} ({count})").format(group=group_label(group), count=format_number(count))


class NotesView(QWidget):
    def __init__(self, context: ScreenContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notes_view")
        self._context = context
        self._board = EncounterBoard(context.session.workspace)
        self.groups: dict[str, list[EncounterRow]] = {}
        self.loaded_once = False
        self._pending_state: ScreenState | None = None

        self.summary_label = QLabel(_("Loading notes…"))
        self.summary_label.setObjectName("notes_summary")
        self.summary_label.setWordWrap(True)
        align_with_layout(self.summary_label)
        self.new_button = QPushButton(theme.icon("add"), _("&New note"), self)
        self.new_button.setObjectName("new_note")
        self.new_button.setAccessibleName(visible_words(self.new_button.text()))
        self._writes_notes = may_write_type(context.session.role, "encounter")
        self.new_button.setVisible(self._writes_notes)
        self.new_button.clicked.connect(self.new_note)
        self.model = QStandardItemModel(0, 4, self)
        self.model.setHorizontalHeaderLabels([_("When"), _("Kind"), _("With"), _("Status")])
        self.tree = QTreeView()
        self.tree.setObjectName("notes_tree")
        self.tree.setAccessibleName(_("My notes"))
        self.tree.setModel(self.model)
        self.tree.setUniformRowHeights(True)
        self.tree.setAllColumnsShowFocus(True)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setTabKeyNavigation(False)
        self.tree.activated.connect(self._open)
        char_width = self.tree.fontMetrics().averageCharWidth()
        for column, characters in enumerate((34, 22, 34)):
            self.tree.setColumnWidth(column, characters * char_width)

        top = QHBoxLayout()
        top.addWidget(self.summary_label, 1)
        top.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.tree, 1)
        self.reload()

    def reload(self) -> None:
        self._context.runner.run(self._board.grouped, self._show, self._failed, owner=self)

    def on_records_changed(self, changes: ChangeSet) -> None:
        if changes.kinds & WATCHED_KINDS:
            self.reload()

    def _show(self, groups: dict[str, list[EncounterRow]]) -> None:
        current = self.current_id()
        self.groups = groups
        self.loaded_once = True
        self.model.removeRows(0, self.model.rowCount())
        danger = QColor(theme.colors().danger)
        for group in GROUPS:
            rows = groups.get(group, [])
            heading = QStandardItem(group_heading(group, len(rows)))
            heading.setData(group, GROUP_ROLE)
            font = heading.font()
            font.setBold(True)
            heading.setFont(font)
            heading.setSelectable(True)
            for row in rows:
                items = [
                    QStandardItem(format_datetime(row.occurred_at)),
                    QStandardItem(encounter_kind_label(row.kind)),
                    QStandardItem(", ".join(person.name for person in row.people)),
                    QStandardItem(encounter_status_label(row.status, row.review_status)),
                ]
                items[0].setData(row.id, ID_ROLE)
                if group == RETURNED:
                    for item in items:
                        item.setForeground(danger)
                heading.appendRow(items)
            self.model.appendRow([heading, QStandardItem(), QStandardItem(), QStandardItem()])
            self.tree.setFirstColumnSpanned(self.model.rowCount() - 1, QModelIndex(), True)
        self.tree.expandAll()
        if not self.select(current):
            self.tree.setCurrentIndex(self.model.index(0, 0))
        self._show_summary(groups)
        if self._pending_state is not None:
            state, self._pending_state = self._pending_state, None
            self.restore_state(state)

    def _show_summary(self, groups: dict[str, list[EncounterRow]]) -> None:
        total = sum(len(rows) for rows in groups.values())
        returned = len(groups.get(RETURNED, []))
        if not total and not self._writes_notes:
            self.summary_label.setText(
                _("Notes written by officers reach you for review; you write none here.")
            )
        elif not total:
            self.summary_label.setText(
                _("You have written no notes yet. Choose New note, or New note on a contact's page.")
            )
        elif returned:
            self.summary_label.setText(
                ngettext(
                    "{count} note was returned by a supervisor: open it to read why, then amend it.",
                    "{count} notes were returned by a supervisor: open them to read why, then amend them.",
                    returned,
                ).format(count=format_number(returned))
            )
        else:
            self.summary_label.setText(
                ngettext("{count} note.", "{count} notes.", total).format(count=format_number(total))
            )

    def _failed(self, error: BaseException) -> None:
        self.summary_label.setText(message_for(error))

    # -- rows ------------------------------------------------------------------------------------------

    def ids_in(self, group: str) -> list[str]:
        """The ids the list shows under `group`, in order."""
        for row in range(self.model.rowCount()):
            heading = self.model.item(row, 0)
            if heading.data(GROUP_ROLE) == group:
                return [heading.child(child, 0).data(ID_ROLE) for child in range(heading.rowCount())]
        return []

    def current_id(self) -> str | None:
        index = self.tree.currentIndex()
        return index.siblingAtColumn(0).data(ID_ROLE) if index.isValid() else None

    def select(self, encounter_id: str | None) -> bool:
        if not encounter_id:
            return False
        for row in range(self.model.rowCount()):
            heading = self.model.item(row, 0)
            for child in range(heading.rowCount()):
                if heading.child(child, 0).data(ID_ROLE) == encounter_id:
                    self.tree.setCurrentIndex(heading.child(child, 0).index())
                    return True
        return False

    def _open(self, index: QModelIndex) -> None:
        encounter_id = index.siblingAtColumn(0).data(ID_ROLE)
        if encounter_id:
            self._context.navigator.open_page(PageRef("encounter", {"id": encounter_id}))

    def new_note(self) -> None:
        self._context.navigator.open_page(PageRef("new_encounter", {"contact_ids": []}))

    # -- surviving a lock or a language switch (ui/screen_state.py) ---------------------------------------

    def capture_state(self) -> ScreenState:
        return {"id": self.current_id(), "focused": self.tree.hasFocus()}

    def restore_state(self, state: ScreenState) -> None:
        if not self.loaded_once:
            self._pending_state = state
            return
        if isinstance(state.get("id"), str):
            self.select(state["id"])
        if state.get("focused"):
            self.tree.setFocus()
