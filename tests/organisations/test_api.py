"""The organisation API: create with identifiers, filters, merge, identifier endpoints."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from rest_framework.test import APIClient

from organisations.factories import OrganisationFactory, make_country
from stcoop.organisations.models import ExternalId, Organisation

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_throttle")]
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def test_create_read_filter_and_merge(
    units: Any, users: Any, api_for: Callable[[Any], APIClient]
) -> None:
    make_country("SG", "SGP", "Singapore", "新加坡")
    client = api_for(users.unit_admin)
    response = client.post(
        "/api/organisations/",
        {
            "name_en": "National University of Singapore",
            "name_zh_hans": "新加坡国立大学",
            "acronyms": ["NUS"],
            "aliases": [{"name": "NUS Singapore"}],
            "kind": "university",
            "country": "SG",
            "owner_unit": units.province.pk,
            "visibility": "public",
            "external_ids": [{"scheme": "ror", "value": "https://ror.org/01tgyzw49"}],
        },
        format="json",
        **EN,
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["country"] == "SG"
    assert data["external_ids"] == [
        {"scheme": "ror", "value": "01tgyzw49", "link": "https://ror.org/01tgyzw49"}
    ]
    nus = data["id"]
    duplicate = OrganisationFactory(
        owner_unit=units.province, name_en="NUS", acronyms=["NUS"], visibility="public"
    )
    ExternalId.objects.create(organisation=duplicate, scheme="grid", value="grid.4280.e")

    found = client.get("/api/organisations/", {"q": "01tgyzw49"}).json()
    assert [row["id"] for row in found["results"]] == [nus]
    found = client.get("/api/organisations/", {"has_ror": "true", "country": "SG"}).json()
    assert [row["id"] for row in found["results"]] == [nus]

    bad = client.post(f"/api/organisations/{nus}/merge/", {"merge": nus}, format="json", **EN)
    assert bad.status_code == 400
    assert "into itself" in str(bad.json()["errors"])
    merged = client.post(
        f"/api/organisations/{nus}/merge/", {"merge": duplicate.pk}, format="json", **EN
    )
    assert merged.status_code == 200, merged.json()
    schemes = {row["scheme"] for row in merged.json()["external_ids"]}
    assert schemes == {"ror", "grid"}
    assert Organisation.objects.get(pk=duplicate.pk).merged_into_id == nus


def test_identifier_endpoints_and_errors(
    units: Any, users: Any, api_for: Callable[[Any], APIClient]
) -> None:
    org = OrganisationFactory(owner_unit=units.enterprise)
    client = api_for(users.org_user)
    bad = client.post(
        f"/api/organisations/{org.pk}/ids/",
        {"scheme": "uscc", "value": "91350100M000100Y44"},
        format="json",
        **EN,
    )
    assert bad.status_code == 400
    assert "value" in bad.json()["errors"]
    good = client.post(
        f"/api/organisations/{org.pk}/ids/",
        {"scheme": "uscc", "value": "91350100M000100Y43"},
        format="json",
    )
    assert good.status_code == 201
    removed = client.post(
        f"/api/organisations/{org.pk}/remove-id/",
        {"scheme": "uscc", "value": "91350100m000100y43"},
        format="json",
    )
    assert removed.status_code == 200
    assert removed.json()["external_ids"] == []
    unknown = client.patch(f"/api/organisations/{org.pk}/", {"colour": "red"}, format="json")
    assert unknown.status_code == 400
    stranger = api_for(users.expert).post(
        f"/api/organisations/{org.pk}/ids/", {"scheme": "pic", "value": "999999999"}, format="json"
    )
    assert stranger.status_code == 403  # public, so seen, but not the expert's to change
