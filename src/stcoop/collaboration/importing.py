"""Loading OpenAlex country co-authorship files, all rows or none.

Two CSV files are recognised by their header:

* ``year,country_a,country_b,works``: works co-authored by each pair of countries;
* ``year,country,coauthored_works``: internationally co-authored works per country.

Every row is checked first (years, ISO alpha-2 codes, counts); any error stops the
import before anything is written, with messages naming the file, row and column.
Codes the registry does not know (regions, ``XK`` ...) are skipped and counted. Rows
are compared with the stored figures and only new or different ones are written, in
chunks, inside one transaction: a second import of the same file changes nothing.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.utils.translation import gettext as _

from stcoop.collaboration.models import OPENALEX, CountryPairYear, CountryYear
from stcoop.core.permissions import role_of
from stcoop.geo.models import Country

#: ``progress(description, done, total)`` (see :mod:`stcoop.cli.progress`).
Progress = Callable[[str, int, int], None]

PAIRS = "pairs"
COUNTRIES = "countries"
HEADERS = {
    PAIRS: ("year", "country_a", "country_b", "works"),
    COUNTRIES: ("year", "country", "coauthored_works"),
}
CHUNK = 2000
MAX_ERRORS = 20
MIN_YEAR, MAX_YEAR = 1900, 2100


class CoauthorshipFileError(ValueError):
    """A file that cannot be imported; ``messages`` lists why (file, row, column)."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("\n".join(messages))
        self.messages = messages


@dataclass
class CoauthorshipReport:
    """What an import did (or, for a dry run, would do)."""

    filename: str
    kind: str = ""
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    dry_run: bool = False
    #: unknown country code → rows skipped because of it
    unknown: Counter[str] = field(default_factory=Counter)

    @property
    def skipped(self) -> int:
        """Rows skipped because a country code is not in the registry."""
        return sum(self.unknown.values())

    def summary(self) -> str:
        """One line for the command line (English, like the other commands)."""
        verb = "would be" if self.dry_run else "were"
        what = "country pairs" if self.kind == PAIRS else "country totals"
        text = (
            f"{self.filename} ({what}): {self.rows} rows; {self.created} {verb} created, "
            f"{self.updated} {verb} updated, {self.unchanged} unchanged"
        )
        if self.unknown:
            examples = ", ".join(
                f"{code} ({count})" for code, count in self.unknown.most_common(10)
            )
            text += f"; {self.skipped} skipped for unknown country codes: {examples}"
        return text


def detect_kind(header: list[str]) -> str | None:
    """``pairs`` or ``countries`` for a recognised header, else ``None``."""
    names = tuple(cell.lstrip("\ufeff").strip().lower() for cell in header)
    for kind, wanted in HEADERS.items():
        if names == wanted:
            return kind
    return None


class _Rows:
    """Parses rows, collecting at most :data:`MAX_ERRORS` messages."""

    def __init__(self, filename: str, header: tuple[str, ...], known: set[str]) -> None:
        self.filename = filename
        self.header = header
        self.known = known
        self.errors: list[str] = []
        self.unknown: Counter[str] = Counter()

    def error(self, row: int, column: str | None, message: str) -> None:
        if len(self.errors) < MAX_ERRORS:
            if column is None:
                text = _("{file}, row {row}: {message}").format(
                    file=self.filename, row=row, message=message
                )
            else:
                text = _("{file}, row {row}, column {column}: {message}").format(
                    file=self.filename, row=row, column=column, message=message
                )
            self.errors.append(text)
        elif len(self.errors) == MAX_ERRORS:
            self.errors.append(
                _("… and more errors; the first {count} are listed.").format(count=MAX_ERRORS)
            )

    def number(self, row: int, column: str, text: str, low: int, high: int) -> int | None:
        try:
            value = int(text)
        except ValueError:
            value = None
        if value is None or not low <= value <= high:
            if column == "year":
                message = _("'{value}' is not a year between {low} and {high}").format(
                    value=text, low=low, high=high
                )
            else:
                message = _("'{value}' is not a whole number of zero or more").format(value=text)
            self.error(row, column, message)
            return None
        return value

    def code(self, row: int, column: str, text: str) -> str | None:
        code = text.strip().upper()
        if len(code) != 2 or not code.isalpha():
            self.error(
                row, column, _("'{value}' is not an ISO alpha-2 country code").format(value=text)
            )
            return None
        return code


