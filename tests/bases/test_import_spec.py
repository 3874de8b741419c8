"""The ``bases`` and ``base-reports`` import specs: errors by row and column, decisions,
permissions, and export → import again reporting everything unchanged."""

from __future__ import annotations

import decimal
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import timezone, translation

from bases.factories import make_base, make_report
from organisations.factories import OrganisationFactory, make_country
from stcoop.bases.choices import BaseStatus, ReportStatus
from stcoop.bases.models import CooperationBase, SelfReport
from stcoop.bases.services import base_status_change, report_create, report_submit
from stcoop.core.imports.exporting import export_file
from stcoop.core.imports.reading import Table, read_table
from stcoop.core.imports.run import import_apply, import_preview
from stcoop.core.imports.spec import ImportSpec, get_spec

pytestmark = pytest.mark.django_db

LAST_YEAR = timezone.localdate().year - 1


def _table(text: str) -> Table:
    lines = [line.split(",") for line in text.strip().splitlines()]
    return Table("bases.csv", lines[0], lines[1:])


def _spec(name: str) -> ImportSpec:
    spec = get_spec(name)
    assert spec is not None
    return spec


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def countries() -> None:
    make_country("CN", "CHN", "China", "中国")
    make_country("DE", "DEU", "Germany", "德国")
    make_country("TH", "THA", "Thailand", "泰国")


def test_preview_names_row_and_column_of_errors(countries: Any, units: Any, users: Any) -> None:
    table = _table(
        "基地名称,类型,省份,合作国家,认定日期\n"
        "好基地,joint_laboratory,广东,DE; TH,\n"
        "坏类型,spaceship,广东,,\n"
        "坏省份,joint_laboratory,Atlantis,,\n"
        "坏国家,joint_laboratory,GD,Narnia,\n"
        "坏日期,joint_laboratory,GD,,2020-13-01\n"
    )
    preview = import_preview(_spec("bases"), table, users.ministry_admin)
    problems = [str(p) for p in preview.problems]
    assert [p.row for p in preview.problems] == [3, 4, 5, 6], problems
    assert problems[0].startswith("row 3, column 类型: 'spaceship' is not a kind of base")
    assert problems[1] == "row 4, column 省份: 'Atlantis' is not a province of China"
    assert problems[2] == "row 5, column 合作国家: 'Narnia' is not a known country code or name"
    assert problems[3] == "row 6, column 认定日期: '2020-13-01' is not a date written as YYYY-MM-DD"
    assert preview.created == 1
    assert not CooperationBase.objects.exists()


def test_base_manager_imports_applications_not_decisions(
    countries: Any, units: Any, users: Any
) -> None:
    spec = _spec("bases")
    decided = _table("name_zh,kind,province,status\n新基地,joint_laboratory,CN-GD,designated\n")
    preview = import_preview(spec, decided, users.base_manager)
    assert preview.failed == 1
    assert "ministry and platform administrators" in str(preview.problems[0])
    other_unit = _table(
        f"name_zh,kind,province,owner_unit\n新基地,joint_laboratory,CN-GD,{units.enterprise.pk}\n"
    )
    assert "may not add bases" in str(
        import_preview(spec, other_unit, users.base_manager).problems[0]
    )
    plain = _table("name_zh,kind,province,fields\n新基地,Joint laboratory,广东省,材料; 能源\n")
    report = import_apply(spec, plain, users.base_manager)
    assert report.applied and report.created == 1
    base = CooperationBase.objects.get(name_zh_hans="新基地")
    assert (base.owner_unit, base.status, base.disciplines) == (
        units.base,
        BaseStatus.APPLIED,
        ["材料", "能源"],
    )


def test_status_column_records_decisions_along_allowed_moves(
    countries: Any, units: Any, users: Any
) -> None:
    spec = _spec("bases")
    make_base(units.base, "东盟中心", status=BaseStatus.DESIGNATED)
    illegal = _table("name_zh,status\n东盟中心,revoked\n")
    preview = import_preview(spec, illegal, users.ministry_admin)
    assert "cannot become revoked" in str(preview.problems[0])
    legal = _table("name_zh,status\n东盟中心,under evaluation\n")
    report = import_apply(spec, legal, users.ministry_admin)
    assert report.applied and report.updated == 1, report.all_errors
    base = CooperationBase.objects.get(name_zh_hans="东盟中心")
    assert base.status == BaseStatus.UNDER_EVALUATION
    assert base.status_changes.last().reason  # type: ignore[union-attr]


