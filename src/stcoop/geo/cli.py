"""Command-line tools of the reference-data app (see :mod:`stcoop.cli.registry`).

* ``stcoop import reference``: load countries, regions and groupings from the packages;
* ``stcoop import groupings FILE --grouping CODE [--dry-run]``: members from CSV/XLSX;
* ``stcoop export countries --format csv|xlsx|json [--output FILE]``.

Commands run as the system (no user): whoever can run them can already reach the
database directly.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from stcoop.cli.django_setup import needs_django
from stcoop.cli.errors import CliError

EXPORT_COLUMNS = (
    "iso2",
    "iso3",
    "numeric",
    "name_zh_hans",
    "name_en",
    "official_name",
    "region",
    "sub_region",
    "intermediate_region",
    "income_group",
    "is_independent",
    "groupings",
)


@click.command("reference")
@needs_django
def import_reference() -> None:
    """Load countries, M49 regions and country groupings from the installed packages.

    Safe to run again: only differences are written, and a second run reports nothing
    created or updated.
    """
    from stcoop.cli.progress import ProgressReporter
    from stcoop.geo.services import reference_data_load

    with ProgressReporter() as progress:
        report = reference_data_load(actor=None, progress=progress)
    click.echo(report.summary())


@click.command("groupings")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--grouping", "code", required=True, help="Code of the grouping, e.g. bri.")
@click.option("--dry-run", is_flag=True, help="Check the file and report; write nothing.")
@needs_django
def import_groupings(file: Path, code: str, dry_run: bool) -> None:
    """Add members to a grouping from a CSV or XLSX file (all rows or none).

    Columns: iso (ISO alpha-2/alpha-3/numeric code, or the name in Chinese or English),
    valid_from (YYYY-MM-DD, optional), note (optional). Exits with status 1 and lists the
    row errors when any row is wrong.
    """
    from stcoop.geo.imports import read_member_file
    from stcoop.geo.selectors import grouping_get
    from stcoop.geo.services import grouping_members_import

    grouping = grouping_get(code)
    if grouping is None:
        raise CliError(f"no grouping has the code {code!r} (run `stcoop import reference` first?)")
    with file.open("rb") as handle:
        rows = read_member_file(handle, file.name)
    report = grouping_members_import(actor=None, grouping=grouping, rows=rows, dry_run=dry_run)
    for error in report.errors:
        click.echo(str(error), err=True)
    if report.errors:
        raise CliError(f"{len(report.errors)} row(s) with errors; nothing was written")
    verb = "would be" if dry_run else "were"
    click.echo(
        f"{grouping.code}: {report.created} {verb} added, {report.updated} {verb} updated, "
        f"{report.unchanged} unchanged"
    )


@click.command("countries")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "xlsx", "json"]),
    default="csv",
    show_default=True,
)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="File to write (default: standard output; required for xlsx).",
)
@needs_django
def export_countries(fmt: str, output: Path | None) -> None:
    """Export every country and territory with codes, names, regions, income and groupings."""
    from stcoop.geo.export import country_records

    records = country_records()
    if fmt == "xlsx":
        if output is None:
            raise CliError("--output FILE is required for xlsx")
        from stcoop.core.export import xlsx_bytes

        rows = [list(EXPORT_COLUMNS)] + [[r[c] for c in EXPORT_COLUMNS] for r in records]
        output.write_bytes(xlsx_bytes(rows, "countries"))
        click.echo(f"{len(records)} countries written to {output}", err=True)
        return
    if fmt == "json":
        text = json.dumps(records, ensure_ascii=False, indent=2) + "\n"
    else:
        text = _csv_text(records)
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"{len(records)} countries written to {output}", err=True)


def _csv_text(records: list[dict[str, object]]) -> str:
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=EXPORT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(records)
    return buffer.getvalue()


import_commands = [import_reference, import_groupings]
export_commands = [export_countries]
