"""Command-line tools of the projects app (see :mod:`stcoop.cli.registry`).

* ``stcoop import cordis-fp7 FILE [--dry-run] [--owner-unit ID]``: FP7 projects from a
  CORDIS JSON file.
* ``stcoop import norway-h2020 FILE [--dry-run] [--owner-unit ID]``: Horizon 2020
  participations of Norwegian organisations (Research Council of Norway CSV).

Both run as the first active platform administrator and give new records to the unit
:func:`stcoop.organisations.cli.import_owner` picks, like the organisation imports.

* ``stcoop suggest-partners --input QUERIES.jsonl --output OUT.jsonl [--k 20]``:
  partner suggestions for planned projects (see :mod:`stcoop.engines.partners.jsonl`
  for the line formats), drawn from every organisation in the database.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from stcoop.cli.django_setup import needs_django
from stcoop.cli.errors import CliError
from stcoop.organisations.cli import OWNER_UNIT_HELP

DRY_RUN_HELP = "Read, match and compare; report; write nothing."


def _run(
    importer: Callable[..., Any], file: Path, dry_run: bool, owner_unit_id: int | None
) -> None:
    from django.db import transaction

    from stcoop.cli.actors import import_actor
    from stcoop.cli.progress import ProgressReporter
    from stcoop.organisations.cli import import_owner
    from stcoop.projects.importers.reading import ImportFileError

    actor = import_actor()
    with transaction.atomic():  # a dry run rolls back the "Reference data" unit too
        owner = import_owner(actor, owner_unit_id)
        try:
            with ProgressReporter() as progress:
                report = importer(
                    actor=actor, owner_unit=owner, path=file, dry_run=dry_run, progress=progress
                )
        except ImportFileError as error:
            raise CliError(str(error)) from None
        if dry_run:
            transaction.set_rollback(True)
    click.echo(report.summary())


@click.command("cordis-fp7")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help=DRY_RUN_HELP)
@click.option("--owner-unit", "owner_unit_id", type=int, help=OWNER_UNIT_HELP)
@needs_django
def import_cordis_fp7(file: Path, dry_run: bool, owner_unit_id: int | None) -> None:
    """Load EU FP7 projects and their participants from a CORDIS JSON file.

    Creates the programme "FP7" (funded by the European Commission), one project per
    CORDIS ID (the project number) and its participants with country and city. Each
    participant is linked to an organisation: the same country, normalised name and
    city as one already in the registry, else a new public organisation. Running it
    again changes nothing. A bad file is reported with its row and field, and nothing
    is written.
    """
    from stcoop.projects.importers.fp7 import fp7_import

    _run(fp7_import, file, dry_run, owner_unit_id)


@click.command("norway-h2020")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help=DRY_RUN_HELP)
@click.option("--owner-unit", "owner_unit_id", type=int, help=OWNER_UNIT_HELP)
@needs_django
def import_norway_h2020(file: Path, dry_run: bool, owner_unit_id: int | None) -> None:
    """Load Horizon 2020 participations of Norwegian organisations (Research Council of
    Norway open data: ';'-separated, Norwegian column names, UTF-8 or cp1252).

    Creates the Horizon 2020 programme tree (programme area, programme, level 1), the
    projects (number, acronym, title, call, topic, contract dates and status) and the
    participations (role, EUR granted). Organisations are found by Norwegian
    organisation number, else by name and municipality, else created with that
    number. Running it again changes nothing. A bad file is reported with its row and
    column, and nothing is written.
    """
    from stcoop.projects.importers.norway import norway_import

    _run(norway_import, file, dry_run, owner_unit_id)


import_commands = [import_cordis_fp7, import_norway_h2020]


@click.command("suggest-partners")
@click.option(
    "--input",
    "input_file",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help='JSON lines: {"id", "title", "description", "participants": [{"name", "country"}]}.',
)
@click.option(
    "--output",
    "output_file",
    required=True,
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help='JSON lines: {"id", "suggestions": [{"org_id", "name", "country", "score", "reasons"}]}.',
)
@click.option("--k", "k", default=20, show_default=True, type=click.IntRange(1, 100),
              help="Suggestions per query.")  # fmt: skip
@needs_django
def suggest_partners(input_file: Path, output_file: Path, k: int) -> None:
    """Suggest partners for planned projects, one query per input line.

    Each query's title and description are compared with the projects in the
    database, its participants (name and country) are looked up among the
    organisations, and the organisations that would complete the consortium are
    ranked by topic fit, track record, collaboration with the participants and new
    countries. Output lines come in input order, suggestions best first, each with
    short reasons. A malformed line is reported with its number and nothing is
    written; the output file appears only when complete.
    """
    from stcoop.cli.progress import track
    from stcoop.engines.partners import QueryLineError, output_line, parse_query_line
    from stcoop.projects.partners import partner_index, partner_suggest

    queries = []
    try:
        with input_file.open(encoding="utf-8-sig") as handle:
            for number, line in enumerate(handle, start=1):
                if line.strip():
                    queries.append(parse_query_line(line, number))
    except UnicodeDecodeError as error:
        raise CliError(f"{input_file}: not UTF-8 text ({error.reason})") from None
    except QueryLineError as error:
        raise CliError(f"{input_file}: {error}") from None
    click.echo(f"Read {len(queries)} queries from {input_file}", err=True)
    index = partner_index()
    click.echo(
        f"Indexed {len(index.organisations)} organisations and {len(index.projects)} projects",
        err=True,
    )
    output_file = output_file.resolve()
    if not output_file.parent.is_dir():
        raise CliError(f"{output_file.parent}: no such folder for the output file")
    temporary = output_file.with_name(f".{output_file.name}.{os.getpid()}.tmp")
    try:
        with temporary.open("w", encoding="utf-8") as out:
            for query_id, query in track(queries, "Suggesting partners"):
                out.write(output_line(query_id, partner_suggest(query, k=k, index=index)) + "\n")
        os.replace(temporary, output_file)
    finally:
        temporary.unlink(missing_ok=True)
    click.echo(f"Wrote suggestions for {len(queries)} queries to {output_file}", err=True)


commands = [suggest_partners]
