"""Fixtures for the command-line tests: a click runner over a freshly built ``stcoop``."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from stcoop.cli.main import create_cli

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def fast_passwords(settings: Any) -> None:
    """Hash passwords cheaply: the demo and ``createadmin`` set several."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def stcoop() -> Any:
    """Call ``stcoop`` in-process: ``stcoop("demo", "--seed", "1")`` returns a click Result."""
    cli = create_cli()
    runner = CliRunner()

    def invoke(*args: str, env: dict[str, str] | None = None) -> Result:
        return runner.invoke(cli, list(args), env=env)

    return invoke


@pytest.fixture
def stcoop_process(tmp_path: Path) -> Any:
    """Run ``python -m stcoop.cli`` in a child process with a throw-away data folder.

    Only the ``STCOOP_*`` variables passed as ``env`` reach the child.
    """

    def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        return _run_child(args, tmp_path / "var", env or {})

    return run


def _run_child(
    args: tuple[str, ...], var_dir: Path, env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    child_env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("STCOOP_") and key != "DJANGO_SETTINGS_MODULE"
    }
    child_env |= {"STCOOP_VAR_DIR": str(var_dir), **env}
    return subprocess.run(
        [sys.executable, "-m", "stcoop.cli", *args],
        capture_output=True,
        text=True,
        env=child_env,
        cwd=REPO,
        timeout=120,
        check=False,
    )
