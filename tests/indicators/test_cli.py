"""``stcoop indicators validate`` and ``stcoop indicators run``."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from stcoop.cli.main import create_cli
from stcoop.indicators.cli import STARTER_DEFINITIONS

from .conftest import EXPECTED


def _stcoop(*args: str) -> Result:
    return CliRunner().invoke(create_cli(), list(args))


def _read(path: Path) -> dict[tuple[str, str, str], float | None]:
    with path.open(encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    assert rows and list(rows[0]) == ["indicator", "entity", "entity_id", "period", "value"]
    return {
        (r["indicator"], r["entity_id"], r["period"]): float(r["value"]) if r["value"] else None
        for r in rows
    }


def test_validate_the_starter_definitions() -> None:
    result = _stcoop("indicators", "validate", str(STARTER_DEFINITIONS))
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "valid: 22 indicators"


def test_validate_reports_every_reason(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text(
        json.dumps(
            {
                "indicators": [
                    {
                        "id": "bad_sum",
                        "name": {"zh": "坏", "en": "Bad"},
                        "entity": "province",
                        "period": "year",
                        "unit": "n",
                        "direction": "sideways",
                        "computation": {
                            "op": "sum",
                            "table": "bases",
                            "entity_key": "province",
                            "period_column": "designation_year",
                            "column": "kind",
                        },
                    },
                    {
                        "id": "no_denominator",
                        "name": {"zh": "坏", "en": "Bad"},
                        "entity": "country",
                        "period": "year",
                        "unit": "n",
                        "direction": "higher",
                        "computation": {
                            "op": "ratio",
                            "numerator": {"op": "indicator", "indicator": "x"},
                        },
                    },
                ]
            }
        ),
        encoding="utf-8",
    )
    result = _stcoop("indicators", "validate", str(path))
    assert result.exit_code == 1
    assert "indicator 'bad_sum': direction: 'sideways' is not one of higher, lower" in result.output
    assert "column 'kind' of table 'bases' is text; sum needs a number" in result.output
    assert (
        "indicator 'no_denominator': computation.denominator: a ratio needs a denominator"
        in result.output
    )


def test_run_on_duckdb_writes_the_values(platform_data: dict[str, Any], tmp_path: Path) -> None:
    output = tmp_path / "out" / "values.csv"
    result = _stcoop("indicators", "run", "--engine", "duckdb", "--output", str(output))
    assert result.exit_code == 0, result.output
    assert "values of 22 indicators" in result.output
    values = _read(output)
    for key, expected in EXPECTED.items():
        assert values[key] == expected, key
    b1, b2 = platform_data["b1"].pk, platform_data["b2"].pk
    assert values[("base_partner_countries", str(b1), "2022")] == 2.0
    assert values[("base_joint_publications", str(b1), "2023")] == 5.0
    assert values[("base_foreign_funding_ratio", str(b2), "2023")] == 0.5
    assert values[("base_foreign_funding_ratio", str(b1), "2023")] is None  # central funding 0
    assert ("base_joint_publications", str(platform_data["b3"].pk), "2023") not in values  # draft
    assert ("agreements_by_country", "JPN", "") not in values
    assert list(tmp_path.joinpath("out").iterdir()) == [output]  # no temporary file left


def test_run_refuses_invalid_definitions_and_writes_nothing(db: Any, tmp_path: Path) -> None:
    definitions = tmp_path / "d.yaml"
    definitions.write_text("indicators:\n  - id: x\n    entity: planet\n", encoding="utf-8")
    output = tmp_path / "values.csv"
    result = _stcoop(
        "indicators", "run", "--definitions", str(definitions), "--output", str(output)
    )
    assert result.exit_code == 1
    assert "indicator 'x': entity: 'planet' is not one of" in result.output
    assert not output.exists()


def test_postgres_engine_on_sqlite_is_refused(db: Any, tmp_path: Path) -> None:
    from django.db import connection

    if connection.vendor == "postgresql":
        pytest.skip("the platform database is PostgreSQL here")
    result = _stcoop(
        "indicators", "run", "--engine", "postgres", "--output", str(tmp_path / "v.csv")
    )
    assert result.exit_code == 1
    assert "the postgres engine runs in the platform's database, which is sqlite" in result.output
