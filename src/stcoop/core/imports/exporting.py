"""Writing a spec's records as files that its importer reads back unchanged.

``stcoop export <spec>`` and the "current records" links of the import pages use
:func:`export_file`: the header is the spec's canonical column names, each row is
:meth:`~stcoop.core.imports.spec.ImportSpec.export_values` of one record the actor may
see. Importing the file again reports every row unchanged.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from stcoop.core.export import XLSX_CONTENT_TYPE
from stcoop.core.imports.spec import IMPORT_SPECS, ImportSpec

#: Formats an export can be written in.
EXPORT_FORMATS = ("csv", "xlsx", "json")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": XLSX_CONTENT_TYPE,
    "json": "application/json; charset=utf-8",
}


@dataclass(frozen=True)
class SystemActor:
    """Whoever runs a command without ``--user``: sees every record, as a platform
    administrator does (the permission rules read ``is_superuser``)."""

    pk: None = None
    unit: None = None
    role: str = "platform_admin"
    is_authenticated: bool = True
    is_superuser: bool = True
    is_active: bool = True

    def get_username(self) -> str:
        return "system"


SYSTEM = SystemActor()


def exporting_specs() -> dict[str, ImportSpec]:
    """The registered specs that export, by name (sorted)."""
    return {name: IMPORT_SPECS[name] for name in sorted(IMPORT_SPECS) if IMPORT_SPECS[name].exports}


def header_of(spec: ImportSpec) -> list[str]:
    """The canonical column names, in the spec's order."""
    return [column.name for column in spec.columns]


def export_rows(spec: ImportSpec, actor: Any) -> Iterator[list[str]]:
    """The cell texts of every record ``actor`` may see (no header).

    Raises:
        ValueError: the spec does not export.
    """
    records = spec.export_queryset(SYSTEM if actor is None else actor)
    if records is None:
        raise ValueError(f"the import spec {spec.name!r} does not export its records")
    names = header_of(spec)
    iterable = records.iterator(chunk_size=2000) if hasattr(records, "iterator") else records
    for record in iterable:
        values = spec.export_values(record)
        yield [_text(values.get(name, "")) for name in names]


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def csv_bytes(header: list[str], rows: Iterator[list[str]] | list[list[str]]) -> bytes:
    """UTF-8 CSV with a byte-order mark (spreadsheets then read Chinese correctly)."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def json_bytes(header: list[str], rows: Iterator[list[str]] | list[list[str]]) -> bytes:
    """A JSON list of objects keyed by column name, every value as text."""
    items = [dict(zip(header, row, strict=True)) for row in rows]
    return (json.dumps(items, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def xlsx_text_bytes(
    header: list[str], rows: Iterator[list[str]] | list[list[str]], sheet_title: str
) -> bytes:
    """A one-sheet workbook whose cells are all text (``=...`` stays text, not a formula)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title[:31] or "data")

    def cells(values: list[str]) -> list[Any]:
        written = []
        for value in values:
            cell = WriteOnlyCell(sheet, value=value)
            if value.startswith("="):
                cell.data_type = "s"
            written.append(cell)
        return written

    sheet.append(cells(header))
    for row in rows:
        sheet.append(cells(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_file(spec: ImportSpec, actor: Any, fmt: str) -> tuple[bytes, int]:
    """The records ``actor`` may see as a ``csv``, ``xlsx`` or ``json`` file, and how many.

    ``actor`` ``None`` is the system: every record.

    Raises:
        ValueError: an unknown format, or the spec does not export.
    """
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
    header = header_of(spec)
    rows = list(export_rows(spec, actor))
    if fmt == "csv":
        data = csv_bytes(header, rows)
    elif fmt == "json":
        data = json_bytes(header, rows)
    else:
        data = xlsx_text_bytes(header, rows, spec.name)
    return data, len(rows)
