"""A failing command exits non-zero with one line saying why, never a traceback."""

from __future__ import annotations

from typing import Any

import click
import pytest
from click.testing import CliRunner
from django.core.exceptions import ValidationError
from django.db.utils import OperationalError

from stcoop.cli.errors import StcoopGroup, describe, first_line

UNREACHABLE_DB = "postgres://nobody@127.0.0.1:1/nothing"


def _error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.strip()]


def test_bad_variable_is_one_line(stcoop_process: Any) -> None:
    done = stcoop_process("migrate", env={"STCOOP_DEBUG": "maybe"})
    assert done.returncode == 1
    assert _error_lines(done.stderr) == [
        "Error: cannot load the settings: STCOOP_DEBUG='maybe' is not a boolean (use true or false)"
    ]


def test_unreachable_database_is_one_line(stcoop_process: Any) -> None:
    done = stcoop_process("check", env={"STCOOP_DATABASE_URL": UNREACHABLE_DB})
    assert done.returncode == 1
    lines = _error_lines(done.stderr)
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("Error: database error: ")
    assert "127.0.0.1" in lines[0]
    assert "Traceback" not in done.stderr


def test_traceback_option_shows_the_traceback(stcoop_process: Any) -> None:
    done = stcoop_process("--traceback", "check", env={"STCOOP_DATABASE_URL": UNREACHABLE_DB})
    assert done.returncode == 1
    assert "Traceback (most recent call last)" in done.stderr


def test_check_passes_on_a_migrated_database(stcoop_process: Any) -> None:
    assert stcoop_process("migrate", "--verbosity", "0").returncode == 0
    done = stcoop_process("check")
    assert done.returncode == 0, done.stderr
    assert "sqlite database" in done.stdout
    assert "All checks passed." in done.stdout
    assert "not applied" not in done.stdout


def test_check_warns_about_unapplied_migrations(stcoop_process: Any) -> None:
    done = stcoop_process("check")
    assert done.returncode == 0, done.stderr
    assert "not applied; run `stcoop migrate`" in done.stdout


def test_any_exception_in_a_command_becomes_one_line() -> None:
    @click.group(cls=StcoopGroup)
    @click.option("--traceback", is_flag=True)
    def cli(traceback: bool) -> None:
        """Test group."""

    @cli.command()
    def boom() -> None:
        """Fail."""
        raise RuntimeError("missing\nsecond line")

    result = CliRunner().invoke(cli, ["boom"])
    assert result.exit_code == 1
    assert result.output.strip() == "Error: RuntimeError: missing"


@pytest.mark.parametrize(
    ("exc", "expected"),
    [
        (OperationalError("no such table: x"), "database error: no such table: x (run `st"),
        (OperationalError("connection refused\ndetail"), "database error: connection refused"),
        (ValidationError({"username": ["taken"]}), "invalid data: username: taken"),
        (ValidationError("too short"), "invalid data: too short"),
        (ValueError("STCOOP_X='y' is bad"), "configuration error: STCOOP_X='y' is bad"),
        (RuntimeError(""), "RuntimeError: RuntimeError"),
    ],
)
def test_describe(exc: Exception, expected: str) -> None:
    assert describe(exc).startswith(expected)


def test_first_line_skips_blank_lines() -> None:
    assert first_line(RuntimeError("\n\n  reason  \nmore")) == "reason"
