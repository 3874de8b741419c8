"""Build indicator definitions from plain data and refuse invalid ones.

Every problem is reported with the indicator id and the path of the offending field,
e.g. ``indicator 'bases_per_province': computation.column: column 'name' of table
'bases' is text; sum needs a number``. All problems are collected before raising.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from .definitions import (
    AGGREGATES,
    DIRECTIONS,
    ENTITIES,
    FILTER_OPS,
    NUMERIC_TYPES,
    OPERATIONS,
    PERIODS,
    TEMPORAL_TYPES,
    Computation,
    Filter,
    IndicatorDefinition,
    Schema,
)

_INDICATOR_FIELDS = {
    "id",
    "name",
    "description",
    "entity",
    "period",
    "unit",
    "direction",
    "computation",
    "baseline",
    "targets",
    "source",
}
_COMPUTATION_FIELDS = {
    "op",
    "table",
    "entity_key",
    "period_column",
    "column",
    "filters",
    "numerator",
    "denominator",
    "of",
    "indicator",
}
_FILTER_FIELDS = {"column", "op", "value"}


class DefinitionError(ValueError):
    """One or more definitions are invalid; ``problems`` holds one message each."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


class _Collector:
    def __init__(self) -> None:
        self.problems: list[str] = []

    def add(self, indicator: str, path: str, message: str) -> None:
        where = f"indicator {indicator!r}" + (f": {path}" if path else "")
        self.problems.append(f"{where}: {message}")


