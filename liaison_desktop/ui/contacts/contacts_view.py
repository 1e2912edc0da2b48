"""The contacts screen: how many contacts there are, and the lazily loaded list of them.

It refreshes itself when the "records changed" signal names contacts, whether the change came from a
form on this laptop or from a sync, so it never polls.
"""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from liaison_desktop.app import ChangeSet
from liaison_desktop.ui.contacts.list_model import ContactListModel, ContactPages
from liaison_desktop.ui.i18n import _, format_number, ngettext
from liaison_desktop.ui.runner import Runner


class ContactsView(QWidget):
    def __init__(self, contacts: ContactPages, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("contacts_view")
        self.count_label = QLabel()
        self.count_label.setObjectName("contact_count")
        self.count_label.setAccessibleName(ngettext("Contact", "Contacts", 2))
        self.count_label.setText(_("Loading contacts…"))
        self.model = ContactListModel(contacts, runner, parent=self)
        self.model.loaded.connect(self._show_count)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(ngettext("Contact", "Contacts", 2))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
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

    def reload(self) -> None:
        self.model.reload()

    def _show_count(self) -> None:
        total = self.model.total or 0
        self.count_label.setText(
            ngettext("{count} contact", "{count} contacts", total).format(count=format_number(total))
        )

    def on_records_changed(self, changes: ChangeSet) -> None:
        if "contact" in changes.kinds:
            self.reload()
