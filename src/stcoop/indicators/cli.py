"""``stcoop indicators``: validate definition files and compute indicator values.

stcoop indicators validate FILE
stcoop indicators run --definitions FILE --engine duckdb|postgres|spark --output VALUES.csv
"""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from stcoop.cli.django_setup import needs_django
from stcoop.cli.errors import CliError

#: The definitions shipped with the platform.
STARTER_DEFINITIONS = Path(__file__).resolve().parent / "definitions" / "starter.yaml"
CSV_COLUMNS = ("indicator", "entity", "entity_id", "period", "value")


def _load(file: str) -> list[Any]:
    from stcoop.engines.indicators import DefinitionError, load_definitions
    from stcoop.indicators.sources import SCHEMA

    try:
        return load_definitions(file, SCHEMA)
    except DefinitionError as exc:
        for problem in exc.problems:
            click.echo(problem, err=True)
        raise click.exceptions.Exit(1) from exc


@click.group("indicators")
def indicators_group() -> None:
    """Indicator definitions and values."""


@indicators_group.command("validate")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
def validate(file: str) -> None:
    """Check a definitions file (YAML or JSON); print the reasons if it is invalid."""
    definitions = _load(file)
    click.echo(f"valid: {len(definitions)} indicators")


def _write_csv_atomically(path: Path, rows: Sequence[tuple[object, ...]]) -> None:
    """Write to a temporary file beside ``path``, then rename: never half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            writer = csv.writer(stream)
            writer.writerow(CSV_COLUMNS)
            writer.writerows(rows)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@indicators_group.command("run")
@click.option(
    "--definitions",
    "definitions_file",
    type=click.Path(exists=True, dir_okay=False),
    default=str(STARTER_DEFINITIONS),
    show_default=True,
    help="Definitions file (YAML or JSON).",
)
@click.option(
    "--engine",
    type=click.Choice(["duckdb", "postgres", "spark"]),
    default="duckdb",
    show_default=True,
    help="Where to compute: embedded DuckDB, the platform's PostgreSQL, or local Spark.",
)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    required=True,
    help="CSV file to write (indicator, entity, entity_id, period, value).",
)
@needs_django
def run(definitions_file: str, engine: str, output: str) -> None:
    """Compute indicator values over the platform's database."""
    from stcoop.cli.progress import ProgressReporter
    from stcoop.engines.indicators import CompileError, compute
    from stcoop.indicators.loading import platform_tables
    from stcoop.indicators.sources import SCHEMA

    definitions = _load(definitions_file)
    click.echo(f"reading the platform's tables into {engine}", err=True)
    try:
        _, tables = platform_tables(engine)
    except (ValueError, LookupError) as exc:
        raise CliError(str(exc)) from exc
    with ProgressReporter() as reporter:

        def progress(done: int, total: int, indicator: str) -> None:
            reporter("Computing indicators", done, total)

        try:
            result = compute(definitions, tables, SCHEMA, progress=progress)
        except CompileError as exc:
            raise CliError(str(exc)) from exc
    rows = [
        (v.indicator, v.entity, v.entity_id, v.period, "" if v.value is None else repr(v.value))
        for v in result.values
    ]
    _write_csv_atomically(Path(output), rows)
    missing = sum(1 for v in result.values if v.value is None)
    click.echo(
        f"wrote {len(rows)} values of {len(definitions)} indicators to {output} ({missing} missing)"
    )


commands = [indicators_group]
