"""Reading CSV, XLSX and JSON files into a header and rows of text.

No Django models here: this module only decodes files. Every error is a
:class:`ImportFileError` whose message (translated) names the file and, where it
applies, the line.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _

#: File name suffixes accepted.
SUFFIXES = (".csv", ".xlsx", ".json")
#: Most data rows (the header not counted) a file may have.
MAX_ROWS = 10_000
_DELIMITERS = (",", ";", "\t")


class ImportFileError(ValueError):
    """A file that cannot be read; ``message`` says why, translated."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class Table:
    """A file's header and data rows, every cell as stripped text.

    ``rows[i]`` is row ``i + 2`` of the file (the header is row 1); blank rows are kept
    so the numbers match what a spreadsheet shows.
    """

    filename: str
    header: list[str]
    rows: list[list[str]] = field(default_factory=list)
    #: the file row number of ``rows[0]``
    first_row: int = 2

    def row_number(self, index: int) -> int:
        """The file row number of ``rows[index]``."""
        return self.first_row + index


def max_upload_bytes() -> int:
    """The largest file accepted (``STCOOP_MAX_UPLOAD_MB``)."""
    return int(settings.MAX_UPLOAD_BYTES)


def size_limit_text(limit: int | None = None) -> str:
    """The size limit for messages, e.g. ``20 MiB``."""
    value = max_upload_bytes() if limit is None else limit
    if value >= 1024 * 1024:
        mib = value / (1024 * 1024)
        return _("{size} MiB").format(size=f"{mib:.0f}" if mib.is_integer() else f"{mib:.1f}")
    return _("{size} bytes").format(size=value)


def cell_text(value: Any) -> str:
    """A cell as text: ``None`` is empty, XLSX dates become ``YYYY-MM-DD``, ``3.0`` is ``3``."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _decode(data: bytes, filename: str, encodings: tuple[str, ...]) -> str:
    first_error: UnicodeDecodeError | None = None
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as error:
            first_error = first_error or error
    line = data[: first_error.start].count(b"\n") + 1 if first_error else 1
    if "gb18030" in encodings:
        message = _(
            "{file}, line {line}: the text is neither UTF-8 nor GBK; save the file as UTF-8 CSV."
        )
    else:
        message = _("{file}, line {line}: the text is not UTF-8; save the file as UTF-8 CSV.")
    raise ImportFileError(message.format(file=filename, line=line))


def _delimiter(text: str) -> str:
    """``;``, tab or ``,``: whichever the header line holds most of (``,`` on a tie)."""
    first = text.split("\n", 1)[0]
    counts = {d: first.count(d) for d in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


def _finish(filename: str, rows: list[list[str]], max_rows: int) -> Table:
    if not rows:
        raise ImportFileError(_("{file} is empty.").format(file=filename))
    header = [cell.lstrip("\ufeff").strip() for cell in rows[0]]
    while header and not header[-1]:
        header.pop()
    if not header:
        raise ImportFileError(
            _(
                "{file}, line 1: the header row is missing; the first row must name the columns."
            ).format(file=filename)
        )
    data = rows[1:]
    while data and not any(data[-1]):
        data.pop()
    if len(data) > max_rows:
        raise ImportFileError(
            _("{file} has more than {limit} rows; split it into smaller files.").format(
                file=filename, limit=max_rows
            )
        )
    return Table(filename=filename, header=header, rows=data)


def read_csv(
    data: bytes,
    filename: str = "data.csv",
    *,
    max_rows: int = MAX_ROWS,
    encodings: tuple[str, ...] = ("utf-8-sig",),
) -> Table:
    """Read CSV bytes (UTF-8, with or without a byte-order mark; ``,``, ``;`` or tab)."""
    text = _decode(data, filename, encodings)
    if not text.strip():
        raise ImportFileError(_("{file} is empty.").format(file=filename))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    rows: list[list[str]] = []
    try:
        for record in reader:
            rows.append([cell.strip() for cell in record])
            if len(rows) > max_rows + 1:
                break
    except csv.Error as error:
        raise ImportFileError(
            _("{file}, line {line}: {problem}").format(
                file=filename, line=reader.line_num, problem=str(error)
            )
        ) from error
    return _finish(filename, rows, max_rows)


def read_xlsx(
    data: bytes, filename: str = "data.xlsx", *, sheet: str | None = None, max_rows: int = MAX_ROWS
) -> Table:
    """Read the first sheet (or the sheet named ``sheet``) of an XLSX workbook."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise ImportFileError(
            _("{file} cannot be read as an XLSX workbook.").format(file=filename)
        ) from error
    try:
        if sheet is not None and sheet not in workbook.sheetnames:
            raise ImportFileError(
                _("{file} has no sheet named {sheet}.").format(file=filename, sheet=sheet)
            )
        worksheet = workbook[sheet] if sheet is not None else workbook.worksheets[0]
        rows: list[list[str]] = []
        for values in worksheet.iter_rows(values_only=True):
            cells = [cell_text(value) for value in values]
            while cells and not cells[-1]:
                cells.pop()
            rows.append(cells)
            if len(rows) > max_rows + 1:
                break
    finally:
        workbook.close()
    while rows and not any(rows[-1]):
        rows.pop()
    return _finish(filename, rows, max_rows)


