"""The source tables match the models and their declared schema on every engine."""

from __future__ import annotations

from typing import Any

from stcoop.engines.indicators import load_definitions
from stcoop.engines.indicators.backends import ibis_schema
from stcoop.indicators.cli import STARTER_DEFINITIONS
from stcoop.indicators.loading import platform_tables, raw_column_types
from stcoop.indicators.sources import RAW_COLUMNS, SCHEMA


def test_raw_columns_exist_in_the_models(db: Any) -> None:
    types = raw_column_types()
    assert set(types) == set(RAW_COLUMNS)
    assert types["collaboration_countryyear"]["country_id"] == "text"  # a key to ISO alpha-2
    assert types["bases_cooperationbase"]["last_updated"] == "timestamp"


def test_source_tables_have_the_declared_types(db: Any) -> None:
    _, tables = platform_tables("duckdb")
    assert set(tables) == set(SCHEMA)
    for name, table in tables.items():
        declared = ibis_schema(SCHEMA[name].columns)
        actual = table.schema()
        assert list(actual.names) == list(declared.names), name
        for column in declared.names:
            assert actual[column].is_temporal() == declared[column].is_temporal(), (name, column)
            assert actual[column].is_numeric() == declared[column].is_numeric(), (name, column)


def test_starter_definitions_cover_every_entity_kind() -> None:
    definitions = load_definitions(STARTER_DEFINITIONS, SCHEMA)
    assert {d.entity for d in definitions} >= {
        "base",
        "programme",
        "organisation",
        "country",
        "region",
        "province",
    }
    assert all(d.name["zh"] and d.name["en"] for d in definitions)
