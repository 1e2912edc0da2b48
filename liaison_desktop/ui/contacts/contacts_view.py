"""The contacts screen: how many contacts there are, and the lazily loaded list of them.

It refreshes itself when the "records changed" signal names contacts, whether the change came from a
form on this laptop or from a sync, so it never polls. Enter or a double click on a row emits
`contact_opened` with the contact's id; the section opens the contact's page. The New contact button
emits `new_contact_requested`; the workspace opens the form (as Ctrl+N does anywhere in it).

Import… opens the CSV import dialog (`csv_import_dialog.py`, offered to roles that may add contacts);
Export… writes the contacts the list shows to a CSV file, off the UI thread, and says where it went and
that the file is not encrypted. The list refreshes after an import by itself ("records changed").
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

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
from liaison_desktop.services.contact_list import ContactFilter
from liaison_desktop.ui import theme
from liaison_desktop.ui.accessibility import visible_words
from liaison_desktop.ui.contacts.csv_transfer import ContactCsv, choose_export_file
from liaison_desktop.ui.contacts.list_model import ContactListModel, ContactPages
from liaison_desktop.ui.error_messages import message_for
from liaison_desktop.ui.i18n import _, base_language, format_number, language, ngettext
from liaison_desktop.ui.runner import Runner
from liaison_desktop.ui.screen_state import ScreenState
from liaison_desktop.ui.text_direction import align_with_layout, isolate

if TYPE_CHECKING:
    from liaison_desktop.ui.contacts.csv_import_dialog import CsvImportDialog


class ContactsView(QWidget):
    contact_opened = Signal(str)  # a contact's id: Enter or a double click on its row
    new_contact_requested = Signal()  # the New contact button (the workspace opens the form)

    def __init__(
        self,
        contacts: ContactPages,
        runner: Runner,
        parent: QWidget | None = None,
        *,
        csv: ContactCsv | None = None,  # None: no Import… and Export… (a list of another kind of screen)
    ) -> None:
        super().__init__(parent)
        self.setObjectName("contacts_view")
        self._runner = runner
        self._csv = csv
        # What the list shows, and so what Export… writes (the list has no filter of its own yet).
        self.list_filter = ContactFilter()
        self.import_dialog: CsvImportDialog | None = None  # while it is open
        self.count_label = QLabel()
        self.count_label.setObjectName("contact_count")
        self.count_label.setText(_("Loading contacts…"))
        self.count_label.setWordWrap(True)  # it shares its row with New contact and may take two lines
        self.model = ContactListModel(contacts, runner, parent=self)
        self.model.loaded.connect(self._show_count)
        self.new_button = QPushButton(theme.icon("add"), _("&New contact"), self)
        self.new_button.setObjectName("new_contact")
        self.new_button.setAccessibleName(visible_words(self.new_button.text()))
        self.new_button.clicked.connect(self.new_contact_requested)
        self.import_button = QPushButton(theme.icon("import"), _("&Import…"), self)
        self.import_button.setObjectName("import_contacts")
        self.import_button.setAccessibleName(visible_words(self.import_button.text()))
        self.import_button.clicked.connect(self.open_import)
        self.export_button = QPushButton(theme.icon("export"), _("E&xport…"), self)
        self.export_button.setObjectName("export_contacts")
        self.export_button.setAccessibleName(visible_words(self.export_button.text()))
        self.export_button.clicked.connect(self._choose_export)
        self.transfer_label = QLabel()
        self.transfer_label.setObjectName("contacts_transfer_status")
        self.transfer_label.setWordWrap(True)
        align_with_layout(self.transfer_label)
        self.transfer_label.hide()
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
        # Import and Export under New contact, not beside it: one row of three buttons made the window
        # wider than a laptop screen at 200 % text (tests/ui/test_theme.py). What an export did is said
        # beside them.
        transfer = QHBoxLayout()
        transfer.addWidget(self.transfer_label, 1)
        transfer.addStretch(0)  # takes the room while the sentence is hidden; the buttons keep their size
        transfer.addWidget(self.import_button)
        transfer.addWidget(self.export_button)
        layout.addLayout(transfer)
        # Only once they have a parent: showing a parentless button flashes it up as a window of its own.
        self.import_button.setVisible(csv is not None and csv.importer is not None)
        self.export_button.setVisible(csv is not None)
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

    def focus_chain(self) -> list[QWidget]:
        """This screen's controls in Tab order (`ui/shell/tab_order.py`); hidden ones are skipped."""
        return [self.new_button, self.import_button, self.export_button, self.table]

    # -- CSV import and export ---------------------------------------------------------------------------

    def open_import(self) -> CsvImportDialog | None:
        """Open the import dialog (at its first step: choosing the file); it is returned for tests."""
        if self._csv is None or self._csv.importer is None:
            return None
        from liaison_desktop.ui.contacts.csv_import_dialog import CsvImportDialog

        dialog = CsvImportDialog(self._csv.importer, self._runner, self)
        dialog.finished.connect(self._import_closed)
        dialog.finished.connect(dialog.deleteLater)
        self.import_dialog = dialog
        dialog.open()
        return dialog

    def _import_closed(self) -> None:
        self.import_dialog = None

    def _choose_export(self) -> None:
        path = choose_export_file(self)
        if path is not None:
            self.export_to(path)

    def export_to(self, path: Path) -> None:
        """Write the contacts the list shows to `path`, in the background."""
        if self._csv is None:
            return
        exporter, where, words = self._csv.exporter, self.list_filter, base_language(language())
        self.export_button.setEnabled(False)
        self._show_transfer(_("Exporting contacts…"), error=False)
        self._runner.run(
            lambda: exporter.export(path, where=where, language=words),
            lambda count: self._exported(path, count),
            self._export_failed,
            owner=self,
        )

    def _exported(self, path: Path, count: int) -> None:
        self.export_button.setEnabled(True)
        self._show_transfer(
            ngettext(
                "{count} contact exported to {file}. The file is not encrypted: keep it safe and delete it "
                "when it is no longer needed.",
                "{count} contacts exported to {file}. The file is not encrypted: keep it safe and delete it "
                "when it is no longer needed.",
                count,
            ).format(count=format_number(count), file=isolate(str(path))),
            error=False,
        )

    def _export_failed(self, error: BaseException) -> None:
        self.export_button.setEnabled(True)
        if isinstance(error, OSError):
            text = _("The file could not be written: {reason}. Choose another folder.").format(
                reason=isolate(error.strerror or type(error).__name__)
            )
        else:
            text = message_for(error)
        self._show_transfer(text, error=True)

    def _show_transfer(self, text: str, *, error: bool) -> None:
        self.transfer_label.setText(text)
        theme.set_text_role(self.transfer_label, theme.TextRole.ERROR if error else theme.TextRole.CAPTION)
        self.transfer_label.show()

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
        # Asked right before the screen is torn down (a lock, a language switch): an import still running
        # is cancelled now, so nothing is written once the profile is locked; its dialog goes with the
        # screen. (Its state is not kept: the file is chosen again.)
        if self.import_dialog is not None:
            self.import_dialog.cancel_work()
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
