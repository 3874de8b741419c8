"""Command-line tools of the organisations app (see :mod:`stcoop.cli.registry`).

* ``stcoop import ror FILE [--dry-run] [--limit N] [--owner-unit ID]``: load a ROR dump.
* ``stcoop import cordis-h2020-orgs FILE [--dry-run] [--owner-unit ID]``: load the CORDIS
  list of Horizon 2020 participant organisations.
* ``stcoop resolve-orgs --input IN.csv --column affiliation --output OUT.csv
  [--registry ROR.jsonl.gz]``: link each affiliation string to an organisation.

Both run as the first active platform administrator (:func:`import_actor`) and give new
records to the unit :func:`import_owner` picks.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from pathlib import Path
from typing import Any

import click

from stcoop.cli.actors import import_actor
from stcoop.cli.django_setup import needs_django
from stcoop.cli.errors import CliError

REFERENCE_UNIT_ZH = "参考数据"
REFERENCE_UNIT_EN = "Reference data"

OWNER_UNIT_HELP = (
    "ID of the unit that owns new organisations (default: a top-level unit "
    '"Reference data", created when missing).'
)


def import_owner(actor: Any, owner_unit_id: int | None) -> Any:
    """The unit ``owner_unit_id``, or the top-level "Reference data" unit (created when
    missing; call inside the import's transaction so a dry run rolls it back).

    Raises:
        CliError: no unit has that ID.
    """
    from stcoop.accounts.choices import UnitKind
    from stcoop.accounts.models import OrganisationUnit
    from stcoop.accounts.services import unit_create

    if owner_unit_id is not None:
        owner = OrganisationUnit.objects.filter(pk=owner_unit_id).first()
        if owner is None:
            raise CliError(f"no organisation unit has the ID {owner_unit_id}")
        return owner
    return OrganisationUnit.objects.filter(
        parent__isnull=True, name_en=REFERENCE_UNIT_EN
    ).first() or unit_create(
        actor=actor,
        name_zh_hans=REFERENCE_UNIT_ZH,
        name_en=REFERENCE_UNIT_EN,
        kind=UnitKind.OTHER,
    )


@click.command("ror")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Read and compare; report; write nothing.")
@click.option("--limit", type=click.IntRange(min=1), help="Read at most N records.")
@click.option("--owner-unit", "owner_unit_id", type=int, help=OWNER_UNIT_HELP)
@needs_django
def import_ror(file: Path, dry_run: bool, limit: int | None, owner_unit_id: int | None) -> None:
    """Load organisations from a ROR data dump (JSONL, JSONL.gz or JSON; schema v1 or v2).

    Upserts by ROR ID, so running it again changes nothing; new organisations are public.
    The import runs as the first active platform administrator (recorded in the history).
    """
    from django.db import transaction

    from stcoop.cli.progress import ProgressReporter
    from stcoop.organisations.imports import ror_import
    from stcoop.organisations.ror import read_ror_file

    actor = import_actor()
    with transaction.atomic():  # a dry run rolls back the "Reference data" unit too
        owner = import_owner(actor, owner_unit_id)
        try:
            with ProgressReporter() as progress:
                report = ror_import(
                    actor=actor,
                    owner_unit=owner,
                    records=read_ror_file(file),
                    dry_run=dry_run,
                    limit=limit,
                    progress=progress,
                )
        except ValueError as error:
            raise CliError(str(error)) from None
        if dry_run:
            transaction.set_rollback(True)
    click.echo(report.summary())


@click.command("cordis-h2020-orgs")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Read and compare; report; write nothing.")
@click.option("--owner-unit", "owner_unit_id", type=int, help=OWNER_UNIT_HELP)
@needs_django
def import_cordis_orgs(file: Path, dry_run: bool, owner_unit_id: int | None) -> None:
    """Load Horizon 2020 participant organisations from a CORDIS CSV file.

    Upserts by PIC (EU Participant Identification Code), so running it again changes
    nothing; new organisations are public. Activity types become kinds (HES university,
    REC research institute, PRC company, PUB government body, OTH other); EL and UK
    become GR and GB. Rows without a PIC or name, or with a country not in the database,
    are skipped and counted. Records are NOT matched to organisations from ROR: an
    organisation in both gets two records until they are resolved and merged.
    """
    from django.db import transaction

    from stcoop.cli.progress import ProgressReporter
    from stcoop.organisations.cordis import cordis_import, read_cordis_file

    actor = import_actor()
    with transaction.atomic():
        owner = import_owner(actor, owner_unit_id)
        try:
            with ProgressReporter() as progress:
                report = cordis_import(
                    actor=actor,
                    owner_unit=owner,
                    rows=read_cordis_file(file),
                    dry_run=dry_run,
                    progress=progress,
                )
        except (ValueError, UnicodeDecodeError) as error:
            raise CliError(str(error)) from None
        if dry_run:
            transaction.set_rollback(True)
    click.echo(report.summary())


import_commands = [import_ror, import_cordis_orgs]


RESOLVE_COLUMNS = ("ror_id", "org_name", "score", "method")


def read_csv_rows(path: Path, column: str) -> tuple[list[str], list[list[str]], int]:
    """The header, the rows and the index of ``column`` of a CSV file (UTF-8 with or
    without a byte-order mark, else GBK/GB18030).

    Raises:
        CliError: the file cannot be read or parsed, or has no such column.
    """
    try:
        data = path.read_bytes()
    except OSError as error:
        raise CliError(f"{path}: cannot read ({error.strerror or error})") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            raise CliError(f"{path}: the text is neither UTF-8 nor GBK") from None
    try:
        table = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as error:
        raise CliError(f"{path}: malformed CSV ({error})") from None
    if not table:
        raise CliError(f"{path}: the file is empty (a header line is needed)")
    header = table[0]
    if column not in header:
        raise CliError(f"{path}: no column {column!r} (columns: {', '.join(header) or 'none'})")
    rows = [row for row in table[1:] if row]
    width = len(header)
    for number, row in enumerate(table[1:], start=2):
        if row and len(row) != width:
            raise CliError(f"{path}, line {number}: {len(row)} fields where the header has {width}")
    return header, rows, header.index(column)


def write_csv_atomic(path: Path, header: list[str], rows: list[list[str]]) -> None:
    """Write a CSV (UTF-8 with a byte-order mark) through a temporary file and a rename,
    so a failure never leaves a half-written file."""
    directory = path.resolve().parent
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=directory)
    try:
        with os.fdopen(handle, "w", encoding="utf-8-sig", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(header)
            writer.writerows(rows)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _database_resolver() -> Any:
    from stcoop.cli.django_setup import ensure_django

    ensure_django()
    from stcoop.engines.orgmatch import Resolver
    from stcoop.organisations.resolution import (
        corrections_from_database,
        registry_from_database,
    )

    return Resolver(registry_from_database(), corrections=corrections_from_database())


@click.command("resolve-orgs")
@click.option(
    "--input",
    "input_path",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="CSV file with the strings to resolve (UTF-8 or GBK).",
)
@click.option("--column", default="affiliation", show_default=True, help="Column to resolve.")
@click.option(
    "--output",
    "output_path",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="CSV file to write: the input's columns plus ror_id, org_name, score, method.",
)
@click.option(
    "--registry",
    "registry_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="ROR dump (JSONL, JSONL.gz or JSON; schema v1 or v2). "
    "Default: the platform's organisations (needs the database).",
)
def resolve_orgs(
    input_path: Path, column: str, output_path: Path, registry_path: Path | None
) -> None:
    """Link affiliation strings to organisations (ROR IDs), precision first.

    Each row gets the chosen organisation's ROR ID (empty when none fits well enough),
    its name, the score (0-1) and the method that decided (EXACT, PHRASE, ACRONYM,
    FUZZY, CROSS-LINGUAL, CORRECTION, ...). An input column already called like one of
    these is kept as ``<name>_input``.
    """
    from stcoop.cli.progress import track
    from stcoop.engines.orgmatch import Registry, Resolver

    header, rows, index = read_csv_rows(input_path, column)
    if registry_path is not None:
        try:
            resolver = Resolver(Registry.from_ror_dump(registry_path))
        except (OSError, ValueError, EOFError) as error:
            message = getattr(error, "strerror", None) or str(error) or type(error).__name__
            raise CliError(f"{registry_path}: cannot read the registry ({message})") from None
        if len(resolver.registry) == 0:
            raise CliError(f"{registry_path}: no organisation records in the registry")
    else:
        resolver = _database_resolver()
    out_rows: list[list[str]] = []
    for row in track(rows, "Resolving"):
        matches = resolver.resolve(row[index])
        best = next((m for m in matches if m.chosen), None)
        record = resolver.registry.get(best.org_id) if best else None
        if best is None or record is None:
            out_rows.append([*row, "", "", "", ""])
            continue
        out_rows.append(
            [
                *row,
                record.ror_id or "",
                record.display_name,
                f"{best.score:.4f}",
                best.matching_type,
            ]
        )
    # an input column named like an added one (e.g. a gold ``ror_id``) keeps its values
    # under ``<name>_input``, so ``ror_id`` in the output is always the resolver's answer
    renamed = [f"{name}_input" if name in RESOLVE_COLUMNS else name for name in header]
    for old, new in zip(header, renamed, strict=True):
        if old != new:
            click.echo(f"note: input column {old!r} is written as {new!r}", err=True)
    write_csv_atomic(output_path, [*renamed, *RESOLVE_COLUMNS], out_rows)
    chosen = sum(1 for row in out_rows if row[-4])
    click.echo(
        f"{len(out_rows)} strings, {chosen} linked to an organisation → {output_path}", err=True
    )


commands = [resolve_orgs]