def test_bases_round_trip(countries: Any, units: Any, users: Any) -> None:
    from stcoop.geo.models import Country

    host = OrganisationFactory(owner_unit=units.ministry, name_en="Host, University")
    partner = OrganisationFactory(owner_unit=units.ministry)
    base = make_base(
        units.base,
        "东盟中心",
        name_en='China-ASEAN "TT" Centre',
        acronym="CATTC",
        host_organisation=host,
        province="CN-GX",
        city="南宁",
        disciplines=["技术转移", "农业"],
        designating_body="科学技术部",
        batch="2013年",
        website="https://example.org/cattc",
        description_zh_hans="多行\n简介",
        description_en="Line one, with comma",
    )
    base_status_change(actor=users.ministry_admin, base=base, status="designated")
    base.partner_countries.set(Country.objects.filter(iso2__in=["TH", "DE"]))
    base.partner_organisations.set([partner])
    make_base(
        units.enterprise,
        "德国研发中心",
        kind="overseas_rd_centre",
        province="",
        country=Country.objects.get(iso2="DE"),
        visibility="internal",
    )
    spec = _spec("bases")
    for fmt in ("csv", "xlsx", "json"):
        data, count = export_file(spec, users.ministry_admin, fmt)
        assert count == 2
        table = read_table(data, f"bases.{fmt}")
        report = import_apply(spec, table, users.ministry_admin)
        assert report.applied, report.all_errors
        assert (report.created, report.updated, report.unchanged) == (0, 0, 2), fmt
    data, count = export_file(spec, users.base_manager, "csv")
    assert count == 1  # the other unit's internal base is not exported to the manager
    assert "东盟中心" in data.decode("utf-8-sig")


def test_reports_import_and_round_trip(countries: Any, units: Any, users: Any) -> None:
    base = make_base(units.base, "东盟中心", status=BaseStatus.DESIGNATED)
    spec = _spec("base-reports")
    table = Table(
        "r.csv",
        ["基地", "年度", "培训人数", "中央财政经费", "status"],
        [
            ["东盟中心", str(LAST_YEAR), "120", "1,500,000.5", "submitted"],
            [str(base.pk), str(LAST_YEAR - 1), "-3", "0", ""],
            [str(base.pk), str(LAST_YEAR + 2), "1", "0", ""],
            ["无此基地", str(LAST_YEAR), "1", "0", ""],
        ],
    )
    preview = import_preview(spec, table, users.base_manager)
    problems = [str(p) for p in preview.problems]
    assert problems[0] == "row 3, column 培训人数: '-3' is not a whole number of 0 or more"
    assert problems[1].startswith("row 4, column 年度: ")
    assert problems[2].startswith("row 5, column 基地: no cooperation base")
    good = Table("r.csv", table.header, table.rows[:1])
    report = import_apply(spec, good, users.base_manager)
    assert report.applied and report.created == 1, report.all_errors
    stored = SelfReport.objects.get(base=base, year=LAST_YEAR)
    assert stored.status == ReportStatus.SUBMITTED
    assert stored.funding_central == decimal.Decimal("1500000.50")
    # A submitted report cannot be changed by its authors, and only reviewers accept.
    changed = Table(
        "r.csv", ["base", "year", "people_trained"], [[str(base.pk), str(LAST_YEAR), "5"]]
    )
    assert "can no longer be changed" in str(
        import_preview(spec, changed, users.base_manager).problems[0]
    )
    accept = Table(
        "r.csv", ["base", "year", "status"], [[str(base.pk), str(LAST_YEAR), "accepted"]]
    )
    assert "review" in str(import_preview(spec, accept, users.base_manager).problems[0])
    assert import_apply(spec, accept, users.unit_admin).applied
    stored.refresh_from_db()
    assert stored.status == ReportStatus.ACCEPTED
    draft = report_create(actor=users.base_manager, base=base, year=LAST_YEAR - 2, standards=2)
    report_submit(actor=users.base_manager, report=draft)
    make_report(
        base, LAST_YEAR - 3, narrative_zh_hans="多行\n总结", transfer_value=decimal.Decimal("12.3")
    )
    for fmt in ("csv", "xlsx", "json"):
        data, count = export_file(spec, users.ministry_admin, fmt)
        assert count == 3
        again = import_apply(spec, read_table(data, f"r.{fmt}"), users.ministry_admin)
        assert again.applied, again.all_errors
        assert (again.created, again.updated, again.unchanged) == (0, 0, 3), fmt


def test_outsiders_may_not_import_reports(countries: Any, units: Any, users: Any) -> None:
    base = make_base(units.base, "东盟中心", status=BaseStatus.DESIGNATED)
    table = Table("r.csv", ["base", "year"], [[str(base.pk), str(LAST_YEAR)]])
    preview = import_preview(_spec("base-reports"), table, users.org_user)
    assert "may not write reports" in str(preview.problems[0])
    hidden = make_base(units.enterprise, "内部", visibility="internal")
    table = Table("r.csv", ["base", "year"], [[str(hidden.pk), str(LAST_YEAR)]])
    preview = import_preview(_spec("base-reports"), table, users.base_manager)
    assert "No such cooperation base" in str(preview.problems[0])


def test_list_pages_link_to_the_imports(client_for: Any, users: Any) -> None:
    page = client_for(users.base_manager).get("/bases/")
    assert b'href="/import/bases/"' in page.content
    reports = client_for(users.base_manager).get("/bases/reports/")
    assert b'href="/import/base-reports/"' in reports.content
