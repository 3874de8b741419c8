"""The permission matrix through the API: what each role lists, and what a change or a
delete of each notice answers (403 when seen but not allowed, 404 when not seen)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from rest_framework.test import APIClient

from notices.factories import (
    ROLES,
    actor,
    build_matrix,
    expected_changeable,
    expected_deletable,
    expected_visible,
)
from stcoop.notices.models import Notice

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_throttle")]


@pytest.mark.parametrize("role", ROLES)
def test_list_shows_the_same_set_as_visible(
    role: str, units: Any, users: Any, api_for: Callable[[Any], APIClient]
) -> None:
    matrix = build_matrix(units, users)
    response = api_for(actor(users, role)).get("/api/notices/", {"page_size": 500})
    assert response.status_code == 200
    by_pk = {n.pk: name for name, n in matrix.items()}
    listed = {by_pk[row["id"]] for row in response.json()["results"]}
    assert listed == expected_visible(role, set(matrix))
    assert response.json()["count"] == len(listed)


@pytest.mark.parametrize("role", ROLES)
def test_each_notice_answers_by_the_rules(
    role: str, units: Any, users: Any, api_for: Callable[[Any], APIClient]
) -> None:
    matrix = build_matrix(units, users)
    client = api_for(actor(users, role))
    names = set(matrix)
    seen = expected_visible(role, names)
    changeable = expected_changeable(role, names)
    deletable = expected_deletable(role, names)
    wrong: list[str] = []
    for name, notice in sorted(matrix.items()):
        url = f"/api/notices/{notice.pk}/"
        read = client.get(url).status_code
        patch = client.patch(url, {"title_en": f"{name} (edited)"}, format="json")
        delete = client.delete(url)
        if role == "anonymous":
            # Writes need a signed-in client, whatever the notice: 401, which says
            # nothing about whether the notice exists.
            expected = (200 if name in seen else 404, 401, 401)
        else:
            expected = (
                200 if name in seen else 404,
                200 if name in changeable else 403 if name in seen else 404,
                204 if name in deletable else 403 if name in seen else 404,
            )
        got = (read, patch.status_code, delete.status_code)
        if got != expected:
            wrong.append(f"{name}: got {got}, expected {expected}")
            continue
        for response in (patch, delete):
            if response.status_code >= 400:
                body = response.json()
                assert set(body) == {"detail", "errors", "status"}
                assert body["status"] == response.status_code
    assert wrong == []
    assert Notice.objects.count() == len(matrix) - len(deletable)


def test_unknown_id_is_404_with_the_error_body(
    users: Any, api_for: Callable[[Any], APIClient]
) -> None:
    client = api_for(users.platform_admin)
    for method in ("get", "patch", "put", "delete"):
        response = getattr(client, method)(
            "/api/notices/987654/", {}, format="json", HTTP_ACCEPT_LANGUAGE="en"
        )
        assert response.status_code == 404, method
        assert response.json() == {
            "detail": "No record matches the given ID.",
            "errors": {},
            "status": 404,
        }
    assert client.get("/api/notices/not-a-number/").status_code == 404


def test_forbidden_body_gives_the_reason(
    units: Any, users: Any, api_for: Callable[[Any], APIClient]
) -> None:
    matrix = build_matrix(units, users)
    client = api_for(users.org_user)
    response = client.delete(
        f"/api/notices/{matrix['enterprise:public'].pk}/", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 403
    assert response.json()["detail"] == "You do not have permission to delete this record."


def test_create_for_a_unit_not_allowed_is_403(
    units: Any, users: Any, api_for: Callable[[Any], APIClient]
) -> None:
    response = api_for(users.expert).post(
        "/api/notices/",
        {"owner_unit": units.base.pk, "category": "news", "title_en": "Not mine to post"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 403
    assert response.json()["detail"] == "You do not have permission to add this record."
    assert not Notice.objects.exists()
