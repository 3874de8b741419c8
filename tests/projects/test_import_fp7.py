"""``stcoop import cordis-fp7``: FP7 projects, participants and their organisations from
a CORDIS JSON file (a sample of the real file here; the real file when it is present)."""

from __future__ import annotations

import datetime
import json
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

import pycountry
import pytest
from click.testing import CliRunner

from stcoop.core.models import ObjectChange
from stcoop.geo.models import Country
from stcoop.organisations.models import ExternalId, Organisation
from stcoop.projects.importers.fp7 import fp7_import, read_fp7_file
from stcoop.projects.importers.reading import ImportFileError
from stcoop.projects.models import Participation, Programme, Project

SAMPLE = Path(__file__).parent / "data" / "fp7-sample.json"
REAL = Path("/work/shared/data/cordis/fp7-projects-dev.json")


def load_countries() -> None:
    """Every ISO 3166-1 country (what `stcoop import reference` loads)."""
    Country.objects.bulk_create(
        Country(iso2=c.alpha_2, iso3=c.alpha_3, name_en=c.name, name_zh_hans=c.name)
        for c in pycountry.countries
    )


def _run(users: Any, units: Any, path: Path = SAMPLE, dry_run: bool = False) -> Any:
    return fp7_import(
        actor=users.platform_admin, owner_unit=units.ministry, path=path, dry_run=dry_run
    )


def _org_of(project_code: str, name: str) -> Organisation | None:
    return Participation.objects.get(project__code=project_code, name_as_given=name).organisation


def test_read_sample() -> None:
    projects = read_fp7_file(SAMPLE)
    assert [p.code for p in projects][:3] == ["RCN-115921", "RCN-116003", "RCN-116064"]
    flame = next(p for p in projects if p.code == "RCN-116064")
    assert (flame.acronym, flame.total_cost, flame.currency) == (
        "FLAME",
        Decimal("4112206.00"),
        "EUR",
    )
    # Unix times at midnight in Brussels.
    assert flame.start_date == datetime.date(2008, 1, 1)
    assert flame.end_date == datetime.date(2011, 6, 30)
    assert flame.status == "completed"
    assert [p.name for p in flame.participants][-1] == (
        "FRAUNHOFER-GESELLSCHAFT ZUR FOERDERUNG DER ANGEWANDTEN FORSCHUNG E.V"
    )
    polymer = flame.participants[1]
    assert (polymer.country_code, polymer.city, polymer.kind, polymer.order) == (
        "NL",
        "EINDHOVEN",
        "company",
        2,
    )


@pytest.mark.django_db
def test_import_sample_is_idempotent_and_merges_clear_cases(units: Any, users: Any) -> None:
    load_countries()
    dry = _run(users, units, dry_run=True)
    assert (dry.projects.created, dry.programmes.created) == (8, 1)
    assert not Project.objects.exists() and not Organisation.objects.exists()
    assert "dry run: nothing was written" in dry.summary()

    report = _run(users, units)
    assert (report.rows, report.participants) == (8, 42)
    assert (report.projects.created, report.projects.updated) == (8, 0)
    assert report.participations_written == 42
    assert report.not_linked == {"no country": 1}
    fp7 = Programme.objects.get(code="FP7")
    assert fp7.framework == "FP7" and fp7.funder is not None
    assert fp7.funder.name_en == "European Commission" and fp7.funder.kind == "funder"
    flame = Project.objects.get(code="RCN-116064")
    assert flame.source == "cordis-fp7" and flame.programme == fp7
    assert flame.title_en.startswith("Flexible organic active matrix oled displays")
    assert flame.visibility == "public" and flame.owner_unit == units.ministry
    assert flame.participations.count() == 4

    # Merged: "...(CNRS)" and the plain name, both in Paris; QUB with and without "'".
    cnrs = _org_of("RCN-116253", "Centre National de la Recherche Scientifique (CNRS)")
    assert cnrs is not None and cnrs == _org_of(
        "RCN-116543", "CENTRE NATIONAL DE LA RECHERCHE SCIENTIFIQUE"
    )
    assert _org_of("RCN-116003", "CENTRE NATIONAL DE LA RECHERCHE SCIENTIFIQUE") == cnrs
    qub = _org_of("RCN-116003", "THE QUEEN'S UNIVERSITY OF BELFAST")
    assert qub is not None and qub == _org_of("RCN-116222", "THE QUEENS UNIVERSITY OF BELFAST")
    assert qub.kind == "university" and qub.country.iso2 == "GB"  # type: ignore[union-attr]
    fraunhofer = "FRAUNHOFER-GESELLSCHAFT ZUR FOERDERUNG DER ANGEWANDTEN FORSCHUNG E.V"
    assert _org_of("RCN-116064", fraunhofer) == _org_of("RCN-116292", fraunhofer)
    # Kept apart: "MILANO" and "MILAN" are not the same evidence.
    assert _org_of("RCN-116292", "TELECOM ITALIA SPA") != _org_of(
        "RCN-115921", "TELECOM ITALIA S.P.A"
    )
    # A participant without a country keeps its name, unlinked.
    expedita = Participation.objects.get(project__code="RCN-116192", country__isnull=True)
    assert expedita.organisation is None and expedita.name_as_given.startswith("EXPEDITA")
    assert (
        ObjectChange.objects.filter(
            content_type__model="project", request_id="cordis-fp7-import"
        ).count()
        == 8
    )
    entry = ObjectChange.objects.get(content_type__model="project", object_id=str(flame.pk))
    assert len(entry.after["participants"]) == 4

    counts = (Project.objects.count(), Organisation.objects.count(), Participation.objects.count())
    again = _run(users, units)
    assert (again.projects.created, again.projects.updated, again.projects.unchanged) == (0, 0, 8)
    assert (again.organisations.created, again.organisations.updated) == (0, 0)
    assert (again.programmes.created, again.programmes.updated) == (0, 0)
    assert again.participations_written == 0 and not again.changed_anything
    assert counts == (
        Project.objects.count(),
        Organisation.objects.count(),
        Participation.objects.count(),
    )


