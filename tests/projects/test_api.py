"""The programme and project API: nested child lists, filters, errors, history."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from rest_framework.test import APIClient

from organisations.factories import OrganisationFactory, make_country
from projects.factories import ProgrammeFactory, ProjectFactory
from stcoop.core.models import ObjectChange
from stcoop.projects.models import Programme, Project

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_throttle")]
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def test_project_crud_with_nested_children(
    units: Any, users: Any, api_for: Callable[[Any], APIClient]
) -> None:
    make_country("DE", "DEU", "Germany", "德国")
    make_country("CN", "CHN", "China", "中国")
    mpg = OrganisationFactory(owner_unit=units.ministry, name_en="Max Planck Society")
    hidden = OrganisationFactory(owner_unit=units.enterprise, visibility="internal")
    programme = ProgrammeFactory(owner_unit=units.ministry, code="NAT")
    client = api_for(users.base_manager)
    body = {
        "code": "2024YFE02",
        "title_zh_hans": "光钟",
        "title_en": "Clocks",
        "programme": programme.pk,
        "owner_unit": units.base.pk,
        "visibility": "public",
        "keywords": ["time"],
        "participations": [
            {
                "organisation": mpg.pk,
                "role": "participant",
                "country": "DE",
                "funding_amount": "10.50",
                "currency": "eur",
            },
            {"name_as_given": "Uni Lisboa", "role": "coordinator"},
        ],
        "funding": [{"source": "central", "year": 2024, "amount": "1000"}],
        "outputs": [{"kind": "people_trained", "title": "Students", "quantity": 3}],
    }
    response = client.post("/api/projects/", body, format="json", **EN)
    assert response.status_code == 201, response.json()
    data = response.json()
    pk = data["id"]
    assert data["title"] == "Clocks" and data["title_zh_hans"] == "光钟"
    assert data["participations"][0]["organisation_name"] == "Max Planck Society"
    assert data["participations"][0]["country"] == "DE"
    assert data["participations"][0]["currency"] == "EUR"
    assert data["funding"][0]["amount"] == "1000.00"
    assert data["outputs"][0]["quantity"] == 3

    # A list sent replaces that list; a list left out stays.
    response = client.patch(
        f"/api/projects/{pk}/",
        {"outputs": [{"kind": "joint_lab", "title": "Clock lab"}], "status": "completed"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    data = response.json()
    assert [o["title"] for o in data["outputs"]] == ["Clock lab"]
    assert len(data["participations"]) == 2 and data["status"] == "completed"
    last = ObjectChange.objects.filter(object_id=str(pk), content_type__model="project").first()
    assert last is not None and last.after is not None
    assert last.after["outputs"] == ["joint_lab::Clock lab"]

    bad = client.patch(
        f"/api/projects/{pk}/",
        {"participations": [{"role": "partner"}, {"organisation": hidden.pk}]},
        format="json",
        **EN,
    )
    assert bad.status_code == 400
    assert bad.json()["errors"] == {
        "participations.0.organisation": ["Choose an organisation or give its name."]
    }
    assert Project.objects.get(pk=pk).participations.count() == 2
    bad = client.patch(
        f"/api/projects/{pk}/",
        {"participations": [{"organisation": hidden.pk}]},
        format="json",
        **EN,
    )
    assert bad.json()["errors"] == {"participations.0.organisation": ["No such organisation."]}
    unknown = client.patch(f"/api/projects/{pk}/", {"colour": "red"}, format="json")
    assert unknown.status_code == 400 and "colour" in unknown.json()["errors"]
    wrong_value = client.patch(
        f"/api/projects/{pk}/",
        {"outputs": [{"kind": "patent", "title": "P", "value": "5", "currency": "CNY"}]},
        format="json",
        **EN,
    )
    assert wrong_value.status_code == 400
    assert "outputs.0.value" in wrong_value.json()["errors"]

    assert client.get("/api/projects/?country=DE").json()["count"] == 1
    assert client.get(f"/api/projects/?programme={programme.pk}").json()["count"] == 1
    assert client.get("/api/projects/?q=clocks").json()["count"] == 1
    assert client.get("/api/projects/?start_year_min=2030").json()["count"] == 0

    forbidden = client.post(
        "/api/projects/", {**body, "code": "OTHER", "owner_unit": units.ministry.pk}, format="json"
    )
    assert forbidden.status_code == 403
    assert api_for(users.org_user).delete(f"/api/projects/{pk}/").status_code == 403
    assert api_for(users.unit_admin).delete(f"/api/projects/{pk}/").status_code == 204


def test_programme_crud_and_budget(
    units: Any, users: Any, api_for: Callable[[Any], APIClient]
) -> None:
    hidden_funder = OrganisationFactory(owner_unit=units.enterprise, visibility="internal")
    client = api_for(users.ministry_admin)
    response = client.post(
        "/api/programmes/",
        {
            "code": "NAT",
            "name_en": "National",
            "owner_unit": units.ministry.pk,
            "visibility": "public",
            "funder": hidden_funder.pk,
            "budget_lines": [
                {"source": "central", "year": 2024, "amount": "100"},
                {"source": "foreign", "amount": "5", "currency": "EUR"},
            ],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert [b["currency"] for b in data["budget_lines"]] == ["CNY", "EUR"]
    assert data["funder"] == hidden_funder.pk  # the ministry administrator sees everything
    assert api_for(users.org_user).get(f"/api/programmes/{data['id']}/").json()["funder"] == (
        hidden_funder.pk  # the organisation user's own unit owns it
    )
    assert api_for(None).get(f"/api/programmes/{data['id']}/").json()["funder"] is None
    child = client.post(
        "/api/programmes/",
        {
            "code": "NAT-1",
            "name_zh_hans": "专题",
            "parent": data["id"],
            "owner_unit": units.ministry.pk,
        },
        format="json",
    )
    assert child.status_code == 201
    assert client.get(f"/api/programmes/?parent={data['id']}").json()["count"] == 1
    assert client.get("/api/programmes/?top=true").json()["count"] == 1
    ProjectFactory(owner_unit=units.ministry, programme=Programme.objects.get(code="NAT-1"))
    refused = client.delete(
        f"/api/programmes/{child.json()['id']}/", **{"HTTP_ACCEPT_LANGUAGE": "en"}
    )
    assert refused.status_code == 400 and "move or delete them first" in refused.json()[
        "detail"
    ] + str(refused.json()["errors"])
    replaced = client.patch(f"/api/programmes/{data['id']}/", {"budget_lines": []}, format="json")
    assert replaced.json()["budget_lines"] == []
    bad = client.patch(
        f"/api/programmes/{data['id']}/",
        {"budget_lines": [{"source": "nowhere", "amount": "1"}]},
        format="json",
    )
    assert bad.status_code == 400 and "budget_lines.0.source" in bad.json()["errors"]
