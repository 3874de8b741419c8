"""The same definitions give identical values on DuckDB, PostgreSQL and Spark."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

from stcoop.engines.indicators import compute, parse_definitions
from stcoop.engines.indicators.backends import (
    duckdb_tables,
    postgres_tables,
    spark_session,
    spark_tables,
)

from .sample import DEFINITIONS, SCHEMA, frame

#: A private database for these tests (created if missing).
POSTGRES_URL = os.environ.get(
    "STCOOP_INDICATORS_PG_URL", "postgres://postgres@127.0.0.1:5432/h_indicators"
)


def _rows(tables: dict[str, Any]) -> list[tuple[str, str, str, str, float | None]]:
    definitions = parse_definitions(DEFINITIONS, SCHEMA)
    result = compute(definitions, tables, SCHEMA)
    return [(v.indicator, v.entity, v.entity_id, v.period, v.value) for v in result.values]


@pytest.fixture(scope="module")
def duckdb_rows() -> list[tuple[str, str, str, str, float | None]]:
    _, tables = duckdb_tables({"activity": frame()})
    return _rows(tables)


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    session = spark_session()
    yield session
    session.stop()


def _postgres_ready() -> None:
    psycopg = pytest.importorskip("psycopg")
    admin = POSTGRES_URL.rsplit("/", 1)[0] + "/postgres"
    name = POSTGRES_URL.rsplit("/", 1)[1]
    try:
        with psycopg.connect(admin, autocommit=True, connect_timeout=5) as connection:
            exists = connection.execute(
                "select 1 from pg_database where datname = %s", (name,)
            ).fetchone()
            if not exists:
                connection.execute(f'create database "{name}"')
    except psycopg.OperationalError as exc:
        pytest.skip(f"PostgreSQL at {admin} is not reachable: {exc}")


def test_duckdb_covers_every_operation(duckdb_rows: list[Any]) -> None:
    assert {row[0] for row in duckdb_rows} == {d["id"] for d in DEFINITIONS["indicators"]}
    assert any(row[4] is None for row in duckdb_rows)  # missing values stay missing


def test_postgres_gives_the_same_values(duckdb_rows: list[Any]) -> None:
    _postgres_ready()
    con, tables = postgres_tables(POSTGRES_URL, {"activity": frame()})
    try:
        assert _rows(tables) == duckdb_rows
    finally:
        con.disconnect()


@pytest.mark.spark
def test_spark_gives_the_same_values(duckdb_rows: list[Any], spark: Any) -> None:
    _, tables = spark_tables(spark, {"activity": frame()})
    assert _rows(tables) == duckdb_rows
