"""Writing tabular rows to CSV and XLSX downloads."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.http import HttpResponse, StreamingHttpResponse
from openpyxl import Workbook

EXPORT_FORMATS = ("csv", "xlsx")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class _Echo:
    """A file-like object whose ``write`` returns the text, for streaming ``csv.writer``."""

    def write(self, value: str) -> str:
        return value


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, int | float | str):
        return value
    return str(value)


def csv_response(rows: Iterable[Sequence[Any]], filename: str) -> StreamingHttpResponse:
    """Stream ``rows`` (the first is the header) as a UTF-8 CSV with a byte-order mark.

    The mark makes spreadsheet programs read Chinese text correctly.
    """
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        yield "\ufeff"
        for row in rows:
            yield writer.writerow([_cell(v) for v in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_bytes(
    rows: Iterable[Sequence[Any]],
    sheet_title: str = "data",
    extra_sheets: Sequence[tuple[str, Iterable[Sequence[Any]]]] = (),
) -> bytes:
    """Write ``rows`` (the first is the header) into an XLSX workbook's first sheet, and
    each ``(title, rows)`` of ``extra_sheets`` into a sheet after it."""
    workbook = Workbook(write_only=True)
    for title, sheet_rows in ((sheet_title, rows), *extra_sheets):
        sheet = workbook.create_sheet(title=title[:31] or "data")
        for row in sheet_rows:
            sheet.append([_cell(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(
    rows: Iterable[Sequence[Any]],
    filename: str,
    extra_sheets: Sequence[tuple[str, Iterable[Sequence[Any]]]] = (),
) -> HttpResponse:
    """An XLSX download of ``rows`` (the first is the header), with ``extra_sheets``."""
    response = HttpResponse(
        xlsx_bytes(rows, filename, extra_sheets), content_type=XLSX_CONTENT_TYPE
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
