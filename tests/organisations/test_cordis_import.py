"""The CORDIS Horizon 2020 organisations importer: a small sample and the real file."""

from __future__ import annotations

import csv
import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from organisations.factories import make_country
from stcoop.core.models import ObjectChange
from stcoop.geo.models import Country
from stcoop.organisations.cordis import (
    COUNTRY_CODES,
    CordisSkip,
    cordis_import,
    parse_cordis_record,
    read_cordis_file,
)
from stcoop.organisations.models import ExternalId, Organisation

SAMPLE = Path(__file__).parent / "data" / "cordis-h2020-sample.csv"
REAL = Path("/work/shared/data/cordis/h2020-organisations-2017.csv")


def _by_pic(value: str) -> Organisation:
    return ExternalId.objects.get(scheme="pic", value=value).organisation


def _countries() -> None:
    make_country("GB", "GBR", "United Kingdom", "英国")
    make_country("GR", "GRC", "Greece", "希腊")
    make_country("DE", "DEU", "Germany", "德国")
    make_country("FR", "FRA", "France", "法国")
    make_country("IT", "ITA", "Italy", "意大利")


def test_parse_maps_kinds_countries_and_skips() -> None:
    rows = list(read_cordis_file(SAMPLE))
    assert len(rows) == 7
    plymouth = parse_cordis_record(rows[0])
    assert (plymouth.pic, plymouth.kind, plymouth.country_code) == ("999854661", "university", "GB")
    assert plymouth.acronyms == ["UOP"] and plymouth.address == "DRAKE CIRCUS"
    assert parse_cordis_record(rows[1]).country_code == "GR"
    assert parse_cordis_record(rows[1]).kind == "institute"
    assert parse_cordis_record(rows[3]).kind == "government"
    with pytest.raises(CordisSkip, match="no valid PIC"):
        parse_cordis_record(rows[4])
    with pytest.raises(CordisSkip, match="no name"):
        parse_cordis_record(rows[6])


def test_reader_rejects_other_files(tmp_path: Path) -> None:
    other = tmp_path / "x.csv"
    other.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(ValueError, match="not a CORDIS organisations file"):
        list(read_cordis_file(other))


@pytest.mark.django_db
def test_import_sample_is_idempotent(units: Any, users: Any) -> None:
    _countries()
    dry = cordis_import(
        actor=users.platform_admin,
        owner_unit=units.ministry,
        rows=read_cordis_file(SAMPLE),
        dry_run=True,
    )
    assert (dry.created, dry.updated) == (4, 0) and not Organisation.objects.exists()
    report = cordis_import(
        actor=users.platform_admin, owner_unit=units.ministry, rows=read_cordis_file(SAMPLE)
    )
    assert (report.read, report.created, report.updated, report.unchanged) == (7, 4, 0, 0)
    assert report.skipped == {"no valid PIC": 1, "no name": 1, "unknown country": 1}
    assert report.unknown_countries == {"XK": 1}
    plymouth = _by_pic("999854661")
    assert plymouth.visibility == "public" and plymouth.owner_unit == units.ministry
    assert plymouth.country is not None and plymouth.country.iso2 == "GB"
    assert plymouth.kind == "university" and plymouth.name_en == "UNIVERSITY OF PLYMOUTH"
    assert ObjectChange.objects.filter(content_type__app_label="organisations").count() == 4
    again = cordis_import(
        actor=users.platform_admin, owner_unit=units.ministry, rows=read_cordis_file(SAMPLE)
    )
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)
    rows = list(read_cordis_file(SAMPLE))
    rows[0]["city"] = "PLYMOUTH DEVON"
    changed = cordis_import(actor=users.platform_admin, owner_unit=units.ministry, rows=rows)
    assert (changed.created, changed.updated) == (0, 1)
    entry = ObjectChange.objects.filter(object_id=str(plymouth.pk)).order_by("-pk").first()
    assert entry is not None and ("city", "PLYMOUTH", "PLYMOUTH DEVON") in entry.diff()


@pytest.mark.django_db
def test_cli(units: Any, users: Any) -> None:
    from stcoop.cli.main import create_cli

    _countries()
    cli = create_cli()
    runner = CliRunner()
    help_text = runner.invoke(cli, ["import", "cordis-h2020-orgs", "--help"]).output
    assert "NOT matched" in help_text
    result = runner.invoke(cli, ["import", "cordis-h2020-orgs", str(SAMPLE), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "4 would be created" in result.output and not Organisation.objects.exists()
    result = runner.invoke(cli, ["import", "cordis-h2020-orgs", str(SAMPLE)])
    assert result.exit_code == 0, result.output
    assert "4 created" in result.output and "skipped (unknown country): 1" in result.output
    org = _by_pic("999850781")
    assert org.owner_unit.name_en == "Reference data" and org.created_by == users.platform_admin


@pytest.mark.skipif(
    not REAL.exists() and os.environ.get("CI", "").lower() != "true",
    reason="the CORDIS file /work/shared/data/cordis/h2020-organisations-2017.csv is not here",
)
@pytest.mark.django_db
def test_import_real_file(units: Any, users: Any) -> None:
    with REAL.open(encoding="utf-8", newline="") as handle:
        codes = {row["country"] for row in csv.DictReader(handle)} - {"XK"}
    Country.objects.bulk_create(
        Country(iso2=COUNTRY_CODES.get(c, c), iso3=f"Q{c}", name_en=c, name_zh_hans=c)
        for c in sorted(codes)
    )
    first = cordis_import(
        actor=users.platform_admin, owner_unit=units.ministry, rows=read_cordis_file(REAL)
    )
    assert first.read == 16592
    assert first.created == 16584
    assert first.skipped == {"no valid PIC": 1, "unknown country": 7}
    plymouth = _by_pic("999854661")
    assert plymouth.name_en == "UNIVERSITY OF PLYMOUTH" and plymouth.kind == "university"
    assert plymouth.country is not None and plymouth.country.iso2 == "GB"
    assert _by_pic("999479853").country.iso2 == "GR"  # type: ignore[union-attr]
    second = cordis_import(
        actor=users.platform_admin, owner_unit=units.ministry, rows=read_cordis_file(REAL)
    )
    assert (second.created, second.updated, second.unchanged) == (0, 0, 16584)
