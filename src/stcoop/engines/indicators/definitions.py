"""Indicator definitions: the data model of a declarative indicator.

A definition says *what* is measured (entity, period, unit, direction) and *how* — a
:class:`Computation` from a small closed vocabulary that :mod:`.compile` turns into an
Ibis expression. Definitions are plain frozen dataclasses; :mod:`.validation` builds
them from dictionaries (read from YAML or JSON) and refuses invalid ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

ENTITIES = ("base", "project", "programme", "organisation", "country", "region", "province")
PERIODS = ("year", "quarter")
DIRECTIONS = ("higher", "lower")
#: Aggregations read rows of a source table; a missing group means "no rows" (0).
AGGREGATES = ("count", "sum", "distinct_count")
#: Operations over other computations.
COMBINATIONS = ("ratio", "share", "growth_rate", "indicator")
OPERATIONS = AGGREGATES + COMBINATIONS
FILTER_OPS = ("==", "!=", "<", "<=", ">", ">=", "in", "not_in", "is_null", "not_null")

#: Column types a schema description may name.
ColumnType = Literal["integer", "float", "decimal", "text", "date", "timestamp", "boolean"]
COLUMN_TYPES: tuple[ColumnType, ...] = (
    "integer",
    "float",
    "decimal",
    "text",
    "date",
    "timestamp",
    "boolean",
)
NUMERIC_TYPES = frozenset({"integer", "float", "decimal"})
TEMPORAL_TYPES = frozenset({"date", "timestamp"})


@dataclass(frozen=True)
class TableSchema:
    """The columns of one source table (name → type) and, optionally, the column that
    records when a row last changed (used by input fingerprints)."""

    columns: dict[str, ColumnType]
    updated_column: str | None = None


#: Source table name → its description.
Schema = dict[str, TableSchema]


@dataclass(frozen=True)
class Filter:
    """Keep rows where ``column op value`` holds."""

    column: str
    op: str
    value: object = None


@dataclass(frozen=True)
class Computation:
    """One node of the computation vocabulary.

    Aggregates (``count``, ``sum``, ``distinct_count``) read ``table``, grouped by
    ``entity_key`` and the period derived from ``period_column``; ``sum`` and
    ``distinct_count`` need ``column``. ``ratio`` divides ``numerator`` by
    ``denominator`` (division by zero gives a missing value). ``share`` is ``of``
    divided by its total over all entities in the same period. ``growth_rate`` compares
    ``of`` with the previous period. ``indicator`` reuses another indicator's values.
    """

    op: str
    table: str | None = None
    entity_key: str | None = None
    period_column: str | None = None
    column: str | None = None
    filters: tuple[Filter, ...] = ()
    numerator: Computation | None = None
    denominator: Computation | None = None
    of: Computation | None = None
    indicator: str | None = None

    def children(self) -> tuple[Computation, ...]:
        """The sub-computations this one combines."""
        return tuple(c for c in (self.numerator, self.denominator, self.of) if c is not None)

    def leaves(self) -> list[Computation]:
        """Every aggregate below (or at) this node."""
        if self.op in AGGREGATES:
            return [self]
        return [leaf for child in self.children() for leaf in child.leaves()]

    def references(self) -> set[str]:
        """Ids of the indicators this computation reuses."""
        refs = {self.indicator} if self.op == "indicator" and self.indicator else set()
        for child in self.children():
            refs |= child.references()
        return refs


@dataclass(frozen=True)
class IndicatorDefinition:
    """A declarative indicator. ``name`` and ``description`` are keyed by language
    (``zh``, ``en``); ``targets`` maps a period label (``"2025"``, ``"2025Q4"``) to the
    target value."""

    id: str
    name: dict[str, str]
    entity: str
    period: str
    unit: str
    direction: str
    computation: Computation
    description: dict[str, str] = field(default_factory=dict)
    baseline: float | None = None
    baseline_period: str | None = None
    targets: dict[str, float] = field(default_factory=dict)
    source: str = ""
