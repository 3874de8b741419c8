"""``stcoop export <spec>``: files that ``stcoop import <spec>`` reads back unchanged."""

from __future__ import annotations

import csv
import datetime
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from django.utils import translation
from openpyxl import load_workbook

from stcoop.cli.main import create_cli
from stcoop.core.choices import Visibility
from stcoop.geo.models import Country, Grouping, GroupingMembership
from stcoop.organisations.models import ExternalId, Organisation

pytestmark = pytest.mark.django_db

FORMATS = ("csv", "xlsx", "json")


def run(*args: str) -> Result:
    return CliRunner().invoke(create_cli(), list(args))


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def countries() -> dict[str, Country]:
    made = {}
    for iso2, iso3, en, zh in (
        ("CN", "CHN", "China", "中国"),
        ("DE", "DEU", "Germany", "德国"),
        ("KZ", "KAZ", "Kazakhstan", "哈萨克斯坦"),
        ("TH", "THA", "Thailand", "泰国"),
    ):
        made[iso2] = Country.objects.create(iso2=iso2, iso3=iso3, name_en=en, name_zh_hans=zh)
    return made


@pytest.fixture
def organisations(countries: dict[str, Country], units: Any, users: Any) -> list[Organisation]:
    tsinghua = Organisation.objects.create(
        name_zh_hans="清华大学",
        name_en="Tsinghua University",
        acronyms=["THU", "TSU"],
        kind="university",
        country=countries["CN"],
        city="北京",
        address="北京市海淀区, 100084",
        website="https://www.tsinghua.edu.cn",
        established=1911,
        owner_unit=units.ministry,
        visibility=Visibility.PUBLIC,
    )
    ExternalId.objects.create(organisation=tsinghua, scheme="ror", value="03cve4549")
    fraunhofer = Organisation.objects.create(
        name_en="Fraunhofer Society",
        name_original="Fraunhofer-Gesellschaft",
        name_language="de",
        kind="institute",
        country=countries["DE"],
        owner_unit=units.enterprise,
        visibility=Visibility.INTERNAL,
    )
    shared = Organisation.objects.create(
        name_zh_hans="某实验室",
        kind="institute",
        country=countries["CN"],
        owner_unit=units.base,
        visibility=Visibility.SHARED,
    )
    shared.shared_with.set([units.province])
    return [tsinghua, fraunhofer, shared]


def _read(path: Path, fmt: str) -> list[dict[str, str]]:
    if fmt == "csv":
        text = path.read_bytes().decode("utf-8")
        assert text.startswith("\ufeff"), "CSV starts with a byte-order mark"
        return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    if fmt == "json":
        return json.loads(path.read_text(encoding="utf-8"))
    sheet = load_workbook(path).worksheets[0]
    rows = [[cell.value or "" for cell in row] for row in sheet.iter_rows()]
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def _edit(path: Path, fmt: str, column: str, value: str) -> None:
    """Change ``column`` of the first data row in place."""
    if fmt == "xlsx":
        workbook = load_workbook(path)
        sheet = workbook.worksheets[0]
        header = [cell.value for cell in sheet[1]]
        sheet.cell(row=2, column=header.index(column) + 1, value=value)
        workbook.save(path)
        return
    rows = _read(path, fmt)
    rows[0][column] = value
    if fmt == "json":
        path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
        return
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


@pytest.mark.parametrize("fmt", FORMATS)
def test_organisations_round_trip(
    fmt: str, organisations: list[Organisation], tmp_path: Path
) -> None:
    file = tmp_path / f"organisations.{fmt}"
    done = run("export", "organisations", "--format", fmt, "--output", str(file))
    assert done.exit_code == 0, done.output
    rows = _read(file, fmt)
    assert [r["name_en"] for r in rows] == ["Tsinghua University", "Fraunhofer Society", ""]
    assert list(rows[0])[:3] == ["name_zh", "name_en", "name_original"]
    assert rows[0]["acronyms"] == "THU; TSU" and rows[0]["ror"] == "03cve4549"
    assert rows[1]["visibility"] == "internal" and rows[1]["name_language"] == "de"

    again = run("import", "organisations", str(file), "--dry-run", "--user", "padmin")
    assert again.exit_code == 0, again.output
    assert "0 would be created, 0 would be updated, 3 unchanged" in again.output

    _edit(file, fmt, "city", "深圳")
    edited = run("import", "organisations", str(file), "--dry-run", "--user", "padmin")
    assert "0 would be created, 1 would be updated, 2 unchanged" in edited.output, edited.output
    applied = run("import", "organisations", str(file), "--user", "padmin")
    assert "1 were updated" in applied.output
    assert Organisation.objects.get(name_en="Tsinghua University").city == "深圳"


