"""Reading data files for the project importers: encodings, CSV, JSON, Norwegian values.

Every problem with a file is an :class:`ImportFileError` whose message is one line
naming the file, and where it applies the row and the field, e.g.
``norway.csv: row 12: Kontrakt startdato: "31.02.2020" is not a date (DD.MM.YYYY)``.
Files are read whole before anything is written, so a bad file writes nothing.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Any

#: Encodings tried, in order, when a file is not UTF-8 (European data first: cp1252
#: decodes nearly any byte, so GBK is reached only when cp1252 cannot read the file).
FALLBACK_ENCODINGS = ("cp1252", "gbk")


class ImportFileError(ValueError):
    """A file that cannot be imported; the message names file, row and field."""


@dataclass
class DecodedText:
    """A file's text and the encoding it was read with."""

    text: str
    encoding: str

    @property
    def warning(self) -> str:
        """A line for the report when the file was not UTF-8, else ``""``."""
        if self.encoding in ("utf-8", "utf-8-sig"):
            return ""
        return (
            f"the file is not UTF-8; it was read as {self.encoding}: check that accented "
            "names look right, or save the file as UTF-8"
        )


def _utf8_problem(path: Path, data: bytes, error: UnicodeDecodeError) -> str:
    row = data.count(b"\n", 0, error.start) + 1
    byte = data[error.start : error.start + 1].hex().upper()
    return f"{path.name}: row {row}: not UTF-8 text (byte 0x{byte})"


def decode(
    path: Path, data: bytes, accept: Callable[[str], bool] = lambda _text: True
) -> DecodedText:
    """Decode ``data``: UTF-8 (with or without a byte-order mark), else the first of
    :data:`FALLBACK_ENCODINGS` that reads it and whose text ``accept`` takes.

    Raises:
        ImportFileError: no encoding fits.
    """
    try:
        return DecodedText(data.decode("utf-8-sig"), "utf-8")
    except UnicodeDecodeError as error:
        problem = _utf8_problem(path, data, error)
    for encoding in FALLBACK_ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if accept(text):
            return DecodedText(text, encoding)
    raise ImportFileError(
        f"{problem}, and not {' or '.join(FALLBACK_ENCODINGS)} either; save it as UTF-8"
    )


def read_bytes(path: str | Path) -> tuple[Path, bytes]:
    path = Path(path)
    try:
        return path, path.read_bytes()
    except OSError as error:
        raise ImportFileError(f"{path.name}: cannot be read ({error.strerror})") from None


def read_json(path: str | Path) -> tuple[Any, DecodedText]:
    """The JSON value of a file and how it was decoded.

    Raises:
        ImportFileError: not readable, not text, or not JSON (with line and column).
    """
    path, data = read_bytes(path)
    decoded = decode(path, data)
    try:
        return json.loads(decoded.text), decoded
    except json.JSONDecodeError as error:
        raise ImportFileError(
            f"{path.name}: row {error.lineno}: not valid JSON at column {error.colno} ({error.msg})"
        ) from None


@dataclass
class CsvRow:
    """One data row: its line number in the file (the header is row 1) and values."""

    number: int
    values: dict[str, str]


def read_csv(
    path: str | Path, required: Sequence[str], delimiter: str = ";"
) -> tuple[list[CsvRow], DecodedText]:
    """The rows of a delimited text file with the columns ``required`` (at least).

    The encoding is UTF-8, or the fallback whose header has the required columns.

    Raises:
        ImportFileError: not readable, no fitting encoding, a missing column, or a row
            with more values than the header.
    """
    path, data = read_bytes(path)

    def header_fits(text: str) -> bool:
        first = text.split("\n", 1)[0]
        return all(column in first for column in required)

    decoded = decode(path, data, header_fits)
    reader = csv.reader(io.StringIO(decoded.text, newline=""), delimiter=delimiter)
    try:
        header = [column.strip() for column in next(reader)]
    except StopIteration:
        raise ImportFileError(f"{path.name}: the file is empty") from None
    missing = [column for column in required if column not in header]
    if missing:
        raise ImportFileError(
            f"{path.name}: row 1: missing column {', '.join(repr(c) for c in missing)} "
            f"(columns are separated by {delimiter!r})"
        )
    rows: list[CsvRow] = []
    try:
        for values in reader:
            if not any(v.strip() for v in values):
                continue
            if len(values) > len(header):
                raise ImportFileError(
                    f"{path.name}: row {reader.line_num}: {len(values)} values for "
                    f"{len(header)} columns"
                )
            padded = values + [""] * (len(header) - len(values))
            rows.append(
                CsvRow(
                    reader.line_num,
                    {column: value.strip() for column, value in zip(header, padded, strict=True)},
                )
            )
    except csv.Error as error:
        raise ImportFileError(f"{path.name}: row {reader.line_num}: {error}") from None
    return rows, decoded


# ---------------------------------------------------------------- values
class ValueProblem(ValueError):
    """A value that cannot be read; the message says what was expected."""


_NORWEGIAN_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")


def norwegian_date(text: str) -> datetime.date | None:
    """``25.05.2020 00:00`` or ``25.05.2020`` → a date; empty → ``None``."""
    text = text.strip()
    if not text:
        return None
    match = _NORWEGIAN_DATE.match(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        try:
            return datetime.date(year, month, day)
        except ValueError:
            pass
    raise ValueProblem(f'"{text}" is not a date (DD.MM.YYYY)')


def decimal_amount(text: str) -> Decimal | None:
    """``3518202.75``, ``3518202,75``, ``3 518 202,75`` or ``3.518.202,75`` → a decimal
    rounded to cents; empty → ``None``."""
    raw = text.strip()
    if not raw:
        return None
    value = re.sub(r"[\s\u00a0\u202f']", "", raw)
    if "," in value:
        # A comma is the decimal mark (Norwegian); dots before it group thousands.
        value = value.replace(".", "").replace(",", ".")
    try:
        amount = Decimal(value)
    except InvalidOperation:
        raise ValueProblem(f'"{raw}" is not an amount') from None
    if not amount.is_finite():
        raise ValueProblem(f'"{raw}" is not an amount')
    return amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def whole_number(text: str) -> int | None:
    raw = text.strip()
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError:
        raise ValueProblem(f'"{raw}" is not a whole number') from None


def clean_text(value: Any, limit: int) -> str:
    """A value as one line of text, at most ``limit`` characters."""
    if value is None:
        return ""
    return " ".join(str(value).split())[:limit]
