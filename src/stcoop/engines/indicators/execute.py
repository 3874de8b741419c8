"""Run indicator definitions on an Ibis backend, incrementally.

Each value records when it was computed and a fingerprint of its inputs: for every
source table an indicator reads, the row count, the latest "updated" time (when the
table has such a column) and the sums of its numeric columns, per period.
On a later run only the (indicator, period) pairs whose fingerprint changed are
recomputed; the others are carried over from the previous result.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import ibis
import ibis.expr.types as ir

from .compile import Tables, compile_indicator, is_additive, period_key, period_label
from .definitions import NUMERIC_TYPES, Computation, IndicatorDefinition, Schema

#: Decimal places kept in values, so that engines summing in a different order agree.
VALUE_DIGITS = 9

#: Called with (indicators done, indicators in total, indicator id).
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class IndicatorValue:
    """One computed value; ``value`` is ``None`` when it is missing (never 0)."""

    indicator: str
    entity: str
    entity_id: str
    period: str
    value: float | None
    computed_at: datetime.datetime
    inputs_fingerprint: str


@dataclass
class ComputeResult:
    """The values of a run plus, per (indicator, period), the inputs' fingerprint."""

    values: list[IndicatorValue]
    fingerprints: dict[tuple[str, str], str]
    recomputed: set[tuple[str, str]] = field(default_factory=set)
    reused: set[tuple[str, str]] = field(default_factory=set)


_Leaf = tuple[str, str, str]  # table, period column, period


def _leaf_key(leaf: Computation, period: str) -> _Leaf:
    return (leaf.table or "", leaf.period_column or "", period)


def _leaves(
    definition: IndicatorDefinition, by_id: Mapping[str, IndicatorDefinition]
) -> list[Computation]:
    leaves = definition.computation.leaves()
    for ref in sorted(definition.computation.references()):
        leaves += _leaves(by_id[ref], by_id)
    return leaves


def _uses_previous_period(
    definition: IndicatorDefinition, by_id: Mapping[str, IndicatorDefinition]
) -> bool:
    def walk(node: Computation) -> bool:
        if node.op == "growth_rate":
            return True
        if node.op == "indicator" and node.indicator:
            return walk(by_id[node.indicator].computation)
        return any(walk(child) for child in node.children())

    return walk(definition.computation)


def table_fingerprints(
    tables: Tables,
    schema: Schema,
    leaves: Iterable[tuple[_Leaf, Sequence[str]]],
) -> dict[_Leaf, dict[int, str]]:
    """Per (table, period column, period) and per period key, a digest of the rows.

    Args:
        tables: the Ibis tables.
        schema: gives each table's optional ``updated_column``.
        leaves: each leaf key with the numeric columns summed from it.
    """
    out: dict[_Leaf, dict[int, str]] = {}
    for key, summed in leaves:
        name, column, period = key
        source = tables[name]
        table = source.mutate(_period_key=period_key(source[column], period))
        metrics: dict[str, Any] = {"n": table.count()}
        updated = schema[name].updated_column if name in schema else None
        if updated:
            metrics["updated"] = table[updated].max().cast("string")
        for index, summed_column in enumerate(sorted(set(summed))):
            metrics[f"s{index}"] = table[summed_column].cast("float64").sum().round(6)
        frame = table.group_by("_period_key").aggregate(**metrics).to_pandas()
        digests: dict[int, str] = {}
        for record in frame.to_dict("records"):
            raw_key = record.pop("_period_key")
            if raw_key is None or raw_key != raw_key:  # null period
                continue
            digests[int(raw_key)] = repr(sorted((k, str(v)) for k, v in record.items()))
        out[key] = digests
    return out


def _indicator_fingerprints(
    definition: IndicatorDefinition,
    leaves: Sequence[_Leaf],
    digests: Mapping[_Leaf, Mapping[int, str]],
    with_previous: bool,
) -> dict[int, str]:
    keys: set[int] = set()
    for leaf in leaves:
        keys |= set(digests[leaf])
    if with_previous:
        keys |= {k + 1 for k in keys}
    out: dict[int, str] = {}
    for key in sorted(keys):
        parts = [definition.id, repr(definition.computation), definition.period]
        for leaf in sorted(set(leaves)):
            parts.append(f"{leaf}:{key}:{digests[leaf].get(key, '-')}")
            if with_previous:
                parts.append(f"{leaf}:{key - 1}:{digests[leaf].get(key - 1, '-')}")
        out[key] = hashlib.blake2b("|".join(parts).encode(), digest_size=8).hexdigest()
    return out