def test_export_respects_the_users_visibility(
    organisations: list[Organisation], tmp_path: Path
) -> None:
    result = run("export", "organisations", "--format", "json", "--user", "divuser")
    assert result.exit_code == 0, result.output
    names = [r["name_zh"] or r["name_en"] for r in json.loads(result.stdout_bytes)]
    # public, and shared with the province above the division; not the enterprise's own
    assert names == ["清华大学", "某实验室"]
    everything = json.loads(run("export", "organisations", "--format", "json").stdout_bytes)
    assert len(everything) == 3
    assert run("export", "organisations", "--user", "nobody").exit_code == 1


@pytest.fixture
def groupings(countries: dict[str, Country]) -> None:
    editable = Grouping.objects.create(
        code="partners", name_en="Partners", name_zh_hans="伙伴", kind="other", is_editable=True
    )
    loaded = Grouping.objects.create(
        code="asean", name_en="ASEAN", name_zh_hans="东盟", kind="regional_organisation"
    )
    GroupingMembership.objects.create(
        grouping=editable,
        country=countries["KZ"],
        valid_from=datetime.date(2013, 9, 7),
        note="丝绸之路经济带",
    )
    GroupingMembership.objects.create(grouping=editable, country=countries["DE"])
    GroupingMembership.objects.create(grouping=loaded, country=countries["TH"])
    GroupingMembership.objects.create(
        grouping=editable,
        country=countries["TH"],
        valid_from=datetime.date(2010, 1, 1),
        valid_to=datetime.date(2012, 1, 1),
    )


@pytest.mark.parametrize("fmt", FORMATS)
def test_grouping_members_round_trip(fmt: str, groupings: None, users: Any, tmp_path: Path) -> None:
    file = tmp_path / f"members.{fmt}"
    done = run("export", "countries-groupings", "--output", str(file))  # format from suffix
    assert done.exit_code == 0, done.output
    rows = _read(file, fmt)
    # current members of groupings edited here; loaded groupings and past members left out
    assert [(r["grouping"], r["iso"], r["valid_from"]) for r in rows] == [
        ("partners", "DE", ""),
        ("partners", "KZ", "2013-09-07"),
    ]
    again = run("import", "countries-groupings", str(file), "--dry-run")
    assert again.exit_code == 0, again.output
    assert "0 would be created, 0 would be updated, 2 unchanged" in again.output

    _edit(file, fmt, "note", "a new note")
    edited = run("import", "countries-groupings", str(file), "--dry-run")
    assert "0 would be created, 1 would be updated, 1 unchanged" in edited.output, edited.output


def test_listing_help_and_unknown_names(organisations: list[Organisation]) -> None:
    listed = run("export", "specs")
    assert listed.exit_code == 0
    assert "organisations: name_zh, name_en," in listed.output
    assert "countries-groupings: grouping, iso, valid_from, note" in listed.output
    help_text = run("export", "--help").output
    assert "organisations" in help_text and "countries" in help_text
    unknown = run("export", "no-such-thing")
    assert (
        unknown.exit_code == 1 and "nothing to export is called 'no-such-thing'" in unknown.output
    )


def test_csv_to_standard_output(organisations: list[Organisation]) -> None:
    result = run("export", "organisations")
    assert result.exit_code == 0
    text = result.stdout_bytes.decode("utf-8")
    assert text.startswith("\ufeffname_zh,name_en,")
    assert "清华大学,Tsinghua University" in text
