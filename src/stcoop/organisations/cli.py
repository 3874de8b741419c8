"""Command-line tools of the organisations app (see :mod:`stcoop.cli.registry`).

* ``stcoop import ror FILE [--dry-run] [--limit N] [--owner-unit ID]``: load a ROR dump.
* ``stcoop import cordis-h2020-orgs FILE [--dry-run] [--owner-unit ID]``: load the CORDIS
  list of Horizon 2020 participant organisations.

Both run as the first active platform administrator (:func:`import_actor`) and give new
records to the unit :func:`import_owner` picks.
"""

from __future__ import annotations

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
