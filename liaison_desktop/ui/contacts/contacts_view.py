"""The contacts screen: how many contacts there are, and the lazily loaded list of them.

It refreshes itself when the "records changed" signal names contacts, whether the change came from a
form on this laptop or from a sync, so it never polls. Enter or a double click on a row emits
`contact_opened` with the contact's id; the section opens the contact's page. The New contact button
emits `new_contact_requested`; the workspace opens the form (as Ctrl+N does anywhere in it).

Import… opens the CSV import dialog (`csv_import_dialog.py`, offered to roles that may add contacts);
Export… asks why (the reason goes into the audit event), then writes the contacts the list shows (its
current filters) to a CSV file, off the UI thread, and
says where it went and that the file is not encrypted. The list refreshes after an import by itself
("records changed").

Above the list, filters (neighborhood, language, organization and role in the community, whose choices
are read from the contacts off the UI thread, and "Interpreter needed") and a Sort by box with Reverse
order, the keyboard's way to what a click on a column header does. The count says how many contacts
match of how many there are. With no contacts at all, or none that match, the list gives way to a
sentence saying what to do next.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from liaison_desktop.app import ChangeSet
from liaison_desktop.services import languages
from liaison_desktop.services.contact_list import ContactChoices, ContactFilter, ContactSort
from liaison_desktop.ui import theme
from liaison_desktop.ui.accessibility import visible_words
from liaison_desktop.ui.contacts.csv_transfer import ContactCsv, choose_export_file
from liaison_desktop.ui.contacts.list_model import (
    ContactListModel,
    ContactPages,
    column_of,
    sort_for,
)
from liaison_desktop.ui.error_messages import message_for
from liaison_desktop.ui.i18n import _, base_language, format_number, language, ngettext
from liaison_desktop.ui.reason_dialog import ReasonDialog, ask_reason, export_reasons
from liaison_desktop.ui.record_words import community_role_label
from liaison_desktop.ui.runner import Runner
from liaison_desktop.ui.screen_state import ScreenState
from liaison_desktop.ui.text_direction import align_with_layout, isolate
from liaison_protocol.records import COMMUNITY_ROLES

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
        self._contacts = contacts
        self.import_dialog: CsvImportDialog | None = None  # while it is open
        self.reason_dialog: ReasonDialog | None = None  # the last "why" an export asked, for tests
        self.count_label = QLabel()
        self.count_label.setObjectName("contact_count")
        self.count_label.setText(_("Loading contacts…"))
        self.count_label.setWordWrap(True)  # it shares its row with New contact and may take two lines
        self._choices_due = False  # the filter choices wait for the list's first page (`reload`)
        self.model = ContactListModel(contacts, runner, parent=self)
        self.model.loaded.connect(self._show_count)
        self.model.loaded.connect(self._load_choices)
        self._build_filters()
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
        # A click on a column header sorts by it (again: the other way); the model reads pages in that
        # order. The Sort by box and Reverse order do the same from the keyboard and follow the header.
        header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        header.sortIndicatorChanged.connect(self._sort_shown)
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
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_panel, 1)
        self.empty_panel.hide()
        self.reload()
        # Widths in characters, so they grow with the font (125-200 % scaling), never below the header.
        char_width = self.table.fontMetrics().averageCharWidth()
        for column, characters in enumerate((36, 30, 22)):
            self.table.setColumnWidth(column, max(characters * char_width, header.sectionSizeHint(column)))
        # The stretched last column never narrower than its title (a tree view would squeeze it).
        header.setMinimumSectionSize(
            max(header.minimumSectionSize(), header.sectionSizeHint(self.model.columnCount() - 1))
        )

    def _build_filters(self) -> None:
        self.filter_bar = QWidget(self)
        self.filter_bar.setObjectName("contact_filters")
        self.neighborhood_box = self._choice_box("neighborhood_filter", _("Neighborhood"))
        self.language_box = self._choice_box("language_filter", _("Language"))
        self.organization_box = self._choice_box("organization_filter", _("Organization"))
        self.role_box = self._choice_box("community_role_filter", _("Role in the community"))
        self.role_box.addItem(_("All roles"), None)
        for role in COMMUNITY_ROLES:
            self.role_box.addItem(community_role_label(role), role)
        self._fill_choices(ContactChoices([], [], []))
        self.interpreter_box = QCheckBox(_("Interpreter needed"), self.filter_bar)
        self.interpreter_box.setObjectName("interpreter_filter")
        self.interpreter_box.setAccessibleName(self.interpreter_box.text())
        for box in (self.neighborhood_box, self.language_box, self.organization_box, self.role_box):
            box.currentIndexChanged.connect(self._filters_changed)
        self.interpreter_box.toggled.connect(self._filters_changed)
        self.sort_label = QLabel(_("S&ort by"), self.filter_bar)
        self.sort_box = QComboBox(self.filter_bar)
        self.sort_box.setObjectName("contact_sort")
        self.sort_box.setAccessibleName(visible_words(self.sort_label.text()))
        self.sort_label.setBuddy(self.sort_box)
        for column in range(self.model.columnCount()):
            self.sort_box.addItem(self.model.headerData(column, Qt.Orientation.Horizontal), column)
        self.sort_box.currentIndexChanged.connect(self._sort_chosen)
        self.reverse_box = QCheckBox(_("&Reverse order"), self.filter_bar)
        self.reverse_box.setObjectName("contact_sort_reverse")
        self.reverse_box.setAccessibleName(visible_words(self.reverse_box.text()))
        self.reverse_box.toggled.connect(self._sort_chosen)
        self.clear_button = QPushButton(_("C&lear filters"), self.filter_bar)
        self.clear_button.setObjectName("clear_contact_filters")
        self.clear_button.setAccessibleName(visible_words(self.clear_button.text()))
        self.clear_button.clicked.connect(self.clear_filters)
        self.clear_button.setEnabled(False)
        # Two rows, so the bar fits a laptop screen at 200 % text: what to show, then in what order.
        grid = QGridLayout(self.filter_bar)
        grid.setContentsMargins(0, 0, 0, 0)
        for column, box in enumerate(
            (self.neighborhood_box, self.language_box, self.organization_box, self.role_box)
        ):
            label = QLabel(box.accessibleName(), self.filter_bar)  # each box's name, shown above it
            label.setBuddy(box)
            grid.addWidget(label, 0, column)
            grid.addWidget(box, 1, column)
            grid.setColumnStretch(column, 1)
        sort_row = QHBoxLayout()
        sort_row.addWidget(self.interpreter_box)
        sort_row.addStretch(1)
        sort_row.addWidget(self.sort_label)
        sort_row.addWidget(self.sort_box)
        sort_row.addWidget(self.reverse_box)
        sort_row.addWidget(self.clear_button)
        grid.addLayout(sort_row, 2, 0, 1, 4)
        # What shows instead of the list when it is empty: a sentence, and Clear filters if they are why.
        self.empty_panel = QWidget(self)
        self.empty_panel.setObjectName("contacts_empty")
        self.empty_label = QLabel(self.empty_panel)
        self.empty_label.setObjectName("contacts_empty_text")
        self.empty_label.setWordWrap(True)
        align_with_layout(self.empty_label)
        self.empty_clear_button = QPushButton(_("Clear filters"), self.empty_panel)
        self.empty_clear_button.setObjectName("empty_clear_contact_filters")
        self.empty_clear_button.setAccessibleName(self.empty_clear_button.text())
        self.empty_clear_button.clicked.connect(self.clear_filters)
        empty = QVBoxLayout(self.empty_panel)
        empty.addWidget(self.empty_label)
        clear_row = QHBoxLayout()
        clear_row.addWidget(self.empty_clear_button)
        clear_row.addStretch(1)
        empty.addLayout(clear_row)
        empty.addStretch(1)

    def _choice_box(self, name: str, accessible_name: str) -> QComboBox:
        box = QComboBox(self.filter_bar)
        box.setObjectName(name)
        box.setAccessibleName(accessible_name)
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        box.setMinimumContentsLength(12)  # a long organization's name does not widen the window
        return box

    def _fill_choices(self, choices: ContactChoices) -> None:
        """Offer the values in use, keeping what each box shows (even a value no contact has any more)."""
        ui_locale = base_language(language())

        def language_name(code: str) -> str:
            try:
                return languages.display_name(code, ui_locale)
            except Exception:  # an odd code from another device shows as itself
                return code

        for box, anything, values in (
            (self.neighborhood_box, _("All neighborhoods"), [(v, v) for v in choices.neighborhoods]),
            (self.language_box, _("All languages"), [(language_name(c), c) for c in choices.languages]),
            (self.organization_box, _("All organizations"), [(v, v) for v in choices.organizations]),
        ):
            current = box.currentData()
            box.blockSignals(True)
            box.clear()
            box.addItem(anything, None)
            if current is not None and current not in {value for _label, value in values}:
                values.append((language_name(current) if box is self.language_box else current, current))
            for label, value in sorted(values, key=lambda item: item[0].casefold()):
                box.addItem(label, value)
            box.setCurrentIndex(max(0, box.findData(current)) if current is not None else 0)
            box.blockSignals(False)

    def current_filter(self) -> ContactFilter:
        """What the filter boxes ask for."""
        return ContactFilter(
            neighborhood=self.neighborhood_box.currentData(),
            language=self.language_box.currentData(),
            organization=self.organization_box.currentData(),
            community_role=self.role_box.currentData(),
            interpreter_needed=True if self.interpreter_box.isChecked() else None,
        )

    @property
    def list_filter(self) -> ContactFilter:
        """What the list shows, and so what Export… writes."""
        return self.model.where

    def _filters_changed(self) -> None:
        where = self.current_filter()
        self.clear_button.setEnabled(where.narrows)
        self.model.set_query(where, self.model.sort_order)

    def clear_filters(self) -> None:
        for box in (self.neighborhood_box, self.language_box, self.organization_box, self.role_box):
            box.blockSignals(True)
            box.setCurrentIndex(0)
            box.blockSignals(False)
        self.interpreter_box.blockSignals(True)
        self.interpreter_box.setChecked(False)
        self.interpreter_box.blockSignals(False)
        self._filters_changed()

    def _sort_chosen(self) -> None:
        """The Sort by box or Reverse order: shown on the header, which sorts the model (`_sort_shown`)."""
        descending = self.reverse_box.isChecked()
        order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        self.table.header().setSortIndicator(max(0, self.sort_box.currentIndex()), order)

    def _sort_shown(self, column: int, order: Qt.SortOrder) -> None:
        """A header click (or the boxes): the boxes say the same."""
        for widget, set_value in (
            (self.sort_box, lambda: self.sort_box.setCurrentIndex(column)),
            (self.reverse_box, lambda: self.reverse_box.setChecked(order == Qt.SortOrder.DescendingOrder)),
        ):
            widget.blockSignals(True)
            set_value()
            widget.blockSignals(False)

    def sort_by(self, sort: ContactSort) -> None:
        column, descending = column_of(sort)
        order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        self.table.header().setSortIndicator(column, order)
        if self.model.sort_order is not sort_for(column, descending):  # a sort no header stands for
            self.model.set_query(self.model.where, sort)

    def reload(self) -> None:
        self.model.reload()
        self._choices_due = True  # read once the list's first page is in: that is what a person waits for

    def _load_choices(self) -> None:
        if self._choices_due:
            self._choices_due = False
            self._runner.run(
                self._contacts.filter_choices, self._fill_choices, lambda _error: None, owner=self
            )

    def focus_chain(self) -> list[QWidget]:
        """This screen's controls in Tab order (`ui/shell/tab_order.py`); hidden ones are skipped."""
        return [
            self.new_button,
            self.import_button,
            self.export_button,
            self.neighborhood_box,
            self.language_box,
            self.organization_box,
            self.role_box,
            self.interpreter_box,
            self.sort_box,
            self.reverse_box,
            self.clear_button,
            self.table,
            self.empty_clear_button,
        ]

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
        """Ask why (the reason goes into the audit event), then write the contacts the list shows to
        `path` in the background. Cancel writes nothing."""
        if self._csv is None:
            return
        self.reason_dialog = ask_reason(
            self,
            _("Why are these contacts leaving the laptop?"),
            _("The file holds people's names and phone numbers. Say why you export it."),
            export_reasons(),
            lambda reason: self._export(path, reason),
        )

    def _export(self, path: Path, reason: str) -> None:
        if self._csv is None:
            return
        exporter, where, words = self._csv.exporter, self.list_filter, base_language(language())
        self.export_button.setEnabled(False)
        self._show_transfer(_("Exporting contacts…"), error=False)
        self._runner.run(
            lambda: exporter.export(path, where=where, language=words, reason=reason),
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
        total, overall = self.model.total or 0, self.model.overall or 0
        narrowed = self.model.where.narrows
        if narrowed:
            text = ngettext(
                "{shown} of {count} contact match the filters",
                "{shown} of {count} contacts match the filters",
                overall,
            ).format(shown=format_number(total), count=format_number(overall))
        else:
            text = ngettext("{count} contact", "{count} contacts", total).format(count=format_number(total))
        self.count_label.setText(text)
        # No contacts at all: no filters to offer. None that match, or none at all: a sentence instead.
        self.filter_bar.setVisible(overall > 0 or narrowed)
        empty = total == 0
        if empty and narrowed:
            self.empty_label.setText(_("No contacts match these filters. Clear them to see every contact."))
        elif empty and self.import_button.isVisibleTo(self):
            self.empty_label.setText(
                _(
                    "There are no contacts yet. Add someone with New contact, or bring in a spreadsheet "
                    "with Import…."
                )
            )
        elif empty:
            self.empty_label.setText(_("There are no contacts yet. Add someone with New contact."))
        self.empty_clear_button.setVisible(empty and narrowed)
        had_focus = self.table.hasFocus()
        self.table.setVisible(not empty)
        self.empty_panel.setVisible(empty)
        if empty and had_focus and narrowed:
            self.empty_clear_button.setFocus()

    # -- surviving a lock or a language switch (ui/screen_state.py) ---------------------------------------

    def capture_state(self) -> ScreenState:
        # Asked right before the screen is torn down (a lock, a language switch): an import still running
        # is cancelled now, so nothing is written once the profile is locked; its dialog goes with the
        # screen. (Its state is not kept: the file is chosen again.)
        if self.import_dialog is not None:
            self.import_dialog.cancel_work()
        where = self.model.where
        return {
            "scroll": self.table.verticalScrollBar().value(),
            "row": self.table.currentIndex().row(),
            "focused": self.table.hasFocus(),
            "sort": self.model.sort_order.value,
            "filter": {
                "neighborhood": where.neighborhood,
                "language": where.language,
                "organization": where.organization,
                "community_role": where.community_role,
                "interpreter_needed": where.interpreter_needed,
            },
        }

    def restore_state(self, state: ScreenState) -> None:
        kept = state.get("filter")
        if isinstance(kept, dict):
            self._restore_filter(kept)
        try:
            self.sort_by(ContactSort(state.get("sort", ContactSort.NAME.value)))
        except ValueError:
            pass
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

    def _restore_filter(self, kept: dict) -> None:
        for box, value in (
            (self.neighborhood_box, kept.get("neighborhood")),
            (self.language_box, kept.get("language")),
            (self.organization_box, kept.get("organization")),
        ):  # the values are offered at once; the rest of the choices arrive from the background
            if value and box.findData(value) < 0:
                box.blockSignals(True)
                box.addItem(value, value)
                box.blockSignals(False)
        for box, value in (
            (self.neighborhood_box, kept.get("neighborhood")),
            (self.language_box, kept.get("language")),
            (self.organization_box, kept.get("organization")),
            (self.role_box, kept.get("community_role")),
        ):
            box.blockSignals(True)
            box.setCurrentIndex(max(0, box.findData(value)) if value else 0)
            box.blockSignals(False)
        self.interpreter_box.blockSignals(True)
        self.interpreter_box.setChecked(kept.get("interpreter_needed") is True)
        self.interpreter_box.blockSignals(False)
        self._filters_changed()

    def on_records_changed(self, changes: ChangeSet) -> None:
        if "contact" in changes.kinds:
            self.reload()
