"""Indicator engine: 10,000 bases × 50 indicators × 5 years, computed on DuckDB, with a
straightforward pandas implementation of the same definitions, and on PostgreSQL;
then the same definitions on Spark (local mode) over 10 million source rows.

Sources (synthetic, seeded): ``base_metrics`` — one row per base and year with ten
yearly figures — and ``base_events`` — publications, patents, visits, trainings and
contracts with a partner country and an amount, 20 per base and year (1 million rows).
The 50 indicators use every operation: sums, filtered counts, distinct partner counts,
ratios (with divisions by zero), shares and growth rates.

``STCOOP_BENCH_SCALE`` scales the number of bases (and the Spark rows). PostgreSQL runs
in the private database ``STCOOP_INDICATORS_PG_URL`` (default
``postgres://postgres@127.0.0.1:5432/h_indicators``) and is skipped if unreachable;
``STCOOP_BENCH_SPARK_ROWS`` overrides the Spark row count (default 10 million × scale).
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from timing import with_ratios

from stcoop.engines.indicators import (
    Computation,
    IndicatorDefinition,
    TableSchema,
    compute,
    parse_definitions,
)
from stcoop.engines.indicators.backends import (
    Frame,
    duckdb_tables,
    postgres_tables,
    spark_session,
)

SEED = 7
YEARS = (2021, 2022, 2023, 2024, 2025)
EVENTS = ("publication", "patent", "visit", "training", "contract")
KINDS = ("joint_research_centre", "innovation_park", "tech_transfer_centre", "demonstration_base")
PARTNERS = tuple(f"C{i:02d}" for i in range(60))
EVENTS_PER_BASE_YEAR = 20
#: Indicators per Spark query: each query costs seconds of job start on Spark.
SPARK_BATCH = 10
PG_URL = os.environ.get(
    "STCOOP_INDICATORS_PG_URL", "postgres://postgres@127.0.0.1:5432/h_indicators"
)

SCHEMA = {
    "base_metrics": TableSchema(
        columns={
            "base_id": "integer",
            "province": "text",
            "kind": "text",
            "year": "integer",
            **{f"m{i}": "float" for i in range(10)},
        }
    ),
    "base_events": TableSchema(
        columns={
            "base_id": "integer",
            "province": "text",
            "kind": "text",
            "year": "integer",
            "event": "text",
            "partner": "text",
            "amount": "float",
        }
    ),
}


def _scale() -> float:
    return float(os.environ.get("STCOOP_BENCH_SCALE", "1"))


def make_frames(bases: int, events_per_base_year: int, seed: int = SEED) -> dict[str, Frame]:
    """The two source tables for ``bases`` bases over :data:`YEARS`."""
    rng = np.random.default_rng(seed)
    ids = np.arange(1, bases + 1)
    province = np.array([f"CN-{p:02d}" for p in range(31)])[rng.integers(0, 31, bases)]
    kind = np.array(KINDS)[rng.integers(0, len(KINDS), bases)]
    base_ids = np.repeat(ids, len(YEARS))
    metrics = pd.DataFrame(
        {
            "base_id": base_ids,
            "province": np.repeat(province, len(YEARS)),
            "kind": np.repeat(kind, len(YEARS)),
            "year": np.tile(YEARS, bases),
        }
    )
    for i in range(10):
        column = rng.poisson(5 + i, len(metrics)).astype(float)
        column[rng.random(len(metrics)) < 0.02] = np.nan  # missing figures
        metrics[f"m{i}"] = column
    rows = len(metrics) * events_per_base_year
    which = rng.integers(0, len(metrics), rows)
    events = pd.DataFrame(
        {
            "base_id": metrics["base_id"].to_numpy()[which],
            "province": metrics["province"].to_numpy()[which],
            "kind": metrics["kind"].to_numpy()[which],
            "year": metrics["year"].to_numpy()[which],
            "event": np.array(EVENTS)[rng.integers(0, len(EVENTS), rows)],
            "partner": np.array(PARTNERS)[rng.zipf(1.6, rows) % len(PARTNERS)],
            "amount": np.round(rng.gamma(2.0, 50.0, rows), 2),
        }
    )
    return {
        "base_metrics": Frame(rows=metrics, types=SCHEMA["base_metrics"].columns),
        "base_events": Frame(rows=events, types=SCHEMA["base_events"].columns),
    }


def _agg(
    op: str, table: str, column: str | None = None, event: str | None = None
) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "op": op,
        "table": table,
        "entity_key": "base_id",
        "period_column": "year",
    }
    if column:
        spec["column"] = column
    if event:
        spec["filters"] = [{"column": "event", "op": "==", "value": event}]
    return spec


def _ref(ident: str) -> dict[str, Any]:
    return {"op": "indicator", "indicator": ident}


def definitions_data() -> dict[str, Any]:
    """Fifty indicators per base and year."""
    computations: dict[str, dict[str, Any]] = {}
    for i in range(10):
        computations[f"metric_{i}"] = _agg("sum", "base_metrics", f"m{i}")
    for event in EVENTS:
        computations[f"{event}_count"] = _agg("count", "base_events", event=event)
        computations[f"{event}_partners"] = _agg("distinct_count", "base_events", "partner", event)
        computations[f"{event}_amount"] = _agg("sum", "base_events", "amount", event)
    computations["events"] = _agg("count", "base_events")
    computations["partners"] = _agg("distinct_count", "base_events", "partner")
    computations["amount"] = _agg("sum", "base_events", "amount")
    for i in range(10):
        computations[f"metric_ratio_{i}"] = {
            "op": "ratio",
            "numerator": _ref(f"metric_{i}"),
            "denominator": _agg("sum", "base_metrics", f"m{(i + 1) % 10}"),
        }
    for event in EVENTS:
        computations[f"{event}_amount_per_event"] = {
            "op": "ratio",
            "numerator": _ref(f"{event}_amount"),
            "denominator": _ref(f"{event}_count"),
        }
        computations[f"{event}_growth"] = {"op": "growth_rate", "of": _ref(f"{event}_count")}
    computations["amount_share"] = {"op": "share", "of": _ref("amount")}
    computations["events_share"] = {"op": "share", "of": _ref("events")}
    assert len(computations) == 50
    return {
        "indicators": [
            {
                "id": ident,
                "name": {"zh": ident, "en": ident},
                "entity": "base",
                "period": "year",
                "unit": "n",
                "direction": "higher",
                "computation": computation,
            }
            for ident, computation in computations.items()
        ]
    }


# --- the pandas baseline: the same definitions, interpreted with groupby and merge ----------

Values = dict[tuple[str, str, str], float | None]


def _pandas_node(
    node: Computation, frames: dict[str, pd.DataFrame], done: dict[str, tuple[pd.DataFrame, bool]]
) -> tuple[pd.DataFrame, bool]:
    if node.op == "indicator":
        return done[node.indicator or ""]
    if node.op in ("count", "sum", "distinct_count"):
        df = frames[node.table or ""]
        for condition in node.filters:
            df = df[df[condition.column] == condition.value]
        keys = [
            df[node.entity_key].astype(str).rename("entity_id"),
            df[node.period_column].rename("period_key"),
        ]
        if node.op == "count":
            out = df.groupby(keys).size()
        elif node.op == "sum":
            out = df.groupby(keys)[node.column].sum(min_count=1)
        else:
            out = df.groupby(keys)[node.column].nunique()
        return out.astype(float).rename("value").reset_index(), True
    if node.op == "ratio":
        assert node.numerator is not None and node.denominator is not None
        num, additive = _pandas_node(node.numerator, frames, done)
        den, _ = _pandas_node(node.denominator, frames, done)
        merged = num.merge(den, on=["entity_id", "period_key"], how="outer", suffixes=("_n", "_d"))
        n = merged["value_n"].fillna(0.0) if additive else merged["value_n"]
        d = merged["value_d"]
        merged["value"] = (n / d).where(d.notna() & (d != 0))
        return merged[["entity_id", "period_key", "value"]], False
    assert node.of is not None
    part, _ = _pandas_node(node.of, frames, done)
    if node.op == "share":
        total = part.groupby("period_key")["value"].transform(lambda s: s.sum(min_count=1))
        out = part[["entity_id", "period_key"]].copy()
        out["value"] = (part["value"] / total).where(total.notna() & (total != 0))
        return out, False
    previous = part.assign(period_key=part["period_key"] + 1).rename(columns={"value": "previous"})
    merged = part.merge(previous, on=["entity_id", "period_key"], how="left")
    p = merged["previous"]
    merged["value"] = ((merged["value"] - p) / p).where(p.notna() & (p != 0))
    return merged[["entity_id", "period_key", "value"]], False


def pandas_compute(
    definitions: list[IndicatorDefinition], frames: dict[str, pd.DataFrame]
) -> Values:
    """The pandas baseline: every definition evaluated with pandas."""
    done: dict[str, tuple[pd.DataFrame, bool]] = {}
    values: Values = {}
    for definition in definitions:
        done[definition.id] = _pandas_node(definition.computation, frames, done)
        table = done[definition.id][0]
        for entity, key, value in zip(
            table["entity_id"], table["period_key"], table["value"], strict=True
        ):
            values[(definition.id, entity, str(int(key)))] = (
                None if pd.isna(value) else round(float(value), 9)
            )
    return values


# --- timing -------------------------------------------------------------------------------


def _median(fn: Callable[[], Any], repeat: int) -> tuple[float, list[float], Any]:
    times: list[float] = []
    result: Any = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), times, result


def _as_values(result: Any) -> Values:
    return {(v.indicator, v.entity_id, v.period): v.value for v in result.values}


def _agree(a: Values, b: Values) -> dict[str, Any]:
    keys_equal = a.keys() == b.keys()
    mismatched = 0
    for key in a.keys() & b.keys():
        x, y = a[key], b[key]
        if (x is None) != (y is None) or (
            x is not None and y is not None and abs(x - y) > 1e-6 * max(1.0, abs(x))
        ):
            mismatched += 1
    return {"same_keys": keys_equal, "values_differing": mismatched}


def run(repeat: int = 3) -> dict[str, Any]:
    """Time the full computation on each engine; medians of ``repeat`` runs."""
    scale = _scale()
    bases = max(50, int(10_000 * scale))
    repeat = max(1, min(repeat, 3))
    definitions = parse_definitions(definitions_data(), SCHEMA)
    started = time.perf_counter()
    frames = make_frames(bases, EVENTS_PER_BASE_YEAR)
    generate_s = time.perf_counter() - started
    source_rows = sum(len(f.rows) for f in frames.values())
    out: dict[str, Any] = {
        "bases": bases,
        "indicators": len(definitions),
        "years": len(YEARS),
        "source_rows": source_rows,
        "generate_s": round(generate_s, 2),
        "repeat": repeat,
        "cases": {},
    }
    cases = out["cases"]

    # DuckDB (embedded): the engine as shipped, incl. input fingerprints.
    start = time.perf_counter()
    _, tables = duckdb_tables(frames)
    load_s = time.perf_counter() - start
    median, times, result = _median(lambda: compute(definitions, tables, SCHEMA), repeat)
    duck_values = _as_values(result)
    cases["duckdb"] = {
        "median_s": round(median, 3),
        "runs_s": [round(t, 3) for t in times],
        "load_s": round(load_s, 3),
        "values": len(duck_values),
        "missing": sum(v is None for v in duck_values.values()),
    }
    # incremental: nothing changed, so every (indicator, period) is reused
    median, _, again = _median(
        lambda: compute(definitions, tables, SCHEMA, previous=result), repeat
    )
    cases["duckdb_incremental_unchanged"] = {
        "median_s": round(median, 3),
        "recomputed": len(again.recomputed),
    }

    # pandas baseline over the same rows
    pandas_frames = {name: f.rows for name, f in frames.items()}
    median, times, pandas_values = _median(
        lambda: pandas_compute(definitions, pandas_frames), repeat
    )
    cases["pandas"] = {
        "median_s": round(median, 3),
        "runs_s": [round(t, 3) for t in times],
        "agrees_with_duckdb": _agree(duck_values, pandas_values),
    }

    # PostgreSQL
    try:
        start = time.perf_counter()
        con, pg_tables = postgres_tables(PG_URL, frames)
        load_s = time.perf_counter() - start
        median, times, pg_result = _median(lambda: compute(definitions, pg_tables, SCHEMA), repeat)
        cases["postgres"] = {
            "median_s": round(median, 3),
            "runs_s": [round(t, 3) for t in times],
            "load_s": round(load_s, 3),
            "agrees_with_duckdb": _agree(duck_values, _as_values(pg_result)),
        }
        con.disconnect()
    except Exception as exc:
        cases["postgres"] = {"skipped": f"{type(exc).__name__}: {exc}"}
    skipped = {name: case for name, case in cases.items() if "median_s" not in case}
    timed = {name: case for name, case in cases.items() if "median_s" in case}
    spark = _spark_case(definitions, scale)
    spark_cases = {
        "duckdb_same_rows": {"median_s": spark.pop("duckdb_same_rows_s")},
        "spark_local": {"median_s": spark.pop("spark_s")},
    }
    return {
        "description": (
            f"{bases} bases x {len(definitions)} indicators x {len(YEARS)} years "
            f"({source_rows} source rows); Spark over {spark['source_rows']} rows"
        ),
        **{k: v for k, v in out.items() if k != "cases"},
        "skipped": skipped,
        "results": {
            "full computation": with_ratios(timed, baseline="pandas"),
            "spark local[2]": {**with_ratios(spark_cases, baseline="duckdb_same_rows"), **spark},
        },
    }


def _spark_case(definitions: list[IndicatorDefinition], scale: float) -> dict[str, Any]:
    """The same definitions on Spark (local[2]) over a Parquet copy of ~10M × scale rows,
    with DuckDB over the same file beside it."""
    import ibis

    target = int(os.environ.get("STCOOP_BENCH_SPARK_ROWS", str(int(10_000_000 * scale))))
    bases = max(50, round(target / (len(YEARS) * (EVENTS_PER_BASE_YEAR + 1))))
    frames = make_frames(bases, EVENTS_PER_BASE_YEAR, seed=SEED + 1)
    folder = Path(tempfile.mkdtemp(prefix="stcoop-bench-indicators-"))
    paths = {}
    for name, frame in frames.items():
        paths[name] = folder / f"{name}.parquet"
        frame.rows.to_parquet(paths[name], index=False)
    rows = sum(len(f.rows) for f in frames.values())
    del frames
    out: dict[str, Any] = {
        "source_rows": rows,
        "bases": bases,
        "cores": 2,
        "indicators_per_query": SPARK_BATCH,
    }
    duck = ibis.duckdb.connect()
    duck_tables = {
        name: duck.read_parquet(str(path), table_name=name) for name, path in paths.items()
    }
    start = time.perf_counter()
    duck_result = compute(definitions, duck_tables, SCHEMA)
    out["duckdb_same_rows_s"] = round(time.perf_counter() - start, 2)
    start = time.perf_counter()
    session = spark_session()
    out["session_start_s"] = round(time.perf_counter() - start, 2)
    try:
        con = ibis.pyspark.connect(session)
        spark_tables = {
            name: con.read_parquet(str(path), table_name=name) for name, path in paths.items()
        }
        start = time.perf_counter()
        spark_result = compute(definitions, spark_tables, SCHEMA, batch_size=SPARK_BATCH)
        out["spark_s"] = round(time.perf_counter() - start, 2)
        out["agrees_with_duckdb"] = _agree(_as_values(duck_result), _as_values(spark_result))
        out["values"] = len(spark_result.values)
    finally:
        session.stop()
    return out


if __name__ == "__main__":
    import json

    print(json.dumps(run(repeat=1), indent=2))