def _line_count(handle: IO[bytes]) -> int:
    """Lines in a seekable file (0 when it cannot be rewound), for the progress bar."""
    if not handle.seekable():
        return 0
    start = handle.tell()
    lines = sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))
    handle.seek(start)
    return lines


def _parse(
    kind: str,
    filename: str,
    reader: Iterator[list[str]],
    known: set[str],
    progress: Progress | None = None,
    total: int = 0,
) -> tuple[dict[tuple[Any, ...], int], _Rows, int]:
    """Key → count for every good row whose countries are known; the parser; rows read."""
    description = _("Checking {file}").format(file=filename)
    header = HEADERS[kind]
    parser = _Rows(filename, header, known)
    found: dict[tuple[Any, ...], int] = {}
    first_row: dict[tuple[Any, ...], int] = {}
    count = 0
    big = 2**31 - 1
    for row, cells in enumerate(reader, start=2):
        if progress is not None and row % 10000 == 0:
            progress(description, row, total)
        if not any(cell.strip() for cell in cells):
            continue
        count += 1
        if len(cells) != len(header):
            parser.error(
                row,
                None,
                _("expected {expected} values, found {found}").format(
                    expected=len(header), found=len(cells)
                ),
            )
            continue
        year = parser.number(row, "year", cells[0].strip(), MIN_YEAR, MAX_YEAR)
        codes = [parser.code(row, name, cells[i]) for i, name in enumerate(header[1:-1], 1)]
        value = parser.number(row, header[-1], cells[-1].strip(), 0, big)
        if year is None or value is None or None in codes:
            continue
        if kind == PAIRS and codes[0] == codes[1]:
            parser.error(row, "country_b", _("a country cannot be its own partner"))
            continue
        missing = [c for c in codes if c not in known]
        if missing:
            for code in missing:
                parser.unknown[str(code)] += 1
            continue
        key = (year, *sorted(str(c) for c in codes))
        if key in first_row:
            parser.error(
                row,
                None,
                _("the same year and countries are already in row {row}").format(
                    row=first_row[key]
                ),
            )
            continue
        first_row[key] = row
        found[key] = value
    if progress is not None:
        progress(description, total, total)
    return found, parser, count


def _stored(kind: str) -> dict[tuple[Any, ...], tuple[int, int, str]]:
    """Key → (id, count, source) of every stored figure of ``kind``."""
    if kind == PAIRS:
        pairs = CountryPairYear.objects.values_list(
            "pk", "year", "country_a_id", "country_b_id", "works", "source"
        )
        return {(y, a, b): (pk, w, s) for pk, y, a, b, w, s in pairs.iterator(chunk_size=10000)}
    totals = CountryYear.objects.values_list(
        "pk", "year", "country_id", "coauthored_works", "source"
    )
    return {(y, c): (pk, w, s) for pk, y, c, w, s in totals.iterator(chunk_size=10000)}


def _columns(kind: str) -> tuple[Any, list[str], str]:
    """The model, its key columns in key order, and the count column."""
    if kind == PAIRS:
        model: Any = CountryPairYear
        names = ["year", "country_a", "country_b"]
        value = "works"
    else:
        model = CountryYear
        names = ["year", "country"]
        value = "coauthored_works"
    meta = model._meta
    return model, [meta.get_field(n).column for n in names], meta.get_field(value).column


