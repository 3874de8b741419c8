"""``stcoop migrate`` and ``stcoop check``."""

from __future__ import annotations

import click

from stcoop.cli.django_setup import needs_django
from stcoop.cli.errors import CliError


@click.command()
@click.option("-v", "--verbosity", default=1, type=click.IntRange(0, 3), show_default=True)
@needs_django
def migrate(verbosity: int) -> None:
    """Create or update the database tables."""
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=verbosity)


def _database_summary() -> str:
    """Connect, run ``SELECT 1`` and describe the database (never its password)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    name = connection.settings_dict.get("NAME")
    host = connection.settings_dict.get("HOST") or "local"
    return f"{connection.vendor} database {name} on {host}"


def _unapplied_migrations() -> int:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


@click.command()
@click.option("--deploy", is_flag=True, help="Also run Django's production (deployment) checks.")
@needs_django
def check(deploy: bool) -> None:
    """Check the configuration (Django system checks) and that the database answers."""
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    try:
        call_command("check", deploy=deploy, fail_level="WARNING" if deploy else "ERROR")
    except SystemCheckError as exc:
        click.echo(str(exc).strip(), err=True)
        raise CliError("the system checks found problems (listed above)") from exc
    click.echo(f"Database: {_database_summary()}: answers.")
    pending = _unapplied_migrations()
    if pending:
        click.echo(f"Warning: {pending} migration(s) not applied; run `stcoop migrate`.")
    click.echo("All checks passed.")
