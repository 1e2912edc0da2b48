"""The contacts screen: how many contacts there are, and the lazily loaded list of them.

It refreshes itself when the "records changed" signal names contacts, whether the change came from a
form on this laptop or from a sync, so it never polls.
"""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTreeView, QVBoxLayout, QWidget

from liaison_desktop.app import ChangeSet
from liaison_desktop.ui.contacts.list_model import ContactListModel, ContactPages
from liaison_desktop.ui.i18n import _, format_number, ngettext
from liaison_desktop.ui.runner import Runner
from liaison_desktop.ui.screen_state import ScreenState


class ContactsView(QWidget):
    def __init__(self, contacts: ContactPages, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("contacts_view")
        self.count_label = QLabel()
        self.count_label.setObjectName("contact_count")
        self.count_label.setText(_("Loading contacts…"))
        self.model = ContactListModel(contacts, runner, parent=self)
        self.model.loaded.connect(self._show_count)
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
        header = self.table.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.count_label)
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
