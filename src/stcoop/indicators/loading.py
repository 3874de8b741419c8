"""Read the platform's database into Ibis source tables on a chosen engine.

* ``duckdb``: the raw tables are copied into an in-memory DuckDB (SQLite or
  PostgreSQL as the platform database; DuckDB's SQLite scanner cannot be downloaded
  offline, so rows travel through pandas).
* ``postgres``: Ibis connects to the platform's own PostgreSQL database and runs there.
* ``spark``: the raw rows are loaded into a local SparkSession.
"""

from __future__ import annotations

from typing import Any

import ibis.expr.types as ir
import pandas as pd

from stcoop.engines.indicators.backends import Frame, duckdb_tables, spark_session, spark_tables
from stcoop.engines.indicators.definitions import ColumnType
from stcoop.indicators.sources import RAW_COLUMNS, source_tables

ENGINES = ("duckdb", "postgres", "spark")

_INTEGER_FIELDS = {
    "AutoField",
    "BigAutoField",
    "SmallAutoField",
    "IntegerField",
    "BigIntegerField",
    "SmallIntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "PositiveBigIntegerField",
}


def _column_type(field: Any) -> ColumnType:
    internal = field.get_internal_type()
    if internal == "ForeignKey":
        return _column_type(field.target_field)
    if internal in _INTEGER_FIELDS:
        return "integer"
    if internal == "FloatField":
        return "float"
    if internal == "DecimalField":
        return "decimal"
    if internal == "DateField":
        return "date"
    if internal == "DateTimeField":
        return "timestamp"
    if internal == "BooleanField":
        return "boolean"
    return "text"


def raw_column_types() -> dict[str, dict[str, ColumnType]]:
    """For each raw table in :data:`RAW_COLUMNS`, its columns' types from the models.

    Raises:
        LookupError: a table or column is no longer in the models.
    """
    from django.apps import apps

    models = {m._meta.db_table: m for m in apps.get_models(include_auto_created=True)}
    out: dict[str, dict[str, ColumnType]] = {}
    for table, columns in RAW_COLUMNS.items():
        if table not in models:
            raise LookupError(f"table {table!r} is not in the models")
        fields = {f.column: f for f in models[table]._meta.concrete_fields}
        missing = [c for c in columns if c not in fields]
        if missing:
            raise LookupError(f"table {table!r} has no column(s) {', '.join(missing)}")
        out[table] = {c: _column_type(fields[c]) for c in columns}
    return out


def raw_frames() -> dict[str, Frame]:
    """The raw tables' rows, read through Django's database connection."""
    from django.db import connection

    frames: dict[str, Frame] = {}
    quote = connection.ops.quote_name
    for table, types in raw_column_types().items():
        columns = list(types)
        sql = f"SELECT {', '.join(quote(c) for c in columns)} FROM {quote(table)}"  # noqa: S608 - names from the models
        with connection.cursor() as cursor:
            cursor.execute(sql)
            rows = cursor.fetchall()
        frames[table] = Frame(rows=pd.DataFrame(rows, columns=columns), types=types)
    return frames


def _postgres_connection() -> Any:
    import ibis
    from django.db import connection

    if connection.vendor != "postgresql":
        raise ValueError(
            "the postgres engine runs in the platform's database, which is "
            f"{connection.vendor}; set STCOOP_DATABASE_URL to a PostgreSQL database"
        )
    settings = connection.settings_dict
    return ibis.postgres.connect(
        host=settings.get("HOST") or "localhost",
        port=int(settings.get("PORT") or 5432),
        user=settings.get("USER") or None,
        password=settings.get("PASSWORD") or None,
        database=settings["NAME"],
    )


def platform_tables(engine: str, spark: Any | None = None) -> tuple[Any, dict[str, ir.Table]]:
    """The source tables of :data:`~stcoop.indicators.sources.SCHEMA` on ``engine``.

    Args:
        engine: ``duckdb``, ``postgres`` or ``spark``.
        spark: a SparkSession to use (default: a new local one).

    Returns:
        The Ibis connection and the source tables.

    Raises:
        ValueError: unknown engine, or ``postgres`` while the platform runs on SQLite.
    """
    if engine == "duckdb":
        con, raw = duckdb_tables(raw_frames())
    elif engine == "postgres":
        con = _postgres_connection()
        raw = {table: con.table(table) for table in RAW_COLUMNS}
    elif engine == "spark":
        con, raw = spark_tables(spark if spark is not None else spark_session(), raw_frames())
    else:
        raise ValueError(f"unknown engine {engine!r}; use {', '.join(ENGINES)}")
    return con, source_tables(raw)
