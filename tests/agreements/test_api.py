"""The agreements and mechanisms API: create with links, errors by field, filters, and
sessions written as a nested list."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from rest_framework.test import APIClient

from agreements.factories import AgreementFactory
from organisations.factories import OrganisationFactory, make_country
from stcoop.agreements.models import Agreement, Mechanism
from stcoop.core.models import ObjectChange

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_throttle")]


@pytest.fixture
def countries() -> None:
    make_country("IL", "ISR", "Israel", "以色列")
    make_country("DE", "DEU", "Germany", "德国")


def test_agreement_create_read_filter(
    countries: None, units: Any, users: Any, api_for: Callable[[Any], APIClient]
) -> None:
    client = api_for(users.unit_admin)
    most = OrganisationFactory(owner_unit=units.ministry, name_en="MOST")
    hidden = OrganisationFactory(owner_unit=units.ministry, visibility="internal")
    body = {
        "kind": "mou",
        "title_zh_hans": "广东—以色列创新合作备忘录",
        "title_en": "Guangdong–Israel innovation MoU",
        "countries": ["IL"],
        "signatories": [most.pk],
        "signed_date": "2018-03-01",
        "status": "in_force",
        "owner_unit": units.province.pk,
        "visibility": "public",
    }
    created = client.post("/api/agreements/", body, format="json")
    assert created.status_code == 201, created.json()
    data = created.json()
    assert data["countries"] == ["IL"] and data["signatories"] == [most.pk]
    assert data["effective_status"] == "in_force"
    agreement = Agreement.objects.get(pk=data["id"])
    assert agreement.created_by == users.unit_admin
    # Send back what was read, changed: accepted (read-only keys are ignored).
    data["title_en"] = "Guangdong–Israel MoU"
    data["expiry_date"] = "2020-01-01"
    put = client.put(f"/api/agreements/{agreement.pk}/", data, format="json")
    assert put.status_code == 200, put.json()
    assert put.json()["effective_status"] == "expired"
    listing = client.get("/api/agreements/", {"status": "expired", "country": "IL"}).json()
    assert [row["id"] for row in listing["results"]] == [agreement.pk]
    assert client.get("/api/agreements/", {"country": "DE"}).json()["results"] == []
    unknown = client.post("/api/agreements/", {**body, "colour": "red"}, format="json")
    assert unknown.status_code == 400 and set(unknown.json()["errors"]) == {"colour"}
    errors = client.post(
        "/api/agreements/", {**body, "countries": ["XX"], "kind": "treaty"}, format="json"
    )
    assert errors.status_code == 400
    assert set(errors.json()["errors"]) == {"countries", "kind"}
    refused = client.post("/api/agreements/", {**body, "signatories": [hidden.pk]}, format="json")
    assert refused.status_code == 400 and "signatories" in refused.json()["errors"]
    dates = client.post("/api/agreements/", {**body, "effective_date": "2017-01-01"}, format="json")
    assert dates.status_code == 400 and list(dates.json()["errors"]) == ["effective_date"]
    other_unit = client.post(
        "/api/agreements/", {**body, "owner_unit": units.ministry.pk}, format="json"
    )
    assert other_unit.status_code == 403


def test_mechanism_with_nested_sessions(
    countries: None, units: Any, users: Any, api_for: Callable[[Any], APIClient]
) -> None:
    client = api_for(users.ministry_admin)
    treaty = AgreementFactory(owner_unit=units.ministry)
    body = {
        "kind": "joint_committee",
        "name_zh_hans": "中以创新合作联合委员会",
        "name_en": "China–Israel Joint Committee on Innovation Cooperation",
        "agreement": treaty.pk,
        "countries": ["IL"],
        "established_date": "2014-05-01",
        "frequency": "annual",
        "owner_unit": units.ministry.pk,
        "visibility": "public",
        "meetings": [
            {"session_number": 1, "date": "2015-01-20", "city": "Beijing", "country": "IL"},
            {"session_number": 2, "date": "2016-03-29", "outcomes_en": "Joint call"},
        ],
    }
    created = client.post("/api/mechanisms/", body, format="json")
    assert created.status_code == 201, created.json()
    data = created.json()
    assert [m["session_number"] for m in data["meetings"]] == [1, 2]
    assert data["last_met"] == "2016-03-29" and data["next_expected"] is not None
    mechanism = Mechanism.objects.get(pk=data["id"])
    assert ObjectChange.objects.filter(object_id=str(mechanism.pk)).count() == 1
    # The list replaces the sessions: 1 changed, 2 removed, 3 added; one history entry.
    patch = client.patch(
        f"/api/mechanisms/{mechanism.pk}/",
        {
            "meetings": [
                {**data["meetings"][0], "city": "Shanghai"},
                {"session_number": 3, "date": "2017-09-12"},
            ]
        },
        format="json",
    )
    assert patch.status_code == 200, patch.json()
    assert [(m["session_number"], m["city"]) for m in patch.json()["meetings"]] == [
        (1, "Shanghai"),
        (3, ""),
    ]
    assert ObjectChange.objects.filter(object_id=str(mechanism.pk)).count() == 2
    bad = client.patch(
        f"/api/mechanisms/{mechanism.pk}/",
        {"meetings": [{"session_number": 4, "date": "2010-01-01"}, {"date": "2020-01-01"}]},
        format="json",
    )
    assert bad.status_code == 400
    assert set(bad.json()["errors"]) == {"meetings.1.session_number"}
    early = client.patch(
        f"/api/mechanisms/{mechanism.pk}/",
        {"meetings": [{"session_number": 4, "date": "2010-01-01"}]},
        format="json",
    )
    assert early.status_code == 400 and list(early.json()["errors"]) == ["meetings.0.date"]
    assert mechanism.meetings.count() == 2
    listing = client.get("/api/mechanisms/", {"agreement": treaty.pk, "country": "IL"}).json()
    assert [row["id"] for row in listing["results"]] == [mechanism.pk]
    assert client.get("/api/mechanisms/", {"status": "ended"}).json()["results"] == []
    assert client.delete(f"/api/mechanisms/{mechanism.pk}/").status_code == 204
    assert not Mechanism.objects.exists()