def read_definitions_file(path: str | Path) -> Any:
    """Read a definitions file (``.yaml``/``.yml`` or ``.json``) into plain data.

    Raises:
        DefinitionError: the file cannot be read or parsed.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DefinitionError([f"{path}: cannot read the file ({exc})"]) from exc
    if path.suffix.lower() in (".yaml", ".yml"):
        import yaml  # PyYAML; only needed for YAML files

        try:
            return yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise DefinitionError([f"{path}: not valid YAML ({exc})"]) from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise DefinitionError([f"{path}: not valid JSON ({exc})"]) from exc


def load_definitions(path: str | Path, schema: Schema) -> list[IndicatorDefinition]:
    """Read and validate a definitions file; see :func:`parse_definitions`."""
    return parse_definitions(read_definitions_file(path), schema)


def parse_definitions(data: Any, schema: Schema) -> list[IndicatorDefinition]:
    """Validate plain data (``{"indicators": [...]}`` or a list) against ``schema``.

    Args:
        data: the parsed file content.
        schema: the source tables and their column types.

    Returns:
        The definitions, ordered so that every indicator comes after those it reuses.

    Raises:
        DefinitionError: with every problem found (unknown field, table or column, type
            mismatch, ratio without denominator, unknown or cyclic references, bad entity,
            period or direction, duplicate ids).
    """
    out = _Collector()
    items = data.get("indicators") if isinstance(data, Mapping) else data
    if not isinstance(items, list):
        raise DefinitionError(["the file must hold a list 'indicators' of definitions"])
    definitions: list[IndicatorDefinition] = []
    seen: set[str] = set()
    for position, item in enumerate(items, start=1):
        if not isinstance(item, Mapping):
            out.problems.append(f"definition #{position}: must be a mapping of fields")
            continue
        ident = item.get("id")
        if not isinstance(ident, str) or not ident.strip():
            out.problems.append(f"definition #{position}: id is missing or not text")
            continue
        if ident in seen:
            out.add(ident, "id", "is used by more than one definition")
            continue
        seen.add(ident)
        definition = _parse_indicator(ident, item, schema, out)
        if definition is not None:
            definitions.append(definition)
    ordered = _check_references(definitions, out)
    if out.problems:
        raise DefinitionError(out.problems)
    return ordered


def _text_map(ident: str, path: str, value: Any, out: _Collector, required: bool) -> dict[str, str]:
    if value is None and not required:
        return {}
    if not isinstance(value, Mapping) or not all(
        isinstance(v, str) and v.strip() for v in value.values()
    ):
        out.add(ident, path, "must map languages (zh, en) to text")
        return {}
    unknown = set(value) - {"zh", "en"}
    if unknown:
        out.add(ident, path, f"unknown language(s) {sorted(unknown)}; use zh and en")
    if required and not {"zh", "en"} <= set(value):
        out.add(ident, path, "needs both zh and en")
    return {str(k): str(v) for k, v in value.items()}


def _choice(ident: str, path: str, value: Any, choices: Sequence[str], out: _Collector) -> str:
    if value not in choices:
        out.add(ident, path, f"{value!r} is not one of {', '.join(choices)}")
        return ""
    return str(value)


def _number(ident: str, path: str, value: Any, out: _Collector) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        out.add(ident, path, f"{value!r} is not a number")
        return None
    return float(value)


def _parse_indicator(
    ident: str, item: Mapping[str, Any], schema: Schema, out: _Collector
) -> IndicatorDefinition | None:
    before = len(out.problems)
    for unknown in sorted(set(item) - _INDICATOR_FIELDS):
        out.add(ident, unknown, f"unknown field (known: {', '.join(sorted(_INDICATOR_FIELDS))})")
    name = _text_map(ident, "name", item.get("name"), out, required=True)
    description = _text_map(ident, "description", item.get("description"), out, required=False)
    entity = _choice(ident, "entity", item.get("entity"), ENTITIES, out)
    period = _choice(ident, "period", item.get("period"), PERIODS, out)
    direction = _choice(ident, "direction", item.get("direction"), DIRECTIONS, out)
    unit = item.get("unit")
    if not isinstance(unit, str) or not unit.strip():
        out.add(ident, "unit", "is missing or not text")
    source = item.get("source", "")
    if not isinstance(source, str):
        out.add(ident, "source", "must be text")
    baseline, baseline_period = _baseline(ident, item.get("baseline"), out)
    targets: dict[str, float] = {}
    raw_targets = item.get("targets") or {}
    if not isinstance(raw_targets, Mapping):
        out.add(ident, "targets", "must map period labels to numbers")
    else:
        for label, value in raw_targets.items():
            number = _number(ident, f"targets.{label}", value, out)
            if number is not None:
                targets[str(label)] = number
    computation = _parse_computation(
        ident, "computation", item.get("computation"), schema, out, period
    )
    if len(out.problems) > before or computation is None:
        return None
    return IndicatorDefinition(
        id=ident,
        name=name,
        description=description,
        entity=entity,
        period=period,
        unit=str(unit),
        direction=direction,
        computation=computation,
        baseline=baseline,
        baseline_period=baseline_period,
        targets=targets,
        source=str(source),
    )


def _baseline(ident: str, value: Any, out: _Collector) -> tuple[float | None, str | None]:
    if isinstance(value, Mapping):
        unknown = set(value) - {"value", "period"}
        if unknown:
            out.add(ident, "baseline", f"unknown field(s) {sorted(unknown)}; use value and period")
        period = value.get("period")
        return _number(ident, "baseline.value", value.get("value"), out), (
            None if period is None else str(period)
        )
    return _number(ident, "baseline", value, out), None


def _parse_computation(
    ident: str, path: str, raw: Any, schema: Schema, out: _Collector, period: str
) -> Computation | None:
    if not isinstance(raw, Mapping):
        out.add(ident, path, "is missing or not a mapping")
        return None
    for unknown in sorted(set(raw) - _COMPUTATION_FIELDS):
        out.add(ident, f"{path}.{unknown}", "unknown field")
    op = raw.get("op")
    if op not in OPERATIONS:
        out.add(ident, f"{path}.op", f"{op!r} is not one of {', '.join(OPERATIONS)}")
        return None
    if op in AGGREGATES:
        return _parse_aggregate(ident, path, str(op), raw, schema, out, period)
    if op == "indicator":
        ref = raw.get("indicator")
        if not isinstance(ref, str) or not ref:
            out.add(ident, f"{path}.indicator", "names no indicator")
            return None
        return Computation(op="indicator", indicator=ref)
    if op == "ratio":
        if raw.get("numerator") is None:
            out.add(ident, f"{path}.numerator", "a ratio needs a numerator")
        if raw.get("denominator") is None:
            out.add(ident, f"{path}.denominator", "a ratio needs a denominator")
            return None
        numerator = _parse_computation(
            ident, f"{path}.numerator", raw.get("numerator"), schema, out, period
        )
        denominator = _parse_computation(
            ident, f"{path}.denominator", raw.get("denominator"), schema, out, period
        )
        if numerator is None or denominator is None:
            return None
        return Computation(op="ratio", numerator=numerator, denominator=denominator)
    of = _parse_computation(ident, f"{path}.of", raw.get("of"), schema, out, period)
    return None if of is None else Computation(op=str(op), of=of)


def _column(
    ident: str, path: str, table: str, column: Any, schema: Schema, out: _Collector
) -> str | None:
    if not isinstance(column, str) or not column:
        out.add(ident, path, "is missing")
        return None
    if column not in schema[table].columns:
        known = ", ".join(sorted(schema[table].columns))
        out.add(ident, path, f"unknown column {column!r} in table {table!r} (known: {known})")
        return None
    return column


def _parse_aggregate(
    ident: str,
    path: str,
    op: str,
    raw: Mapping[str, Any],
    schema: Schema,
    out: _Collector,
    period: str,
) -> Computation | None:
    table = raw.get("table")
    if not isinstance(table, str) or table not in schema:
        known = ", ".join(sorted(schema))
        out.add(ident, f"{path}.table", f"unknown table {table!r} (known: {known})")
        return None
    columns = schema[table].columns
    before = len(out.problems)
    entity_key = _column(ident, f"{path}.entity_key", table, raw.get("entity_key"), schema, out)
    period_column = _column(
        ident, f"{path}.period_column", table, raw.get("period_column"), schema, out
    )
    if period_column is not None:
        kind = columns[period_column]
        if period == "quarter" and kind not in TEMPORAL_TYPES:
            out.add(
                ident,
                f"{path}.period_column",
                f"column {period_column!r} is {kind}; a quarterly indicator needs a date",
            )
        elif kind != "integer" and kind not in TEMPORAL_TYPES:
            out.add(
                ident,
                f"{path}.period_column",
                f"column {period_column!r} is {kind}; a period needs a year (integer) or a date",
            )
    column: str | None = None
    if op in ("sum", "distinct_count"):
        column = _column(ident, f"{path}.column", table, raw.get("column"), schema, out)
        if column is not None and op == "sum" and columns[column] not in NUMERIC_TYPES:
            out.add(
                ident,
                f"{path}.column",
                f"column {column!r} of table {table!r} is {columns[column]}; sum needs a number",
            )
    elif raw.get("column") is not None:
        out.add(ident, f"{path}.column", f"{op} takes no column")
    filters = _parse_filters(ident, f"{path}.filters", table, raw.get("filters"), schema, out)
    if len(out.problems) > before or entity_key is None or period_column is None:
        return None
    return Computation(
        op=op,
        table=table,
        entity_key=entity_key,
        period_column=period_column,
        column=column,
        filters=filters,
    )


def _value_fits(kind: str, value: Any) -> bool:
    if isinstance(value, bool):
        return kind == "boolean"
    if kind in NUMERIC_TYPES:
        return isinstance(value, (int, float))
    if kind in ("text", "date", "timestamp"):
        return isinstance(value, str)
    return False


def _parse_filters(
    ident: str, path: str, table: str, raw: Any, schema: Schema, out: _Collector
) -> tuple[Filter, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        out.add(ident, path, "must be a list of {column, op, value}")
        return ()
    filters: list[Filter] = []
    for index, item in enumerate(raw):
        where = f"{path}[{index}]"
        if not isinstance(item, Mapping):
            out.add(ident, where, "must be a mapping {column, op, value}")
            continue
        for unknown in sorted(set(item) - _FILTER_FIELDS):
            out.add(ident, f"{where}.{unknown}", "unknown field")
        column = _column(ident, f"{where}.column", table, item.get("column"), schema, out)
        op = item.get("op", "==")
        if op not in FILTER_OPS:
            out.add(ident, f"{where}.op", f"{op!r} is not one of {' '.join(FILTER_OPS)}")
            continue
        if column is None:
            continue
        kind = schema[table].columns[column]
        value = item.get("value")
        if op in ("is_null", "not_null"):
            value = None
        elif op in ("in", "not_in"):
            if not isinstance(value, list) or not value:
                out.add(ident, f"{where}.value", f"{op} needs a non-empty list")
                continue
            bad = [v for v in value if not _value_fits(kind, v)]
            if bad:
                out.add(ident, f"{where}.value", f"{bad!r} do not fit column {column!r} ({kind})")
                continue
            value = tuple(value)
        elif not _value_fits(kind, value):
            out.add(ident, f"{where}.value", f"{value!r} does not fit column {column!r} ({kind})")
            continue
        filters.append(Filter(column=column, op=str(op), value=value))
    return tuple(filters)


def _check_references(
    definitions: list[IndicatorDefinition], out: _Collector
) -> list[IndicatorDefinition]:
    """Check reused indicators exist, match entity and period, and form no cycle; return
    the definitions in dependency order."""
    by_id = {d.id: d for d in definitions}
    for definition in definitions:
        for ref in sorted(definition.computation.references()):
            target = by_id.get(ref)
            if target is None:
                out.add(definition.id, "computation", f"reuses unknown indicator {ref!r}")
            elif (target.entity, target.period) != (definition.entity, definition.period):
                out.add(
                    definition.id,
                    "computation",
                    f"reuses {ref!r}, measured per {target.entity} and {target.period}, "
                    f"not per {definition.entity} and {definition.period}",
                )
    ordered: list[IndicatorDefinition] = []
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done

    def visit(ident: str, path: list[str]) -> None:
        if state.get(ident) == 2 or ident not in by_id:
            return
        if state.get(ident) == 1:
            cycle = [*path[path.index(ident) :], ident]
            out.add(ident, "computation", "reference cycle: " + " -> ".join(cycle))
            return
        state[ident] = 1
        for ref in sorted(by_id[ident].computation.references()):
            visit(ref, [*path, ident])
        state[ident] = 2
        ordered.append(by_id[ident])

    for definition in definitions:
        visit(definition.id, [])
    return ordered
