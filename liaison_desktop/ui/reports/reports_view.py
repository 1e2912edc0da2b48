"""The supervisors' Reports section: choose dates, a team and a kind of report, see it, then export it
as CSV or PDF or print it.

Two kinds: the team report (counts of the team's work, officers named: a CSV, PDF or print-out of it
is recorded in the audit trail, with the reason the supervisor is asked for first) and the public
summary for community oversight boards (counts and rates only, small counts suppressed, whole ISO weeks:
nothing personal, so nothing is asked and nothing is audited). The report is
counted and files are written on the Runner; the preview is the very document the files are made from.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
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
from liaison_desktop.services.report_board import ReportBoard, TeamChoice
from liaison_desktop.services.report_layout import (
    ReportDocument,
    public_summary_document,
    team_report_document,
)
from liaison_desktop.services.team_roster import ROSTER
from liaison_desktop.ui import theme
from liaison_desktop.ui.accessibility import name_from_label
from liaison_desktop.ui.error_messages import message_for
from liaison_desktop.ui.i18n import _
from liaison_desktop.ui.reason_dialog import ReasonDialog, ask_reason, export_reasons
from liaison_desktop.ui.reports.report_document import print_report, write_pdf
from liaison_desktop.ui.reports.words import report_words
from liaison_desktop.ui.shell.screen_context import ScreenContext
from liaison_desktop.ui.text_direction import align_with_layout

TEAM_REPORT, PUBLIC_SUMMARY = "team_report", "public_summary"
WATCHED_KINDS = frozenset(
    {"encounter", "referral", "referral_event", "meeting", "commitment", "feedback", ROSTER}
)
DEFAULT_DAYS = 28


class ReportDayBox(QDateEdit):
    """A report's first or last day. Tab leaves it, as it leaves every other control."""

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802 - Qt's name
        return QWidget.focusNextPrevChild(self, next)


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _day(box: QDateEdit) -> dt.date:
    date = box.date()
    return dt.date(date.year(), date.month(), date.day())


def team_label(choice: TeamChoice) -> str:
    """A team by the roster's name; one it does not name by the start of its id."""
    return choice.name or _("Team {code}").format(code=choice.id[:8])