def _json_cell(value: Any, filename: str, item: int, key: str) -> str:
    if isinstance(value, dict | list):
        raise ImportFileError(
            _(
                "{file}, item {item}, key {key}: the value must be text, a number, true, "
                "false or null, not a list or an object."
            ).format(file=filename, item=item, key=key)
        )
    return cell_text(value)


def read_json(
    data: bytes,
    filename: str = "data.json",
    *,
    max_rows: int = MAX_ROWS,
    encodings: tuple[str, ...] = ("utf-8-sig",),
) -> Table:
    """Read a JSON list of objects (one per record, keyed by column name).

    The header is every key in the order it first appears; a key an object lacks is an
    empty cell. ``rows[i]`` is item ``i + 1`` of the list, so messages say "row 1" for
    the first object.
    """
    text = _decode(data, filename, encodings)
    if not text.strip():
        raise ImportFileError(_("{file} is empty.").format(file=filename))
    try:
        items = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportFileError(
            _("{file}, line {line}, column {column}: not valid JSON ({problem}).").format(
                file=filename, line=error.lineno, column=error.colno, problem=error.msg
            )
        ) from error
    if not isinstance(items, list):
        raise ImportFileError(
            _("{file}: the file must hold a list of objects, one per record.").format(file=filename)
        )
    if len(items) > max_rows:
        raise ImportFileError(
            _("{file} has more than {limit} rows; split it into smaller files.").format(
                file=filename, limit=max_rows
            )
        )
    header: list[str] = []
    positions: dict[str, int] = {}
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise ImportFileError(
                _("{file}, item {item}: each item of the list must be an object.").format(
                    file=filename, item=number
                )
            )
        for key in item:
            name = str(key).strip()
            if not name:
                raise ImportFileError(
                    _("{file}, item {item}: a key is empty.").format(file=filename, item=number)
                )
            if name not in positions:
                positions[name] = len(header)
                header.append(name)
    if not header:
        raise ImportFileError(_("{file} is empty.").format(file=filename))
    rows: list[list[str]] = []
    for number, item in enumerate(items, start=1):
        cells = [""] * len(header)
        for key, value in item.items():
            name = str(key).strip()
            cells[positions[name]] = _json_cell(value, filename, number, name)
        rows.append(cells)
    return Table(filename=filename, header=header, rows=rows, first_row=1)


def read_table(
    data: bytes,
    filename: str,
    *,
    sheet: str | None = None,
    max_bytes: int | None = None,
    max_rows: int = MAX_ROWS,
    encodings: tuple[str, ...] = ("utf-8-sig",),
) -> Table:
    """Read a ``.csv``, ``.xlsx`` or ``.json`` file's bytes, choosing the reader by
    ``filename``.

    Raises:
        ImportFileError: the type is not CSV, XLSX or JSON, the file is larger than
            ``max_bytes`` (``STCOOP_MAX_UPLOAD_MB`` by default), empty, has no header,
            too many rows, or cannot be decoded.
    """
    limit = max_upload_bytes() if max_bytes is None else max_bytes
    if len(data) > limit:
        raise ImportFileError(
            _("{file} is larger than the limit of {limit}.").format(
                file=filename, limit=size_limit_text(limit)
            )
        )
    suffix = Path(filename).suffix.lower()
    if suffix == ".csv":
        return read_csv(data, filename, max_rows=max_rows, encodings=encodings)
    if suffix == ".xlsx":
        return read_xlsx(data, filename, sheet=sheet, max_rows=max_rows)
    if suffix == ".json":
        return read_json(data, filename, max_rows=max_rows, encodings=encodings)
    raise ImportFileError(
        _("{file}: upload a .csv or .xlsx file, or a .json list of records.").format(file=filename)
    )


def read_file(
    handle: IO[bytes], filename: str, *, max_bytes: int | None = None, **options: Any
) -> Table:
    """Read an open binary file without loading more than the size limit (plus one byte)."""
    limit = max_upload_bytes() if max_bytes is None else max_bytes
    data = handle.read(limit + 1)
    return read_table(data, filename, max_bytes=limit, **options)
