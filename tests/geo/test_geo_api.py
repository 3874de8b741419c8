"""REST API: read countries and groupings; administrators maintain members.

The platform router lives in ``stcoop.api.urls`` (another part of the project); these
tests mount :func:`stcoop.geo.api.register` on a router of their own, under ``/api/``.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import include, path
from rest_framework.routers import DefaultRouter
from rest_framework.test import APIClient

from stcoop.geo import api
from stcoop.geo.models import Grouping

router = DefaultRouter()
api.register(router)
urlpatterns = [
    path("api/", include(router.urls)),
    path("", include("stcoop.config.urls")),
]

pytestmark = pytest.mark.urls(__name__)


def _client(user: Any = None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_country_list_with_shared_filters(geo: Any) -> None:
    response = _client().get("/api/countries/", {"grouping": "central-asia", "ordering": "-iso2"})
    assert response.status_code == 200
    assert response.data["count"] == 5
    assert [c["iso2"] for c in response.data["results"]] == ["UZ", "TM", "TJ", "KZ", "KG"]
    search = _client().get("/api/countries/", {"q": "中国台湾"})
    assert [c["iso2"] for c in search.data["results"]] == ["TW"]


def test_country_detail_by_iso2_with_groupings(geo: Any) -> None:
    response = _client().get("/api/countries/cn/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    data = response.data
    assert (data["iso3"], data["name_zh_hans"], data["name_en"]) == ("CHN", "中国", "China")
    assert data["region"]["code"] == "142" and data["sub_region"]["name_en"] == "Eastern Asia"
    assert data["income_group"] == "upper_middle"
    assert {"brics", "sco", "emerging"} <= {g["grouping"] for g in data["groupings"]}
    assert _client().get("/api/countries/XX/").status_code == 404


def test_grouping_detail_with_members_on_a_date(geo: Any) -> None:
    now = _client().get("/api/groupings/brics/")
    assert now.status_code == 200
    assert now.data["member_count"] == 10 and len(now.data["members"]) == 10
    assert now.data["source_version"].startswith("worldcountrygroups ")
    before = _client().get("/api/groupings/brics/", {"on": "2023-06-01"})
    assert {m["iso2"] for m in before.data["members"]} == {"BR", "RU", "IN", "CN", "ZA"}
    bad = _client().get("/api/groupings/brics/", {"on": "June"})
    assert bad.status_code == 400 and "on" in bad.data["errors"]
    listing = _client().get("/api/groupings/", {"kind": "economic_class"})
    assert [g["code"] for g in listing.data["results"]] == ["developed", "emerging", "developing"]


def test_administrator_adds_and_ends_membership(bri: Grouping, users: Any) -> None:
    client = _client(users.platform_admin)
    added = client.post(
        "/api/groupings/bri/members/", {"country": "KAZ", "valid_from": "2013-09-07"}, format="json"
    )
    assert added.status_code == 201, added.data
    assert added.data["iso2"] == "KZ" and added.data["valid_from"] == "2013-09-07"
    twice = client.post("/api/groupings/bri/members/", {"country": "KZ"}, format="json")
    assert twice.status_code == 400 and "country" in twice.data["errors"]
    unknown = client.post("/api/groupings/bri/members/", {"country": "XX"}, format="json")
    assert unknown.status_code == 400
    ended = client.delete("/api/groupings/bri/members/KZ/?valid_to=2024-01-01")
    assert ended.status_code == 200 and ended.data["valid_to"] == "2024-01-01"
    assert bri.memberships.get().valid_to is not None


@pytest.mark.parametrize("role", ["org_user", "expert", "unit_admin"])
def test_others_cannot_write(bri: Grouping, users: Any, role: str) -> None:
    client = _client(getattr(users, role))
    assert (
        client.post("/api/groupings/bri/members/", {"country": "KZ"}, format="json").status_code
        == 403
    )
    assert client.delete("/api/groupings/bri/members/KZ/").status_code == 403
    assert not bri.memberships.exists()


def test_anonymous_cannot_write(bri: Grouping) -> None:
    response = _client().post("/api/groupings/bri/members/", {"country": "KZ"}, format="json")
    assert response.status_code == 401  # token authentication: sign in, then retry
    assert not bri.memberships.exists()


def test_package_grouping_refuses_edits(geo: Any, users: Any) -> None:
    response = _client(users.platform_admin).post(
        "/api/groupings/asean/members/", {"country": "JP"}, format="json"
    )
    assert response.status_code == 400 and "grouping" in response.data["errors"]


def test_import_file_dry_run_and_errors(bri: Grouping, users: Any) -> None:
    client = _client(users.platform_admin)
    good = SimpleUploadedFile("m.csv", b"iso,note\nKZ,x\nPK,\n")
    preview = client.post("/api/groupings/bri/members/import/", {"file": good, "dry_run": "true"})
    assert preview.status_code == 200
    assert (preview.data["created"], preview.data["applied"]) == (2, False)
    assert not bri.memberships.exists()
    bad = SimpleUploadedFile("m.csv", b"iso\nKZ\nXX\n")
    failed = client.post("/api/groupings/bri/members/import/?lang=en", {"file": bad})
    assert failed.status_code == 400
    assert failed.data["row_errors"] == [
        {"row": 3, "column": "iso", "message": "'XX' is not a known country code"}
    ]
    assert "rows.3.iso" in failed.data["errors"]
    assert not bri.memberships.exists()
