"""``stcoop import <spec> FILE [--dry-run]``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from core.imports.unit_spec import UnitSpec
from stcoop.cli.main import create_cli

pytestmark = pytest.mark.django_db


def run(*args: str) -> Any:
    return CliRunner().invoke(create_cli(), list(args))


def test_dry_run_writes_nothing_and_prints_row_errors(
    unit_spec: UnitSpec, users: Any, tmp_path: Path, children: Callable[[], list[str]]
) -> None:
    file = tmp_path / "units.csv"
    file.write_text("name_en;kind\nAlpha;institute\nBeta;castle\n", encoding="utf-8")
    before = children()
    result = run("import", "test-units", str(file), "--dry-run", "--user", "padmin")
    assert result.exit_code == 1
    assert "row 3, column kind: 'castle' is not a unit kind" in result.output
    assert "nothing was written" in result.output
    assert children() == before


def test_dry_run_then_apply_then_again(
    unit_spec: UnitSpec, users: Any, tmp_path: Path, children: Callable[[], list[str]]
) -> None:
    file = tmp_path / "units.csv"
    file.write_text("name_en,kind\nAlpha,institute\nBeta,enterprise\n", encoding="utf-8")
    dry = run("import", "test-units", str(file), "--dry-run", "--user", "padmin")
    assert dry.exit_code == 0, dry.output
    assert "2 would be created" in dry.output
    assert "Alpha" not in children()
    done = run("import", "test-units", str(file), "--user", "padmin")
    assert done.exit_code == 0 and "2 were created" in done.output
    again = run("import", "test-units", str(file), "--user", "padmin")
    assert "0 were created, 0 were updated, 2 unchanged" in again.output


def test_unknown_spec_and_listing(unit_spec: UnitSpec, tmp_path: Path) -> None:
    file = tmp_path / "x.csv"
    file.write_text("a\n1\n", encoding="utf-8")
    result = run("import", "no-such-spec", str(file))
    assert result.exit_code == 1 and "no import source or spec is called" in result.output
    assert "test-units: name_en*, name_zh_hans, kind*, acronym" in run("import", "specs").output
