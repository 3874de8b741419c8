"""``stcoop import norway-h2020``: Horizon 2020 participations of Norwegian organisations
(Research Council of Norway CSV; a sample of the real file here, the real file when it
is present)."""

from __future__ import annotations

import datetime
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from projects.test_import_fp7 import load_countries
from stcoop.core.models import ObjectChange
from stcoop.geo.models import Country
from stcoop.organisations.models import ExternalId, Organisation
from stcoop.projects.importers.norway import norway_import, read_norway_file
from stcoop.projects.importers.reading import (
    ImportFileError,
    ValueProblem,
    decimal_amount,
    norwegian_date,
)
from stcoop.projects.importers.writing import ProjectImportReport
from stcoop.projects.models import Participation, Programme, Project

SAMPLE = Path(__file__).parent / "data" / "norway-h2020-sample.csv"
REAL = Path("/work/shared/data/cordis/norway-h2020-participations.csv")


def _run(users: Any, units: Any, path: Path = SAMPLE, dry_run: bool = False) -> Any:
    return norway_import(
        actor=users.platform_admin, owner_unit=units.ministry, path=path, dry_run=dry_run
    )


def _by_number(number: str) -> Organisation:
    return ExternalId.objects.get(scheme="brreg", value=number).organisation


def _registry_org(units: Any, name: str, city: str, pic: str) -> Organisation:
    """An organisation as `stcoop import cordis-h2020-orgs` stores it."""
    org = Organisation.objects.create(
        name_en=name,
        kind="institute",
        country=Country.objects.get(iso2="NO"),
        city=city,
        owner_unit=units.ministry,
        visibility="public",
    )
    ExternalId.objects.create(organisation=org, scheme="pic", value=pic)
    return org


def test_values() -> None:
    assert norwegian_date("25.05.2020 00:00") == datetime.date(2020, 5, 25)
    assert norwegian_date("1.6.2020") == datetime.date(2020, 6, 1)
    assert norwegian_date("") is None
    with pytest.raises(ValueProblem, match=r'"31\.02\.2020" is not a date \(DD\.MM\.YYYY\)'):
        norwegian_date("31.02.2020")
    with pytest.raises(ValueProblem):
        norwegian_date("2020-05-25")
    assert decimal_amount("626199.99999984") == Decimal("626200.00")
    assert decimal_amount("3518202,75") == Decimal("3518202.75")
    assert decimal_amount("3 518 202,75") == decimal_amount("3.518.202,75") == Decimal("3518202.75")
    assert decimal_amount("") is None
    with pytest.raises(ValueProblem, match="is not an amount"):
        decimal_amount("12 EUR")


def test_read_sample() -> None:
    report = ProjectImportReport(source="norway-h2020")
    programmes, projects = read_norway_file(SAMPLE, report)
    assert (report.rows, report.participants) == (13, 13)
    assert [p.code for p in programmes] == [
        "H2020",
        "EU.2.",
        "EU.3.",
        "EU.2.1.",
        "EU.3.5.",
        "EURATOM",
        "EU.2.1.1.",
    ]
    level1 = programmes[-1]
    assert (level1.parent_code, level1.acronym, level1.name_en) == (
        "EU.2.1.",
        "LEIT-ICT",
        "Information and Communication Technologies",
    )
    change2twin = next(p for p in projects if p.code == "951956")
    assert change2twin.programme_code == "EU.2.1.1."
    assert (change2twin.start_date, change2twin.end_date) == (
        datetime.date(2020, 6, 1),
        datetime.date(2024, 5, 31),
    )
    assert change2twin.status == "signed" and change2twin.call_identifier == "H2020-DT-2019-2"
    assert change2twin.topic.startswith("DT-ICT-03-2020: I4MS (phase 4)")
    sintef = change2twin.participants[0]
    assert (sintef.name, sintef.role, sintef.amount, sintef.city) == (
        "SINTEF AS",
        "coordinator",
        Decimal("3518202.75"),
        "Trondheim",
    )
    assert sintef.ids == [("brreg", "919303808")] and sintef.kind == "institute"
    enact = next(p for p in projects if p.code == "780351")
    assert [p.order for p in enact.participants] == [1, 6, 12, 13]
    euroq = next(p for p in projects if p.code == "101003805")
    unknown = next(p for p in euroq.participants if p.name == "ukjent")
    assert not unknown.linkable and unknown.ids == []
    assert next(p for p in projects if p.code == "899990").programme_code == "EURATOM"


