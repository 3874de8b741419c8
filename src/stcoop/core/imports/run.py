"""Checking an import file row by row, and applying it all or nothing.

:func:`import_preview` writes nothing and says, for every row, whether it would create,
update or leave a record unchanged, or what is wrong with it. :func:`import_apply`
checks again and writes every row in one transaction; any error (also one raised while
writing) leaves the database as it was. Running the same file twice reports everything
unchanged the second time.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from stcoop.core.imports.reading import Table
from stcoop.core.imports.spec import ACTION_LABELS, ImportSpec, RowAction

#: ``progress(description, done, total)`` (see :mod:`stcoop.cli.progress`).
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class RowProblem:
    """What is wrong with a row (``column`` is the file's header, or ``None``)."""

    row: int
    column: str | None
    message: str

    def __str__(self) -> str:
        if self.column is None:
            return _("row {row}: {message}").format(row=self.row, message=self.message)
        return row_message(self.row, self.column, self.message)


@dataclass
class RowResult:
    """One data row: its number (the header is row 1), cells, action and messages."""

    row: int
    cells: dict[str, str]
    action: RowAction = RowAction.UNCHANGED
    values: dict[str, Any] = field(default_factory=dict)
    existing: Any = None
    problems: list[RowProblem] = field(default_factory=list)
    error_columns: set[str] = field(default_factory=set)

    @property
    def errors(self) -> list[str]:
        """The row's problems as ``row N, column X: ...`` messages."""
        return [str(problem) for problem in self.problems]

    def add_problem(self, column: str | None, message: str, name: str | None = None) -> None:
        """Record a problem in ``column`` (the file's header; ``name``: the spec's column)."""
        self.problems.append(RowProblem(self.row, column, message))
        if name is not None:
            self.error_columns.add(name)
        self.action = RowAction.ERROR

    @property
    def action_label(self) -> str:
        """The translated action."""
        return str(ACTION_LABELS[self.action])

    @property
    def reason(self) -> str:
        """Why a row is skipped (unchanged or in error), for reports."""
        if self.action == RowAction.UNCHANGED:
            return _("already recorded with these values")
        return "; ".join(self.errors)


@dataclass
class ImportPreview:
    """The outcome of checking a file; :class:`ImportReport` adds whether it was written."""

    spec_name: str
    filename: str
    columns: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    rows: list[RowResult] = field(default_factory=list)
    #: column name → the header the file used for it
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def problems(self) -> list[RowProblem]:
        """Every row's problems, in row order."""
        return [problem for row in self.rows for problem in row.problems]

    @property
    def row_errors(self) -> list[str]:
        """Every row's error messages, in row order."""
        return [str(problem) for problem in self.problems]

    @property
    def all_errors(self) -> list[str]:
        """File-level errors, then row errors."""
        return [*self.errors, *self.row_errors]

    @property
    def ok(self) -> bool:
        """Whether the file can be applied."""
        return not self.all_errors

    def count(self, action: RowAction) -> int:
        """How many rows have ``action``."""
        return sum(1 for row in self.rows if row.action == action)

    @property
    def created(self) -> int:
        return self.count(RowAction.CREATE)

    @property
    def updated(self) -> int:
        return self.count(RowAction.UPDATE)

    @property
    def unchanged(self) -> int:
        return self.count(RowAction.UNCHANGED)

    @property
    def failed(self) -> int:
        return self.count(RowAction.ERROR)


@dataclass
class ImportReport(ImportPreview):
    """The outcome of :func:`import_apply`; nothing was written unless ``applied``."""

    applied: bool = False

    @property
    def skipped(self) -> list[RowResult]:
        """Rows not written, with :attr:`RowResult.reason`."""
        return [row for row in self.rows if row.action in (RowAction.UNCHANGED, RowAction.ERROR)]


def row_message(row: int, column: str, message: str) -> str:
    """``row N, column X: message`` (translated)."""
    return _("row {row}, column {column}: {message}").format(
        row=row, column=column, message=message
    )


def _error_text(error: Exception) -> list[tuple[str | None, str]]:
    """A service's error as ``(column or None, message)`` pairs."""
    if isinstance(error, ValidationError):
        if hasattr(error, "error_dict"):
            pairs: list[tuple[str | None, str]] = []
            for key, messages in error.message_dict.items():
                for message in messages:
                    pairs.append((None if key == "__all__" else key, message))
            return pairs
        return [(None, message) for message in error.messages]
    text = str(error) or _("You do not have permission to do this.")
    return [(None, text)]


def _add_error(
    result: RowResult, spec: ImportSpec, header: Mapping[str, str], error: Exception
) -> None:
    names = {column.name for column in spec.columns}
    for key, message in _error_text(error):
        if key in names:
            result.add_problem(header.get(key, key), message, key)
        else:
            result.add_problem(None, message)


def _map_header(spec: ImportSpec, table: Table, preview: ImportPreview) -> dict[str, int]:
    """Column name → index in the file; fills the preview's warnings and errors."""
    positions: dict[str, int] = {}
    for index, header in enumerate(table.header):
        if not header:
            continue
        column = next((c for c in spec.columns if c.matches(header)), None)
        if column is None:
            preview.warnings.append(
                _("Column {column} is not one of this import's columns; it is ignored.").format(
                    column=header
                )
            )
        elif column.name in positions:
            preview.errors.append(
                _("Columns {first} and {second} both mean {column}; keep one.").format(
                    first=table.header[positions[column.name]], second=header, column=column.name
                )
            )
        else:
            positions[column.name] = index
    missing = [c.name for c in spec.columns if c.required and c.name not in positions]
    if missing:
        preview.errors.append(
            _("The file lacks the required column(s): {columns}. Row 1 must name them.").format(
                columns=", ".join(missing)
            )
        )
    return positions


def _check(
    spec: ImportSpec,
    table: Table,
    actor: Any,
    preview: ImportPreview,
    progress: Progress | None,
) -> None:
    spec = spec.for_run()
    positions = _map_header(spec, table, preview)
    preview.columns = [c.name for c in spec.columns if c.name in positions]
    if preview.errors:
        return
    header = {name: table.header[index] for name, index in positions.items()}
    preview.headers = header
    seen: dict[tuple[Any, ...], int] = {}
    total = len(table.rows)
    description = _("Checking {file}").format(file=table.filename)
    for index, cells in enumerate(table.rows):
        if progress is not None:
            progress(description, index, total)
        if not any(cells):
            continue
        number = table.row_number(index)
        raw = {name: (cells[i].strip() if i < len(cells) else "") for name, i in positions.items()}
        result = RowResult(row=number, cells=raw)
        preview.rows.append(result)
        for column in spec.columns:
            if column.name not in positions:
                continue
            text = raw[column.name]
            label = header[column.name]
            if not text:
                if column.required:
                    result.add_problem(label, spec.required_message(column), column.name)
                else:
                    result.values[column.name] = column.empty
                continue
            try:
                result.values[column.name] = column.parse(text) if column.parse else text
            except ValidationError as error:
                for message in error.messages:
                    result.add_problem(label, message, column.name)
            except ValueError as error:
                message = str(error) or _("'{value}' is not valid here").format(value=text)
                result.add_problem(label, message, column.name)
        if result.problems:
            continue
        if spec.natural_key:
            key = spec.key_of(result.values)
            if key in seen:
                first = spec.natural_key[0]
                message = spec.duplicate_message(result.values, seen[key])
                result.add_problem(header.get(first, first), message, first)
                continue
            seen[key] = number
        try:
            result.existing = spec.find_existing(result.values)
            spec.check_row(actor, result.values, result.existing)
            result.action = spec.plan(result.values, result.existing)
        except (ValidationError, PermissionDenied) as error:
            _add_error(result, spec, header, error)
    if progress is not None:
        progress(description, total, total)


def import_preview(
    spec: ImportSpec, table: Table, actor: Any, *, progress: Progress | None = None
) -> ImportPreview:
    """Check every row of ``table`` against ``spec`` on behalf of ``actor``; write nothing."""
    preview = ImportPreview(spec_name=spec.name, filename=table.filename)
    _check(spec, table, actor, preview, progress)
    return preview


class _Rollback(Exception):
    pass


def import_apply(
    spec: ImportSpec, table: Table, actor: Any, *, progress: Progress | None = None
) -> ImportReport:
    """Check ``table`` again and write every row in one transaction, or nothing.

    Returns:
        The report; ``applied`` is false (and nothing was written) when any row, or the
        file, has an error, including an error raised while writing.
    """
    report = ImportReport(spec_name=spec.name, filename=table.filename)
    try:
        with transaction.atomic():
            _check(spec, table, actor, report, progress)
            if not report.ok:
                raise _Rollback
            pending = [r for r in report.rows if r.action in (RowAction.CREATE, RowAction.UPDATE)]
            description = _("Importing {file}").format(file=table.filename)
            for done, result in enumerate(pending):
                if progress is not None:
                    progress(description, done, len(pending))
                try:
                    with transaction.atomic():
                        result.action = spec.apply_row(actor, result.values, result.existing)
                except (ValidationError, PermissionDenied) as error:
                    _add_error(result, spec, report.headers, error)
                    raise _Rollback from error
            if progress is not None:
                progress(description, len(pending), len(pending))
    except _Rollback:
        report.applied = False
        return report
    report.applied = True
    return report
