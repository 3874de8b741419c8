"""What an entity's import file looks like, and how its rows become records.

An app declares an :class:`ImportSpec` subclass in its ``import_specs`` module and
registers an instance with :func:`register`; the web pages (``/import/<name>/``) and
``stcoop import <name> FILE`` find it in :data:`IMPORT_SPECS`. A spec declares:

* :attr:`~ImportSpec.columns`: each :class:`Column` with its name, whether it is
  required, header aliases (Chinese headers included) and a parser that turns the
  cell's text into a value or raises :class:`ValueError` / ``ValidationError`` with a
  translated message;
* :attr:`~ImportSpec.natural_key`: the columns that identify an existing record, so a
  second import of the same file updates nothing;
* :meth:`~ImportSpec.find_existing`, :meth:`~ImportSpec.check_row` (permission and
  rules, no writes) and :meth:`~ImportSpec.apply_row` (the write, through the app's
  services, which call :func:`stcoop.core.permissions.require`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, ClassVar

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

#: Parses a non-empty cell's text into a value; raises ValueError or ValidationError.
Parser = Callable[[str], Any]


class RowAction(StrEnum):
    """What importing a row does (or would do)."""

    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    ERROR = "error"


ACTION_LABELS: Mapping[RowAction, Any] = {
    RowAction.CREATE: gettext_lazy("create"),
    RowAction.UPDATE: gettext_lazy("update"),
    RowAction.UNCHANGED: gettext_lazy("unchanged"),
    RowAction.ERROR: gettext_lazy("error"),
}


def normalise_header(text: str) -> str:
    """A header for matching: no BOM, trimmed, case-folded, ``_``/``-`` as spaces."""
    value = str(text).lstrip("\ufeff").strip().casefold()
    return " ".join(value.replace("_", " ").replace("-", " ").split())


@dataclass(frozen=True)
class Column:
    """One column of an import file.

    Attributes:
        name: the canonical header (written in templates, used in messages).
        label: a translated description for the upload page.
        required: whether the column must be present and each row's cell non-empty.
        aliases: other headers that mean this column (any case; Chinese names too).
        parse: turns a non-empty cell into a value; ``None`` keeps the text.
        empty: the value of an empty cell in an optional column.
        example: the value in the template's example row.
    """

    name: str
    label: Any = ""
    required: bool = False
    aliases: tuple[str, ...] = ()
    parse: Parser | None = None
    empty: Any = ""
    example: str = ""

    @property
    def chinese_header(self) -> str:
        """The first alias written in Chinese characters, else the canonical name (the
        header of Chinese templates; the importer reads either)."""
        for alias in self.aliases:
            if any("\u4e00" <= ch <= "\u9fff" for ch in alias):
                return alias
        return self.name

    def matches(self, header: str) -> bool:
        """Whether a file's header names this column."""
        wanted = normalise_header(header)
        return wanted in {normalise_header(n) for n in (self.name, *self.aliases)}


class ImportSpec:
    """How one kind of record is imported; subclass it and :func:`register` an instance.

    ``values`` passed to the hooks maps column names to parsed values, for the columns
    the file has (an optional column the file lacks is absent, so updates leave that
    field alone).
    """

    name: ClassVar[str]
    title: ClassVar[Any] = ""
    description: ClassVar[Any] = ""
    columns: Sequence[Column] = ()
    natural_key: tuple[str, ...] = ()
    #: Text encodings tried in turn for CSV and JSON files: UTF-8 (with or without a
    #: byte-order mark), then GB18030, which reads the GBK files Chinese spreadsheet
    #: programs save.
    encodings: tuple[str, ...] = ("utf-8-sig", "gb18030")

    def for_run(self) -> ImportSpec:
        """The spec to use for one preview or import (override to start fresh caches)."""
        return self

    def may_import(self, actor: Any) -> bool:
        """Whether ``actor`` may use this import at all (per-row rules come later)."""
        return bool(getattr(actor, "is_authenticated", False))

    def column(self, name: str) -> Column:
        """The column named ``name``."""
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(name)

    def key_of(self, values: Mapping[str, Any]) -> tuple[Any, ...]:
        """The natural key of a row, used to find duplicates within a file."""
        return tuple(
            normalise_header(v) if isinstance(v, str) else v
            for v in (values.get(n) for n in self.natural_key)
        )

    def required_message(self, column: Column) -> str:
        """The message for an empty cell in a required column."""
        return _("a value is required")

    def duplicate_message(self, values: Mapping[str, Any], first_row: int) -> str:
        """The message for a row whose natural key an earlier row of the file has."""
        return _("the same record is already in row {row}").format(row=first_row)

    def find_existing(self, values: Mapping[str, Any]) -> Any | None:
        """The stored record the row's natural key names, or ``None``."""
        raise NotImplementedError

    def check_row(self, actor: Any, values: Mapping[str, Any], existing: Any | None) -> None:
        """Check rules and permissions for the row without writing.

        Raises:
            ValidationError: the row breaks a rule (messages keyed by column or not).
            PermissionDenied: ``actor`` may not create or change this record.
        """

    def differs(self, existing: Any, values: Mapping[str, Any]) -> bool:
        """Whether applying ``values`` would change ``existing`` (default: attributes)."""
        return any(getattr(existing, name, None) != value for name, value in values.items())

    def plan(self, values: Mapping[str, Any], existing: Any | None) -> RowAction:
        """What applying the row would do."""
        if existing is None:
            return RowAction.CREATE
        return RowAction.UPDATE if self.differs(existing, values) else RowAction.UNCHANGED

    def apply_row(self, actor: Any, values: Mapping[str, Any], existing: Any | None) -> RowAction:
        """Create or update the record through the app's services; return what it did.

        Raises:
            ValidationError, PermissionDenied: the whole import is then rolled back.
        """
        raise NotImplementedError

    def describe(self, existing: Any) -> str:
        """How a record is named in previews."""
        return str(existing)

    @property
    def exports(self) -> bool:
        """Whether this spec writes its records for re-import (overrides
        :meth:`export_queryset`)."""
        return type(self).export_queryset is not ImportSpec.export_queryset

    def export_queryset(self, actor: Any) -> Any | None:
        """The records ``actor`` may see, in a stable order, for ``stcoop export <name>``
        and the export-for-import links; ``None`` when this spec does not export."""
        return None

    def export_values(self, record: Any) -> Mapping[str, str]:
        """One record as cell texts keyed by column name, written so that the column
        parsers read them back: exporting and importing the file again changes nothing."""
        raise NotImplementedError

    def example_row(self) -> list[str]:
        """The example row of the downloadable template."""
        return [column.example for column in self.columns]


#: Every registered spec by name (``stcoop import <name>``, ``/import/<name>/``).
IMPORT_SPECS: dict[str, ImportSpec] = {}


def register(spec: ImportSpec, *, replace: bool = False) -> ImportSpec:
    """Add ``spec`` to :data:`IMPORT_SPECS` under ``spec.name``.

    Raises:
        RuntimeError: another spec has that name (unless ``replace``).
    """
    existing = IMPORT_SPECS.get(spec.name)
    if existing is not None and existing is not spec and not replace:
        raise RuntimeError(f"import spec {spec.name!r} is already registered")
    IMPORT_SPECS[spec.name] = spec
    return spec


def unregister(name: str) -> None:
    """Remove a spec (tests)."""
    IMPORT_SPECS.pop(name, None)


def get_spec(name: str) -> ImportSpec | None:
    """The registered spec named ``name``, or ``None``."""
    return IMPORT_SPECS.get(name)
