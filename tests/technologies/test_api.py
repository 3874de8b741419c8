"""``/api/technologies/``: create, change, filters (same as the list page), contact, errors."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from organisations.factories import OrganisationFactory, make_country
from people.factories import PersonFactory
from stcoop.technologies.models import TechnologyProfile
from technologies.factories import ProfileFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_throttle")]


@pytest.fixture
def organisation(units: Any) -> Any:
    return OrganisationFactory(owner_unit=units.province)


def test_create_and_change(
    units: Any, users: Any, organisation: Any, api_for: Callable[[Any], APIClient]
) -> None:
    make_country("DE", "DEU", "Germany", "德国")
    client = api_for(users.base_manager)
    response = client.post(
        "/api/technologies/",
        {
            "kind": "technology_request",
            "title_en": "Coral larvae rearing",
            "organisation": organisation.pk,
            "sectors": ["marine"],
            "cooperation": ["research"],
            "target_countries": ["DE"],
            "status": "published",
            "owner_unit": units.base.pk,
            "visibility": "public",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["reference"].startswith(f"TR-{timezone.localdate().year}-")
    assert data["target_countries"] == ["DE"] and data["is_expired"] is False
    assert data["expiry_date"] is not None
    changed = client.patch(f"/api/technologies/{data['id']}/", {"trl": 4}, format="json")
    assert changed.status_code == 200 and changed.json()["trl"] == 4
    profile = TechnologyProfile.objects.get()
    assert profile.created_by == users.base_manager


def test_errors_name_the_field(
    units: Any, users: Any, organisation: Any, api_for: Callable[[Any], APIClient]
) -> None:
    client = api_for(users.platform_admin)
    response = client.post(
        "/api/technologies/",
        {
            "kind": "technology_offer",
            "organisation": organisation.pk,
            "sectors": ["moon"],
            "owner_unit": units.province.pk,
        },
        format="json",
    )
    assert response.status_code == 400
    assert "sectors.0" in response.json()["errors"]
    response = client.post(
        "/api/technologies/", {"colour": "blue"}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.json()["errors"] == {"colour": ["Unknown field: colour"]}
    response = client.post(
        "/api/technologies/",
        {
            "kind": "technology_offer",
            "organisation": organisation.pk,
            "owner_unit": units.province.pk,
        },
        format="json",
    )
    assert response.status_code == 400 and "title_zh_hans" in response.json()["errors"]


def test_invisible_organisation_is_refused(
    units: Any, users: Any, api_for: Callable[[Any], APIClient]
) -> None:
    hidden = OrganisationFactory(owner_unit=units.ministry, visibility="internal")
    response = api_for(users.org_user).post(
        "/api/technologies/",
        {
            "kind": "technology_offer",
            "title_en": "X",
            "organisation": hidden.pk,
            "owner_unit": units.enterprise.pk,
        },
        format="json",
    )
    assert response.status_code == 400 and "organisation" in response.json()["errors"]


def test_filters_and_expired(
    units: Any, organisation: Any, api_for: Callable[[Any], APIClient]
) -> None:
    today = timezone.localdate()
    current = ProfileFactory(
        owner_unit=units.province, organisation=organisation, sectors=["ict"], trl=8
    )
    old = ProfileFactory(
        owner_unit=units.province,
        organisation=organisation,
        trl=2,
        publication_date=today - datetime.timedelta(days=500),
        expiry_date=today - datetime.timedelta(days=2),
    )
    client = api_for(None)

    def ids(**params: Any) -> list[int]:
        return [row["id"] for row in client.get("/api/technologies/", params).json()["results"]]

    assert ids() == [current.pk]
    assert set(ids(include_expired="true")) == {current.pk, old.pk}
    assert ids(sector="ict") == [current.pk]
    assert ids(include_expired="true", trl_max="3") == [old.pk]
    found = client.get(f"/api/technologies/{old.pk}/").json()
    assert found["is_expired"] is True


def test_contact_in_the_api(
    units: Any, users: Any, organisation: Any, api_for: Callable[[Any], APIClient]
) -> None:
    person = PersonFactory(owner_unit=units.ministry, email="c@example.org")
    hidden = PersonFactory(owner_unit=units.ministry, visibility="internal")
    shown = ProfileFactory(
        owner_unit=units.province, organisation=organisation, contact_person=person
    )
    unseen = ProfileFactory(
        owner_unit=units.province, organisation=organisation, contact_person=hidden
    )
    anonymous = api_for(None)
    assert anonymous.get(f"/api/technologies/{shown.pk}/").json()["contact"] == {
        "name": str(person)
    }
    data = anonymous.get(f"/api/technologies/{unseen.pk}/").json()
    assert data["contact"] is None and data["contact_person"] is None
    admin = api_for(users.ministry_admin).get(f"/api/technologies/{shown.pk}/").json()
    assert admin["contact"]["email"] == "c@example.org"
