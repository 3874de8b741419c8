"""Command-line tools of the co-authorship app (see :mod:`stcoop.cli.registry`).

* ``stcoop import openalex-coauthorship FILE [--dry-run]``: load OpenAlex country
  co-authorship figures (pairs or per-country totals, recognised by the header).

Runs as the system: whoever can run it can already reach the database directly.
"""

from __future__ import annotations

from pathlib import Path

import click

from stcoop.cli.django_setup import needs_django
from stcoop.cli.errors import CliError


@click.command("openalex-coauthorship")
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option("--dry-run", is_flag=True, help="Check the file and report; write nothing.")
@needs_django
def import_openalex_coauthorship(files: tuple[Path, ...], dry_run: bool) -> None:
    """Load OpenAlex country co-authorship CSV files (all rows of a file or none).

    Either file is recognised by its header: `year,country_a,country_b,works` (pairs of
    countries) or `year,country,coauthored_works` (totals per country). Rows naming a
    code the registry does not know (regions, XK ...) are skipped and counted; a second
    import of the same file changes nothing.
    """
    from stcoop.cli.progress import ProgressReporter
    from stcoop.collaboration.importing import CoauthorshipFileError, coauthorship_import_path

    for file in files:
        try:
            with ProgressReporter() as progress:
                report = coauthorship_import_path(
                    actor=None, path=file, dry_run=dry_run, progress=progress
                )
        except CoauthorshipFileError as error:
            for message in error.messages:
                click.echo(message, err=True)
            raise CliError(
                f"{file.name}: {len(error.messages)} error(s); nothing was written"
            ) from error
        click.echo(report.summary())


import_commands = [import_openalex_coauthorship]
