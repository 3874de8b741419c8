"""Reading CSV and XLSX files into a header and rows of text."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from openpyxl import Workbook

from stcoop.core.imports.reading import ImportFileError, read_file, read_table


def xlsx(rows: list[list[Any]], title: str = "Sheet") -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_csv_with_bom_and_chinese() -> None:
    data = "\ufeff英文名称,类型\nLab,institute\n".encode()
    table = read_table(data, "u.csv")
    assert table.header == ["英文名称", "类型"]
    assert table.rows == [["Lab", "institute"]]


def test_csv_without_bom() -> None:
    assert read_table(b"a,b\n1,2\n", "u.csv").rows == [["1", "2"]]


def test_semicolon_delimiter_is_detected() -> None:
    table = read_table(b"name;kind\nA, Inc.;enterprise\n", "u.csv")
    assert table.header == ["name", "kind"]
    assert table.rows == [["A, Inc.", "enterprise"]]


def test_blank_rows_are_kept_for_row_numbers_but_trailing_ones_dropped() -> None:
    table = read_table(b"a\n1\n\n2\n\n\n", "u.csv")
    assert table.rows == [["1"], [], ["2"]]


def test_xlsx_first_sheet_and_named_sheet() -> None:
    data = xlsx([["name", "from"], ["Lab", datetime.date(2024, 5, 1)], [None, None], [3.0]])
    table = read_table(data, "u.xlsx")
    assert table.header == ["name", "from"]
    assert table.rows == [["Lab", "2024-05-01"], [], ["3"]]
    with pytest.raises(ImportFileError, match="no sheet named other"):
        read_table(data, "u.xlsx", sheet="other")
    assert read_table(data, "u.xlsx", sheet="Sheet").header == ["name", "from"]


def test_bad_encoding_names_the_line() -> None:
    data = b"a,b\n1,2\n3," + "中".encode("gb18030") + b"\n"
    with pytest.raises(ImportFileError) as caught:
        read_table(data, "u.csv")
    assert "u.csv, line 3" in caught.value.message and "UTF-8" in caught.value.message


def test_too_big(settings: Any) -> None:
    settings.MAX_UPLOAD_BYTES = 10
    with pytest.raises(ImportFileError, match=r"u\.csv is larger than the limit of 10 bytes"):
        read_file(io.BytesIO(b"a,b\n" + b"1,2\n" * 10), "u.csv")


def test_too_many_rows() -> None:
    with pytest.raises(ImportFileError, match="more than 2 rows"):
        read_table(b"a\n1\n2\n3\n", "u.csv", max_rows=2)


@pytest.mark.parametrize("data", [b"", b"\xef\xbb\xbf", b"\n\n  \n"])
def test_empty_file(data: bytes) -> None:
    with pytest.raises(ImportFileError, match=r"u\.csv is empty"):
        read_table(data, "u.csv")


def test_missing_header() -> None:
    with pytest.raises(ImportFileError, match="line 1: the header row is missing"):
        read_table(b",,\n1,2,3\n", "u.csv")


def test_damaged_xlsx_and_wrong_type() -> None:
    with pytest.raises(ImportFileError, match="cannot be read as an XLSX"):
        read_table(b"not a zip", "u.xlsx")
    with pytest.raises(ImportFileError, match=r"upload a \.csv or \.xlsx"):
        read_table(b"a\n", "u.txt")
