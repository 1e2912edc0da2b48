"""The contacts screen: how many contacts there are, and the lazily loaded list of them.

It refreshes itself when the "records changed" signal names contacts, whether the change came from a
form on this laptop or from a sync, so it never polls. Enter or a double click on a row emits
`contact_opened` with the contact's id; the section opens the contact's page. The New contact button
emits `new_contact_requested`; the workspace opens the form (as Ctrl+N does anywhere in it).
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from liaison_desktop.app import ChangeSet
from liaison_desktop.ui import theme
from liaison_desktop.ui.accessibility import visible_words
from liaison_desktop.ui.contacts.list_model import ContactListModel, ContactPages
from liaison_desktop.ui.i18n import _, format_number, ngettext
from liaison_desktop.ui.runner import Runner
from liaison_desktop.ui.screen_state import ScreenState


class ContactsView(QWidget):
    contact_opened = Signal(str)  # a contact's id: Enter or a double click on its row
    new_contact_requested = Signal()  # the New contact button (the workspace opens the form)

    def __init__(self, contacts: ContactPages, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("contacts_view")
        self.count_label = QLabel()
        self.count_label.setObjectName("contact_count")
        self.count_label.setText(_("Loading contacts…"))
        self.model = ContactListModel(contacts, runner, parent=self)
        self.model.loaded.connect(self._show_count)
        self.new_button = QPushButton(theme.icon("add"), _("&New contact"))
        self.new_button.setObjectName("new_contact")
        self.new_button.setAccessibleName(visible_words(self.new_button.text()))
        self.new_button.clicked.connect(self.new_contact_requested)
        # A flat QTreeView, not a QTableView: Qt keeps a table's vertical header in the accessibility tree
        # even when it is hidden, so a screen reader met one unnamed "row header" per contact. A tree
        # view has no row headers; its rows are read as cells under the column headers.
        self.table = QTreeView()
        self.table.setRootIsDecorated(False)
        self.table.setItemsExpandable(False)
        self.table.setUniformRowHeights(True)
        self.table.setAllColumnsShowFocus(True)
        self.table.setModel(self.model)
        # Not ngettext(..., 2): Arabic has a dual, and the list would be announced as "two contacts".
        self.table.setAccessibleName(_("Contacts"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setTabKeyNavigation(False)  # Tab leaves the list; the arrow keys move within it
        self.table.setWordWrap(False)
        self.table.activated.connect(self._open)
        header = self.table.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.count_label, 1)
        top.addWidget(self.new_button)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        self.reload()
        # Widths in characters, so they grow with the font (125-200 % scaling), never below the header.
        char_width = self.table.fontMetrics().averageCharWidth()
        for column, characters in enumerate((36, 30, 22)):
            self.table.setColumnWidth(column, max(characters * char_width, header.sectionSizeHint(column)))
        # The stretched last column never narrower than its title (a tree view would squeeze it).
        header.setMinimumSectionSize(
            max(header.minimumSectionSize(), header.sectionSizeHint(self.model.columnCount() - 1))
        )

    def reload(self) -> None:
        self.model.reload()

    def _open(self, index: QModelIndex) -> None:
        contact_id = self.model.index(index.row(), 0).data(Qt.ItemDataRole.UserRole)
        if contact_id:
            self.contact_opened.emit(contact_id)

    def _show_count(self) -> None:
        total = self.model.total or 0
        self.count_label.setText(
            ngettext("{count} contact", "{count} contacts", total).format(count=format_number(total))
        )

    # -- surviving a lock or a language switch (ui/screen_state.py) ---------------------------------------

    def capture_state(self) -> ScreenState:
        return {
            "scroll": self.table.verticalScrollBar().value(),
            "row": self.table.currentIndex().row(),
            "focused": self.table.hasFocus(),
        }

    def restore_state(self, state: ScreenState) -> None:
        if state.get("focused"):
            self.table.setFocus()
        row, scroll = state.get("row"), state.get("scroll")

        def put_back() -> None:
            # Once, after the first page arrived: rows beyond it are not fetched just to scroll there.
            self.model.loaded.disconnect(put_back)
            if isinstance(row, int) and 0 <= row < self.model.rowCount():
                self.table.setCurrentIndex(self.model.index(row, 0))
            if isinstance(scroll, int):
                self.table.verticalScrollBar().setValue(scroll)

        self.model.loaded.connect(put_back)

    def on_records_changed(self, changes: ChangeSet) -> None:
        if "contact" in changes.kinds:
            self.reload()