def _write(
    kind: str,
    create: list[tuple[Any, ...]],
    update: list[tuple[Any, ...]],
    source: str,
    progress: Progress | None,
    description: str,
) -> None:
    """Insert ``create`` (key + count) and update ``update`` (id, count) in chunks.

    Plain parameterised SQL: building a model instance per row would take most of the
    time of a large file.
    """
    model, keys, value = _columns(kind)
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(c) for c in [*keys, value, "source"])
    marks = ", ".join(["%s"] * (len(keys) + 2))
    insert = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608 - names from _meta
    pk = quote(model._meta.pk.column)
    change = (
        f"UPDATE {table} SET {quote(value)} = %s, {quote('source')} = %s "  # noqa: S608
        f"WHERE {pk} = %s"
    )
    total = len(create) + len(update)
    done = 0
    with connection.cursor() as cursor:
        for start in range(0, len(create), CHUNK):
            chunk = create[start : start + CHUNK]
            cursor.executemany(insert, [(*row, source) for row in chunk])
            done += len(chunk)
            if progress is not None:
                progress(description, done, total)
        for start in range(0, len(update), CHUNK):
            chunk = update[start : start + CHUNK]
            cursor.executemany(change, [(count, source, pk) for pk, count in chunk])
            done += len(chunk)
            if progress is not None:
                progress(description, done, total)
    if progress is not None:
        progress(description, total, total)


def coauthorship_import(
    *,
    actor: Any,
    handle: IO[bytes],
    filename: str,
    dry_run: bool = False,
    source: str = OPENALEX,
    progress: Progress | None = None,
) -> CoauthorshipReport:
    """Check and load one OpenAlex file (see the module docstring).

    Args:
        actor: ``None`` for the system, else a platform administrator.

    Raises:
        PermissionDenied: ``actor`` is neither.
        CoauthorshipFileError: the file is not one of the two kinds, or rows are wrong;
            nothing was written.
    """
    if actor is not None and role_of(actor) != "platform_admin":
        raise PermissionDenied(_("Only platform administrators may load co-authorship figures."))
    total = max(_line_count(handle) - 1, 0) if progress is not None else 0
    try:
        text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="")
        reader = csv.reader(text)
        header = next(reader, None)
        if header is None:
            raise CoauthorshipFileError([_("{file} is empty.").format(file=filename)])
        kind = detect_kind(header)
        if kind is None:
            wanted = " / ".join(",".join(h) for h in HEADERS.values())
            raise CoauthorshipFileError(
                [
                    _("{file}, row 1: the header must be {wanted}").format(
                        file=filename, wanted=wanted
                    )
                ]
            )
        known = set(Country.objects.values_list("iso2", flat=True))
        found, parser, count = _parse(kind, filename, reader, known, progress, total)
    except UnicodeDecodeError as error:
        raise CoauthorshipFileError(
            [_("{file}: the text is not UTF-8.").format(file=filename)]
        ) from error
    except csv.Error as error:
        raise CoauthorshipFileError(
            [_("{file}: {problem}").format(file=filename, problem=str(error))]
        ) from error
    if parser.errors:
        raise CoauthorshipFileError(parser.errors)
    report = CoauthorshipReport(
        filename=filename, kind=kind, rows=count, dry_run=dry_run, unknown=parser.unknown
    )
    with transaction.atomic():
        stored = _stored(kind)
        create: list[tuple[Any, ...]] = []
        update: list[tuple[Any, ...]] = []
        for key, value in found.items():
            have = stored.get(key)
            if have is None:
                create.append((*key, value))
            elif have[1] != value or have[2] != source:
                update.append((have[0], value))
            else:
                report.unchanged += 1
        report.created, report.updated = len(create), len(update)
        if not dry_run:
            description = _("Importing {file}").format(file=filename)
            _write(kind, create, update, source, progress, description)
    return report


def coauthorship_import_path(
    *, actor: Any, path: Path, dry_run: bool = False, progress: Progress | None = None
) -> CoauthorshipReport:
    """:func:`coauthorship_import` of the file at ``path``."""
    with path.open("rb") as handle:
        return coauthorship_import(
            actor=actor, handle=handle, filename=path.name, dry_run=dry_run, progress=progress
        )
