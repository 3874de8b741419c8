"""Profile pages: add and edit forms with validation, filters, expiry, contact, export."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from organisations.factories import OrganisationFactory, make_country
from people.factories import PersonFactory
from stcoop.technologies.models import TechnologyProfile
from technologies.factories import ProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation(units: Any) -> Any:
    china = make_country("CN", "CHN", "China", "中国")
    return OrganisationFactory(owner_unit=units.province, name_en="Guangzhou Lab", country=china)


def _form(owner: Any, unit: Any, **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "kind": "technology_offer",
        "title_zh_hans": "海水淡化膜",
        "title_en": "",
        "description_zh_hans": "低能耗反渗透膜。",
        "organisation": owner.pk,
        "trl": "6",
        "ip_status": "patent_applied",
        "patent_numbers": "CN115000001A\nCN115000002A",
        "sectors": ["water", "new_materials"],
        "keywords": "膜；海水淡化, desalination",
        "cooperation": ["licence"],
        "languages": "",
        "status": "published",
        "owner_unit": unit.pk,
        "visibility": "public",
    }
    data.update(extra)
    return data


def test_add_profile_through_the_form(
    units: Any, users: Any, organisation: Any, client_for: Callable[[Any], Client]
) -> None:
    client = client_for(users.unit_admin)
    assert client.get("/technologies/add/").status_code == 200
    response = client.post("/technologies/add/", _form(organisation, units.division))
    profile = TechnologyProfile.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/technologies/{profile.pk}/"
    assert profile.keywords == ["膜", "海水淡化", "desalination"]
    assert profile.patent_numbers == ["CN115000001A", "CN115000002A"]
    assert profile.sectors == ["water", "new_materials"]
    assert profile.languages == ["zh"]
    assert profile.publication_date == timezone.localdate()
    assert profile.created_by == users.unit_admin
    page = client.get(f"/technologies/{profile.pk}/?lang=en").content.decode()
    assert profile.reference in page
    assert "Patent applied for" in page and "TRL 6" in page
    assert f"/history/technologies.technologyprofile/{profile.pk}/" in page
    history = client.get(f"/history/technologies.technologyprofile/{profile.pk}/?lang=en")
    assert history.status_code == 200 and "CN115000001A" in history.content.decode()


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"title_zh_hans": ""}, "title_zh_hans"),
        ({"organisation": "999999"}, "organisation"),
        ({"trl": "12"}, "trl"),
        ({"languages": "english"}, "languages"),
        ({"ip_status": "copyright"}, "patent_numbers"),
        ({"publication_date": "2026-05-01", "expiry_date": "2026-04-01"}, "expiry_date"),
        ({"visibility": "shared"}, "shared_with"),
    ],
)
def test_form_errors_are_shown_beside_the_field(
    units: Any,
    users: Any,
    organisation: Any,
    client_for: Callable[[Any], Client],
    extra: dict[str, Any],
    field: str,
) -> None:
    response = client_for(users.unit_admin).post(
        "/technologies/add/?lang=en", _form(organisation, units.province, **extra)
    )
    assert response.status_code == 400
    assert field in response.context["form"].errors, response.context["form"].errors
    assert f'id="id_{field}-errors"' in response.content.decode()
    assert not TechnologyProfile.objects.exists()


def test_edit_keeps_reference_and_sets_targets(
    units: Any, users: Any, organisation: Any, client_for: Callable[[Any], Client]
) -> None:
    germany = make_country("DE", "DEU", "Germany", "德国")
    profile = ProfileFactory(owner_unit=units.province, organisation=organisation)
    reference = profile.reference
    client = client_for(users.unit_admin)
    form = client.get(f"/technologies/{profile.pk}/edit/").context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(kind="technology_request", target_countries=[germany.pk], shared_with=[])
    response = client.post(f"/technologies/{profile.pk}/edit/", data)
    assert response.status_code == 302, response.context["form"].errors
    profile.refresh_from_db()
    assert profile.kind == "technology_request" and profile.reference == reference
    assert list(profile.target_countries.all()) == [germany]


def test_expired_profiles_are_hidden_unless_included_but_found_by_id(
    units: Any, organisation: Any, client_for: Callable[[Any], Client]
) -> None:
    today = timezone.localdate()
    current = ProfileFactory(
        owner_unit=units.province, organisation=organisation, title_en="Current offer"
    )
    expired = ProfileFactory(
        owner_unit=units.province,
        organisation=organisation,
        title_en="Old offer",
        publication_date=today - datetime.timedelta(days=400),
        expiry_date=today - datetime.timedelta(days=1),
    )
    client = client_for(None)
    listed = client.get("/technologies/?lang=en").content.decode()
    assert "Current offer" in listed and "Old offer" not in listed
    included = client.get("/technologies/", {"include_expired": "true", "lang": "en"})
    assert "Old offer" in included.content.decode() and "Expired" in included.content.decode()
    detail = client.get(f"/technologies/{expired.pk}/?lang=en").content.decode()
    assert 'data-testid="expired"' in detail
    assert (
        'data-testid="expired"' not in client.get(f"/technologies/{current.pk}/").content.decode()
    )


def test_list_filters(units: Any, organisation: Any, client_for: Callable[[Any], Client]) -> None:
    foreign = OrganisationFactory(
        owner_unit=units.ministry, country=make_country("TH", "THA", "Thailand", "泰国")
    )
    ProfileFactory(
        owner_unit=units.province,
        organisation=organisation,
        title_en="Battery film",
        sectors=["new_energy"],
        trl=7,
        ip_status="granted_patent",
        cooperation=["licence"],
        keywords=["固态电池"],
    )
    ProfileFactory(
        owner_unit=units.ministry,
        organisation=foreign,
        title_en="Rice breeding",
        kind="technology_request",
        sectors=["agriculture"],
        trl=3,
        cooperation=["research"],
    )
    client = client_for(None)

    def titles(**params: Any) -> set[str]:
        response = client.get("/technologies/", {"lang": "en", **params})
        assert response.status_code == 200
        return {t for t in ("Battery film", "Rice breeding") if t in response.content.decode()}

    assert titles() == {"Battery film", "Rice breeding"}
    assert titles(kind="technology_request") == {"Rice breeding"}
    assert titles(sector="new_energy") == {"Battery film"}
    assert titles(trl_min="5") == {"Battery film"}
    assert titles(trl_max="5") == {"Rice breeding"}
    assert titles(ip_status="granted_patent") == {"Battery film"}
    assert titles(cooperation="research") == {"Rice breeding"}
    assert titles(organisation_country="TH") == {"Rice breeding"}
    assert titles(q="电池") == {"Battery film"}
    assert titles(q="rice") == {"Rice breeding"}
    assert titles(q="nothing-like-this") == set()


def test_contact_details_follow_the_people_rule(
    units: Any, users: Any, organisation: Any, client_for: Callable[[Any], Client]
) -> None:
    person = PersonFactory(owner_unit=units.ministry, email="contact.secret@example.org")
    profile = ProfileFactory(
        owner_unit=units.province, organisation=organisation, contact_person=person
    )
    for user, sees in (
        (None, False),
        (users.org_user, False),
        (users.unit_admin, False),  # the person is owned outside its sub-tree
        (users.ministry_admin, True),
    ):
        page = client_for(user).get(f"/technologies/{profile.pk}/").content.decode()
        assert str(person) in page
        assert ("contact.secret@example.org" in page) is sees


def test_csv_export_of_the_list(
    units: Any, organisation: Any, client_for: Callable[[Any], Client]
) -> None:
    profile = ProfileFactory(owner_unit=units.province, organisation=organisation, sectors=["ict"])
    response = client_for(None).get("/technologies/", {"export": "csv", "lang": "en"})
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert profile.reference in text and "Information and communication technology" in text


def test_empty_list_explains_the_expired_filter(client_for: Callable[[Any], Client]) -> None:
    page = client_for(None).get("/technologies/?lang=en").content.decode()
    assert "Expired profiles are hidden unless you include them." in page
