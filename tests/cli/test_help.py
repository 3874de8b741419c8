"""Every command and sub-command answers ``--help``; the top level needs no settings."""

from __future__ import annotations

from typing import Any

import click
import pytest

from stcoop.cli.main import create_cli


def _command_paths(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    paths = []
    for name, command in group.commands.items():
        paths.append((*prefix, name))
        if isinstance(command, click.Group):
            paths += _command_paths(command, (*prefix, name))
    return paths


COMMANDS = _command_paths(create_cli())
BUILT_IN = {"serve", "migrate", "demo", "createadmin", "import", "export", "reindex", "bench",
            "worker", "settings", "check"}  # fmt: skip


def test_every_built_in_command_is_there() -> None:
    assert {path[0] for path in COMMANDS} >= BUILT_IN


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_help(stcoop: Any, path: tuple[str, ...]) -> None:
    result = stcoop(*path, "--help")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Usage: ")
    # Every command explains itself in a sentence, not just its options.
    command: Any = create_cli()
    for name in path:
        command = command.commands[name]
    assert command.help and command.help.strip()


def test_top_level_help_works_with_broken_settings(stcoop_process: Any) -> None:
    done = stcoop_process(
        "--help",
        env={"STCOOP_DEBUG": "maybe", "STCOOP_DATABASE_URL": "postgres://x@127.0.0.1:1/x"},
    )
    assert done.returncode == 0, done.stderr
    assert "createadmin" in done.stdout


def test_version(stcoop: Any) -> None:
    from stcoop import __version__

    result = stcoop("--version")
    assert result.exit_code == 0
    assert __version__ in result.output
