"""Indicator values on DuckDB: every operation, missing values, incremental runs."""

from __future__ import annotations

import datetime
from typing import Any

import pandas as pd
import pytest

from stcoop.engines.indicators import ComputeResult, compute, parse_definitions
from stcoop.engines.indicators.backends import Frame, duckdb_tables

from .sample import DEFINITIONS, SCHEMA, frame


def _run(
    frames: dict[str, Frame] | None = None, previous: ComputeResult | None = None
) -> ComputeResult:
    definitions = parse_definitions(DEFINITIONS, SCHEMA)
    _, tables = duckdb_tables(frames or {"activity": frame()})
    return compute(definitions, tables, SCHEMA, previous=previous)


def _values(result: ComputeResult, indicator: str) -> dict[tuple[str, str], Any]:
    return {(v.entity_id, v.period): v.value for v in result.values if v.indicator == indicator}


@pytest.fixture(scope="module")
def result() -> ComputeResult:
    return _run()


def test_counts_skip_rows_without_entity(result: ComputeResult) -> None:
    assert _values(result, "rows") == {
        ("BJ", "2021"): 2.0,
        ("BJ", "2022"): 2.0,
        ("BJ", "2023"): 1.0,
        ("GD", "2023"): 1.0,
        ("SH", "2021"): 1.0,
        ("SH", "2022"): 1.0,
    }
    assert _values(result, "labs") == {
        ("BJ", "2021"): 1.0,
        ("BJ", "2022"): 2.0,
        ("SH", "2021"): 1.0,
        ("SH", "2022"): 1.0,
    }


def test_sum_and_distinct_count(result: ComputeResult) -> None:
    assert _values(result, "funding")[("BJ", "2022")] == 30.0  # the null is skipped
    assert _values(result, "funding")[("BJ", "2023")] == 0.0
    assert _values(result, "partners")[("BJ", "2021")] == 2.0
    assert _values(result, "partners")[("BJ", "2023")] == 0.0  # only a null partner


def test_ratio_zero_numerator_and_division_by_zero(result: ComputeResult) -> None:
    ratio = _values(result, "lab_ratio")
    assert ratio[("BJ", "2021")] == 0.5
    assert ratio[("BJ", "2023")] == 0.0  # no labs counted: 0 of 1
    per_paper = _values(result, "funding_per_paper")
    assert per_paper[("SH", "2021")] == 1.875
    assert per_paper[("GD", "2023")] is None  # 1.0 / 0 papers: missing, not 0


def test_share_and_growth(result: ComputeResult) -> None:
    share = _values(result, "funding_share")
    assert share[("BJ", "2021")] == pytest.approx(2 / 3)
    assert share[("GD", "2023")] == 1.0
    growth = _values(result, "rows_growth")
    assert growth[("BJ", "2021")] is None  # no previous year
    assert growth[("BJ", "2022")] == 0.0
    assert growth[("BJ", "2023")] == -0.5


def test_filters_entities_and_quarters(result: ComputeResult) -> None:
    assert _values(result, "us_papers_by_base") == {
        ("1", "2021"): 3.0,
        ("1", "2022"): 5.0,
        ("3", "2021"): 4.0,
        ("3", "2022"): 4.0,
        ("5", "2023"): 0.0,
    }
    assert _values(result, "quarterly_rows") == {
        ("BJ", "2021Q1"): 1.0,
        ("BJ", "2021Q3"): 1.0,
        ("BJ", "2022Q2"): 1.0,
        ("BJ", "2022Q4"): 1.0,
        ("BJ", "2023Q1"): 1.0,
        ("GD", "2023Q4"): 1.0,
        ("SH", "2021Q1"): 1.0,
        ("SH", "2022Q3"): 1.0,
    }


def test_values_record_time_and_inputs(result: ComputeResult) -> None:
    value = result.values[0]
    assert value.computed_at.tzinfo is not None
    assert value.inputs_fingerprint == result.fingerprints[(value.indicator, value.period)]
    assert value.entity == "province" or value.entity == "base"


def test_incremental_recomputes_only_changed_periods(result: ComputeResult) -> None:
    again = _run(previous=result)
    assert again.recomputed == set()
    assert [(v.indicator, v.entity_id, v.period, v.value) for v in again.values] == [
        (v.indicator, v.entity_id, v.period, v.value) for v in result.values
    ]
    changed = frame()
    rows = changed.rows.copy()
    extra = rows.iloc[[0]].copy()
    extra["year"] = 2023
    extra["day"] = "2023-06-01"
    extra["updated"] = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    rows = pd.concat([rows, extra], ignore_index=True)
    later = _run({"activity": Frame(rows=rows, types=changed.types)}, previous=result)
    recomputed_years = {period for _, period in later.recomputed if "Q" not in period}
    # 2023 changed; growth rates of 2024 read 2023 too.
    assert recomputed_years == {"2023", "2024"}
    assert ("rows", "2021") in later.reused
    assert _values(later, "rows")[("BJ", "2023")] == 2.0
    assert _values(later, "rows")[("BJ", "2021")] == 2.0  # carried over
    assert {v.computed_at for v in later.values if v.period == "2021"} == {
        result.values[0].computed_at
    }


def test_batched_queries_give_the_same_values(result: ComputeResult) -> None:
    definitions = parse_definitions(DEFINITIONS, SCHEMA)
    _, tables = duckdb_tables({"activity": frame()})
    batched = compute(definitions, tables, SCHEMA, batch_size=4)
    assert [(v.indicator, v.entity_id, v.period, v.value) for v in batched.values] == [
        (v.indicator, v.entity_id, v.period, v.value) for v in result.values
    ]