@pytest.mark.django_db
def test_import_sample(units: Any, users: Any) -> None:
    load_countries()
    niva = _registry_org(units, "NORSK INSTITUTT FOR VANNFORSKNING", "OSLO", "997826585")
    ife = _registry_org(units, "INSTITUTT FOR ENERGITEKNIKK", "KJELLER", "999455603")
    dry = _run(users, units, dry_run=True)
    assert dry.projects.created == 4 and not Project.objects.exists()
    assert not ExternalId.objects.filter(scheme="brreg").exists()

    report = _run(users, units)
    assert (report.programmes.created, report.projects.created) == (7, 4)
    assert report.participations_written == 13
    assert report.not_linked == {"name unknown": 1}
    tree = Programme.objects.get(code="EU.2.1.1.")
    assert [tree.parent.code, tree.parent.parent.code, tree.parent.parent.parent.code] == [  # type: ignore[union-attr]
        "EU.2.1.",
        "EU.2.",
        "H2020",
    ]
    assert Programme.objects.get(code="H2020").funder.name_en == "European Commission"  # type: ignore[union-attr]
    enact = Project.objects.get(code="780351")
    assert (enact.acronym, enact.source, enact.status) == ("ENACT", "norway-h2020", "signed")
    coordinator = enact.participations.get(role="coordinator")
    assert coordinator.funding_amount == Decimal("1184756.25") and coordinator.currency == "EUR"
    assert coordinator.country.iso2 == "NO" and coordinator.city == "Trondheim"  # type: ignore[union-attr]

    # Same organisation number in two projects: one organisation.
    sintef = _by_number("919303808")
    assert sintef.participations.count() == 2 and sintef.kind == "institute"
    # Two "TELLU AS" in Asker with different numbers stay two organisations.
    assert _by_number("989743295") != _by_number("917519919")
    # Matched by name and city to a registry record, which gets the number.
    assert _by_number("855869942") == niva
    entry = ObjectChange.objects.get(object_id=str(niva.pk), action="update")
    assert "brreg:855869942" in entry.after["external_ids"]
    assert "brreg:855869942" not in entry.before["external_ids"]
    # Same name, another municipality (Kjeller is in Lillestrøm): kept apart.
    assert _by_number("959432538") != ife
    assert _by_number("959432538").city == "Lillestrøm"
    unknown = Participation.objects.get(name_as_given="ukjent")
    assert unknown.organisation is None and unknown.funding_amount == Decimal("144187.50")

    again = _run(users, units)
    assert (again.projects.created, again.projects.updated, again.projects.unchanged) == (0, 0, 4)
    assert (again.programmes.created, again.programmes.updated) == (0, 0)
    assert again.participations_written == 0 and not again.changed_anything
    assert again.identifiers_added == 0


def _variant(tmp_path: Path, name: str, text: str, encoding: str) -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.django_db
def test_encodings(units: Any, users: Any, tmp_path: Path) -> None:
    load_countries()
    text = SAMPLE.read_text(encoding="utf-8")
    with_bom = _variant(tmp_path, "bom.csv", "\ufeff" + text, "utf-8")
    report = ProjectImportReport(source="norway-h2020")
    assert len(read_norway_file(with_bom, report)[1]) == 4 and not report.warnings
    legacy = _variant(tmp_path, "legacy.csv", text, "cp1252")
    report = _run(users, units, legacy)
    assert report.projects.created == 4
    assert any("not UTF-8; it was read as cp1252" in w for w in report.warnings)
    assert _by_number("959432538").city == "Lillestrøm"


