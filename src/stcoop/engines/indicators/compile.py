"""Compile a :class:`~.definitions.Computation` into an Ibis expression.

Every compiled expression has the same three columns — ``entity_id`` (string),
``period_key`` (int64: the year, or ``year * 4 + quarter - 1``) and ``value``
(float64, null when missing) — so computations nest freely and the same expression runs
on any Ibis backend (DuckDB, PostgreSQL, Spark).
"""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from typing import Any

import ibis
import ibis.expr.types as ir

from .definitions import AGGREGATES, Computation, Filter, IndicatorDefinition

Tables = Mapping[str, ir.Table]


class CompileError(ValueError):
    """A definition cannot be compiled against the tables given (e.g. a table is absent)."""


def period_key(column: ir.Column, period: str) -> ir.IntegerValue:
    """The period key of a year (integer) or date column."""
    if column.type().is_integer():
        if period == "quarter":
            raise CompileError("a quarterly indicator needs a date column, not a year")
        return column.cast("int64")
    year = column.year().cast("int64")
    if period == "year":
        return year
    quarter = (column.month().cast("int64") - 1) // 3
    return (year * 4 + quarter).cast("int64")


def period_label(key: int, period: str) -> str:
    """``2024`` → ``"2024"``; a quarter key → ``"2024Q3"``."""
    if period == "year":
        return str(key)
    return f"{key // 4}Q{key % 4 + 1}"


def parse_period_label(label: str, period: str) -> int:
    """The inverse of :func:`period_label`."""
    if period == "year":
        return int(label)
    year, quarter = label.upper().split("Q")
    return int(year) * 4 + int(quarter) - 1


def _predicate(table: ir.Table, condition: Filter) -> ir.BooleanValue:
    column: Any = table[condition.column]
    value: Any = condition.value
    op = condition.op
    if op == "==":
        return column == value
    if op == "!=":
        return column != value
    if op == "<":
        return column < value
    if op == "<=":
        return column <= value
    if op == ">":
        return column > value
    if op == ">=":
        return column >= value
    if op == "in":
        return column.isin(list(value))
    if op == "not_in":
        return column.notin(list(value))
    if op == "is_null":
        return column.isnull()
    return column.notnull()


def compile_computation(
    computation: Computation,
    period: str,
    tables: Tables,
    indicators: Mapping[str, ir.Table],
    additive: AbstractSet[str] = frozenset(),
) -> ir.Table:
    """The Ibis expression for ``computation`` (columns entity_id, period_key, value).

    Args:
        computation: the node to compile.
        period: ``"year"`` or ``"quarter"``.
        tables: source table name → Ibis table.
        indicators: compiled expressions of indicators that may be reused.
        additive: ids of reusable indicators whose absence means zero (counts, sums).

    Raises:
        CompileError: a source table or a reused indicator is not available.
    """
    op = computation.op
    if op in AGGREGATES:
        return _aggregate(computation, period, tables)
    if op == "indicator":
        ref = computation.indicator or ""
        if ref not in indicators:
            raise CompileError(f"indicator {ref!r} is not compiled yet")
        return indicators[ref]
    if op == "ratio":
        assert computation.numerator is not None and computation.denominator is not None
        numerator = compile_computation(computation.numerator, period, tables, indicators, additive)
        denominator = compile_computation(
            computation.denominator, period, tables, indicators, additive
        )
        return _ratio(numerator, denominator, is_additive(computation.numerator, additive))
    assert computation.of is not None
    part = compile_computation(computation.of, period, tables, indicators, additive)
    if op == "share":
        return _share(part)
    return _growth_rate(part)


def is_additive(computation: Computation, additive: AbstractSet[str]) -> bool:
    """Whether a missing row of ``computation`` means zero (no rows counted or summed).

    ``additive`` holds the ids of indicators known to be additive.
    """
    if computation.op in AGGREGATES:
        return True
    return computation.op == "indicator" and computation.indicator in additive


def compile_indicator(
    definition: IndicatorDefinition,
    tables: Tables,
    indicators: Mapping[str, ir.Table],
    additive: AbstractSet[str] = frozenset(),
) -> ir.Table:
    """The Ibis expression for one indicator; see :func:`compile_computation`."""
    return compile_computation(
        definition.computation, definition.period, tables, indicators, additive
    )


def _aggregate(computation: Computation, period: str, tables: Tables) -> ir.Table:
    name = computation.table or ""
    if name not in tables:
        raise CompileError(f"source table {name!r} is not available")
    table = tables[name]
    for condition in computation.filters:
        table = table.filter(_predicate(table, condition))
    rows = table.select(
        entity_id=table[computation.entity_key].cast("string"),
        period_key=period_key(table[computation.period_column], period),
        measure=table[computation.column] if computation.column else ibis.literal(1),
    )
    rows = rows.filter(rows.entity_id.notnull(), rows.period_key.notnull())
    measure: Any = rows.measure
    if computation.op == "count":
        value = rows.count()
    elif computation.op == "sum":
        value = measure.sum()
    else:
        value = measure.nunique()
    return rows.group_by(["entity_id", "period_key"]).aggregate(value=value.cast("float64"))


def _ratio(numerator: ir.Table, denominator: ir.Table, zero_when_absent: bool) -> ir.Table:
    joined = numerator.rename(n="value").outer_join(
        denominator.rename(d="value"), ["entity_id", "period_key"]
    )
    n: Any = joined.n
    if zero_when_absent:  # no rows counted or summed means 0, not missing
        n = n.fill_null(0.0)
    d: Any = joined.d
    value = ibis.ifelse(d.isnull() | (d == 0.0), ibis.null("float64"), n / d)
    return joined.select(
        entity_id=joined.entity_id.fill_null(joined.entity_id_right),
        period_key=joined.period_key.fill_null(joined.period_key_right),
        value=value.cast("float64"),
    )


def _share(part: ir.Table) -> ir.Table:
    total: Any = part.value.sum().over(ibis.window(group_by=part.period_key))
    value = ibis.ifelse(total.isnull() | (total == 0.0), ibis.null("float64"), part.value / total)
    return part.select("entity_id", "period_key", value=value.cast("float64"))


def _growth_rate(part: ir.Table) -> ir.Table:
    previous = part.select(
        "entity_id", period_key=(part.period_key + 1).cast("int64"), previous=part.value
    )
    joined = part.left_join(previous, ["entity_id", "period_key"])
    p: Any = joined.previous
    value = ibis.ifelse(p.isnull() | (p == 0.0), ibis.null("float64"), (joined.value - p) / p)
    return joined.select("entity_id", "period_key", value=value.cast("float64"))