def compute(
    definitions: Sequence[IndicatorDefinition],
    tables: Tables,
    schema: Schema,
    *,
    previous: ComputeResult | None = None,
    progress: Progress | None = None,
    now: datetime.datetime | None = None,
    batch_size: int = 1,
) -> ComputeResult:
    """Compute every indicator on the backend that holds ``tables``.

    Args:
        definitions: validated definitions, in dependency order (as
            :func:`~.validation.parse_definitions` returns them).
        tables: source table name → Ibis table (all on one backend).
        schema: the tables' description (for fingerprints).
        previous: an earlier result; its values are reused for (indicator, period)
            pairs whose inputs did not change.
        progress: called after each query with (indicators done, total, last id).
        now: the time recorded as ``computed_at`` (default: now, UTC).
        batch_size: indicators sent to the backend in one query (a ``UNION ALL``);
            larger batches pay the per-query cost (compilation, Spark job start) once.

    Returns:
        The values sorted by indicator, period and entity id.
    """
    now = now or datetime.datetime.now(datetime.UTC)
    by_id = {d.id: d for d in definitions}
    leaves_of = {
        d.id: [_leaf_key(leaf, d.period) for leaf in _leaves(d, by_id)] for d in definitions
    }
    # Every numeric column is summed, so that edits without an "updated" time (and
    # changed links, whose keys are numbers) still change the fingerprint.
    summed: dict[_Leaf, list[str]] = {}
    for definition in definitions:
        for leaf in _leaves(definition, by_id):
            leaf_key = _leaf_key(leaf, definition.period)
            columns = schema[leaf_key[0]].columns if leaf_key[0] in schema else {}
            summed[leaf_key] = [c for c, kind in columns.items() if kind in NUMERIC_TYPES]
    digests = table_fingerprints(tables, schema, summed.items())
    old_values: dict[tuple[str, str], list[IndicatorValue]] = {}
    if previous is not None:
        for value in previous.values:
            old_values.setdefault((value.indicator, value.period), []).append(value)
    result = ComputeResult(values=[], fingerprints={})
    compiled: dict[str, ir.Table] = {}
    additive: set[str] = set()
    pending: list[tuple[IndicatorDefinition, ir.Table]] = []
    fingerprints_of: dict[str, dict[int, str]] = {}
    for done, definition in enumerate(definitions, start=1):
        expression = compile_indicator(definition, tables, compiled, additive)
        compiled[definition.id] = expression
        if is_additive(definition.computation, additive):
            additive.add(definition.id)
        fingerprints = _indicator_fingerprints(
            definition,
            leaves_of[definition.id],
            digests,
            _uses_previous_period(definition, by_id),
        )
        fingerprints_of[definition.id] = fingerprints
        stale: list[int] = []
        for key, digest in fingerprints.items():
            label = period_label(key, definition.period)
            result.fingerprints[(definition.id, label)] = digest
            if previous is not None and previous.fingerprints.get((definition.id, label)) == digest:
                result.values.extend(old_values.get((definition.id, label), []))
                result.reused.add((definition.id, label))
            else:
                stale.append(key)
                result.recomputed.add((definition.id, label))
        if stale:
            pending.append((definition, _query(definition, expression, stale, previous is None)))
        if len(pending) >= max(1, batch_size) or (done == len(definitions) and pending):
            result.values.extend(_run(pending, fingerprints_of, now))
            pending = []
            if progress is not None:
                progress(done, len(definitions), definition.id)
    result.values.sort(key=lambda v: (v.indicator, v.period, v.entity_id))
    return result


def _query(
    definition: IndicatorDefinition, expression: ir.Table, keys: Sequence[int], everything: bool
) -> ir.Table:
    if not everything:
        expression = expression.filter(expression.period_key.isin(list(keys)))
    return expression.select(
        indicator=ibis.literal(definition.id),
        entity_id=expression.entity_id,
        period_key=expression.period_key,
        value=expression.value,
    )


def _run(
    queries: Sequence[tuple[IndicatorDefinition, ir.Table]],
    fingerprints_of: Mapping[str, Mapping[int, str]],
    now: datetime.datetime,
) -> list[IndicatorValue]:
    expression = ibis.union(*[q for _, q in queries]) if len(queries) > 1 else queries[0][1]
    frame = expression.to_pandas()
    definitions = {d.id: d for d, _ in queries}
    values: list[IndicatorValue] = []
    for indicator, entity_id, key, raw in zip(
        frame["indicator"], frame["entity_id"], frame["period_key"], frame["value"], strict=True
    ):
        if key is None or key != key or entity_id is None:
            continue
        key = int(key)
        fingerprints = fingerprints_of[indicator]
        if key not in fingerprints:
            continue
        definition = definitions[indicator]
        value = None if raw is None or raw != raw else round(float(raw), VALUE_DIGITS)
        values.append(
            IndicatorValue(
                indicator=indicator,
                entity=definition.entity,
                entity_id=str(entity_id),
                period=period_label(key, definition.period),
                value=value,
                computed_at=now,
                inputs_fingerprint=fingerprints[key],
            )
        )
    return values


def ibis_tables(connection: Any, names: Iterable[str]) -> dict[str, ir.Table]:
    """The named tables of an Ibis connection."""
    return {name: connection.table(name) for name in names}


__all__ = [
    "ComputeResult",
    "IndicatorValue",
    "Progress",
    "compute",
    "ibis_tables",
]
