"""``/api/notices/``: create, read, change, delete, filters, ordering and input errors."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from rest_framework.test import APIClient

from notices.factories import NoticeFactory
from stcoop.core.choices import Visibility
from stcoop.core.models import ObjectChange
from stcoop.notices.models import Notice

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def manager(users: Any, api_for: Callable[[Any], APIClient]) -> APIClient:
    return api_for(users.base_manager)


def test_create_read_update_delete(manager: APIClient, users: Any, units: Any) -> None:
    response = manager.post(
        "/api/notices/",
        {
            "owner_unit": units.base.pk,
            "category": "call",
            "title_zh_hans": "联合研究项目征集",
            "title_en": "Joint research call",
            "published_on": "2026-04-01",
            "visibility": "shared",
            "shared_with": [units.division.pk, units.lab.pk],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["created_by"] == "bmanager"
    assert body["owner_unit"] == units.base.pk
    assert body["owner_unit_name"] == units.base.name
    assert sorted(body["shared_with"]) == sorted([units.division.pk, units.lab.pk])
    assert body["expires_on"] is None and body["link"] == "" and body["body_en"] == ""
    url = f"/api/notices/{body['id']}/"

    assert manager.get(url, **EN).json()["title"] == "Joint research call"
    assert manager.get(url, HTTP_ACCEPT_LANGUAGE="zh-Hans").json()["title"] == "联合研究项目征集"

    response = manager.patch(url, {"expires_on": "2026-05-31", "shared_with": []}, format="json")
    assert response.status_code == 400  # shared, but with no unit
    assert list(response.json()["errors"]) == ["shared_with"]
    response = manager.patch(
        url, {"expires_on": "2026-05-31", "visibility": "public"}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["expires_on"] == "2026-05-31"
    assert Notice.objects.get().visibility == Visibility.PUBLIC

    assert manager.delete(url).status_code == 204
    assert not Notice.objects.exists()
    assert [c.action for c in ObjectChange.objects.order_by("pk")] == [
        "create",
        "update",
        "delete",
    ]


def test_put_needs_the_required_fields(manager: APIClient, units: Any) -> None:
    notice = NoticeFactory(owner_unit=units.base, title_en="Before")
    response = manager.put(f"/api/notices/{notice.pk}/", {"title_en": "After"}, format="json")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"category", "owner_unit"}
    response = manager.put(
        f"/api/notices/{notice.pk}/",
        {"title_en": "After", "category": "news", "owner_unit": units.base.pk},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["title_en"] == "After"


def test_missing_fields_are_named(manager: APIClient) -> None:
    response = manager.post("/api/notices/", {}, format="json", **EN)
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "Invalid input."
    assert body["status"] == 400
    assert body["errors"] == {
        "category": ["This field is required."],
        "owner_unit": ["This field is required."],
    }


def test_title_rule_of_the_model_comes_back_keyed_by_field(manager: APIClient, units: Any) -> None:
    response = manager.post(
        "/api/notices/", {"owner_unit": units.base.pk, "category": "news"}, format="json", **EN
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "title_zh_hans": ["Give the title in Chinese, in English or in both."],
        "title_en": ["Give the title in Chinese, in English or in both."],
    }
    assert not Notice.objects.exists()


def test_wrong_types_are_named(manager: APIClient, units: Any) -> None:
    response = manager.post(
        "/api/notices/",
        {
            "owner_unit": "the base",
            "category": "rumour",
            "title_en": ["not", "a", "string"],
            "published_on": "yesterday",
            "link": "not a link",
            "shared_with": [999999],
        },
        format="json",
        **EN,
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {
        "owner_unit",
        "category",
        "title_en",
        "published_on",
        "link",
        "shared_with",
    }
    assert errors["category"] == ['"rumour" is not a valid choice.']
    assert errors["title_en"] == ["Not a valid string."]
    assert errors["published_on"][0].startswith("Date has wrong format.")
    assert errors["shared_with"] == ['Invalid pk "999999" - object does not exist.']


def test_unknown_fields_are_refused_but_read_only_ones_ignored(
    manager: APIClient, units: Any
) -> None:
    notice = NoticeFactory(owner_unit=units.base)
    response = manager.patch(
        f"/api/notices/{notice.pk}/", {"titel_en": "typo", "colour": "red"}, format="json", **EN
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "colour": ["Unknown field: colour"],
        "titel_en": ["Unknown field: titel_en"],
    }
    # What a GET returned can be sent back.
    current = manager.get(f"/api/notices/{notice.pk}/").json()
    current["title_en"] = "Round trip"
    response = manager.put(f"/api/notices/{notice.pk}/", current, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["title_en"] == "Round trip"


def test_filters_and_ordering(users: Any, units: Any, api_for: Callable[[Any], APIClient]) -> None:
    NoticeFactory(
        owner_unit=units.base,
        category="call",
        title_zh_hans="联合实验室",
        title_en="Joint lab",
        published_on=datetime.date(2026, 1, 1),
    )
    NoticeFactory(
        owner_unit=units.lab,
        category="news",
        title_en="Lab news",
        published_on=datetime.date(2026, 3, 1),
    )
    NoticeFactory(
        owner_unit=units.ministry,
        category="policy",
        title_en="Policy",
        published_on=datetime.date(2026, 2, 1),
        visibility=Visibility.INTERNAL,
    )
    client = api_for(None)

    def titles(**params: Any) -> list[str]:
        response = client.get("/api/notices/", params)
        assert response.status_code == 200, response.json()
        return [row["title_en"] for row in response.json()["results"]]

    assert titles() == ["Lab news", "Joint lab"]  # newest first; the internal one is hidden
    assert titles(q="实验室") == ["Joint lab"]
    assert titles(category="news") == ["Lab news"]
    assert titles(owner_unit=units.base.pk) == ["Joint lab"]
    assert titles(published_on_after="2026-02-01") == ["Lab news"]
    assert titles(ordering="published_on") == ["Joint lab", "Lab news"]
    assert titles(visibility="internal") == []
    response = client.get("/api/notices/", {"category": "rumour"}, **EN)
    assert response.status_code == 400
    assert "category" in response.json()["errors"]


def test_creating_needs_a_signed_in_client(units: Any, api_for: Callable[[Any], APIClient]) -> None:
    response = api_for(None).post(
        "/api/notices/", {"owner_unit": units.base.pk, "category": "news"}, format="json", **EN
    )
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json() == {
        "detail": "Authentication credentials were not provided.",
        "errors": {},
        "status": 401,
    }
