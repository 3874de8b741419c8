"""``stcoop import <spec> FILE [--dry-run]`` for every registered import spec.

Specs (:mod:`stcoop.core.imports.spec`) are registered when Django starts, so the
``import`` group answers names it does not know with a generic command that looks the
spec up at run time; ``stcoop import specs`` lists them.
"""

from __future__ import annotations

from pathlib import Path

import click

from stcoop.cli.actors import named_user
from stcoop.cli.django_setup import ensure_django, needs_django
from stcoop.cli.errors import CliError


def run_spec_import(
    spec_name: str, file: Path, *, dry_run: bool, username: str | None, sheet: str | None
) -> None:
    """Check (``dry_run``) or apply ``file`` with the spec named ``spec_name``."""
    ensure_django()
    from stcoop.cli.progress import ProgressReporter
    from stcoop.core.imports.reading import ImportFileError, read_file
    from stcoop.core.imports.run import import_apply, import_preview
    from stcoop.core.imports.spec import IMPORT_SPECS, get_spec

    spec = get_spec(spec_name)
    if spec is None:
        known = ", ".join(sorted(IMPORT_SPECS)) or "none"
        raise CliError(f"no import source or spec is called {spec_name!r} (specs: {known})")
    actor = named_user(username)
    try:
        with file.open("rb") as handle:
            table = read_file(handle, file.name, sheet=sheet, encodings=spec.encodings)
    except ImportFileError as error:
        raise CliError(error.message) from error
    with ProgressReporter() as progress:
        if dry_run:
            result = import_preview(spec, table, actor, progress=progress)
        else:
            result = import_apply(spec, table, actor, progress=progress)
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    for message in result.all_errors:
        click.echo(message, err=True)
    if result.all_errors:
        raise CliError(f"{len(result.all_errors)} error(s); nothing was written")
    verb = "would be" if dry_run else "were"
    click.echo(
        f"{spec.name}: {result.created} {verb} created, {result.updated} {verb} updated, "
        f"{result.unchanged} unchanged"
    )


def spec_command(name: str) -> click.Command:
    """The generic import command for the spec called ``name``."""

    @click.command(name)
    @click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    @click.option("--dry-run", is_flag=True, help="Check the file and report; write nothing.")
    @click.option(
        "--user",
        "username",
        help="Import as this user (default: the first active platform administrator).",
    )
    @click.option("--sheet", help="XLSX sheet to read (default: the first).")
    def command(file: Path, dry_run: bool, username: str | None, sheet: str | None) -> None:
        """Import FILE (CSV or XLSX) with a registered import spec, all rows or none."""
        run_spec_import(name, file, dry_run=dry_run, username=username, sheet=sheet)

    return command


@click.command("specs")
@needs_django
def list_specs() -> None:
    """List the registered import specs and their columns."""
    from stcoop.core.imports.spec import IMPORT_SPECS

    for name in sorted(IMPORT_SPECS):
        spec = IMPORT_SPECS[name]
        columns = ", ".join(c.name + ("*" if c.required else "") for c in spec.columns)
        click.echo(f"{name}: {columns}")


class ImportGroup(click.Group):
    """The ``import`` group: named sources, plus any registered spec by name."""

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            return command
        return spec_command(cmd_name)
