"""A report on paper: a QTextDocument in the interface language and direction (title, period, notes,
then each section as a two-column table of line and value), printed page after page onto a PDF
(QPdfWriter) or a printer (QPrinter).

Fonts as the referral slip's (`referrals.slip_document.slip_font`): the application's family first,
then the shipped Chinese font, so Chinese is drawn, embedded, on a machine without a CJK font, and
Arabic is shaped by the application font. Right-to-left documents lay their tables out from the right.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QMarginsF, QSizeF, Qt
from PySide6.QtGui import (
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPdfWriter,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextLength,
    QTextOption,
    QTextTableFormat,
)

from liaison_desktop.services.report_layout import ReportDocument
from liaison_desktop.ui.referrals.slip_document import slip_font

PAGE_MARGIN_MM = 16.0
PDF_RESOLUTION_DPI = 300
TITLE_PT, HEADING_PT, BODY_PT, NOTE_PT = 18.0, 13.0, 10.5, 9.0


def build_document(report: ReportDocument) -> QTextDocument:
    document = QTextDocument()
    document.setDefaultFont(slip_font(BODY_PT))
    direction = Qt.LayoutDirection.RightToLeft if report.right_to_left else Qt.LayoutDirection.LeftToRight
    option = QTextOption()
    option.setTextDirection(direction)
    option.setAlignment(Qt.AlignmentFlag.AlignLeading)
    document.setDefaultTextOption(option)
    cursor = QTextCursor(document)

    def block_format(space_before: float = 0.0) -> QTextBlockFormat:
        fmt = QTextBlockFormat()
        fmt.setLayoutDirection(direction)
        fmt.setAlignment(Qt.AlignmentFlag.AlignLeading)
        fmt.setTopMargin(space_before)
        return fmt

    def char_format(point_size: float, *, bold: bool = False) -> QTextCharFormat:
        char = QTextCharFormat()
        char.setFont(slip_font(point_size, bold=bold))
        return char

    cursor.setBlockFormat(block_format())
    cursor.insertText(report.title, char_format(TITLE_PT, bold=True))
    cursor.insertBlock(block_format(4), char_format(BODY_PT))
    cursor.insertText(report.period, char_format(BODY_PT))
    for note in report.notes:
        cursor.insertBlock(block_format(4), char_format(NOTE_PT))
        cursor.insertText(note, char_format(NOTE_PT))
    for section in report.sections:
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.insertBlock(block_format(14), char_format(HEADING_PT, bold=True))
        cursor.insertText(section.title, char_format(HEADING_PT, bold=True))
        table_format = QTextTableFormat()
        table_format.setBorder(0)
        table_format.setCellPadding(2)
        table_format.setCellSpacing(0)
        table_format.setWidth(QTextLength(QTextLength.Type.PercentageLength, 100))
        # A text table does not mirror its columns in a right-to-left document: an Arabic page gets the
        # count first, so the line's words stand on the right where its reading starts.
        widths = [QTextLength(QTextLength.Type.PercentageLength, share) for share in (70, 30)]
        order = [1, 0] if report.right_to_left else [0, 1]
        table_format.setColumnWidthConstraints([widths[i] for i in order])
        table_format.setAlignment(Qt.AlignmentFlag.AlignLeading)
        table = cursor.insertTable(len(section.lines), 2, table_format)
        for row, line in enumerate(section.lines):
            texts = (line.label, line.value)
            for column, index in enumerate(order):
                cell_cursor = table.cellAt(row, column).firstCursorPosition()
                cell_cursor.setBlockFormat(block_format())
                # Each text keeps its own direction (a Latin name in an Arabic report), aligned with it.
                cell_cursor.insertText(f"\u2068{texts[index]}\u2069", char_format(BODY_PT, bold=line.total))
    return document


def print_report(report: ReportDocument, device: QPagedPaintDevice) -> None:
    """Lay the report out on A4 pages of `device` and print every page."""
    layout = QPageLayout(
        QPageSize(QPageSize.PageSizeId.A4),
        QPageLayout.Orientation.Portrait,
        QMarginsF(PAGE_MARGIN_MM, PAGE_MARGIN_MM, PAGE_MARGIN_MM, PAGE_MARGIN_MM),
        QPageLayout.Unit.Millimeter,
    )
    device.setPageLayout(layout)
    document = build_document(report)
    # Paged in points over the printable area: without a page size, print_() adds margins of its own.
    printable = layout.paintRect(QPageLayout.Unit.Point)
    document.setDocumentMargin(0)
    document.setPageSize(QSizeF(printable.width(), printable.height()))
    document.print_(device)


def write_pdf(report: ReportDocument, path: Path, before_rename: Callable[[], None] | None = None) -> Path:
    """The report as a PDF at `path`, written beside it and renamed into place (fonts embedded).
    `before_rename` runs once the file is whole and before it appears (the export's audit)."""
    path = Path(path)
    temporary = path.with_name(f".export-{path.name}")
    writer = QPdfWriter(str(temporary))
    writer.setResolution(PDF_RESOLUTION_DPI)
    writer.setTitle(report.title)
    writer.setCreator("Liaison")
    try:
        print_report(report, writer)
        del writer  # the file is complete once the writer is gone
        if not temporary.exists() or temporary.stat().st_size == 0:
            raise OSError("the PDF could not be written")
        if before_rename is not None:
            before_rename()
        temporary.replace(path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return path
