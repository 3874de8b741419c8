"""Apps plug ``import``/``export`` commands and search indexes into ``stcoop``."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from stcoop.cli.main import create_cli
from stcoop.cli.registry import EXTENSION_MODULES, load_extensions

EXTENSION = '''
import click

@click.command("widgets")
@click.argument("file", type=click.Path(exists=True))
def import_widgets(file):
    """Load widgets."""
    click.echo("imported " + open(file).read().strip())

@click.command("widgets")
def export_widgets():
    """Write widgets."""
    click.echo("w1,w2")

@click.command("hello")
def hello():
    """Say hello."""
    click.echo("hello")

def rebuild(progress):
    progress("widgets", 1, 1)
    return 2

import_commands = [import_widgets]
export_commands = [export_widgets]
commands = [hello]
search_indexes = {"widgets": rebuild}
'''


@pytest.fixture
def extension(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    (tmp_path / "fake_widgets_cli.py").write_text(textwrap.dedent(EXTENSION))
    monkeypatch.syspath_prepend(str(tmp_path))
    return "fake_widgets_cli"


def _run(modules: list[str], *args: str) -> Any:
    return CliRunner().invoke(create_cli(modules), list(args))


def test_extension_commands_are_added(extension: str, tmp_path: Path) -> None:
    data = tmp_path / "widgets.csv"
    data.write_text("w1\n")
    modules = ["stcoop.not_an_app.cli", "not_a_package.cli", extension]
    assert _run(modules, "import", "widgets", str(data)).output == "imported w1\n"
    assert _run(modules, "export", "widgets").output == "w1,w2\n"
    assert _run(modules, "hello").output == "hello\n"


def test_reindex_runs_registered_indexes(extension: str) -> None:
    result = _run([extension], "reindex")
    assert result.exit_code == 0, result.output
    assert "widgets: 2 documents indexed." in result.output


def test_reindex_rejects_an_unknown_index(extension: str) -> None:
    result = _run([extension], "reindex", "--only", "gadgets")
    assert result.exit_code == 2
    assert "unknown index gadgets; known: widgets" in result.output


def test_reindex_without_indexes_says_so() -> None:
    result = _run([], "reindex")
    assert result.exit_code == 0
    assert result.output == "Nothing to do: no search indexes are registered.\n"


def test_duplicate_names_are_refused(extension: str) -> None:
    with pytest.raises(RuntimeError, match="already taken"):
        load_extensions([extension, extension])


def test_listed_modules_that_exist_import_cleanly() -> None:
    found = load_extensions()
    assert set(found.modules) <= set(EXTENSION_MODULES)
