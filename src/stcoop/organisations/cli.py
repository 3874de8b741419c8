"""Command-line tools of the organisations app (see :mod:`stcoop.cli.registry`).

* ``stcoop import ror FILE [--dry-run] [--limit N] [--owner-unit ID]``: load a ROR dump.
"""

from __future__ import annotations

from pathlib import Path

import click

from stcoop.cli.django_setup import needs_django
from stcoop.cli.errors import CliError

REFERENCE_UNIT_ZH = "参考数据"
REFERENCE_UNIT_EN = "Reference data"


@click.command("ror")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Read and compare; report; write nothing.")
@click.option("--limit", type=click.IntRange(min=1), help="Read at most N records.")
@click.option(
    "--owner-unit",
    "owner_unit_id",
    type=int,
    help="ID of the unit that owns new organisations (default: a top-level unit "
    '"Reference data", created when missing).',
)
@needs_django
def import_ror(file: Path, dry_run: bool, limit: int | None, owner_unit_id: int | None) -> None:
    """Load organisations from a ROR data dump (JSONL, JSONL.gz or JSON; schema v1 or v2).

    Upserts by ROR ID, so running it again changes nothing; new organisations are public.
    The import runs as the first active platform administrator (recorded in the history).
    """
    from django.db import transaction
    from django.db.models import Q

    from stcoop.accounts.choices import Role, UnitKind
    from stcoop.accounts.models import OrganisationUnit, User
    from stcoop.accounts.services import unit_create
    from stcoop.cli.progress import ProgressReporter
    from stcoop.organisations.imports import ror_import
    from stcoop.organisations.ror import read_ror_file

    actor = (
        User.objects.filter(is_active=True)
        .filter(Q(role=Role.PLATFORM_ADMIN) | Q(is_superuser=True))
        .order_by("pk")
        .first()
    )
    if actor is None:
        raise CliError(
            "no active platform administrator to import as; create one with "
            "`stcoop createadmin --username NAME`"
        )
    with transaction.atomic():  # a dry run rolls back the "Reference data" unit too
        if owner_unit_id is not None:
            owner = OrganisationUnit.objects.filter(pk=owner_unit_id).first()
            if owner is None:
                raise CliError(f"no organisation unit has the ID {owner_unit_id}")
        else:
            owner = OrganisationUnit.objects.filter(
                parent__isnull=True, name_en=REFERENCE_UNIT_EN
            ).first() or unit_create(
                actor=actor,
                name_zh_hans=REFERENCE_UNIT_ZH,
                name_en=REFERENCE_UNIT_EN,
                kind=UnitKind.OTHER,
            )
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


import_commands = [import_ror]