class ReportsView(QWidget):
    def __init__(self, context: ScreenContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reports_view")
        self._context = context
        self._board = ReportBoard(context.session.workspace)
        self.document: ReportDocument | None = None
        self.reason_dialog: ReasonDialog | None = None  # the last "why" asked, kept for tests
        self.loaded_once = False
        self._generation = 0
        self.last_file: Path | None = None

        heading = QLabel(_("Reports"))
        theme.set_text_role(heading, theme.TextRole.HEADING)
        align_with_layout(heading)

        today = context.session.workspace.context.today()
        self.from_box = self._day_box("report_from", today - dt.timedelta(days=DEFAULT_DAYS - 1))
        self.to_box = self._day_box("report_to", today)
        self.team_box = QComboBox()
        self.team_box.setObjectName("report_team")
        self.kind_box = QComboBox()
        self.kind_box.setObjectName("report_kind")
        self.kind_box.addItem(_("Team report"), TEAM_REPORT)
        self.kind_box.addItem(_("Public summary"), PUBLIC_SUMMARY)
        for box in (self.team_box, self.kind_box):  # a team's name is never cut short
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)

        form = QGridLayout()
        for column, (text, field) in enumerate(
            (
                (_("Fro&m"), self.from_box),
                (_("&To"), self.to_box),
                (_("T&eam"), self.team_box),
                (_("&Kind of report"), self.kind_box),
            )
        ):
            label = QLabel(text)
            name_from_label(label, field)
            form.addWidget(label, 0, column)
            form.addWidget(field, 1, column)
        form.setColumnStretch(4, 1)

        self.about_label = QLabel()
        self.about_label.setObjectName("report_about")
        self.about_label.setWordWrap(True)
        align_with_layout(self.about_label)

        self.model = QStandardItemModel(0, 2, self)
        self.model.setHorizontalHeaderLabels([_("Figure"), _("Count")])
        self.preview = QTreeView()
        self.preview.setObjectName("report_preview")
        self.preview.setAccessibleName(_("Report preview"))
        self.preview.setModel(self.model)
        self.preview.setUniformRowHeights(True)
        self.preview.setAllColumnsShowFocus(True)
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview.setTabKeyNavigation(False)
        header = self.preview.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)

        self.csv_button = self._button(_("Export &CSV…"), "report_export_csv", "export", self.choose_csv_file)
        self.pdf_button = self._button(_("Export &PDF…"), "report_export_pdf", "export", self.choose_pdf_file)
        self.print_button = self._button(_("P&rint…"), "report_print", "print", self.print_report)
        self.message_label = QLabel()
        self.message_label.setObjectName("report_message")
        self.message_label.setWordWrap(True)
        align_with_layout(self.message_label)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message_label, 1)
        for button in (self.csv_button, self.pdf_button, self.print_button):
            buttons.addWidget(button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.about_label)
        layout.addWidget(self.preview, 1)
        layout.addLayout(buttons)

        self.from_box.dateChanged.connect(self.reload)
        self.to_box.dateChanged.connect(self.reload)
        self.team_box.currentIndexChanged.connect(self.reload)
        self.kind_box.currentIndexChanged.connect(self.reload)
        self._set_actions_enabled(False)
        self.reload()

    def _day_box(self, name: str, day: dt.date) -> ReportDayBox:
        box = ReportDayBox(self)
        box.setObjectName(name)
        box.setCalendarPopup(True)
        box.setDate(_qdate(day))
        return box

    def _button(self, text: str, name: str, icon: str, slot) -> QPushButton:  # noqa: ANN001
        button = QPushButton(theme.icon(icon), text)
        button.setObjectName(name)
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        button.clicked.connect(slot)
        return button

    def _set_actions_enabled(self, enabled: bool) -> None:
        for button in (self.csv_button, self.pdf_button, self.print_button):
            button.setEnabled(enabled)

    # -- reading ---------------------------------------------------------------------------------------

    def kind(self) -> str:
        return self.kind_box.currentData()

    def on_records_changed(self, changes: ChangeSet) -> None:
        if changes.kinds & WATCHED_KINDS:
            self.reload()

    def reload(self) -> None:
        """Count the report again off the UI thread; only the latest answer is shown."""
        self._generation += 1
        generation = self._generation
        start, end = _day(self.from_box), _day(self.to_box)
        team_id, kind, board = self.team_box.currentData(), self.kind(), self._board

        def work() -> tuple[list[TeamChoice], ReportDocument]:
            teams = board.teams()
            words = report_words(board.roster())
            if kind == PUBLIC_SUMMARY:
                return teams, public_summary_document(board.public_summary(start, end, team_id), words)
            name = next((team_label(t) for t in teams if t.id == team_id), _("All my teams"))
            return teams, team_report_document(board.team_report(start, end, team_id), words, name)

        def done(result: tuple[list[TeamChoice], ReportDocument]) -> None:
            if generation == self._generation:
                self._show(*result)

        self._context.runner.run(work, done, self._failed, owner=self)

    def _fill_teams(self, teams: list[TeamChoice]) -> None:
        current = self.team_box.currentData()
        self.team_box.blockSignals(True)
        self.team_box.clear()
        self.team_box.addItem(_("All my teams"), None)
        for choice in teams:
            self.team_box.addItem(team_label(choice), choice.id)
        self.team_box.setCurrentIndex(max(0, self.team_box.findData(current)) if current is not None else 0)
        self.team_box.blockSignals(False)

    def _show(self, teams: list[TeamChoice], document: ReportDocument) -> None:
        self._fill_teams(teams)
        self.document = document
        self.loaded_once = True
        about = (
            _("Counts and rates only, for community oversight boards: nothing in it is personal.")
            if not document.personal
            else _("It names officers: exporting or printing it is recorded in the audit trail.")
        )
        # The period as the document gives it: a public summary widens the dates to whole ISO weeks.
        self.about_label.setText(f"{document.period}\n{about}")
        self.model.removeRows(0, self.model.rowCount())
        root = self.model.invisibleRootItem()
        for section in document.sections:
            heading = QStandardItem(section.title)
            font = heading.font()
            font.setBold(True)
            heading.setFont(font)
            root.appendRow([heading, QStandardItem("")])
            for line in section.lines:
                heading.appendRow([QStandardItem(line.label), QStandardItem(line.value)])
        self.preview.expandAll()
        self._set_actions_enabled(True)

    def _failed(self, error: BaseException) -> None:
        self._show_message(message_for(error))

    def _show_message(self, text: str) -> None:
        self.message_label.setText(text)

    def preview_rows(self) -> list[tuple[str, str, str]]:
        """(section, line, value) as the preview shows them."""
        rows = []
        for section_row in range(self.model.rowCount()):
            section = self.model.item(section_row, 0)
            for row in range(section.rowCount()):
                rows.append((section.text(), section.child(row, 0).text(), section.child(row, 1).text()))
        return rows

    # -- files ---------------------------------------------------------------------------------------

    def _suggested(self, suffix: str) -> str:
        name = "public-summary" if self.kind() == PUBLIC_SUMMARY else "team-report"
        return str(Path.home() / f"{name}-{_day(self.from_box).isoformat()}.{suffix}")

    def choose_csv_file(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(
            self, _("Export the report as CSV"), self._suggested("csv"), _("CSV files (*.csv)")
        )
        if name:
            self.export_csv(Path(name))

    def choose_pdf_file(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(
            self, _("Export the report as PDF"), self._suggested("pdf"), _("PDF files (*.pdf)")
        )
        if name:
            self.export_pdf(Path(name))

    def _with_reason(self, then: Callable[[str | None], None]) -> None:
        """`then(reason)` once the supervisor has said why, for a report that names people (purpose
        binding: the reason goes into the audit event); at once with None for the public summary."""
        document = self.document
        if document is None:
            return
        if not document.personal:
            then(None)
            return
        self.reason_dialog = ask_reason(
            self,
            _("Why is this report leaving the laptop?"),
            _("This report names officers. Say why you export or print it."),
            export_reasons(),
            then,
        )

    def export_csv(self, path: Path) -> None:
        """Write the report to `path` as CSV, after asking why when it names people."""
        document, board = self.document, self._board
        if document is not None:
            self._with_reason(lambda reason: self._write(lambda: board.write_csv(document, path, reason)))

    def export_pdf(self, path: Path) -> None:
        """Write the report to `path` as PDF, after asking why when it names people."""
        document, board = self.document, self._board
        if document is not None:
            self._with_reason(
                lambda reason: self._write(
                    lambda: write_pdf(document, path, lambda: board.audit_export(document, "pdf", reason))
                )
            )

    def _write(self, work) -> None:  # noqa: ANN001
        self._set_actions_enabled(False)
        self._show_message(_("Writing the file…"))

        def done(path: Path) -> None:
            self.last_file = path
            self._set_actions_enabled(True)
            self._show_message(_("Saved as {name}.").format(name=path.name))

        def failed(error: BaseException) -> None:
            self._set_actions_enabled(True)
            if isinstance(error, OSError):
                self._show_message(
                    _("The file could not be written: {reason}").format(reason=error.strerror or error)
                )
            else:
                self._failed(error)

        self._context.runner.run(work, done, failed, owner=self)

    def print_report(self) -> None:
        """Ask why (for a report that names people), then show the print dialog and print."""
        if self.document is not None:
            self._with_reason(self._choose_printer)

    def _choose_printer(self, reason: str | None) -> None:
        if self.document is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.document.title)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(_("Print the report"))
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._print_on(printer, reason)

    def print_to(self, printer: QPrinter) -> None:
        """Print the report on `printer` (after the print dialog); asks why and is audited as an export
        is."""
        self._with_reason(lambda reason: self._print_on(printer, reason))

    def _print_on(self, printer: QPrinter, reason: str | None) -> None:
        if self.document is not None:
            self._board.audit_export(self.document, "print-out", reason)
            print_report(self.document, printer)