@pytest.mark.django_db
def test_registry_organisations_are_candidates(units: Any, users: Any) -> None:
    load_countries()
    # As `stcoop import cordis-h2020-orgs` stores Queen's University Belfast.
    qub = Organisation.objects.create(
        name_en="THE QUEEN'S UNIVERSITY OF BELFAST",
        acronyms=["QUB"],
        kind="university",
        country=Country.objects.get(iso2="GB"),
        city="BELFAST",
        owner_unit=units.ministry,
        visibility="public",
    )
    ExternalId.objects.create(organisation=qub, scheme="pic", value="999992013")
    report = _run(users, units)
    assert _org_of("RCN-116003", "THE QUEEN'S UNIVERSITY OF BELFAST") == qub
    assert _org_of("RCN-116222", "THE QUEENS UNIVERSITY OF BELFAST") == qub
    assert report.linked["name and city"] >= 1
    assert Organisation.objects.filter(name_en__icontains="QUEEN").count() == 1


@pytest.mark.django_db
def test_a_changed_file_updates_and_logs(units: Any, users: Any, tmp_path: Path) -> None:
    load_countries()
    _run(users, units)
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    data[0]["title"] = "Persist, revised"
    data[2]["participants"] = data[2]["participants"][:3]
    changed = tmp_path / "fp7.json"
    changed.write_text(json.dumps(data), encoding="utf-8")
    report = _run(users, units, changed)
    assert (report.projects.updated, report.projects.unchanged) == (2, 6)
    assert report.participations_written == 3
    persist = Project.objects.get(code="RCN-115921")
    entry = ObjectChange.objects.filter(object_id=str(persist.pk), action="update").get()
    before = entry.before["title_en"]
    assert before != "Persist, revised"
    assert ("title_en", before, "Persist, revised") in entry.diff()
    assert Project.objects.get(code="RCN-116064").participations.count() == 3


def test_bad_files_name_file_row_and_field(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('[{"id": "1", "title": "x",\n "participants": [}]', encoding="utf-8")
    with pytest.raises(ImportFileError, match=r"^broken\.json: row 2: not valid JSON"):
        read_fp7_file(broken)
    bad_date = tmp_path / "dates.json"
    bad_date.write_text(
        json.dumps([{"id": "7", "title": "T", "start_date": "yesterday", "participants": []}]),
        encoding="utf-8",
    )
    with pytest.raises(ImportFileError, match=r"dates\.json: row 1 \(id RCN-7\): start_date: "):
        read_fp7_file(bad_date)
    not_a_list = tmp_path / "object.json"
    not_a_list.write_text('{"id": 1}', encoding="utf-8")
    with pytest.raises(ImportFileError, match="expected a JSON array of projects"):
        read_fp7_file(not_a_list)
    binary = tmp_path / "binary.json"
    binary.write_bytes(b'[{"id": "1", "title": "\x81\xff"}]')
    with pytest.raises(ImportFileError, match=r"binary\.json: row 1: not UTF-8 text \(byte 0x81\)"):
        read_fp7_file(binary)


@pytest.mark.django_db
def test_cp1252_file_is_read_with_a_warning(units: Any, users: Any, tmp_path: Path) -> None:
    load_countries()
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))[:1]
    data[0]["participants"][0]["name"] = "UNIVERSITÉ DE GENÈVE"
    legacy = tmp_path / "legacy.json"
    legacy.write_bytes(json.dumps(data, ensure_ascii=False).encode("cp1252"))
    report = _run(users, units, legacy)
    assert report.projects.created == 1
    assert any("read as cp1252" in w for w in report.warnings)
    assert Participation.objects.filter(name_as_given="UNIVERSITÉ DE GENÈVE").exists()


