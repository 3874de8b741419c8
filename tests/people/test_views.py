"""People pages and API: filters, export, forms, permissions per role."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest

from organisations.factories import OrganisationFactory, make_country
from people.factories import PersonFactory
from stcoop.people.filtersets import PersonFilterSet
from stcoop.people.models import Affiliation, Person, Publication

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(units: Any) -> dict[str, Any]:
    china = make_country("CN", "CHN", "China", "中国")
    germany = make_country("DE", "DEU", "Germany", "德国")
    thu = OrganisationFactory(owner_unit=units.ministry, name_en="Tsinghua University")
    mpg = OrganisationFactory(owner_unit=units.ministry, name_en="Max Planck Society")
    lin = PersonFactory(
        owner_unit=units.ministry,
        name_zh="林子涵",
        family_name="Lin",
        given_names="Zihan",
        nationality=china,
        keywords=["钙钛矿", "solar cells"],
        disciplines=["Materials science"],
        is_expert=True,
    )
    vogel = PersonFactory(
        owner_unit=units.base,
        name_zh="",
        family_name="Vogel",
        given_names="Anna",
        nationality=germany,
        disciplines=["Physics"],
    )
    Affiliation.objects.create(person=lin, organisation=thu, is_primary=True)
    Affiliation.objects.create(
        person=vogel,
        organisation=thu,
        start_date=datetime.date(2010, 1, 1),
        end_date=datetime.date(2012, 1, 1),
    )
    Affiliation.objects.create(person=vogel, organisation=mpg)
    return {"lin": lin, "vogel": vogel, "thu": thu, "mpg": mpg}


def _names(params: dict[str, Any]) -> set[str]:
    filterset = PersonFilterSet(params, queryset=Person.objects.all())
    assert filterset.is_valid(), filterset.errors
    return {p.family_name for p in filterset.qs}


def test_filters(people: dict[str, Any], units: Any) -> None:
    assert _names({"q": "林"}) == {"Lin"}
    assert _names({"q": "zihan lin"}) == {"Lin"}
    assert _names({"q": "钙钛矿"}) == {"Lin"}
    assert _names({"q": "SOLAR"}) == {"Lin"}
    assert _names({"nationality": "DE"}) == {"Vogel"}
    assert _names({"discipline": "physics"}) == {"Vogel"}
    assert _names({"discipline": "phys"}) == set()
    assert _names({"is_expert": "true"}) == {"Lin"}
    assert _names({"organisation": people["thu"].pk}) == {"Lin"}  # Vogel left it
    assert _names({"organisation": people["mpg"].pk}) == {"Vogel"}
    assert _names({"owner_unit": units.base.pk}) == {"Vogel"}
    assert _names({"visibility": "internal"}) == set()


def test_list_page_sort_and_export(
    people: dict[str, Any], users: Any, client_for: Callable[[Any], Any]
) -> None:
    client = client_for(users.platform_admin)
    for sort, first in (("name", "Anna Vogel"), ("-name", "Zihan Lin")):
        response = client.get(f"/people/?lang=en&sort={sort}")
        assert response.status_code == 200
        content = response.content.decode()
        other = "Zihan Lin" if first == "Anna Vogel" else "Anna Vogel"
        assert content.index(first) < content.index(other)
    xlsx = client.get("/people/?lang=en&export=xlsx")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    csv_text = b"".join(
        client.get(
            "/people/?lang=en&export=csv&q=vogel&columns=name,organisation"
        ).streaming_content
    ).decode("utf-8-sig")
    lines = csv_text.splitlines()
    assert lines[0] == "Name,Current organisation"
    assert lines[1:] == ["Anna Vogel,Max Planck Society"]


def test_detail_page(people: dict[str, Any], users: Any, client_for: Callable[[Any], Any]) -> None:
    Publication.objects.create(
        person=people["vogel"], title="Clocks", year=2020, doi="10.5555/x", coauthors=["B. C."]
    )
    content = (
        client_for(users.platform_admin).get(f"/people/{people['vogel'].pk}/?lang=en").content
    ).decode()
    assert "Max Planck Society" in content and "Tsinghua University" in content
    assert "Clocks" in content and "https://doi.org/10.5555/x" in content
    assert "/history/people.person/" in content or "people.person" in content


def test_permissions_per_role(
    people: dict[str, Any], users: Any, units: Any, client_for: Callable[[Any], Any]
) -> None:
    vogel = people["vogel"]  # public, owned by the base
    internal = PersonFactory(owner_unit=units.ministry, visibility="internal")
    expected_edit = {
        "platform_admin": 200,
        "ministry_admin": 200,
        "unit_admin": 200,
        "base_manager": 200,
        "org_user": 403,
        "expert": 403,
        "division_user": 403,
    }
    for role, code in expected_edit.items():
        client = client_for(getattr(users, role))
        assert client.get(f"/people/{vogel.pk}/edit/").status_code == code, role
        assert client.get(f"/people/{vogel.pk}/affiliations/add/").status_code == code, role
        assert client.get(f"/people/{vogel.pk}/publications/add/").status_code == code, role
    assert client_for(users.org_user).get(f"/people/{internal.pk}/").status_code == 404
    assert client_for(users.ministry_admin).get(f"/people/{internal.pk}/").status_code == 200
    anonymous = client_for(None)
    assert anonymous.get("/people/add/").status_code == 302
    assert anonymous.get(f"/people/{vogel.pk}/").status_code == 200
    assert client_for(users.base_manager).get(f"/people/{vogel.pk}/delete/").status_code == 403
    assert client_for(users.unit_admin).get(f"/people/{vogel.pk}/delete/").status_code == 200
    assert client_for(users.expert).get("/people/add/").status_code == 200


def test_forms(
    people: dict[str, Any], users: Any, units: Any, client_for: Callable[[Any], Any]
) -> None:
    client = client_for(users.base_manager)
    response = client.post(
        "/people/add/?lang=en",
        {
            "name_zh": "王五",
            "family_name": "Wang",
            "given_names": "Wu",
            "languages": "zh, EN",
            "keywords": "AI\nrobots",
            "orcid": "0000-0002-1825-0097",
            "owner_unit": units.base.pk,
            "visibility": "public",
        },
    )
    assert response.status_code == 302, response.content.decode()
    person = Person.objects.get(family_name="Wang")
    assert person.languages == ["zh", "en"] and person.keywords == ["AI", "robots"]
    bad = client.post(
        "/people/add/?lang=en",
        {
            "family_name": "X",
            "orcid": "0000-0002-1825-0098",
            "owner_unit": units.base.pk,
            "visibility": "public",
        },
    )
    assert bad.status_code == 400 and "check digit" in bad.content.decode()
    response = client.post(
        f"/people/{person.pk}/affiliations/add/",
        {"organisation": people["thu"].pk, "role": "Professor", "start_date": "2020-01-01"},
    )
    assert response.status_code == 302
    affiliation = person.affiliations.get()
    bad_dates = client.post(
        f"/people/{person.pk}/affiliations/add/?lang=en",
        {"organisation": people["thu"].pk, "start_date": "2020-01-01", "end_date": "2019-01-01"},
    )
    assert bad_dates.status_code == 400
    client.post(
        f"/people/{person.pk}/affiliations/{affiliation.pk}/end/", {"end_date": "2021-06-30"}
    )
    affiliation.refresh_from_db()
    assert affiliation.end_date == datetime.date(2021, 6, 30)
    client.post(
        f"/people/{person.pk}/publications/add/",
        {"title": "Robots", "year": "2021", "coauthors": "A\nB"},
    )
    publication = person.publications.get()
    assert publication.coauthors == ["A", "B"]
    client.post(f"/people/{person.pk}/publications/{publication.pk}/remove/")
    client.post(f"/people/{person.pk}/affiliations/{affiliation.pk}/remove/")
    assert not person.publications.exists() and not person.affiliations.exists()
    assert client.post(f"/people/{person.pk}/delete/").status_code == 302
    assert not Person.objects.filter(pk=person.pk).exists()


def test_api_crud(
    people: dict[str, Any], users: Any, units: Any, api_for: Callable[[Any], Any]
) -> None:
    client = api_for(users.base_manager)
    response = client.post(
        "/api/people/",
        {
            "name_zh": "赵六",
            "owner_unit": units.base.pk,
            "visibility": "public",
            "orcid": "https://orcid.org/0000-0002-1825-0097",
            "nationality": "CN",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    assert response.json()["orcid"] == "0000-0002-1825-0097"
    assert (
        client.post(
            "/api/people/", {"name_zh": "x", "owner_unit": units.ministry.pk}, format="json"
        ).status_code
        == 403
    )
    affiliation = client.post(
        "/api/affiliations/",
        {"person": pk, "organisation": people["thu"].pk, "is_primary": True},
        format="json",
    )
    assert affiliation.status_code == 201, affiliation.json()
    ended = client.post(
        f"/api/affiliations/{affiliation.json()['id']}/end/",
        {"end_date": "2030-01-01"},
        format="json",
    )
    assert ended.json()["end_date"] == "2030-01-01"
    publication = client.post(
        "/api/publications/", {"person": pk, "title": "T", "doi": "doi:10.5555/Y"}, format="json"
    )
    assert publication.status_code == 201 and publication.json()["doi"] == "10.5555/y"
    data = client.get(f"/api/people/{pk}/").json()
    assert len(data["affiliations"]) == 1 and data["publications"][0]["title"] == "T"
    assert client.get("/api/people/?nationality=CN").json()["count"] == 2
    other = api_for(users.org_user)
    assert other.delete(f"/api/publications/{publication.json()['id']}/").status_code == 403
    assert other.delete(f"/api/people/{pk}/").status_code == 403
    assert client.delete(f"/api/publications/{publication.json()['id']}/").status_code == 204
    assert api_for(users.unit_admin).delete(f"/api/people/{pk}/").status_code == 204


def test_history_page(people: dict[str, Any], users: Any, client_for: Callable[[Any], Any]) -> None:
    from stcoop.people.services import person_update

    person_update(actor=users.platform_admin, person=people["lin"], email="x@example.org")
    response = client_for(users.org_user).get(f"/history/people.person/{people['lin'].pk}/?lang=en")
    assert response.status_code == 200
    assert "x@example.org" not in response.content.decode()