def test_bad_files(tmp_path: Path) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    report = ProjectImportReport(source="norway-h2020")
    no_column = _variant(tmp_path, "cols.csv", text.replace("Kontrakt startdato", "Start"), "utf-8")
    with pytest.raises(
        ImportFileError, match=r"^cols\.csv: row 1: missing column 'Kontrakt startdato'"
    ):
        read_norway_file(no_column, report)
    commas = _variant(tmp_path, "commas.csv", text.replace(";", ","), "utf-8")
    with pytest.raises(ImportFileError, match=r"separated by ';'"):
        read_norway_file(commas, report)
    bad_date = _variant(
        tmp_path, "date.csv", text.replace("01.06.2020 00:00", "31.06.2020"), "utf-8"
    )
    with pytest.raises(
        ImportFileError,
        match=r'^date\.csv: row 2: Kontrakt startdato: "31\.06\.2020" is not a date',
    ):
        read_norway_file(bad_date, report)
    bad_role = _variant(tmp_path, "role.csv", text.replace(";COORDINATOR;", ";LEADER;", 1), "utf-8")
    with pytest.raises(ImportFileError, match=r"role\.csv: row 2: Organisasjon rolle: \"LEADER\""):
        read_norway_file(bad_role, report)
    binary = tmp_path / "gbk.csv"
    binary.write_bytes(text.encode("utf-8")[:200] + b"\x81\xff")
    with pytest.raises(ImportFileError, match=r"gbk\.csv: row 1: not UTF-8 text"):
        read_norway_file(binary, report)


@pytest.mark.django_db
def test_a_number_taken_by_another_source_is_skipped(
    units: Any, users: Any, tmp_path: Path
) -> None:
    load_countries()
    Project.objects.create(
        code="780351",
        title_en="Assessing resilience",
        source="cordis-fp7",
        owner_unit=units.ministry,
    )
    report = _run(users, units)
    assert report.skipped == {"project number used by a project from cordis-fp7": 1}
    assert report.projects.created == 3
    assert Project.objects.get(code="780351").title_en == "Assessing resilience"
    assert "skipped (project number used by a project from cordis-fp7): 1" in report.summary()


@pytest.mark.django_db
def test_cli(units: Any, users: Any, tmp_path: Path) -> None:
    from stcoop.cli.main import create_cli

    load_countries()
    cli = create_cli()
    runner = CliRunner()
    result = runner.invoke(cli, ["import", "norway-h2020", str(SAMPLE), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "projects: 4 would be created" in result.output and not Project.objects.exists()
    result = runner.invoke(cli, ["import", "norway-h2020", str(SAMPLE)])
    assert result.exit_code == 0, result.output
    assert "programmes: 7 created" in result.output
    assert "participants not linked to an organisation (name unknown): 1" in result.output
    bad = tmp_path / "bad.csv"
    bad.write_text("Prosjektnr;Title\n1;x\n", encoding="utf-8")
    result = runner.invoke(cli, ["import", "norway-h2020", str(bad)])
    assert result.exit_code != 0 and "bad.csv: row 1: missing column" in result.output
    assert Project.objects.count() == 4


@pytest.mark.skipif(
    not REAL.exists() and os.environ.get("CI", "").lower() != "true",
    reason="the file /work/shared/data/cordis/norway-h2020-participations.csv is not here",
)
@pytest.mark.django_db
def test_import_real_file(units: Any, users: Any) -> None:
    load_countries()
    first = _run(users, units, REAL)
    assert (first.rows, first.participants) == (2931, 2931)
    assert first.projects.created == 1957 and first.participations_written == 2931
    assert first.not_linked == {"name unknown": 3}
    # 692 organisation numbers, one organisation each.
    assert first.organisations.created == 692 + 1  # and the European Commission
    assert ExternalId.objects.filter(scheme="brreg").count() == 692
    second = _run(users, units, REAL)
    assert (second.projects.created, second.projects.updated, second.projects.unchanged) == (
        0,
        0,
        1957,
    )
    assert not second.changed_anything and second.participations_written == 0


def test_norwegian_organisation_number() -> None:
    from stcoop.organisations.identifiers import IdentifierError, link, normalise

    assert normalise("brreg", "919 303 808") == "919303808"
    with pytest.raises(IdentifierError, match="check digit"):
        normalise("brreg", "919303809")
    with pytest.raises(IdentifierError, match="9 digits"):
        normalise("brreg", "91930380")
    assert link("brreg", "919303808").endswith("/enheter/919303808")
