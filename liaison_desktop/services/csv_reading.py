"""Reading a spreadsheet saved as CSV, whichever program and language saved it.

Spreadsheets reach an officer from precincts and partner organisations, saved by Excel, LibreOffice or
Google Sheets in whatever their computer was set to: UTF-8 with or without a byte-order mark ("CSV UTF-8"),
UTF-16 with tabs (Excel's "Unicode text"), an older Windows code page; commas, or semicolons where the
comma is the decimal separator (most of Europe and Latin America), or tabs. Cells may hold line breaks
inside quotes (an address on two lines), and Excel may put a `sep=;` line first. The reader takes all
of these without being told, and a person who sees garbled letters can name the encoding (`ENCODINGS`).

Rows keep their spreadsheet row number (the header is row 1, blank rows count), so a problem can be
pointed at in the program the file came from, even when quoted line breaks make file lines and rows
differ.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import ServiceError

# A contacts spreadsheet is far smaller; anything larger is not one and would only stall the preview.
MAX_BYTES = 32 * 1024 * 1024
MAX_ROWS = 20_000
DELIMITERS = (",", ";", "\t")
SNIFF_CHARACTERS = 64 * 1024
_EXCEL_SEPARATOR = re.compile(r"\Asep=(?P<delimiter>[,;\t|])[ \t]*(\r\n|\n|\r)")

AUTOMATIC = "auto"
# The encodings a person may choose when the automatic guess shows garbled letters: the ones spreadsheet
# programs write in the app's five languages' countries. (codec name for Python, as the UI lists them)
ENCODINGS: tuple[str, ...] = (AUTOMATIC, "utf-8", "utf-16", "cp1252", "cp1256", "gb18030")


class CsvUnreadable(ServiceError):
    """The file cannot be read as a table. params: reason (`missing`, `empty`, `too_large`,
    `too_many_rows`, `not_text`, `malformed`), and `line` or `limit` where they help."""

    key = "csv.unreadable"


@dataclass(frozen=True)
class CsvRow:
    line: int  # the row's number in the spreadsheet: the header is row 1
    cells: tuple[str, ...]  # as many as the header has columns (missing cells are "")


@dataclass(frozen=True)
class CsvTable:
    headers: tuple[str, ...]
    rows: tuple[CsvRow, ...]
    encoding: str  # the codec that read the file (`utf-8-sig`, `utf-16`, `cp1252`...)
    delimiter: str

    def column_values(self, column: int, limit: int = 3) -> list[str]:
        """The first non-empty values of a column (what a person needs to recognise it)."""
        found: list[str] = []
        for row in self.rows:
            value = row.cells[column].strip()
            if value:
                found.append(value)
                if len(found) == limit:
                    break
        return found


def read_csv_file(path: Path, *, encoding: str = AUTOMATIC) -> CsvTable:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise CsvUnreadable(reason="too_large", limit=MAX_BYTES)
        data = path.read_bytes()
    except FileNotFoundError as error:
        raise CsvUnreadable(reason="missing") from error
    except IsADirectoryError as error:
        raise CsvUnreadable(reason="missing") from error
    return read_csv_bytes(data, encoding=encoding)


def read_csv_bytes(data: bytes, *, encoding: str = AUTOMATIC) -> CsvTable:
    """The table in `data`: its header row, then every row that is not blank."""
    if len(data) > MAX_BYTES:
        raise CsvUnreadable(reason="too_large", limit=MAX_BYTES)
    text, used = decode(data, encoding)
    if not text.strip():
        raise CsvUnreadable(reason="empty")
    declared = _EXCEL_SEPARATOR.match(text)
    if declared:  # Excel's own first line naming the separator; Excel does not show it as a row
        text = text[declared.end() :]
        return _parse(text, declared["delimiter"], used)
    delimiter = guess_delimiter(text)
    return _parse(text, delimiter, used)


def decode(data: bytes, encoding: str = AUTOMATIC) -> tuple[str, str]:
    """(text, codec used). A byte-order mark decides; then UTF-16 without one (every other byte zero),
    then UTF-8, and Windows' Western code page last, which reads any byte (as Excel's "CSV" does)."""
    if encoding != AUTOMATIC:
        codec = "utf-8-sig" if codecs.lookup(encoding).name == "utf-8" else encoding
        try:
            return data.decode(codec), codec
        except UnicodeDecodeError as error:
            raise CsvUnreadable(reason="not_text", encoding=encoding) from error
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(codec), codec
            except UnicodeDecodeError as error:
                raise CsvUnreadable(reason="not_text", encoding=codec) from error
    head = data[:4096]
    if len(head) >= 4 and head.count(0) * 3 >= len(head):
        codec = "utf-16-le" if head[1::2].count(0) > head[0::2].count(0) else "utf-16-be"
        try:
            return data.decode(codec), codec
        except UnicodeDecodeError as error:
            raise CsvUnreadable(reason="not_text", encoding=codec) from error
    if b"\x00" in head:
        raise CsvUnreadable(reason="not_text")  # a binary file (a real .xlsx, a picture)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def guess_delimiter(text: str) -> str:
    """Comma, semicolon or tab. `csv.Sniffer` first; its guess is kept only when it splits the header
    into several columns and most rows into as many, since it can be misled by a comma inside text. The
    fallback reads the beginning with each delimiter and keeps the one whose rows agree best."""
    sample = text[:SNIFF_CHARACTERS]
    try:
        sniffed = csv.Sniffer().sniff(sample, delimiters="".join(DELIMITERS)).delimiter
    except csv.Error:
        sniffed = None
    scores = {delimiter: _consistency(sample, delimiter) for delimiter in DELIMITERS}
    if sniffed in scores and scores[sniffed] >= max(scores.values()):
        return sniffed
    best = max(DELIMITERS, key=lambda delimiter: scores[delimiter])
    return best if scores[best] > 0 else ","


def _consistency(sample: str, delimiter: str) -> float:
    """How well `delimiter` splits the sample into a table: the header's width if most rows have it."""
    try:
        rows = [row for row in csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter) if row]
    except csv.Error:
        return 0.0
    if len(rows) > 1:
        rows = rows[:-1]  # the sample may end inside the last row
    if not rows or len(rows[0]) < 2:
        return 0.0
    width = len(rows[0])
    agreeing = sum(1 for row in rows if len(row) == width)
    return width * agreeing / len(rows)


def _parse(text: str, delimiter: str, encoding: str) -> CsvTable:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    headers: Sequence[str] | None = None
    rows: list[CsvRow] = []
    line = 0
    try:
        for record in reader:
            line += 1
            if not any(cell.strip() for cell in record):
                continue
            if headers is None:
                headers = tuple(cell.strip() for cell in record)
                continue
            if len(rows) >= MAX_ROWS:
                raise CsvUnreadable(reason="too_many_rows", limit=MAX_ROWS)
            cells = tuple(record[: len(headers)]) + ("",) * (len(headers) - len(record))
            rows.append(CsvRow(line, cells))
    except csv.Error as error:
        raise CsvUnreadable(reason="malformed", line=line + 1) from error
    if headers is None:
        raise CsvUnreadable(reason="empty")
    return CsvTable(tuple(headers), tuple(rows), encoding, delimiter)