@pytest.mark.django_db
def test_a_failure_writes_nothing(units: Any, users: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    load_countries()

    def fail(*_args: Any, **_kwargs: Any) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(Participation.objects, "bulk_create", fail)
    with pytest.raises(RuntimeError, match="disk full"):
        _run(users, units)
    assert not Project.objects.exists()
    assert not Programme.objects.exists()
    assert not Organisation.objects.exists()
    assert not ObjectChange.objects.exists()


@pytest.mark.django_db
def test_cli(units: Any, users: Any, tmp_path: Path) -> None:
    from stcoop.cli.main import create_cli

    load_countries()
    cli = create_cli()
    runner = CliRunner()
    result = runner.invoke(cli, ["import", "cordis-fp7", str(SAMPLE), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "projects: 8 would be created" in result.output and not Project.objects.exists()
    result = runner.invoke(cli, ["import", "cordis-fp7", str(SAMPLE)])
    assert result.exit_code == 0, result.output
    assert "projects: 8 created" in result.output
    assert "participants not linked to an organisation (no country): 1" in result.output
    assert Project.objects.get(code="RCN-116064").owner_unit.name_en == "Reference data"
    result = runner.invoke(cli, ["import", "cordis-fp7", str(SAMPLE)])
    assert "projects: 0 created, 0 updated, 8 unchanged" in result.output
    broken = tmp_path / "broken.json"
    broken.write_text("[", encoding="utf-8")
    result = runner.invoke(cli, ["import", "cordis-fp7", str(broken)])
    assert result.exit_code != 0
    assert "broken.json: row 1: not valid JSON" in result.output


@pytest.mark.skipif(
    not REAL.exists() and os.environ.get("CI", "").lower() != "true",
    reason="the CORDIS file /work/shared/data/cordis/fp7-projects-dev.json is not here",
)
@pytest.mark.django_db
def test_import_real_file(units: Any, users: Any) -> None:
    load_countries()
    first = _run(users, units, REAL)
    assert (first.rows, first.participants) == (700, 4353)
    assert first.projects.created == 700 and first.participations_written == 4353
    assert first.not_linked == {"no country": 1}
    assert 2000 < first.organisations.created < 2400  # 4,352 linked participants
    cnrs = Organisation.objects.filter(
        name_en__icontains="RECHERCHE SCIENTIFIQUE", country__iso2="FR"
    )
    assert cnrs.filter(participations__name_as_given__contains="(CNRS)").distinct().count() == 1
    second = _run(users, units, REAL)
    assert (second.projects.created, second.projects.updated, second.projects.unchanged) == (
        0,
        0,
        700,
    )
    assert not second.changed_anything and second.participations_written == 0


def test_skipped_records_are_counted_with_reasons(tmp_path: Path) -> None:
    from stcoop.projects.importers.writing import ProjectImportReport

    path = tmp_path / "skips.json"
    people = [{"name": "", "country": "DE"}, {"name": "TRIAD AS", "country": "NO"}]
    path.write_text(
        json.dumps(
            [
                {"id": "1", "title": "One", "participants": people},
                {"id": "1", "title": "One again", "participants": []},
                {"id": "2", "title": "", "participants": []},
            ]
        ),
        encoding="utf-8",
    )
    report = ProjectImportReport(source="cordis-fp7")
    projects = read_fp7_file(path, report)
    assert [p.code for p in projects] == ["RCN-1"] and len(projects[0].participants) == 1
    assert report.skipped == {"project ID twice in the file": 1, "no title": 1}
    assert report.skipped_participants == {"no name": 1}
    summary = report.summary()
    assert "skipped (no title): 1" in summary and "participants skipped (no name): 1" in summary


def test_gbk_file_is_read_with_a_warning(tmp_path: Path) -> None:
    from stcoop.projects.importers.writing import ProjectImportReport

    path = tmp_path / "gbk.json"
    title = "丂中欧合作项目"
    path.write_bytes(json.dumps([{"id": "9", "title": title}], ensure_ascii=False).encode("gbk"))
    report = ProjectImportReport(source="cordis-fp7")
    assert read_fp7_file(path, report)[0].title_en == title
    assert report.warnings == [
        "gbk.json: the file is not UTF-8; it was read as gbk: check that accented names "
        "look right, or save the file as UTF-8"
    ]
