"""The starter definitions give the same values over the platform's data on DuckDB,
PostgreSQL (when the platform runs on it) and Spark."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from stcoop.engines.indicators import compute, load_definitions
from stcoop.engines.indicators.backends import spark_session
from stcoop.indicators.cli import STARTER_DEFINITIONS
from stcoop.indicators.loading import platform_tables
from stcoop.indicators.sources import SCHEMA

from .conftest import EXPECTED, make_platform_data

Rows = list[tuple[str, str, str, str, float | None]]


def _values(engine: str, spark: Any = None) -> Rows:
    definitions = load_definitions(STARTER_DEFINITIONS, SCHEMA)
    _, tables = platform_tables(engine, spark=spark)
    result = compute(definitions, tables, SCHEMA)
    return [(v.indicator, v.entity, v.entity_id, v.period, v.value) for v in result.values]


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    session = spark_session()
    yield session
    session.stop()


@pytest.mark.django_db(transaction=True)
def test_duckdb_and_postgres_agree(units: Any) -> None:
    from django.db import connection

    make_platform_data(units)
    duckdb_rows = _values("duckdb")
    found = {(i, e, p): v for i, _, e, p, v in duckdb_rows}
    assert all(found[key] == value for key, value in EXPECTED.items())
    if connection.vendor != "postgresql":
        pytest.skip("the platform database is SQLite; PostgreSQL parity runs on PostgreSQL")
    assert _values("postgres") == duckdb_rows


@pytest.mark.spark
def test_duckdb_and_spark_agree(platform_data: Any, spark: Any) -> None:
    assert _values("spark", spark=spark) == _values("duckdb")
