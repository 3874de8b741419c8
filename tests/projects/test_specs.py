"""The programme, project, participant and output bulk-import specs: preview errors
naming row and column, Chinese headers, apply, permissions, export → import round trip."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.utils import translation

from organisations.factories import OrganisationFactory, make_country
from projects.factories import ProgrammeFactory, ProjectFactory
from stcoop.core.imports.reading import Table
from stcoop.core.imports.run import import_apply, import_preview
from stcoop.core.imports.spec import ImportSpec, get_spec
from stcoop.organisations.models import ExternalId
from stcoop.projects.models import BudgetLine, Output, Participation, Programme, Project

pytestmark = pytest.mark.django_db


def _table(text: str, name: str = "file.csv") -> Table:
    lines = [line.split(",") for line in text.strip().splitlines()]
    return Table(name, lines[0], lines[1:])


def _spec(name: str) -> ImportSpec:
    spec = get_spec(name)
    assert spec is not None
    return spec


@pytest.fixture
def world(units: Any) -> Iterator[dict[str, Any]]:
    china = make_country("CN", "CHN", "China", "中国")
    germany = make_country("DE", "DEU", "Germany", "德国")
    make_country("TH", "THA", "Thailand", "泰国")
    thu = OrganisationFactory(
        owner_unit=units.ministry, name_en="Tsinghua University", country=china
    )
    ExternalId.objects.create(organisation=thu, scheme="ror", value="03cve4549")
    mpg = OrganisationFactory(
        owner_unit=units.ministry, name_en="Max Planck Society", country=germany
    )
    ExternalId.objects.create(organisation=mpg, scheme="pic", value="999999999")
    with translation.override("en"):
        yield {"thu": thu, "mpg": mpg, "china": china, "germany": germany}


def test_programmes_and_projects_apply_then_unchanged(world: Any, units: Any, users: Any) -> None:
    unit = units.ministry.pk
    programmes = (
        "编号,中文名称,name_en,上级计划,状态,预算,owner_unit,visibility\n"
        "NAT,国家专项,National programme,,Running,"
        f"central:2024:1000 CNY; Local government::50.5 CNY,{unit},public\n"
        f"NAT-EU,中欧专题,,NAT,open,,{unit},public\n"
    )
    report = import_apply(_spec("programmes"), _table(programmes), users.ministry_admin)
    assert report.applied, report.all_errors
    assert report.created == 2
    nat = Programme.objects.get(code="NAT")
    assert nat.status == "running" and nat.visibility == "public"
    assert [(b.source, b.year, b.amount) for b in nat.budget_lines.all()] == [
        ("central", 2024, Decimal("1000.00")),
        ("local", None, Decimal("50.50")),
    ]
    assert Programme.objects.get(code="NAT-EU").parent == nat
    again = import_apply(_spec("programmes"), _table(programmes), users.ministry_admin)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)

    projects = (
        "项目编号,项目名称,title_en,所属计划,开始日期,学科,关键词,总经费,币种,经费来源,owner_unit\n"
        "2024YFE01,光钟,Clocks,NAT-EU,2024-01-01,物理学;Physics,time,3000,cny,"
        f"central:2024:2000 CNY,{unit}\n"
        f"2024YFE02,水稻,,NAT,2024-05-01,,,,,,{unit}\n"
    )
    report = import_apply(_spec("projects"), _table(projects), users.ministry_admin)
    assert report.applied, report.all_errors
    clocks = Project.objects.get(code="2024YFE01")
    assert clocks.disciplines == ["物理学", "Physics"] and clocks.currency == "CNY"
    assert clocks.start_date == datetime.date(2024, 1, 1)
    assert clocks.funding.get().amount == Decimal("2000.00")
    again = import_apply(_spec("projects"), _table(projects), users.ministry_admin)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    changed = import_apply(
        _spec("projects"), _table(projects.replace("2000 CNY", "2500 CNY")), users.ministry_admin
    )
    assert (changed.created, changed.updated) == (0, 1)
    assert clocks.funding.get().amount == Decimal("2500.00")

    participants = (
        "项目编号,机构,原始名称,角色,国家,资助金额,币种\n"
        "2024YFE01,03cve4549,,Coordinator,,,\n"
        "2024YFE01,999999999,MPG,participant,DE,120000,EUR\n"
        "2024YFE01,,Kasetsart University,partner,Thailand,,\n"
    )
    report = import_apply(_spec("project-participants"), _table(participants), users.ministry_admin)
    assert report.applied, report.all_errors
    rows = list(clocks.participations.all())
    assert [(p.role, p.country.iso2 if p.country else "") for p in rows] == [
        ("coordinator", "CN"),  # the organisation's country
        ("participant", "DE"),
        ("partner", "TH"),
    ]
    again = import_apply(_spec("project-participants"), _table(participants), users.ministry_admin)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)

    outputs = (
        "项目编号,成果类型,成果名称,年份,合同金额,币种,培训人数,合作国家\n"
        "2024YFE01,Technology-transfer contract,Licence,2025,1000,usd,,DE\n"
        "2024YFE01,people_trained,Students,2025,,,12,\n"
    )
    report = import_apply(_spec("project-outputs"), _table(outputs), users.ministry_admin)
    assert report.applied, report.all_errors
    assert clocks.outputs.get(kind="transfer_contract").currency == "USD"
    again = import_apply(_spec("project-outputs"), _table(outputs), users.ministry_admin)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_preview_errors_name_row_and_column(world: Any, units: Any, users: Any) -> None:
    ProjectFactory(owner_unit=units.ministry, code="KNOWN")
    hidden = ProjectFactory(owner_unit=units.enterprise, code="HIDDEN", visibility="internal")
    table = _table(
        "project,organisation,name_as_given,role,country,funding\n"
        "NOPE,,Someone,participant,CN,\n"
        "KNOWN,,Someone,participant,Atlantis,\n"
        "KNOWN,Nowhere Institute,,participant,,\n"
        "KNOWN,,,participant,DE,\n"
        "KNOWN,,Other,boss,DE,-5\n"
        f"{hidden.code},,Someone,participant,CN,\n"
    )
    preview = import_preview(_spec("project-participants"), table, users.ministry_admin)
    problems = [str(p) for p in preview.problems]
    assert problems[0] == "row 2, column project: No project has the number NOPE."
    assert problems[1] == "row 3, column country: 'Atlantis' is not a known country code or name"
    assert problems[2].startswith("row 4, column organisation: no organisation has")
    assert problems[3] == "row 5, column organisation: Choose an organisation or give its name."
    assert problems[4].startswith("row 6, column role: 'boss' is not a role")
    assert problems[5] == "row 6, column funding: An amount cannot be negative."
    assert len(problems) == 6  # the ministry administrator sees the hidden project
    as_base = import_preview(_spec("project-participants"), table, users.base_manager)
    assert str(as_base.problems[-1]) == "row 7, column project: No project has the number HIDDEN."
    assert not Participation.objects.exists()

    outputs = _table(
        "project,kind,title,value,currency,quantity\n"
        "KNOWN,publication,Paper,5,CNY,\n"
        "KNOWN,people_trained,Course,,,\n"
        "KNOWN,patent,P1,,,\n"
        "KNOWN,patent,P1,,,\n"
    )
    preview = import_preview(_spec("project-outputs"), outputs, users.ministry_admin)
    problems = [str(p) for p in preview.problems]
    assert problems == [
        "row 2, column value: Only technology-transfer contracts have a value.",
        "row 3, column quantity: Give how many people were trained.",
        "row 5, column project: the same output is already in row 4",
    ]
    projects = _table("code,title_en,programme,status\nX1,T,NOPE,ongoing\nX2,,,\n")
    preview = import_preview(_spec("projects"), projects, users.ministry_admin)
    assert [str(p) for p in preview.problems] == [
        "row 2, column programme: No programme has the code NOPE.",
        "row 3, column title_zh: Give the title in Chinese, in English or in both.",
    ]


def test_import_permissions(world: Any, units: Any, users: Any) -> None:
    project = ProjectFactory(owner_unit=units.ministry, code="MIN")
    table = _table("project,kind,title\nMIN,patent,P\n")
    preview = import_preview(_spec("project-outputs"), table, users.org_user)
    assert preview.failed == 1 and "permission" in str(preview.problems[0])
    own = _table(f"code,title_en,owner_unit\nENT-1,Mine,{units.enterprise.pk}\nENT-2,Default,\n")
    report = import_apply(_spec("projects"), own, users.org_user)
    assert report.applied, report.all_errors
    assert set(
        Project.objects.filter(code__startswith="ENT").values_list("owner_unit", flat=True)
    ) == {units.enterprise.pk}
    other = _table(f"code,title_en,owner_unit\nENT-3,Theirs,{units.ministry.pk}\n")
    assert "may not add records" in str(
        import_preview(_spec("projects"), other, users.org_user).problems[0]
    )
    assert not _spec("projects").may_import(None)
    assert not Output.objects.filter(project=project).exists()


def _export_table(spec: ImportSpec, actor: Any) -> Table:
    records = spec.export_queryset(actor)
    assert records is not None
    header = [c.name for c in spec.columns]
    rows = [[spec.export_values(r).get(name, "") for name in header] for r in records]
    return Table(f"{spec.name}.csv", header, rows)


def test_export_then_import_changes_nothing(world: Any, units: Any, users: Any) -> None:
    top = ProgrammeFactory(owner_unit=units.ministry, code="TOP", funder=world["thu"])
    sub = ProgrammeFactory(
        owner_unit=units.province,
        code="SUB",
        parent=top,
        status="open",
        start_date=datetime.date(2024, 1, 1),
        description_en="Line one\nline two",
        visibility="internal",
    )
    BudgetLine.objects.create(programme=top, source="central", year=2024, amount=Decimal("10.5"))
    BudgetLine.objects.create(programme=top, source="foreign", amount=Decimal("3"), currency="EUR")
    project = ProjectFactory(
        owner_unit=units.province,
        code="P-1",
        programme=sub,
        keywords=["a", "b"],
        disciplines=["Physics"],
        total_cost=Decimal("12345.67"),
        website="https://example.org/p1",
        end_date=datetime.date(2026, 6, 30),
    )
    project.funding.create(source="local", year=2025, amount=Decimal("99.99"))
    Participation.objects.create(
        project=project, organisation=world["thu"], role="coordinator", country=world["china"]
    )
    Participation.objects.create(
        project=project, organisation=world["mpg"], funding_amount=Decimal("5"), currency="EUR"
    )
    Participation.objects.create(project=project, name_as_given="Uni Lisboa", city="Lisboa")
    unlinked = OrganisationFactory(owner_unit=units.ministry, name_en="Only By Name")
    Participation.objects.create(project=project, organisation=unlinked)
    Output.objects.create(
        project=project,
        kind="transfer_contract",
        title="L",
        value=Decimal("7"),
        currency="USD",
        year=2024,
    )
    Output.objects.create(
        project=project,
        kind="people_trained",
        title="S",
        quantity=4,
        partner_country=world["germany"],
    )
    Output.objects.create(
        project=project, kind="patent", title="P", identifier="CN1", url="https://example.org/x"
    )
    for name, count in (
        ("programmes", 2),
        ("projects", 1),
        ("project-participants", 4),
        ("project-outputs", 3),
    ):
        spec = _spec(name)
        table = _export_table(spec, users.platform_admin)
        assert len(table.rows) == count, name
        report = import_apply(spec, table, users.platform_admin)
        assert report.applied, (name, report.all_errors)
        assert (report.created, report.updated, report.unchanged) == (0, 0, count), name
    # What an actor may not see is not exported.
    assert list(_spec("programmes").export_queryset(None) or []) == [top]
    # The export of a changed record reports the change when imported back.
    table = _export_table(_spec("projects"), users.platform_admin)
    Project.objects.filter(pk=project.pk).update(total_cost=Decimal("1"))
    report = import_apply(_spec("projects"), table, users.platform_admin)
    assert report.updated == 1
    assert Project.objects.get(pk=project.pk).total_cost == Decimal("12345.67")


def test_template_and_list_links(users: Any, client_for: Any) -> None:
    page = client_for(users.org_user).get("/projects/")
    assert b'href="/import/projects/"' in page.content
    page = client_for(users.org_user).get("/projects/programmes/")
    assert b'href="/import/programmes/"' in page.content
    for name in ("programmes", "projects", "project-participants", "project-outputs"):
        template = client_for(users.org_user).get(f"/import/{name}/template.csv")
        assert template.status_code == 200, name
        upload = client_for(users.org_user).get(f"/import/{name}/")
        assert upload.status_code == 200, name
