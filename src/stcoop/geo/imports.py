"""Member files: reading CSV and XLSX uploads into rows, and the import report.

A member file has a header row and one country per row:

==========  ===========================================================  ========
column      what it holds                                                required
==========  ===========================================================  ========
iso         ISO alpha-2, alpha-3 or numeric code, or the country's name  yes
            in Chinese or English
valid_from  the day it became a member (YYYY-MM-DD)                      no
note        a remark kept with the membership                            no
==========  ===========================================================  ========

Headers are matched without regard to case; common synonyms (``code``, ``country``,
``国家``, ``加入日期``, ``备注``...) are accepted. :func:`stcoop.geo.services.
grouping_members_import` validates and applies the rows.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stcoop.core.imports.reading import ImportFileError, read_file
from stcoop.geo.models import Country

COLUMNS = ("iso", "valid_from", "note")
MAX_ROWS = 5000

HEADER_ALIASES: dict[str, str] = {
    **dict.fromkeys(
        (
            "iso",
            "iso code",
            "iso_code",
            "iso2",
            "iso3",
            "code",
            "country",
            "country code",
            "country_code",
            "国家",
            "国家代码",
            "国家或地区",
            "代码",
        ),
        "iso",
    ),
    **dict.fromkeys(
        (
            "valid_from",
            "valid from",
            "from",
            "start",
            "member_from",
            "member from",
            "加入日期",
            "起始日期",
            "开始日期",
        ),
        "valid_from",
    ),
    **dict.fromkeys(("note", "notes", "remark", "备注", "说明"), "note"),
}

ACTION_LABELS = {
    "create": gettext_lazy("add"),
    "update": gettext_lazy("update"),
    "unchanged": gettext_lazy("unchanged"),
}


@dataclass(frozen=True)
class RowError:
    """A problem with one cell of a member file (``row`` counts the header as row 1)."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("row {row}, column {column}: {message}").format(
            row=self.row, column=self.column, message=self.message
        )


@dataclass(frozen=True)
class ImportRow:
    """A valid row and what importing it does: ``create``, ``update`` or ``unchanged``."""

    row: int
    country: Country
    valid_from: datetime.date | None
    note: str
    action: str

    @property
    def action_label(self) -> str:
        """The translated action, for previews."""
        return str(ACTION_LABELS[self.action])


@dataclass
class ImportReport:
    """The outcome of a member import or of its preview (``dry_run``).

    Nothing is written when ``errors`` is not empty or when ``dry_run`` is true;
    ``applied`` says whether the rows were written.
    """

    grouping_code: str
    dry_run: bool
    rows: list[ImportRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    applied: bool = False

    @property
    def ok(self) -> bool:
        """Whether every row is valid."""
        return not self.errors

    def count(self, action: str) -> int:
        """How many rows have ``action`` (``create``, ``update`` or ``unchanged``)."""
        return sum(1 for row in self.rows if row.action == action)

    @property
    def created(self) -> int:
        """Rows that add a membership."""
        return self.count("create")

    @property
    def updated(self) -> int:
        """Rows that change a membership's start date or note."""
        return self.count("update")

    @property
    def unchanged(self) -> int:
        """Rows already recorded as they are."""
        return self.count("unchanged")


def canonical_header(name: Any) -> str:
    """The column a header means (``iso``, ``valid_from``, ``note``), or ``""``."""
    text = str(name or "").strip().lstrip("\ufeff").casefold()
    return HEADER_ALIASES.get(text, "")


def _cell(value: Any) -> str:
    """A cell as text; XLSX dates become ``YYYY-MM-DD``."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def rows_from_table(table: Iterable[Iterable[Any]]) -> list[dict[str, str]]:
    """Turn a header row and data rows into dicts keyed by canonical column.

    Unknown columns are ignored; blank rows are kept (as empty dicts) so row numbers
    match the file; the caller skips them.

    Raises:
        ValidationError: the file is empty, has no ``iso`` column, or too many rows.
    """
    iterator = iter(table)
    header = next(iterator, None)
    if header is None:
        raise ValidationError(_("The file is empty."))
    columns = [canonical_header(name) for name in header]
    if "iso" not in columns:
        raise ValidationError(
            _(
                "The file has no country column. Name the first column 'iso' (a code, or the "
                "name in Chinese or English); 'valid_from' and 'note' are optional."
            )
        )
    rows: list[dict[str, str]] = []
    for values in iterator:
        cells = [_cell(value) for value in values]
        rows.append({c: v for c, v in zip(columns, cells, strict=False) if c and v})
        if len(rows) > MAX_ROWS:
            raise ValidationError(_("The file has more than {limit} rows.").format(limit=MAX_ROWS))
    return rows


def read_member_file(handle: IO[bytes], filename: str) -> list[dict[str, str]]:
    """Read a CSV (UTF-8 or GB18030, ``,`` or ``;``) or XLSX member file into rows keyed
    by canonical column, with :func:`stcoop.core.imports.reading.read_file`.

    Raises:
        ValidationError: the format is not CSV or XLSX, or the file cannot be read.
    """
    try:
        table = read_file(handle, filename, encodings=("utf-8-sig", "gb18030"), max_rows=MAX_ROWS)
    except ImportFileError as error:
        raise ValidationError(error.message) from error
    return rows_from_table([table.header, *table.rows])


def parse_day(value: str) -> datetime.date | None:
    """``YYYY-MM-DD`` (also with ``/`` or ``.``) as a date; ``None`` for an empty cell.

    Raises:
        ValueError: the text is not such a date.
    """
    text = value.strip()
    if not text:
        return None
    parts = text.replace("/", "-").replace(".", "-").split("-")
    if len(parts) != 3 or not all(part.isdigit() for part in parts):
        raise ValueError(text)
    return datetime.date(int(parts[0]), int(parts[1]), int(parts[2]))


def row_values(row: Mapping[str, Any]) -> dict[str, str]:
    """A row given by a caller (any header names) in canonical columns, as text."""
    values: dict[str, str] = {}
    for key, value in row.items():
        column = key if key in COLUMNS else canonical_header(key)
        if column:
            values[column] = _cell(value)
    return values
