"""``stcoop resolve-orgs``: CSV in, CSV out with ror_id, org_name, score, method."""

from __future__ import annotations

import csv
import gzip
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from stcoop.cli.main import create_cli

V2 = {
    "id": "https://ror.org/03cve4549",
    "names": [
        {"lang": "en", "types": ["ror_display", "label"], "value": "Tsinghua University"},
        {"lang": "zh", "types": ["label"], "value": "清华大学"},
        {"lang": None, "types": ["acronym"], "value": "THU"},
    ],
    "locations": [{"geonames_details": {"country_code": "CN", "name": "Beijing"}}],
    "types": ["education"],
    "status": "active",
    "relationships": [],
}
V1 = {
    "id": "https://ror.org/02v51f717",
    "name": "Peking University",
    "labels": [{"label": "北京大学", "iso639": "zh"}],
    "aliases": [],
    "acronyms": ["PKU"],
    "country": {"country_code": "CN", "country_name": "China"},
    "addresses": [{"city": "Beijing"}],
    "types": ["Education"],
    "status": "active",
}


@pytest.fixture
def ror_dump(tmp_path: Path) -> Path:
    path = tmp_path / "ror.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as out:
        for record in (V2, V1):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


@pytest.fixture
def run() -> Any:
    cli = create_cli()
    runner = CliRunner()

    def invoke(*args: str) -> Result:
        return runner.invoke(cli, ["resolve-orgs", *args])

    return invoke


def write(path: Path, text: str, encoding: str = "utf-8-sig") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_resolves_each_row_in_order(run: Any, tmp_path: Path, ror_dump: Path) -> None:
    source = write(
        tmp_path / "in.csv",
        "id,affiliation\n"
        '1,"Dept. of Physics, Tsinghua Univ., Beijing 100084, P.R. China"\n'
        "2,Unknown Institute of Nothing\n"
        "3,北京大学化学学院\n"
        "4,\n",
    )
    out = tmp_path / "out.csv"
    result = run("--input", str(source), "--output", str(out), "--registry", str(ror_dump))
    assert result.exit_code == 0, result.output
    rows = read(out)
    assert list(rows[0]) == ["id", "affiliation", "ror_id", "org_name", "score", "method"]
    assert [r["id"] for r in rows] == ["1", "2", "3", "4"]
    assert rows[0]["ror_id"] == "https://ror.org/03cve4549"
    assert rows[0]["org_name"] == "Tsinghua University"
    assert rows[0]["method"] == "EXACT"
    assert 0.9 <= float(rows[0]["score"]) <= 1.0
    assert rows[1]["ror_id"] == rows[1]["org_name"] == rows[1]["method"] == ""
    assert rows[2]["ror_id"] == "https://ror.org/02v51f717"
    assert rows[2]["method"] == "PHRASE"
    assert rows[3]["ror_id"] == ""


def test_gbk_input_and_custom_column(run: Any, tmp_path: Path, ror_dump: Path) -> None:
    source = write(tmp_path / "in.csv", "单位\n清华大学物理系\n", encoding="gbk")
    out = tmp_path / "out.csv"
    result = run(
        "--input", str(source), "--column", "单位", "--output", str(out),
        "--registry", str(ror_dump),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert read(out)[0]["ror_id"] == "https://ror.org/03cve4549"


def test_existing_ror_id_column_is_kept_aside(run: Any, tmp_path: Path, ror_dump: Path) -> None:
    source = write(tmp_path / "in.csv", "affiliation,ror_id\nPeking University,NP\n")
    out = tmp_path / "out.csv"
    result = run("--input", str(source), "--output", str(out), "--registry", str(ror_dump))
    assert result.exit_code == 0, result.output
    row = read(out)[0]
    assert row["ror_id_input"] == "NP"
    assert row["ror_id"] == "https://ror.org/02v51f717"


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        ("name\nTsinghua\n", (), "no column 'affiliation'"),
        ('affiliation\n"Tsinghua\n', (), "malformed CSV"),
        ("affiliation,x\nTsinghua,1,2\n", (), "line 2: 3 fields"),
        ("", (), "empty"),
        ("affiliation\nTsinghua\n", ("--registry", "MISSING"), "cannot read the registry"),
        ("affiliation\nTsinghua\n", ("--registry", "BAD"), "cannot read the registry"),
    ],
)
def test_bad_input_gives_one_line_and_no_file(
    run: Any, tmp_path: Path, ror_dump: Path, content: str, args: tuple[str, ...], message: str
) -> None:
    source = write(tmp_path / "in.csv", content)
    bad = write(tmp_path / "bad.jsonl", '{"id": "https://ror.org/03cve4549", "names": [\n')
    out = tmp_path / "out.csv"
    registry = {"MISSING": str(tmp_path / "nope.jsonl"), "BAD": str(bad)}
    extra = [registry.get(a, a) for a in args] or ["--registry", str(ror_dump)]
    result = run("--input", str(source), "--output", str(out), *extra)
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output
    assert not out.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.csv")]


def test_missing_input_file(run: Any, tmp_path: Path, ror_dump: Path) -> None:
    out = tmp_path / "out.csv"
    result = run(
        "--input", str(tmp_path / "none.csv"), "--output", str(out), "--registry", str(ror_dump)
    )
    assert result.exit_code == 1
    assert "cannot read" in result.output
    assert not out.exists()


@pytest.mark.django_db
def test_without_registry_uses_the_platform_organisations(
    run: Any, tmp_path: Path, units: Any
) -> None:
    from organisations.factories import OrganisationFactory
    from stcoop.organisations.choices import IdScheme
    from stcoop.organisations.models import ExternalId
    from stcoop.organisations.resolution import clear_resolver_cache

    clear_resolver_cache()
    tsinghua = OrganisationFactory(
        name_en="Tsinghua University", name_zh_hans="清华大学", owner_unit=units.ministry
    )
    ExternalId.objects.create(organisation=tsinghua, scheme=IdScheme.ROR, value="03cve4549")
    OrganisationFactory(
        name_en="Fudan University", name_zh_hans="复旦大学", owner_unit=units.ministry
    )
    source = write(tmp_path / "in.csv", "affiliation\n清华大学物理系\nFudan University\nNowhere\n")
    out = tmp_path / "out.csv"
    result = run("--input", str(source), "--output", str(out))
    assert result.exit_code == 0, result.output
    rows = read(out)
    assert rows[0]["ror_id"] == "https://ror.org/03cve4549"
    assert rows[0]["org_name"] == "Tsinghua University"
    assert rows[1]["ror_id"] == ""  # linked, but the organisation has no ROR ID
    assert rows[1]["org_name"] == "Fudan University"
    assert rows[2]["org_name"] == ""
