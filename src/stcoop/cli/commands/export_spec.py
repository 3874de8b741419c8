"""``stcoop export <spec> --format csv|xlsx|json [--output FILE] [--user USER]``.

Every registered import spec that exports its records (see
:mod:`stcoop.core.imports.exporting`) can be written to a file that ``stcoop import
<spec> FILE`` reads back unchanged. Specs are registered when Django starts, so the
``export`` group answers names it does not know with a generic command that looks the
spec up at run time; ``stcoop export specs`` lists them.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from stcoop.cli.django_setup import ensure_django, needs_django
from stcoop.cli.errors import CliError

FORMATS = ("csv", "xlsx", "json")


def _guess_format(output: Path | None) -> str:
    suffix = output.suffix.lower().lstrip(".") if output is not None else ""
    return suffix if suffix in FORMATS else "csv"


def run_spec_export(
    spec_name: str, *, fmt: str | None, output: Path | None, username: str | None
) -> None:
    """Write the records of the spec named ``spec_name`` that ``username`` may see."""
    ensure_django()
    from stcoop.cli.actors import named_user
    from stcoop.core.imports.exporting import export_file, exporting_specs
    from stcoop.core.imports.spec import get_spec

    spec = get_spec(spec_name)
    if spec is None or not spec.exports:
        known = ", ".join(exporting_specs()) or "none"
        raise CliError(f"nothing to export is called {spec_name!r} (exports: {known})")
    fmt = fmt or _guess_format(output)
    if fmt == "xlsx" and output is None and sys.stdout.isatty():
        raise CliError("--output FILE is required for xlsx on a terminal")
    actor = named_user(username) if username else None
    data, count = export_file(spec, actor, fmt)
    if output is None:
        stream = sys.stdout.buffer
        stream.write(data)
        stream.flush()
        return
    output.write_bytes(data)
    click.echo(f"{count} {spec.name} record(s) written to {output}", err=True)


def spec_export_command(name: str) -> click.Command:
    """The generic export command for the spec called ``name``."""

    @click.command(name)
    @click.option(
        "--format",
        "fmt",
        type=click.Choice(FORMATS),
        help="File format (default: from the --output suffix, else csv).",
    )
    @click.option(
        "--output",
        type=click.Path(dir_okay=False, writable=True, path_type=Path),
        help="File to write (default: standard output).",
    )
    @click.option(
        "--user",
        "username",
        help="Export what this user may see (default: everything, as the system).",
    )
    def command(fmt: str | None, output: Path | None, username: str | None) -> None:
        """Export the records as a file that `stcoop import` reads back unchanged.

        CSV is UTF-8 with a byte-order mark, XLSX has one sheet, JSON is a list of
        objects; the columns are the import's column names.
        """
        run_spec_export(name, fmt=fmt, output=output, username=username)

    return command


@click.command("specs")
@needs_django
def list_export_specs() -> None:
    """List what can be exported with `stcoop export NAME`, and its columns."""
    from stcoop.core.imports.exporting import exporting_specs, header_of

    for name, spec in exporting_specs().items():
        click.echo(f"{name}: {', '.join(header_of(spec))}")


class ExportGroup(click.Group):
    """The ``export`` group: named exports, plus any registered spec that exports."""

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            return command
        return spec_export_command(cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        super().format_commands(ctx, formatter)
        try:
            ensure_django()
            from stcoop.core.imports.exporting import exporting_specs

            specs = exporting_specs()
        except Exception:  # help must work even when the settings cannot be loaded
            return
        rows = [
            (name, str(spec.title or ""))
            for name, spec in specs.items()
            if name not in self.commands
        ]
        if rows:
            with formatter.section("Records (any of these names)"):
                formatter.write_dl(rows)
