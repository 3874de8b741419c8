"""``/api/policies/``: create, change, filters, full text only on one document."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from rest_framework.test import APIClient

from organisations.factories import OrganisationFactory, make_country
from policies.factories import PolicyFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_throttle")]


def test_create_change_and_errors(
    units: Any, users: Any, api_for: Callable[[Any], APIClient]
) -> None:
    make_country("CN", "CHN", "China", "中国")
    client = api_for(users.unit_admin)
    body = {
        "title_zh_hans": "广东省国际合作措施",
        "issuer_zh_hans": "广东省科学技术厅",
        "level": "provincial",
        "country": "CN",
        "province": "CN-GD",
        "topics": ["international_cooperation"],
        "issue_date": "2026-01-10",
        "full_text": "第一条。",
        "owner_unit": units.division.pk,
        "visibility": "public",
    }
    response = client.post("/api/policies/", body, format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["province"] == "CN-GD" and data["full_text"] == "第一条。"
    changed = client.patch(f"/api/policies/{data['id']}/", {"status": "amended"}, format="json")
    assert changed.status_code == 200 and changed.json()["status"] == "amended"
    bad = client.post("/api/policies/", {**body, "province": "", "topics": ["x"]}, format="json")
    assert bad.status_code == 400 and "topics.0" in bad.json()["errors"]
    bad = client.post("/api/policies/", {**body, "province": ""}, format="json")
    assert bad.status_code == 400 and "province" in bad.json()["errors"]


def test_list_leaves_full_text_out_and_filters(
    units: Any, users: Any, api_for: Callable[[Any], APIClient]
) -> None:
    national = PolicyFactory(
        owner_unit=units.ministry, full_text="全文内容：人才签证。", topics=["talent"]
    )
    PolicyFactory(owner_unit=units.ministry, level="international", topics=["open_science"])
    client = api_for(None)
    rows = client.get("/api/policies/").json()["results"]
    assert len(rows) == 2 and all("full_text" not in row for row in rows)
    assert [r["id"] for r in client.get("/api/policies/", {"q": "签证"}).json()["results"]] == [
        national.pk
    ]
    assert [
        r["id"] for r in client.get("/api/policies/", {"topic": "talent"}).json()["results"]
    ] == [national.pk]
    assert client.get(f"/api/policies/{national.pk}/").json()["full_text"] == "全文内容：人才签证。"


def test_hidden_issuing_organisation(
    units: Any, users: Any, api_for: Callable[[Any], APIClient]
) -> None:
    hidden = OrganisationFactory(owner_unit=units.ministry, visibility="internal")
    policy = PolicyFactory(owner_unit=units.ministry, issuing_organisation=hidden)
    data = api_for(None).get(f"/api/policies/{policy.pk}/").json()
    assert data["issuing_organisation"] is None and data["issuing_organisation_name"] is None
    data = api_for(users.ministry_admin).get(f"/api/policies/{policy.pk}/").json()
    assert data["issuing_organisation"] == hidden.pk
    refused = api_for(users.org_user).post(
        "/api/policies/",
        {
            "title_en": "X",
            "issuer_en": "Y",
            "level": "national",
            "issuing_organisation": hidden.pk,
            "owner_unit": units.enterprise.pk,
        },
        format="json",
    )
    assert refused.status_code == 400 and "issuing_organisation" in refused.json()["errors"]
