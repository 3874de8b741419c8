"""Programme and project pages: filters, list, export, details, forms and child rows."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from organisations.factories import OrganisationFactory, make_country
from projects.factories import ProgrammeFactory, ProjectFactory
from stcoop.projects.filtersets import ProjectFilterSet
from stcoop.projects.models import (
    BudgetLine,
    Output,
    Participation,
    Programme,
    Project,
    ProjectFunding,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(units: Any) -> dict[str, Any]:
    china = make_country("CN", "CHN", "China", "中国")
    germany = make_country("DE", "DEU", "Germany", "德国")
    thailand = make_country("TH", "THA", "Thailand", "泰国")
    thu = OrganisationFactory(
        owner_unit=units.ministry, name_en="Tsinghua University", country=china
    )
    mpg = OrganisationFactory(
        owner_unit=units.ministry, name_en="Max Planck Society", country=germany
    )
    hidden = OrganisationFactory(
        owner_unit=units.enterprise, name_en="Secret Partner Ltd", visibility="internal"
    )
    national = ProgrammeFactory(owner_unit=units.ministry, code="NAT", name_en="National")
    eu = ProgrammeFactory(
        owner_unit=units.ministry, code="NAT-EU", name_en="EU theme", parent=national
    )
    gd = ProgrammeFactory(owner_unit=units.province, code="GD", name_en="Guangdong")
    clock = ProjectFactory(
        owner_unit=units.ministry,
        code="2021YFE01",
        acronym="CLOCK",
        title_zh_hans="光钟网络",
        title_en="Optical clock network",
        programme=eu,
        status="completed",
        start_date=datetime.date(2021, 9, 1),
        disciplines=["Physics"],
        keywords=["time transfer"],
    )
    rice = ProjectFactory(
        owner_unit=units.province,
        code="GD2024",
        title_zh_hans="耐盐水稻",
        title_en="Salt-tolerant rice",
        programme=gd,
        status="ongoing",
        start_date=datetime.date(2024, 3, 1),
        disciplines=["Agricultural science"],
    )
    Participation.objects.create(project=clock, organisation=thu, role="coordinator", country=china)
    Participation.objects.create(
        project=clock,
        organisation=mpg,
        country=germany,
        funding_amount=Decimal("500"),
        currency="EUR",
    )
    Participation.objects.create(
        project=clock,
        organisation=hidden,
        country=germany,
        funding_amount=Decimal("250"),
        currency="EUR",
    )
    Participation.objects.create(
        project=rice, name_as_given="Kasetsart University", role="partner", country=thailand
    )
    ProjectFunding.objects.create(
        project=clock, source="central", amount=Decimal("1000"), currency="CNY"
    )
    ProjectFunding.objects.create(
        project=clock, source="central", amount=Decimal("500"), currency="CNY"
    )
    ProjectFunding.objects.create(
        project=clock, source="foreign", amount=Decimal("300"), currency="EUR"
    )
    Output.objects.create(
        project=clock,
        kind="transfer_contract",
        title="Licence A",
        value=Decimal("100"),
        currency="CNY",
    )
    Output.objects.create(
        project=clock,
        kind="transfer_contract",
        title="Licence B",
        value=Decimal("250"),
        currency="CNY",
    )
    Output.objects.create(project=clock, kind="people_trained", title="PhD students", quantity=4)
    Output.objects.create(project=clock, kind="people_trained", title="Engineers", quantity=7)
    Output.objects.create(project=clock, kind="joint_lab", title="Joint clock lab")
    BudgetLine.objects.create(
        programme=eu, source="central", year=2024, amount=Decimal("1000"), currency="CNY"
    )
    BudgetLine.objects.create(programme=eu, source="foreign", amount=Decimal("80"), currency="EUR")
    return locals()


def _codes(params: dict[str, Any]) -> set[str]:
    filterset = ProjectFilterSet(params, queryset=Project.objects.all())
    assert filterset.is_valid(), filterset.errors
    return {p.code for p in filterset.qs}


def test_filters(data: dict[str, Any], units: Any) -> None:
    assert _codes({"q": "光钟"}) == {"2021YFE01"}
    assert _codes({"q": "clock NETWORK"}) == {"2021YFE01"}
    assert _codes({"q": "gd2024"}) == {"GD2024"}
    assert _codes({"q": "time transfer"}) == {"2021YFE01"}
    assert _codes({"programme": data["national"].pk}) == {"2021YFE01"}  # via its sub-programme
    assert _codes({"programme": data["eu"].pk}) == {"2021YFE01"}
    assert _codes({"programme": data["gd"].pk}) == {"GD2024"}
    assert _codes({"status": ["ongoing", "proposed"]}) == {"GD2024"}
    assert _codes({"country": "TH"}) == {"GD2024"}
    assert _codes({"country": "DE"}) == {"2021YFE01"}
    assert _codes({"organisation": data["mpg"].pk}) == {"2021YFE01"}
    assert _codes({"discipline": "physics"}) == {"2021YFE01"}
    assert _codes({"discipline": "phys"}) == set()
    assert _codes({"start_year_min": 2022}) == {"GD2024"}
    assert _codes({"start_year_max": 2022}) == {"2021YFE01"}
    assert _codes({"start_year_min": 2021, "start_year_max": 2024}) == {"2021YFE01", "GD2024"}
    assert _codes({"owner_unit": units.province.pk}) == {"GD2024"}


def test_list_pages_sort_and_export(
    data: dict[str, Any], users: Any, client_for: Callable[[Any], Any]
) -> None:
    client = client_for(users.platform_admin)
    for sort, first, other in (
        ("title", "Optical clock", "Salt-tolerant"),
        ("-title", "Salt-tolerant", "Optical clock"),
    ):
        content = client.get(f"/projects/?lang=en&sort={sort}").content.decode()
        assert content.index(first) < content.index(other)
    page = client.get("/projects/?lang=en&country=ZZ")
    assert page.status_code == 200 and "Some filters are invalid" in page.content.decode()
    empty = client.get("/projects/?lang=en&q=nothing-like-this").content.decode()
    assert "No projects match these filters." in empty
    csv_text = b"".join(
        client.get(
            "/projects/?lang=en&export=csv&q=clock&columns=code,coordinator,countries,participants"
        ).streaming_content
    ).decode("utf-8-sig")
    assert csv_text.splitlines() == [
        "Project number,Coordinator,Participant countries,Participants",
        '2021YFE01,Tsinghua University,"CN, DE",3',
    ]
    xlsx = client.get("/projects/?lang=en&export=xlsx")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    programmes = client.get("/projects/programmes/?lang=en&columns=code,budget&export=csv")
    lines = b"".join(programmes.streaming_content).decode("utf-8-sig").splitlines()
    assert lines[0] == "Code,Budget"
    assert "NAT-EU,1000.00 CNY; 80.00 EUR" in lines
    assert client.get("/projects/programmes/?lang=en&q=guangdong").status_code == 200


def test_project_detail(data: dict[str, Any], users: Any, client_for: Callable[[Any], Any]) -> None:
    clock = data["clock"]
    content = client_for(users.base_manager).get(f"/projects/{clock.pk}/?lang=en").content.decode()
    assert f'href="/organisations/{data["thu"].pk}/"' in content
    assert "Secret Partner Ltd" not in content
    assert "an organisation you may not see" in content
    assert "750.00 EUR" in content  # participants' funding total
    assert "1,500.00 CNY" in content  # central funding total
    assert "350.00 CNY" in content  # transfer contracts' value
    assert "11 people trained" in content
    assert "Joint clock lab" in content
    assert "/history/projects.project/" in content
    assert f'href="/projects/programmes/{data["eu"].pk}/"' in content
    assert "Edit" not in content.split('data-testid="participants"')[1].split("</section>")[0]


def test_programme_detail(
    data: dict[str, Any], users: Any, client_for: Callable[[Any], Any], settings: Any
) -> None:
    content = (
        client_for(users.org_user)
        .get(f"/projects/programmes/{data['national'].pk}/?lang=en")
        .content.decode()
    )
    assert f'href="/projects/programmes/{data["eu"].pk}/"' in content  # sub-programme
    assert f"/projects/?programme={data['national'].pk}" in content
    content = (
        client_for(users.org_user)
        .get(f"/projects/programmes/{data['eu'].pk}/?lang=en")
        .content.decode()
    )
    assert "Optical clock network" in content
    assert "1,000.00 CNY" in content and "80.00 EUR" in content
    assert "whole run" in content
    for n in range(25):
        ProjectFactory(
            owner_unit=data["clock"].owner_unit, programme=data["gd"], title_en=f"Extra {n}"
        )
    page2 = (
        client_for(users.platform_admin)
        .get(f"/projects/programmes/{data['gd'].pk}/?lang=en&page=2")
        .content.decode()
    )
    assert "Page 2 of 2" in page2


def test_organisation_page_lists_its_projects(
    data: dict[str, Any], users: Any, client_for: Callable[[Any], Any]
) -> None:
    content = client_for(None).get(f"/organisations/{data['mpg'].pk}/?lang=en").content.decode()
    section = content.split('data-testid="organisation-projects"')[1].split("</section>")[0]
    assert "Optical clock network" in section
    data["clock"].visibility = "internal"
    data["clock"].save()
    content = client_for(None).get(f"/organisations/{data['mpg'].pk}/?lang=en").content.decode()
    assert "Optical clock network" not in content


def test_forms_and_child_rows(
    data: dict[str, Any], users: Any, units: Any, client_for: Callable[[Any], Any]
) -> None:
    client = client_for(users.unit_admin)
    response = client.post(
        "/projects/add/?lang=en",
        {
            "title_zh_hans": "珊瑚礁修复",
            "title_en": "Coral restoration",
            "code": "GD2025",
            "programme": data["gd"].pk,
            "status": "signed",
            "currency": "cny",
            "keywords": "coral\n珊瑚",
            "owner_unit": units.province.pk,
            "visibility": "public",
        },
    )
    assert response.status_code == 302, response.content.decode()
    project = Project.objects.get(code="GD2025")
    assert project.keywords == ["coral", "珊瑚"] and project.currency == "CNY"
    bad = client.post(
        "/projects/add/?lang=en",
        {
            "code": "GD2025",
            "status": "signed",
            "currency": "CNY",
            "start_date": "2025-01-01",
            "end_date": "2024-01-01",
            "owner_unit": units.province.pk,
            "visibility": "public",
        },
    )
    assert bad.status_code == 400
    assert "Another record already has the code GD2025." in bad.content.decode()
    base = f"/projects/{project.pk}/"
    assert client.get(base + "participants/add/").status_code == 200
    added = client.post(
        base + "participants/add/?lang=en",
        {
            "organisation": data["mpg"].pk,
            "role": "participant",
            "currency": "EUR",
            "funding_amount": "12.5",
        },
    )
    assert added.status_code == 302
    participation = project.participations.get()
    assert participation.country == data["germany"]  # from the organisation
    empty = client.post(base + "participants/add/?lang=en", {"role": "partner", "currency": "EUR"})
    assert (
        empty.status_code == 400
        and "Choose an organisation or give its name." in empty.content.decode()
    )
    edit = client.post(
        base + f"participants/{participation.pk}/edit/",
        {
            "organisation": data["mpg"].pk,
            "role": "coordinator",
            "currency": "EUR",
            "country": data["germany"].pk,
        },
    )
    assert edit.status_code == 302
    assert Participation.objects.get(pk=participation.pk).role == "coordinator"
    client.post(
        base + "funding/add/",
        {"source": "local", "amount": "100", "currency": "CNY", "year": "2025"},
    )
    wrong = client.post(
        base + "outputs/add/?lang=en",
        {"kind": "publication", "title": "Paper", "value": "5", "currency": "CNY"},
    )
    assert wrong.status_code == 400
    assert "Only technology-transfer contracts have a value." in wrong.content.decode()
    client.post(
        base + "outputs/add/", {"kind": "people_trained", "title": "Divers", "quantity": "9"}
    )
    assert project.funding.get().amount == Decimal("100")
    output = project.outputs.get()
    assert output.quantity == 9
    assert client.post(base + f"outputs/{output.pk}/remove/").status_code == 302
    assert not project.outputs.exists()
    history = client.get(f"/history/projects.project/{project.pk}/?lang=en")
    assert history.status_code == 200 and "Divers" in history.content.decode()

    programme_base = f"/projects/programmes/{data['gd'].pk}/"
    assert (
        client.post(
            programme_base + "budget/add/",
            {"source": "enterprise", "amount": "7", "currency": "USD"},
        ).status_code
        == 302
    )
    line = data["gd"].budget_lines.get()
    client.post(
        programme_base + f"budget/{line.pk}/edit/",
        {"source": "enterprise", "amount": "8", "currency": "USD"},
    )
    assert BudgetLine.objects.get(pk=line.pk).amount == Decimal("8")
    client.post(programme_base + f"budget/{line.pk}/remove/")
    assert not data["gd"].budget_lines.exists()
    # A child row of another project is not reachable through this one.
    other = data["rice"].participations.get()
    assert client.post(base + f"participants/{other.pk}/remove/").status_code == 404

    sub = client.post(
        "/projects/programmes/add/",
        {
            "name_en": "Sub",
            "status": "open",
            "parent": data["gd"].pk,
            "owner_unit": units.province.pk,
            "visibility": "internal",
        },
    )
    assert sub.status_code == 302
    assert Programme.objects.get(name_en="Sub").parent == data["gd"]
    blocked = client.post(f"/projects/programmes/{data['gd'].pk}/delete/?lang=en")
    assert blocked.status_code == 400 and "move or delete them first" in blocked.content.decode()
    assert client.post(f"/projects/{project.pk}/delete/").status_code == 302
    assert not Project.objects.filter(pk=project.pk).exists()


def test_names_of_unseen_related_records_stay_hidden(
    data: dict[str, Any], client_for: Callable[[Any], Any]
) -> None:
    Programme.objects.filter(pk=data["gd"].pk).update(visibility="internal")
    anonymous = client_for(None)
    listing = anonymous.get("/projects/?lang=en&columns=title,programme").content.decode()
    assert "Salt-tolerant rice" in listing and "GD Guangdong" not in listing
    detail = anonymous.get(f"/projects/{data['rice'].pk}/?lang=en").content.decode()
    assert "GD Guangdong" not in detail
    assert anonymous.get(f"/projects/programmes/{data['gd'].pk}/").status_code == 404
    clock = anonymous.get(f"/projects/{data['clock'].pk}/?lang=en").content.decode()
    assert "Secret Partner Ltd" not in clock
