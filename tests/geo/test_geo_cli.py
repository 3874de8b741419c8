"""``stcoop import reference``, ``stcoop import groupings`` and ``stcoop export countries``."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from stcoop.cli.main import create_cli
from stcoop.geo.models import Grouping


@pytest.fixture
def run() -> Any:
    cli = create_cli()
    runner = CliRunner()

    def invoke(*args: str) -> Any:
        return runner.invoke(cli, list(args), catch_exceptions=False)

    return invoke


def test_commands_are_registered(run: Any) -> None:
    assert "reference" in run("import", "--help").output
    assert "groupings" in run("import", "--help").output
    assert "countries" in run("export", "--help").output


def test_import_reference_again_reports_nothing_new(geo: Any, run: Any) -> None:
    result = run("import", "reference")
    assert result.exit_code == 0
    assert "countries: 0 created, 0 updated, 249 unchanged" in result.output


def test_import_groupings_dry_run_then_for_real(bri: Grouping, run: Any, tmp_path: Path) -> None:
    file = tmp_path / "bri.csv"
    file.write_text("iso,valid_from\nKZ,2013-09-07\nPAK,\n", encoding="utf-8")
    dry = run("import", "groupings", str(file), "--grouping", "bri", "--dry-run")
    assert dry.exit_code == 0 and "2 would be added" in dry.output
    assert not bri.memberships.exists()
    done = run("import", "groupings", str(file), "--grouping", "bri")
    assert done.exit_code == 0 and "2 were added" in done.output
    again = run("import", "groupings", str(file), "--grouping", "bri")
    assert "0 were added, 0 were updated, 2 unchanged" in again.output
    assert bri.memberships.count() == 2


def test_import_groupings_reports_row_errors(bri: Grouping, run: Any, tmp_path: Path) -> None:
    file = tmp_path / "bad.csv"
    file.write_text("iso\nKZ\nXX\n", encoding="utf-8")
    result = CliRunner().invoke(
        create_cli(), ["import", "groupings", str(file), "--grouping", "bri"]
    )
    assert result.exit_code == 1
    assert "row 3, column iso: 'XX' is not a known country code" in result.output
    assert not bri.memberships.exists()
    unknown = CliRunner().invoke(
        create_cli(), ["import", "groupings", str(file), "--grouping", "nope"]
    )
    assert unknown.exit_code == 1 and "no grouping has the code 'nope'" in unknown.output
    asean = CliRunner().invoke(
        create_cli(), ["import", "groupings", str(file), "--grouping", "asean"]
    )
    assert asean.exit_code == 1 and "cannot be edited" in asean.output


def test_export_countries_csv_json_xlsx(geo: Any, run: Any, tmp_path: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(run("export", "countries").output)))
    assert len(rows) == 249
    china = next(row for row in rows if row["iso2"] == "CN")
    assert (china["name_zh_hans"], china["region"], china["sub_region"]) == ("中国", "142", "030")
    assert "brics" in china["groupings"].split(";")
    out = tmp_path / "countries.json"
    run("export", "countries", "--format", "json", "--output", str(out))
    records = json.loads(out.read_text(encoding="utf-8"))
    assert next(r for r in records if r["iso2"] == "TW")["name_zh_hans"] == "中国台湾"
    xlsx = tmp_path / "countries.xlsx"
    assert run("export", "countries", "--format", "xlsx", "--output", str(xlsx)).exit_code == 0
    sheet = load_workbook(xlsx).worksheets[0]
    assert sheet.max_row == 250 and sheet["A1"].value == "iso2"
    assert run("export", "countries", "--format", "xlsx").exit_code == 1
