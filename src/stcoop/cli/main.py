"""The ``stcoop`` group: built-in commands plus what the apps' ``cli`` modules add."""

from __future__ import annotations

from collections.abc import Sequence

import click

from stcoop import __version__
from stcoop.cli.commands.bench import bench
from stcoop.cli.commands.createadmin import createadmin
from stcoop.cli.commands.database import check, migrate
from stcoop.cli.commands.demo import demo
from stcoop.cli.commands.export_spec import ExportGroup, list_export_specs
from stcoop.cli.commands.import_spec import ImportGroup, list_specs
from stcoop.cli.commands.reindex import make_reindex
from stcoop.cli.commands.serve import serve
from stcoop.cli.commands.settings import settings
from stcoop.cli.commands.worker import worker
from stcoop.cli.errors import StcoopGroup
from stcoop.cli.registry import load_extensions

BUILT_IN: tuple[click.Command, ...] = (
    serve,
    migrate,
    check,
    demo,
    createadmin,
    bench,
    worker,
    settings,
)


def _data_group(
    name: str,
    help_text: str,
    commands: dict[str, click.Command],
    cls: type[click.Group] = click.Group,
) -> click.Group:
    group = cls(name=name, help=help_text, no_args_is_help=True)
    for command in commands.values():
        group.add_command(command)
    return group


def create_cli(modules: Sequence[str] | None = None) -> click.Group:
    """Build the ``stcoop`` group, with the commands of the extension ``modules``.

    Args:
        modules: extension module names (see :mod:`stcoop.cli.registry`); the registry's
            list by default.
    """
    extensions = load_extensions(modules)

    @click.group(
        cls=StcoopGroup,
        context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    )
    @click.option("--traceback", is_flag=True, help="Show the full traceback when a command fails.")
    @click.version_option(__version__, prog_name="stcoop")
    def cli(traceback: bool) -> None:
        """STCoop: open platform for international S&T cooperation.

        Run `stcoop COMMAND --help` for the options of a command. Settings come from
        STCOOP_* environment variables (`stcoop settings` lists them).
        """

    for command in BUILT_IN:
        cli.add_command(command)
    cli.add_command(make_reindex(extensions.search_indexes))
    cli.add_command(
        _data_group(
            "import",
            "Load records from a file: `stcoop import SOURCE FILE`, or `stcoop import SPEC "
            "FILE [--dry-run]` for any registered import spec (`stcoop import specs`).",
            {"specs": list_specs, **extensions.import_commands},
            ImportGroup,
        )
    )
    cli.add_command(
        _data_group(
            "export",
            "Write records to a file or standard output: `stcoop export KIND`, or "
            "`stcoop export NAME --format csv|xlsx|json [--output FILE] [--user USER]` for "
            "any import spec, in a file that `stcoop import NAME FILE` reads back "
            "(`stcoop export specs`).",
            {"specs": list_export_specs, **extensions.export_commands},
            ExportGroup,
        )
    )
    for name, command in extensions.commands.items():
        if name in cli.commands:
            raise RuntimeError(f"extension command {name!r} clashes with a built-in command")
        cli.add_command(command)
    return cli


def main() -> None:
    """Entry point of the ``stcoop`` script."""
    create_cli()(prog_name="stcoop")
