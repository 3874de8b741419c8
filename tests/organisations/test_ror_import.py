"""The ROR reader and importer: a small hand-made v1 + v2 file, and the real dump."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from organisations.factories import make_country
from stcoop.core.models import ObjectChange
from stcoop.organisations.imports import ror_import
from stcoop.organisations.models import ExternalId, Organisation
from stcoop.organisations.ror import RorSkip, parse_ror_record, read_ror_file

SAMPLE = Path(__file__).parent / "data" / "ror-sample.jsonl"
REAL = Path("/work/shared/data/ror/ror-records-subset.jsonl.gz")


def _by_ror(value: str) -> Organisation:
    return ExternalId.objects.get(scheme="ror", value=value).organisation


# ---------------------------------------------------------------- reading, no database
def test_reader_accepts_jsonl_gzip_and_json_array(tmp_path: Path) -> None:
    records = list(read_ror_file(SAMPLE))
    assert len(records) == 6
    gz = tmp_path / "sample.jsonl.gz"
    gz.write_bytes(gzip.compress(SAMPLE.read_bytes()))
    assert list(read_ror_file(gz)) == records
    array = tmp_path / "sample.json"
    array.write_text(json.dumps(records), encoding="utf-8")
    assert list(read_ror_file(array)) == records
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"id": 1}\n{oops\n', encoding="utf-8")
    with pytest.raises(ValueError, match="line 2"):
        list(read_ror_file(broken))


def test_parse_v1_and_v2() -> None:
    raw = list(read_ror_file(SAMPLE))
    tsinghua = parse_ror_record(raw[0])
    assert (tsinghua.schema, tsinghua.ror_id) == (1, "03cve4549")
    assert (tsinghua.name_en, tsinghua.name_zh_hans) == ("Tsinghua University", "清华大学")
    assert tsinghua.kind == "university" and tsinghua.country_code == "CN"
    assert tsinghua.city == "Beijing" and tsinghua.established == 1911
    assert tsinghua.aliases == [{"name": "Tsing Hua", "language": ""}]
    assert ("grid", "grid.12527.33") in tsinghua.external_ids
    assert ("isni", "0000000106623178") in tsinghua.external_ids
    assert tsinghua.parent_ror_ids == []  # a Child relation is not a parent
    shenzhen = parse_ror_record(raw[1])
    assert shenzhen.schema == 2 and shenzhen.parent_ror_ids == ["03cve4549"]
    assert shenzhen.name_zh_hans == "深圳清华大学研究院" and shenzhen.acronyms == ["RITS"]
    assert shenzhen.website == "https://www.tsinghua-sz.org" and shenzhen.city == "Shenzhen"
    mpg = parse_ror_record(raw[2])
    assert (mpg.name_original, mpg.name_language) == (
        "Max-Planck-Gesellschaft zur Förderung der Wissenschaften",
        "de",
    )
    assert mpg.kind == "nonprofit" and mpg.name_zh_hans == ""
    assert parse_ror_record(raw[3]).status == "withdrawn"
    with pytest.raises(RorSkip, match="no name"):
        parse_ror_record(raw[4])
    with pytest.raises(RorSkip, match="ROR ID"):
        parse_ror_record(raw[5])


# ---------------------------------------------------------------- importing
@pytest.mark.django_db
def test_import_sample_is_idempotent_and_dry_run_writes_nothing(units: Any, users: Any) -> None:
    make_country("CN", "CHN", "China", "中国")
    make_country("DE", "DEU", "Germany", "德国")
    dry = ror_import(
        actor=users.platform_admin,
        owner_unit=units.ministry,
        records=read_ror_file(SAMPLE),
        dry_run=True,
    )
    assert (dry.created, dry.updated, dry.unchanged) == (4, 0, 0)
    assert not Organisation.objects.exists() and not ObjectChange.objects.exists()

    report = ror_import(
        actor=users.platform_admin, owner_unit=units.ministry, records=read_ror_file(SAMPLE)
    )
    assert (report.read, report.created, report.updated) == (6, 4, 0)
    assert report.skipped == {"no name": 1, "no valid ROR ID": 1}
    assert report.by_schema == {1: 2, 2: 2}
    assert (report.parents_linked, report.parents_missing) == (1, 1)
    tsinghua = _by_ror("03cve4549")
    assert tsinghua.visibility == "public" and tsinghua.owner_unit == units.ministry
    assert tsinghua.country is not None and tsinghua.country.iso2 == "CN"
    assert _by_ror("0543pw950").parent == tsinghua
    assert ObjectChange.objects.filter(content_type__app_label="organisations").count() == 4

    # A person adds a Chinese name ROR lacks and an acronym; a re-import keeps both.
    mpg = _by_ror("01hhn8329")
    mpg.name_zh_hans = "马克斯·普朗克学会"
    mpg.acronyms = ["MPG", "MPS"]
    mpg.save()
    again = ror_import(
        actor=users.platform_admin, owner_unit=units.ministry, records=read_ror_file(SAMPLE)
    )
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)
    mpg.refresh_from_db()
    assert mpg.name_zh_hans == "马克斯·普朗克学会" and mpg.acronyms == ["MPG", "MPS"]

    # A changed record is updated, with its history.
    raw = list(read_ror_file(SAMPLE))
    raw[0]["addresses"] = [{"city": "Haidian"}]
    changed = ror_import(actor=users.platform_admin, owner_unit=units.ministry, records=raw)
    assert (changed.created, changed.updated) == (0, 1)
    entry = ObjectChange.objects.filter(object_id=str(tsinghua.pk)).order_by("-pk").first()
    assert entry is not None and ("city", "Beijing", "Haidian") in entry.diff()


@pytest.mark.django_db
def test_cli_imports_as_the_platform_admin(units: Any, users: Any) -> None:
    from stcoop.cli.main import create_cli

    cli = create_cli()
    runner = CliRunner()
    result = runner.invoke(cli, ["import", "ror", str(SAMPLE), "--limit", "3"])
    assert result.exit_code == 0, result.output
    assert "3 created" in result.output
    org = _by_ror("03cve4549")
    assert org.owner_unit.name_en == "Reference data"
    assert org.created_by == users.platform_admin
    result = runner.invoke(cli, ["import", "ror", str(SAMPLE), "--owner-unit", "999999"])
    assert result.exit_code != 0 and "999999" in result.output


@pytest.mark.skipif(
    not REAL.exists() and os.environ.get("CI", "").lower() != "true",
    reason="the ROR dump in ../shared/data/ror is not on this machine",
)
@pytest.mark.django_db
def test_import_real_dump(units: Any, users: Any) -> None:
    make_country("CN", "CHN", "China", "中国")
    make_country("SG", "SGP", "Singapore", "新加坡")
    first = ror_import(
        actor=users.platform_admin, owner_unit=units.ministry, records=read_ror_file(REAL)
    )
    assert first.read == 46981
    assert first.by_schema == {1: 15615, 2: 31365}
    assert first.created == 46980 and first.skipped == {"no valid ROR ID": 1}
    assert first.parents_linked > 10000
    tsinghua = _by_ror("03cve4549")
    assert (tsinghua.name_en, tsinghua.name_zh_hans) == ("Tsinghua University", "清华大学")
    assert tsinghua.country is not None and tsinghua.country.iso2 == "CN"
    nus = _by_ror("01tgyzw49")
    assert nus.name_zh_hans == "新加坡国立大学" and nus.country is not None
    ict = _by_ror("0090r4d87")  # Institute of Computing Technology
    assert ict.parent is not None and ict.parent.name_en == "Chinese Academy of Sciences"
    assert _by_ror("034t30j35") == ict.parent
    second = ror_import(
        actor=users.platform_admin, owner_unit=units.ministry, records=read_ror_file(REAL)
    )
    assert (second.created, second.updated, second.unchanged) == (0, 0, 46980)
