"""Put plain tables (pandas frames with declared column types) on an Ibis backend.

The platform's database is one place the rows come from; tests and benchmarks bring
their own. Column types follow :data:`~.definitions.COLUMN_TYPES` so every backend
sees the same schema (decimals travel as float64).
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import ibis
import ibis.expr.types as ir
import pandas as pd

from .definitions import ColumnType

_IBIS_TYPES: dict[str, str] = {
    "integer": "int64",
    "float": "float64",
    "decimal": "float64",
    "text": "string",
    "date": "date",
    "timestamp": "timestamp('UTC')",
    "boolean": "boolean",
}


@dataclass(frozen=True)
class Frame:
    """Rows of one table and the type of each column."""

    rows: pd.DataFrame
    types: Mapping[str, ColumnType]


def ibis_schema(types: Mapping[str, ColumnType]) -> ibis.Schema:
    """The Ibis schema for declared column types."""
    return ibis.schema({name: _IBIS_TYPES[kind] for name, kind in types.items()})


def typed_frame(frame: Frame) -> pd.DataFrame:
    """The rows with pandas dtypes that match the declared types (nulls kept)."""
    out: dict[str, Any] = {}
    for name, kind in frame.types.items():
        column = frame.rows[name] if name in frame.rows else pd.Series([None] * len(frame.rows))
        if kind == "integer":
            out[name] = pd.to_numeric(column, errors="coerce").astype("Int64")
        elif kind in ("float", "decimal"):
            out[name] = pd.to_numeric(column, errors="coerce").astype("float64")
        elif kind == "boolean":
            out[name] = column.astype("boolean")
        elif kind == "date":
            out[name] = pd.to_datetime(column, errors="coerce").dt.date.astype(object)
            out[name] = out[name].where(out[name].notna(), None)
        elif kind == "timestamp":
            out[name] = pd.to_datetime(column, errors="coerce", utc=True, format="mixed")
        else:
            text = column.astype(object)
            out[name] = text.where(text.isna(), text.astype(str)).where(text.notna(), None)
    return pd.DataFrame(out, index=range(len(frame.rows)))


def duckdb_tables(
    frames: Mapping[str, Frame], connection: Any | None = None
) -> tuple[Any, dict[str, ir.Table]]:
    """Load the frames into DuckDB (in memory unless a connection is given)."""
    con = connection if connection is not None else ibis.duckdb.connect()
    tables: dict[str, ir.Table] = {}
    for name, frame in frames.items():
        data = ibis.memtable(typed_frame(frame), schema=ibis_schema(frame.types))
        tables[name] = con.create_table(name, data, overwrite=True)
    return con, tables


def postgres_tables(url: str, frames: Mapping[str, Frame]) -> tuple[Any, dict[str, ir.Table]]:
    """Load the frames into a PostgreSQL database (tables replaced) through ``COPY``."""
    con = ibis.connect(url)
    tables: dict[str, ir.Table] = {}
    for name, frame in frames.items():
        schema = ibis_schema(frame.types)
        con.create_table(name, schema=schema, overwrite=True)
        buffer = io.StringIO()
        typed_frame(frame).to_csv(buffer, index=False, header=False, na_rep="\\N")
        buffer.seek(0)
        columns = ", ".join(f'"{c}"' for c in frame.types)
        with con.con.cursor() as cursor:
            with cursor.copy(
                f"COPY \"{name}\" ({columns}) FROM STDIN WITH (FORMAT csv, NULL '\\N')"
            ) as copy:
                while chunk := buffer.read(1 << 20):
                    copy.write(chunk)
        con.con.commit()
        tables[name] = con.table(name)
    return con, tables


def spark_session(cores: int = 2) -> Any:
    """A local SparkSession (``local[cores]``, no UI, UTC, Arrow transfers)."""
    from pyspark.sql import SparkSession

    builder: Any = SparkSession.builder
    return (
        builder.master(f"local[{cores}]")
        .appName("stcoop-indicators")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", str(max(2, cores)))
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.driver.memory", "2g")
        .getOrCreate()
    )


def spark_tables(session: Any, frames: Mapping[str, Frame]) -> tuple[Any, dict[str, ir.Table]]:
    """Register the frames as temporary views of ``session``; return Ibis tables."""
    from pyspark.sql import types as st

    spark_types: dict[str, Any] = {
        "integer": st.LongType(),
        "float": st.DoubleType(),
        "decimal": st.DoubleType(),
        "text": st.StringType(),
        "date": st.DateType(),
        "timestamp": st.TimestampType(),
        "boolean": st.BooleanType(),
    }
    con = ibis.pyspark.connect(session)
    tables: dict[str, ir.Table] = {}
    for name, frame in frames.items():
        schema = st.StructType(
            [
                st.StructField(column, spark_types[kind], True)
                for column, kind in frame.types.items()
            ]
        )
        session.createDataFrame(typed_frame(frame), schema=schema).createOrReplaceTempView(name)
        tables[name] = con.table(name)
    return con, tables
