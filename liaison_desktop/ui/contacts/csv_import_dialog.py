"""Importing contacts from a spreadsheet, in steps: choose the file, match its columns, check every row,
import with a progress bar and Cancel, then what was done.

- The file is read off the UI thread (`csv_reading`), in whatever encoding and with whatever separator it
  was saved; if letters look wrong, the person names the encoding and it is read again.
- Each column's drop-down starts at the field its header names, in any of the five languages; a column
  about immigration status or the like cannot be imported at all (its drop-down is disabled and says
  so). A field chosen for a second column is taken from the first.
- The preview is a lazy-free table over the service's preview (`CsvPreviewModel`): problems in words in
  their own column, likely duplicates with who they may be, and a decision per duplicate below it (merge,
  skip, add anyway), or one decision for every undecided duplicate at once.
- The import runs in one transaction (`ContactCsvImporter.run`): Cancel, closing the dialog, locking the
  laptop or an error leaves nothing stored, and the dialog says so and goes back to the preview.

Everything after the file dialog takes a path (`load_file`), so tests drive the real dialog without the
platform's file chooser.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from liaison_desktop.services.contact_csv_columns import guess_mapping, is_protected, mapping_problems
from liaison_desktop.services.contact_csv_import import (
    Action,
    ContactCsvImporter,
    Decision,
    ImportCancelled,
    ImportPlan,
    ImportPreview,
    ImportSummary,
    MergeTargetGone,
    NotImported,
)
from liaison_desktop.services.csv_reading import AUTOMATIC, ENCODINGS, CsvTable, CsvUnreadable, read_csv_file
from liaison_desktop.ui import theme
from liaison_desktop.ui.accessibility import name_from_label, visible_words
from liaison_desktop.ui.contacts.csv_preview_model import CsvPreviewModel
from liaison_desktop.ui.contacts.csv_transfer import choose_file_to_import
from liaison_desktop.ui.contacts.csv_words import (
    TARGET_CHOICES,
    decision_label,
    delimiter_label,
    duplicate_sentences,
    encoding_label,
    problem_text,
    row_label,
    row_name,
    row_values,
    target_label,
    unreadable_message,
)
from liaison_desktop.ui.error_messages import message_for
from liaison_desktop.ui.i18n import _, format_number, ngettext
from liaison_desktop.ui.runner import Runner
from liaison_desktop.ui.text_direction import align_with_layout, isolate

FILE, MAPPING, PREVIEW, WORKING, SUMMARY = range(5)
BULK_ACTIONS = (Action.SKIP, Action.MERGE, Action.CREATE)


def _label(text: str, role: theme.TextRole | None = None, *, name: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    if name:
        label.setObjectName(name)
    if role is not None:
        theme.set_text_role(label, role)
    align_with_layout(label)
    return label


def _button(text: str, name: str, icon: str | None = None) -> QPushButton:
    button = QPushButton(theme.icon(icon), text) if icon else QPushButton(text)
    button.setObjectName(name)
    button.setAccessibleName(visible_words(text))
    button.setAutoDefault(False)
    return button


def _buttons(*buttons: QWidget, stretch_before: int = 1) -> QHBoxLayout:
    row = QHBoxLayout()
    for position, button in enumerate(buttons):
        if position == stretch_before:
            row.addStretch(1)
        row.addWidget(button)
    return row


class CsvImportDialog(QDialog):
    """`imported(summary)` after an import was stored."""

    imported = Signal(object)

    def __init__(self, importer: ContactCsvImporter, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("csv_import_dialog")
        self.setWindowTitle(_("Import contacts"))
        self.importer = importer
        self._runner = runner
        self.path: Path | None = None
        self.table: CsvTable | None = None
        self.plan: ImportPlan | None = None
        self.summary: ImportSummary | None = None
        self.model: CsvPreviewModel | None = None
        self.working = False
        self._cancel = threading.Event()
        self.pages = QStackedWidget()
        for page in (
            self._file_page(),
            self._mapping_page(),
            self._preview_page(),
            self._working_page(),
            self._summary_page(),
        ):
            self.pages.addWidget(page)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        self.resize(1040, 660)

    # -- the pages -------------------------------------------------------------------------------------

    def _file_page(self) -> QWidget:
        page = QWidget()
        intro = _label(
            _(
                "Save the spreadsheet as CSV first (in Excel: Save as, then “CSV UTF-8”). Its first row must "
                "name the columns, in English, Spanish, French, Arabic or Chinese. You check every row before "
                "anything is added."
            )
        )
        self.file_label = QLabel(_("&File"))
        self.file_field = QLineEdit()
        self.file_field.setObjectName("csv_file")
        self.file_field.setReadOnly(True)
        name_from_label(self.file_label, self.file_field)
        self.choose_button = _button(_("C&hoose file…"), "choose_csv_file", "search")
        self.choose_button.clicked.connect(self.choose_file)
        self.file_error = _label("", theme.TextRole.ERROR, name="csv_file_error")
        self.file_error.hide()
        self.file_cancel = _button(_("&Cancel"), "cancel_csv_import")
        self.file_cancel.clicked.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.file_label)
        row.addWidget(self.file_field, 1)
        row.addWidget(self.choose_button)
        layout = QVBoxLayout(page)
        layout.addWidget(_label(_("Import contacts from a spreadsheet"), theme.TextRole.HEADING))
        layout.addWidget(intro)
        layout.addLayout(row)
        layout.addWidget(self.file_error)
        layout.addStretch(1)
        layout.addLayout(_buttons(self.file_cancel, stretch_before=0))
        return page

    def _mapping_page(self) -> QWidget:
        page = QWidget()
        self.file_summary = _label("", theme.TextRole.CAPTION, name="csv_file_summary")
        self.encoding_label = QLabel(_("If letters look wrong, choose the file's &encoding"))
        self.encoding_label.setWordWrap(True)
        self.encoding_box = QComboBox()
        self.encoding_box.setObjectName("csv_encoding")
        for codec in ENCODINGS:
            self.encoding_box.addItem(encoding_label(codec), codec)
        name_from_label(self.encoding_label, self.encoding_box)
        self.encoding_box.activated.connect(lambda _index: self._reread())
        encoding_row = QHBoxLayout()
        encoding_row.addWidget(self.encoding_label, 1)
        encoding_row.addWidget(self.encoding_box)
        self.columns_area = QWidget()
        self.columns_grid = QGridLayout(self.columns_area)
        scroller = QScrollArea()
        scroller.setWidgetResizable(True)
        scroller.setWidget(self.columns_area)
        self.column_boxes: list[QComboBox] = []
        self.mapping_error = _label("", theme.TextRole.ERROR, name="csv_mapping_error")
        self.mapping_error.hide()
        self.mapping_back = _button(_("&Back"), "csv_mapping_back", "back")
        self.mapping_back.clicked.connect(lambda: self.pages.setCurrentIndex(FILE))
        self.mapping_cancel = _button(_("&Cancel"), "csv_mapping_cancel")
        self.mapping_cancel.clicked.connect(self.reject)
        self.check_button = _button(_("Check the &rows"), "check_csv_rows", "next")
        theme.set_button_kind(self.check_button, theme.ButtonKind.PRIMARY)
        self.check_button.clicked.connect(self.check_rows)
        layout = QVBoxLayout(page)
        layout.addWidget(_label(_("Match the columns"), theme.TextRole.HEADING))
        layout.addWidget(self.file_summary)
        layout.addWidget(
            _label(
                _(
                    "Each column of the file is imported as the field chosen beside it. Columns about "
                    "immigration status or the like are never imported."
                )
            )
        )
        layout.addLayout(encoding_row)
        layout.addWidget(scroller, 1)
        layout.addWidget(self.mapping_error)
        layout.addLayout(_buttons(self.mapping_back, self.mapping_cancel, self.check_button))
        return page

    def _preview_page(self) -> QWidget:
        page = QWidget()
        self.counts_label = _label("", name="csv_preview_counts")
        self.notice_label = _label("", name="csv_import_notice")
        theme.set_tone(self.notice_label, theme.Tone.WARNING)
        self.notice_label.hide()
        self.rows_view = QTreeView()
        self.rows_view.setObjectName("csv_preview_rows")
        self.rows_view.setAccessibleName(_("Rows of the file"))
        self.rows_view.setRootIsDecorated(False)
        self.rows_view.setItemsExpandable(False)
        self.rows_view.setUniformRowHeights(True)
        self.rows_view.setAllColumnsShowFocus(True)
        self.rows_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.rows_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.rows_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.rows_view.setTabKeyNavigation(False)
        self.rows_view.setWordWrap(False)
        self.rows_view.header().setStretchLastSection(True)
        self.row_details = _label("", name="csv_row_details")
        self.decision_label = QLabel(_("What to do with this &row"))
        self.decision_box = QComboBox()
        self.decision_box.setObjectName("csv_row_decision")
        self.decision_box.setPlaceholderText(_("Not decided yet"))
        name_from_label(self.decision_label, self.decision_box)
        self.decision_box.activated.connect(self._decided)
        self.bulk_label = QLabel(_("For every &undecided duplicate"))
        self.bulk_box = QComboBox()
        self.bulk_box.setObjectName("csv_bulk_decision")
        for action, text in zip(
            BULK_ACTIONS,
            (_("Skip it"), _("Merge it into the closest match"), _("Add it as a new contact")),
            strict=True,
        ):
            self.bulk_box.addItem(text, action.value)
        name_from_label(self.bulk_label, self.bulk_box)
        self.bulk_button = _button(_("&Apply"), "csv_bulk_apply", "check")
        self.bulk_button.clicked.connect(self.decide_undecided)
        self.undecided_label = _label("", name="csv_undecided")
        theme.set_tone(self.undecided_label, theme.Tone.WARNING)
        self.preview_back = _button(_("&Back"), "csv_preview_back", "back")
        self.preview_back.clicked.connect(lambda: self.pages.setCurrentIndex(MAPPING))
        self.preview_cancel = _button(_("&Cancel"), "csv_preview_cancel")
        self.preview_cancel.clicked.connect(self.reject)
        self.import_button = _button(_("&Import"), "start_csv_import", "save")
        theme.set_button_kind(self.import_button, theme.ButtonKind.PRIMARY)
        self.import_button.clicked.connect(self.start_import)
        decision_row = QHBoxLayout()
        decision_row.addWidget(self.decision_label)
        decision_row.addWidget(self.decision_box, 1)
        bulk_row = QHBoxLayout()
        bulk_row.addWidget(self.bulk_label)
        bulk_row.addWidget(self.bulk_box, 1)
        bulk_row.addWidget(self.bulk_button)
        layout = QVBoxLayout(page)
        layout.addWidget(_label(_("Check before importing"), theme.TextRole.HEADING))
        layout.addWidget(self.counts_label)
        layout.addWidget(self.notice_label)
        layout.addWidget(self.rows_view, 1)
        layout.addWidget(self.row_details)
        layout.addLayout(decision_row)
        layout.addLayout(bulk_row)
        layout.addWidget(self.undecided_label)
        layout.addLayout(_buttons(self.preview_back, self.preview_cancel, self.import_button))
        return page

    def _working_page(self) -> QWidget:
        page = QWidget()
        self.working_heading = _label("", theme.TextRole.HEADING, name="csv_working_heading")
        self.progress = QProgressBar()
        self.progress.setObjectName("csv_progress")
        self.progress.setTextVisible(False)
        self.progress.setAccessibleName(_("Progress"))
        self.progress_label = _label("", name="csv_progress_count")
        self.working_note = _label("", theme.TextRole.CAPTION)
        self.cancel_work_button = _button(_("&Cancel"), "cancel_csv_work", "close")
        self.cancel_work_button.clicked.connect(self.cancel_work)
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        layout.addWidget(self.working_heading)
        layout.addWidget(self.progress)
        layout.addWidget(self.progress_label)
        layout.addWidget(self.working_note)
        layout.addStretch(1)
        layout.addLayout(_buttons(self.cancel_work_button, stretch_before=0))
        return page

    def _summary_page(self) -> QWidget:
        page = QWidget()
        self.summary_label = _label("", name="csv_summary")
        self.not_imported_label = _label(_("Rows not imported"), theme.TextRole.SUBHEADING)
        self.not_imported_model = QStandardItemModel(0, 3, self)
        self.not_imported_view = QTreeView()
        self.not_imported_view.setObjectName("csv_not_imported")
        self.not_imported_view.setAccessibleName(_("Rows not imported"))
        self.not_imported_view.setModel(self.not_imported_model)
        self.not_imported_view.setRootIsDecorated(False)
        self.not_imported_view.setItemsExpandable(False)
        self.not_imported_view.setUniformRowHeights(True)
        self.not_imported_view.setAllColumnsShowFocus(True)
        self.not_imported_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.not_imported_view.setTabKeyNavigation(False)
        self.not_imported_view.header().setStretchLastSection(True)
        self.close_button = _button(_("&Close"), "close_csv_import", "check")
        theme.set_button_kind(self.close_button, theme.ButtonKind.PRIMARY)
        self.close_button.clicked.connect(self.accept)
        layout = QVBoxLayout(page)
        layout.addWidget(_label(_("Import finished"), theme.TextRole.HEADING))
        layout.addWidget(self.summary_label)
        layout.addWidget(self.not_imported_label)
        layout.addWidget(self.not_imported_view, 1)
        layout.addLayout(_buttons(self.close_button, stretch_before=0))
        return page

    # -- 1. the file -----------------------------------------------------------------------------------

    def choose_file(self) -> None:
        folder = str(self.path.parent) if self.path else ""
        path = choose_file_to_import(self, folder)
        if path is not None:
            self.load_file(path)

    def load_file(self, path: Path, encoding: str = AUTOMATIC) -> None:
        """Read `path` in the background, then show its columns."""
        chosen = self.path = Path(path)
        self.file_field.setText(str(chosen))
        self.file_error.hide()
        self.mapping_error.hide()
        self._set_busy(True)
        self._runner.run(
            lambda: read_csv_file(chosen, encoding=encoding),
            self._file_read,
            self._file_failed,
            owner=self,
        )

    def _reread(self) -> None:
        if self.path is not None:
            self.load_file(self.path, self.encoding_box.currentData())

    def _file_read(self, table: CsvTable) -> None:
        self._set_busy(False)
        self.table = table
        self._show_columns(table)
        self.pages.setCurrentIndex(MAPPING)
        if self.column_boxes:
            self.column_boxes[0].setFocus()

    def _file_failed(self, error: BaseException) -> None:
        self._set_busy(False)
        text = unreadable_message(error.params) if isinstance(error, CsvUnreadable) else message_for(error)
        target = self.mapping_error if self.pages.currentIndex() == MAPPING else self.file_error
        target.setText(text)
        target.show()

    # -- 2. the columns --------------------------------------------------------------------------------

    def _show_columns(self, table: CsvTable) -> None:
        while self.columns_grid.count():
            item = self.columns_grid.takeAt(0)
            if item is not None and item.widget() is not None:
                item.widget().deleteLater()
        self.column_boxes = []
        rows = len(table.rows)
        self.file_summary.setText(
            ngettext(
                "{file}: {count} row, separated by {separator}.",
                "{file}: {count} rows, separated by {separator}.",
                rows,
            ).format(
                file=isolate(self.path.name if self.path else ""),
                count=format_number(rows),
                separator=delimiter_label(table.delimiter),
            )
        )
        for column, title in enumerate((_("Column in the file"), _("Examples"), _("Import as"))):
            heading = _label(title, theme.TextRole.SUBHEADING)
            self.columns_grid.addWidget(heading, 0, column)
        guessed = guess_mapping(table.headers)
        for position, header in enumerate(table.headers):
            shown = header or _("Column {number}").format(number=format_number(position + 1))
            header_label = _label(isolate(shown))
            protected = is_protected(header)
            examples = _label(
                _("Not shown")
                if protected
                else " · ".join(isolate(value[:40]) for value in table.column_values(position)),
                theme.TextRole.CAPTION,
            )
            box = QComboBox()
            box.setObjectName(f"csv_column_{position}")
            if protected:
                box.addItem(_("Never imported: the app does not keep this"), None)
                box.setEnabled(False)
            else:
                for target in TARGET_CHOICES:
                    box.addItem(target_label(target), target)
                box.setCurrentIndex(box.findData(guessed[position]) if guessed[position] else 0)
                box.activated.connect(lambda _index, chosen=position: self._column_chosen(chosen))
            name_from_label(header_label, box)
            self.columns_grid.addWidget(header_label, position + 1, 0)
            self.columns_grid.addWidget(examples, position + 1, 1)
            self.columns_grid.addWidget(box, position + 1, 2)
            self.column_boxes.append(box)
        self.columns_grid.setColumnStretch(1, 1)
        self.columns_grid.setRowStretch(len(table.headers) + 1, 1)
        self._check_mapping()

    def mapping(self) -> list[str | None]:
        return [box.currentData() if box.isEnabled() else None for box in self.column_boxes]

    def set_column(self, position: int, target: str | None) -> None:
        """Choose what a column is imported as (what the person does with its drop-down)."""
        box = self.column_boxes[position]
        box.setCurrentIndex(box.findData(target) if target else 0)
        self._column_chosen(position)

    def _column_chosen(self, position: int) -> None:
        """A field goes to one column: choosing it for this one takes it from any other."""
        chosen = self.column_boxes[position].currentData()
        if chosen is not None:
            for other, box in enumerate(self.column_boxes):
                if other != position and box.isEnabled() and box.currentData() == chosen:
                    box.setCurrentIndex(0)
        self._check_mapping()

    def _check_mapping(self) -> None:
        problems = mapping_problems(self.mapping())
        if self.table is not None and not self.table.rows:
            problem = _("The file has only its first row, the column names: nothing to import.")
        elif "csv_mapping.no_given_name" in problems:
            problem = _("Choose the column that holds the given names (or the full names).")
        elif problems:
            problem = _("Each field can be chosen for one column only.")
        else:
            problem = ""
        self.mapping_error.setText(problem)
        self.mapping_error.setVisible(bool(problem))
        self.check_button.setEnabled(not problem)

    def check_rows(self) -> None:
        """Read every row under the chosen columns, in the background, with a progress bar."""
        if self.table is None or mapping_problems(self.mapping()):
            return
        table, mapping, importer = self.table, self.mapping(), self.importer
        cancel = self._start_work(
            ngettext("Checking {count} row…", "Checking {count} rows…", len(table.rows)).format(
                count=format_number(len(table.rows))
            ),
            _("Nothing is added until you choose Import."),
        )
        self._runner.run_with_progress(
            lambda report: importer.preview(table, mapping, progress=report, cancelled=cancel.is_set),
            self._previewed,
            self._preview_failed,
            on_progress=self._progressed,
            owner=self,
        )

    def _preview_failed(self, error: BaseException) -> None:
        self._stop_work()
        self.pages.setCurrentIndex(MAPPING)
        if not isinstance(error, ImportCancelled):
            self.mapping_error.setText(message_for(error))
            self.mapping_error.show()

    # -- 3. the preview --------------------------------------------------------------------------------

    def _previewed(self, preview: ImportPreview) -> None:
        self._stop_work()
        self.plan = ImportPlan(preview)
        self.notice_label.hide()
        old = self.rows_view.model()
        self.model = CsvPreviewModel(self.plan, self)
        self.rows_view.setModel(self.model)
        if old is not None:
            old.deleteLater()
        self.rows_view.selectionModel().currentRowChanged.connect(lambda current, _previous: self._show_row())
        # Short values take the width they need (up to a limit), long sentences a fixed share; in
        # characters, so they grow with the font, and never below the column's title.
        char_width = self.rows_view.fontMetrics().averageCharWidth()
        header = self.rows_view.header()
        for column, characters in enumerate((None, None, None, None, 34, 30)):
            if characters is None:
                self.rows_view.resizeColumnToContents(column)
                width = min(self.rows_view.columnWidth(column), 32 * char_width)
            else:
                width = characters * char_width
            self.rows_view.setColumnWidth(column, max(width, header.sectionSizeHint(column)))
        self.pages.setCurrentIndex(PREVIEW)
        first = next((row.index for row in preview.rows if row.is_duplicate or row.problems), 0)
        if preview.rows:
            self.select_row(first)
        self._show_counts()
        self.rows_view.setFocus()

    def select_row(self, position: int) -> None:
        self.rows_view.selectionModel().setCurrentIndex(
            self.model.index(position, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
        )
        self._show_row()

    def _current_row(self) -> int | None:
        index: QModelIndex = self.rows_view.currentIndex()
        return index.row() if index.isValid() else None

    def _show_row(self) -> None:
        position = self._current_row()
        self.decision_box.clear()
        if position is None or self.plan is None:
            self.row_details.setText("")
            self.decision_box.setEnabled(False)
            return
        row = self.model.row_at(position)
        name = isolate(row_name(row.fields or row.typed))
        values = row_values(row)
        if values:
            name = _("{name} ({values})").format(name=name, values=values)
        if row.problems:
            details = " ".join(problem_text(problem) for problem in row.problems)
            self.row_details.setText(
                _("{row}, {name}, is not imported: {problems}").format(
                    row=row_label(row.line), name=name, problems=details
                )
            )
        elif row.is_duplicate:
            self.row_details.setText(
                _("{row}, {name}. {matches}").format(
                    row=row_label(row.line), name=name, matches=duplicate_sentences(row)
                )
            )
        else:
            self.row_details.setText(
                _("{row}, {name}, is added as a new contact.").format(row=row_label(row.line), name=name)
            )
        lines = {other.index: other.line for other in self.plan.preview.rows}
        choices = row.choices()
        for choice in choices:
            self.decision_box.addItem(decision_label(choice, row, lines))
        decision = self.plan.decision(row.index)
        self.decision_box.setCurrentIndex(choices.index(decision) if decision in choices else -1)
        self.decision_box.setEnabled(row.is_duplicate)
        if not row.importable:
            self.decision_box.addItem(_("Not imported"))
            self.decision_box.setCurrentIndex(0)

    def _decided(self, choice: int) -> None:
        position = self._current_row()
        if position is None or self.plan is None or choice < 0:
            return
        row = self.model.row_at(position)
        choices = row.choices()
        if row.is_duplicate and choice < len(choices):
            self.plan.decide(row.index, choices[choice])
            self.model.decision_changed(position)
            self._show_counts()

    def decide(self, position: int, choice: Decision | str) -> None:
        """Choose what to do with a row, as the person does with its drop-down: by the decision, or by the
        words the drop-down shows for it."""
        self.select_row(position)
        if isinstance(choice, Decision):
            choices = self.model.row_at(position).choices() if self.model else []
            found = choices.index(choice) if choice in choices else -1
        else:
            found = self.decision_box.findText(choice)
        if found < 0:
            raise ValueError(f"row {position} offers no {choice!r}")
        self.decision_box.setCurrentIndex(found)
        self._decided(found)

    def decide_undecided(self) -> None:
        if self.plan is None:
            return
        self.plan.decide_undecided(Action(self.bulk_box.currentData()))
        self.model.decision_changed()
        self._show_row()
        self._show_counts()

    def _show_counts(self) -> None:
        if self.plan is None:
            return
        preview = self.plan.preview
        parts = [
            ngettext("{count} row ready", "{count} rows ready", preview.ready).format(
                count=format_number(preview.ready)
            ),
            ngettext("{count} likely duplicate", "{count} likely duplicates", preview.duplicates).format(
                count=format_number(preview.duplicates)
            ),
            ngettext(
                "{count} row with problems, not imported",
                "{count} rows with problems, not imported",
                preview.with_problems,
            ).format(count=format_number(preview.with_problems)),
        ]
        self.counts_label.setText(_("{parts}.").format(parts=" · ".join(parts)))
        undecided = len(self.plan.undecided())
        self.undecided_label.setText(
            ngettext(
                "Decide what to do with {count} likely duplicate before importing.",
                "Decide what to do with {count} likely duplicates before importing.",
                undecided,
            ).format(count=format_number(undecided))
        )
        self.undecided_label.setVisible(undecided > 0)
        self.bulk_box.setEnabled(undecided > 0)
        self.bulk_button.setEnabled(undecided > 0)
        writes = self.plan.rows_to_write()
        text = ngettext("&Import {count} row", "&Import {count} rows", writes).format(
            count=format_number(writes)
        )
        self.import_button.setText(text)
        self.import_button.setAccessibleName(visible_words(text))
        self.import_button.setEnabled(undecided == 0 and writes > 0)

    # -- 4. importing ----------------------------------------------------------------------------------

    def start_import(self) -> None:
        plan, importer = self.plan, self.importer
        if plan is None or plan.undecided() or not self.import_button.isEnabled():
            return
        total = plan.rows_to_write()
        cancel = self._start_work(
            ngettext("Importing {count} row…", "Importing {count} rows…", total).format(
                count=format_number(total)
            ),
            _("Everything is saved together at the end. If you cancel, nothing is saved."),
        )
        self._runner.run_with_progress(
            lambda report: importer.run(plan, progress=report, cancelled=cancel.is_set),
            self._imported,
            self._import_failed,
            on_progress=self._progressed,
            owner=self,
        )

    def _imported(self, summary: ImportSummary) -> None:
        self._stop_work()
        self.summary = summary
        self._show_summary(summary)
        self.pages.setCurrentIndex(SUMMARY)
        self.close_button.setFocus()
        self.imported.emit(summary)

    def _import_failed(self, error: BaseException) -> None:
        self._stop_work()
        if isinstance(error, ImportCancelled):
            text = _("The import was cancelled. Nothing was saved.")
        elif isinstance(error, MergeTargetGone):
            text = _(
                "A contact chosen for a merge was deleted meanwhile, so nothing was saved. Go back and "
                "check the rows again."
            )
        else:
            text = _("{problem} Nothing was saved.").format(problem=message_for(error))
        self.notice_label.setText(text)
        self.notice_label.show()
        self.pages.setCurrentIndex(PREVIEW)
        self.import_button.setFocus()

    # -- working: progress and cancel ------------------------------------------------------------------

    def _start_work(self, heading: str, note: str) -> threading.Event:
        self._cancel = threading.Event()
        self.destroyed.connect(self._cancel.set)  # locked meanwhile: the work stops and rolls back
        self.working = True
        self.working_heading.setText(heading)
        self.working_note.setText(note)
        self.progress.setRange(0, 0)
        self.progress_label.setText("")
        self.cancel_work_button.setEnabled(True)
        self.pages.setCurrentIndex(WORKING)
        self.cancel_work_button.setFocus()
        return self._cancel

    def _progressed(self, done: int, total: int) -> None:
        if total <= 0:
            return
        self.progress.setRange(0, total)
        self.progress.setValue(min(done, total))
        self.progress_label.setText(
            _("{done} of {total}").format(done=format_number(done), total=format_number(total))
        )

    def _stop_work(self) -> None:
        self.working = False

    def cancel_work(self) -> None:
        """Stop the reading or the import running now (nothing of an import is then saved)."""
        if not self.working:
            return
        self._cancel.set()
        self.cancel_work_button.setEnabled(False)
        self.progress_label.setText(_("Cancelling… nothing will be saved."))

    def _set_busy(self, busy: bool) -> None:
        self.choose_button.setEnabled(not busy)
        self.encoding_box.setEnabled(not busy)
        self.check_button.setEnabled(not busy and not mapping_problems(self.mapping()))

    def reject(self) -> None:
        """Closing while work runs cancels it first; the dialog stays until the work has stopped."""
        if self.working:
            self.cancel_work()
            return
        super().reject()

    # -- 5. the summary --------------------------------------------------------------------------------

    def _show_summary(self, summary: ImportSummary) -> None:
        lines = [
            ngettext("{count} contact added.", "{count} contacts added.", summary.created).format(
                count=format_number(summary.created)
            )
        ]
        if summary.rows_merged:
            lines.append(
                ngettext(
                    "{count} row merged into a contact you already had.",
                    "{count} rows merged into contacts you already had.",
                    summary.rows_merged,
                ).format(count=format_number(summary.rows_merged))
            )
        if summary.rows_combined:
            lines.append(
                ngettext(
                    "{count} row merged into an earlier row of the file.",
                    "{count} rows merged into earlier rows of the file.",
                    summary.rows_combined,
                ).format(count=format_number(summary.rows_combined))
            )
        if summary.skipped:
            lines.append(
                ngettext("{count} row skipped.", "{count} rows skipped.", summary.skipped).format(
                    count=format_number(summary.skipped)
                )
            )
        if summary.with_problems:
            lines.append(
                ngettext(
                    "{count} row with problems was not imported: correct it in the spreadsheet and import "
                    "that row again.",
                    "{count} rows with problems were not imported: correct them in the spreadsheet and "
                    "import those rows again.",
                    summary.with_problems,
                ).format(count=format_number(summary.with_problems))
            )
        self.summary_label.setText("\n".join(lines))
        self.not_imported_model.clear()
        self.not_imported_model.setHorizontalHeaderLabels([_("Row"), _("Name"), _("Why")])
        for row in summary.not_imported:
            cells = [format_number(row.line), row_name(row.fields), self._why(row)]
            items = [QStandardItem(text) for text in cells]
            for item in items:
                item.setData(item.text(), Qt.ItemDataRole.AccessibleTextRole)
            items[0].setData(row_label(row.line), Qt.ItemDataRole.AccessibleTextRole)
            self.not_imported_model.appendRow(items)
        char_width = self.not_imported_view.fontMetrics().averageCharWidth()
        header = self.not_imported_view.header()
        for column, characters in enumerate((5, 28)):
            self.not_imported_view.setColumnWidth(
                column, max(characters * char_width, header.sectionSizeHint(column))
            )
        self.not_imported_view.header().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        shown = bool(summary.not_imported)
        self.not_imported_label.setVisible(shown)
        self.not_imported_view.setVisible(shown)

    @staticmethod
    def _why(row: NotImported) -> str:
        if row.reason == "skipped":
            return _("Skipped as a likely duplicate")
        if row.reason == "merge_target_not_imported":
            return _("The row it was to be merged into was not imported")
        return " ".join(problem_text(problem) for problem in row.problems)
