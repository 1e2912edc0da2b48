"""Reading spreadsheets saved as CSV by whatever program and language saved them: encodings with and
without a byte-order mark, comma, semicolon or tab, line breaks inside quoted cells, and row numbers as
the spreadsheet shows them."""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from liaison_desktop.services.csv_reading import (
    MAX_ROWS,
    CsvUnreadable,
    read_csv_bytes,
    read_csv_file,
)

ROWS = [
    ["Nombre", "Apellidos", "Teléfono"],
    ["María", "González", "202 555 0143"],
    ["فاطمة", "الزهراء", "+12025550190"],
    ["王", "芳", "(202) 555-0178"],
]


def written(rows: list[list[str]], delimiter: str = ",") -> str:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return buffer.getvalue()


def cells(table) -> list[list[str]]:  # noqa: ANN001
    return [list(table.headers), *(list(row.cells) for row in table.rows)]


def test_utf8_with_a_byte_order_mark_is_read_without_the_mark_in_the_first_header() -> None:
    table = read_csv_bytes(written(ROWS).encode("utf-8-sig"))
    assert cells(table) == ROWS
    assert table.headers[0] == "Nombre"
    assert table.encoding == "utf-8-sig"


def test_utf8_without_a_mark_and_separated_by_semicolons_is_read() -> None:
    table = read_csv_bytes(written(ROWS, ";").encode("utf-8"))
    assert cells(table) == ROWS
    assert table.delimiter == ";"


def test_excel_unicode_text_in_utf16_with_tabs_is_read() -> None:
    table = read_csv_bytes(written(ROWS, "\t").encode("utf-16"))
    assert cells(table) == ROWS
    assert table.delimiter == "\t"


def test_utf16_without_a_byte_order_mark_is_recognised() -> None:
    for codec in ("utf-16-le", "utf-16-be"):
        assert cells(read_csv_bytes(written(ROWS, "\t").encode(codec))) == ROWS


def test_a_file_from_an_older_windows_excel_is_read_in_its_western_code_page() -> None:
    rows = [["Prénom", "Nom"], ["Chloé", "Lefèvre"]]
    table = read_csv_bytes(written(rows, ";").encode("cp1252"))
    assert cells(table) == rows
    assert table.encoding == "cp1252"


def test_an_arabic_windows_file_is_read_when_its_encoding_is_named() -> None:
    rows = [["الاسم الأول", "الهاتف"], ["فاطمة", "2025550190"]]
    table = read_csv_bytes(written(rows).encode("cp1256"), encoding="cp1256")
    assert cells(table) == rows


def test_a_named_encoding_that_does_not_fit_is_reported() -> None:
    with pytest.raises(CsvUnreadable) as raised:
        read_csv_bytes("Nombre,Teléfono\nMaría,1\n".encode("cp1252"), encoding="utf-8")
    assert raised.value.params["reason"] == "not_text"


def test_line_breaks_inside_quoted_cells_stay_in_the_cell_and_rows_keep_their_spreadsheet_numbers() -> None:
    text = 'Name,Address,Phone\r\nAmina,"12 Elm Street\r\nFlat 3",2025550143\r\n\r\nOmar,"4 Oak Road",2025550161\r\n'
    table = read_csv_bytes(text.encode("utf-8"))
    assert [row.cells[1] for row in table.rows] == ["12 Elm Street\r\nFlat 3", "4 Oak Road"]
    assert [row.line for row in table.rows] == [2, 4], "the header is row 1 and the blank row counts"


def test_rows_shorter_or_longer_than_the_header_get_its_width() -> None:
    table = read_csv_bytes(b"a,b,c\n1\n1,2,3,4\n")
    assert [row.cells for row in table.rows] == [("1", "", ""), ("1", "2", "3")]


def test_commas_inside_text_do_not_mislead_the_delimiter_guess() -> None:
    rows = [["Nombre", "Notas", "Barrio"], *[["Ana", "Vive aquí, con su madre, y dos hijos", "Centro"]] * 5]
    assert read_csv_bytes(written(rows, ";").encode("utf-8")).delimiter == ";"


def test_the_separator_line_excel_may_write_first_decides_and_is_not_a_row() -> None:
    table = read_csv_bytes("sep=;\r\nNombre;Notas\r\nAna;uno, dos, tres\r\n".encode("utf-8-sig"))
    assert cells(table) == [["Nombre", "Notas"], ["Ana", "uno, dos, tres"]]
    assert table.rows[0].line == 2


def test_the_first_non_empty_values_of_a_column_are_its_examples() -> None:
    table = read_csv_bytes(b"a,b\n,1\nx,2\ny,3\nz,4\n")
    assert table.column_values(0) == ["x", "y", "z"]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"  \r\n\r\n", "empty"),
        (b"PK\x03\x04\x00\x00\x08\x00binary", "not_text"),
    ],
)
def test_a_file_that_is_no_table_is_refused_with_its_reason(data: bytes, reason: str) -> None:
    with pytest.raises(CsvUnreadable) as raised:
        read_csv_bytes(data)
    assert raised.value.params["reason"] == reason


def test_a_file_with_too_many_rows_is_refused() -> None:
    data = ("a,b\n" + "x,y\n" * (MAX_ROWS + 1)).encode()
    with pytest.raises(CsvUnreadable) as raised:
        read_csv_bytes(data)
    assert raised.value.params == {"reason": "too_many_rows", "limit": MAX_ROWS}


def test_a_missing_file_is_reported_as_missing(tmp_path: Path) -> None:
    with pytest.raises(CsvUnreadable) as raised:
        read_csv_file(tmp_path / "gone.csv")
    assert raised.value.params["reason"] == "missing"


_CELL = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters=",;\t\x00").filter(
        lambda c: c not in "\u2028\u2029\x85"
    )
    | st.sampled_from(['"', "\n", " ", "ا", "芳"]),
    max_size=12,
)


@settings(max_examples=60, deadline=None)
@given(
    width=st.integers(min_value=2, max_value=5),
    data=st.data(),
    delimiter=st.sampled_from([",", ";", "\t"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]),
)
def test_any_table_written_by_a_spreadsheet_reads_back_as_written(
    width: int, data: st.DataObject, delimiter: str, encoding: str
) -> None:
    header = data.draw(
        st.lists(_CELL.map(str.strip).filter(bool), min_size=width, max_size=width), label="header"
    )
    rows = data.draw(
        st.lists(
            st.lists(_CELL, min_size=width, max_size=width).filter(lambda row: any(c.strip() for c in row)),
            max_size=6,
        ),
        label="rows",
    )
    raw = written([header, *rows], delimiter).encode(encoding)
    if encoding == "utf-8":
        assert not raw.startswith(codecs.BOM_UTF8)
    table = read_csv_bytes(raw)
    assert cells(table) == [header, *rows]
