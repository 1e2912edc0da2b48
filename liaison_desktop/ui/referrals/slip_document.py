"""The referral slip on paper: a QTextDocument laid out in the slip's language and direction, painted
onto one page of a PDF (QPdfWriter) or a printer (QPrinter).

The document names its font families itself: the application font for Latin and Arabic (DejaVu / Noto
shape Arabic), then the app's shipped Chinese font (`ui/fonts.py`), so a PDF made on a machine without
any CJK font still carries Chinese glyphs, embedded, instead of empty boxes. Arabic blocks are laid out
right to left; a phone number stays left to right inside them.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF, QSizeF, Qt
from PySide6.QtGui import (
    QFont,
    QGuiApplication,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextOption,
)

from liaison_desktop.services.referral_slip import SlipContent
from liaison_desktop.ui import fonts
from liaison_desktop.ui.text_direction import isolate_ltr

PAGE_MARGIN_MM = 18.0
PDF_RESOLUTION_DPI = 300
# Point sizes on paper (not the screen's type scale: a slip is read at arm's length, printed).
TITLE_PT = 20.0
BODY_PT = 12.0
LABEL_PT = 10.0


def slip_font(point_size: float, *, bold: bool = False) -> QFont:
    """The slip's font: the application's family first, the shipped Chinese family as the fallback."""
    base = QGuiApplication.font()
    families = list(base.families()) or [base.family()]
    families += [family for family in fonts.register_fonts() if family not in families]
    font = QFont()
    font.setFamilies(families)
    font.setPointSizeF(point_size)
    font.setBold(bold)
    return font


def build_document(content: SlipContent, text_width: float | None = None) -> QTextDocument:
    """The slip as a document: title, a sentence, then each line's label above its value."""
    document = QTextDocument()
    document.setDocumentMargin(0)
    document.setDefaultFont(slip_font(BODY_PT))
    direction = Qt.LayoutDirection.RightToLeft if content.right_to_left else Qt.LayoutDirection.LeftToRight
    option = QTextOption()
    option.setTextDirection(direction)
    option.setAlignment(Qt.AlignmentFlag.AlignLeading)
    document.setDefaultTextOption(option)
    if text_width is not None:
        document.setTextWidth(text_width)

    cursor = QTextCursor(document)

    def block(text: str, font: QFont, space_before: float = 0.0, *, first: bool = False) -> None:
        fmt = QTextBlockFormat()
        fmt.setLayoutDirection(direction)
        fmt.setAlignment(Qt.AlignmentFlag.AlignLeading)  # right in a right-to-left block
        fmt.setTopMargin(space_before)
        char = QTextCharFormat()
        char.setFont(font)
        if first:
            cursor.setBlockFormat(fmt)
            cursor.setBlockCharFormat(char)
        else:
            cursor.insertBlock(fmt, char)
        cursor.insertText(text, char)

    block(content.title, slip_font(TITLE_PT, bold=True), first=True)
    block(content.intro, slip_font(BODY_PT), 8)
    for line in content.lines:
        block(line.label, slip_font(LABEL_PT, bold=True), 12)
        # A value keeps its own direction ("100 Harbor Street" in an Arabic slip), aligned with the slip.
        value = isolate_ltr(line.value) if line.left_to_right else f"\u2068{line.value}\u2069"
        block(value, slip_font(BODY_PT), 2)
    block(content.footer, slip_font(LABEL_PT), 24)
    return document


def paint_slip(content: SlipContent, device: QPagedPaintDevice) -> None:
    """Paint the slip on the device's first page, scaled from points to the device's resolution."""
    layout = QPageLayout(
        QPageSize(QPageSize.PageSizeId.A4),
        QPageLayout.Orientation.Portrait,
        QMarginsF(PAGE_MARGIN_MM, PAGE_MARGIN_MM, PAGE_MARGIN_MM, PAGE_MARGIN_MM),
        QPageLayout.Unit.Millimeter,
    )
    device.setPageLayout(layout)
    painter = QPainter()
    if not painter.begin(device):
        raise OSError("the slip's output could not be opened")
    try:
        scale = device.logicalDpiX() / 72.0  # the document is laid out in points
        painter.scale(scale, scale)
        printable = layout.paintRect(QPageLayout.Unit.Point)
        document = build_document(content, printable.width())
        document.setPageSize(QSizeF(printable.width(), printable.height()))
        document.drawContents(painter)
    finally:
        painter.end()


def write_pdf(content: SlipContent, path: Path) -> Path:
    """The slip as a one-page PDF at `path` (fonts embedded, so it prints the same anywhere)."""
    writer = QPdfWriter(str(path))
    writer.setResolution(PDF_RESOLUTION_DPI)
    writer.setTitle(content.title)
    writer.setCreator("Liaison")
    paint_slip(content, writer)
    return path
