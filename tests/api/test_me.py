"""``/api/me/``: the signed-in account, and changing its language."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from rest_framework.test import APIClient

from stcoop.core.models import ObjectChange

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def test_me_shows_the_account(users: Any, units: Any, api_for: Callable[[Any], APIClient]) -> None:
    body = api_for(users.unit_admin).get("/api/me/", **EN).json()
    assert body == {
        "id": users.unit_admin.pk,
        "username": "uadmin",
        "display_name": "",
        "email": "",
        "role": "unit_admin",
        "role_label": "Unit administrator",
        "unit": units.province.pk,
        "unit_name": units.province.name,
        "language": "zh-hans",
    }
    platform = api_for(users.platform_admin).get("/api/me/").json()
    assert platform["unit"] is None and platform["unit_name"] is None


def test_patch_language(users: Any, api_for: Callable[[Any], APIClient]) -> None:
    client = api_for(users.org_user)
    response = client.patch("/api/me/", {"language": "en"}, format="json")
    assert response.status_code == 200
    assert response.json()["language"] == "en"
    users.org_user.refresh_from_db()
    assert users.org_user.language == "en"
    assert ObjectChange.objects.get().after["language"] == "en"


def test_patch_refuses_other_fields_and_bad_values(
    users: Any, api_for: Callable[[Any], APIClient]
) -> None:
    client = api_for(users.org_user)
    response = client.patch("/api/me/", {"language": "fr"}, format="json", **EN)
    assert response.status_code == 400
    assert response.json()["errors"] == {"language": ['"fr" is not a valid choice.']}
    response = client.patch(
        "/api/me/", {"language": "en", "role": "platform_admin"}, format="json", **EN
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {"role": ["Unknown field: role"]}
    users.org_user.refresh_from_db()
    assert (users.org_user.role, users.org_user.language) == ("org_user", "zh-hans")


def test_me_needs_a_signed_in_client(api_for: Callable[[Any], APIClient]) -> None:
    response = api_for(None).get("/api/me/", **EN)
    assert response.status_code == 401
    assert response.json()["detail"] == "Authentication credentials were not provided."
