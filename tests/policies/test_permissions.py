"""The permission matrix on the pages and in the API: what each role lists, and what a
view, change or delete of each policy answers (404 unseen, 403 seen but not allowed).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

from notices.factories import (
    ROLES,
    actor,
    expected_changeable,
    expected_deletable,
    expected_owner_units,
    expected_visible,
)
from policies.factories import build_matrix
from stcoop.policies.models import PolicyDocument

pytestmark = pytest.mark.django_db

DETAIL_LINK = re.compile(r'href="/policies/(\d+)/"')


@pytest.mark.parametrize("role", ROLES)
def test_pages_answer_by_the_rules(
    role: str, units: Any, users: Any, client_for: Callable[[Any], Client]
) -> None:
    matrix = build_matrix(units, users)
    client = client_for(actor(users, role))
    names = set(matrix)
    seen = expected_visible(role, names)
    changeable = expected_changeable(role, names)
    deletable = expected_deletable(role, names)
    wrong: list[str] = []
    for name, policy in sorted(matrix.items()):
        base = f"/policies/{policy.pk}/"
        got = (
            client.get(base).status_code,
            client.get(base + "edit/").status_code,
            client.post(base + "delete/").status_code,
        )
        if role == "anonymous":
            expected = (200 if name in seen else 404, 302, 302)
        else:
            expected = (
                200 if name in seen else 404,
                200 if name in changeable else 403 if name in seen else 404,
                302 if name in deletable else 403 if name in seen else 404,
            )
        if got != expected:
            wrong.append(f"{name}: got {got}, expected {expected}")
    assert wrong == []
    assert PolicyDocument.objects.count() == len(matrix) - len(deletable)


@pytest.mark.parametrize("role", ROLES)
def test_add_page_offers_the_units_the_role_may_add_for(
    role: str, units: Any, users: Any, client_for: Callable[[Any], Client]
) -> None:
    response = client_for(actor(users, role)).get("/policies/add/")
    if role == "anonymous":
        assert response.status_code == 302
        return
    assert response.status_code == 200
    offered = {u.pk for u in response.context["form"].fields["owner_unit"].queryset}
    expected = {getattr(units, name).pk for name in expected_owner_units(role)}
    assert offered == expected


@pytest.mark.usefixtures("no_throttle")
@pytest.mark.parametrize("role", ROLES)
def test_api_answers_by_the_rules(
    role: str, units: Any, users: Any, api_for: Callable[[Any], APIClient]
) -> None:
    matrix = build_matrix(units, users)
    client = api_for(actor(users, role))
    names = set(matrix)
    seen = expected_visible(role, names)
    changeable = expected_changeable(role, names)
    deletable = expected_deletable(role, names)
    listing = client.get("/api/policies/", {"page_size": 500})
    assert listing.status_code == 200
    by_pk = {p.pk: name for name, p in matrix.items()}
    assert {by_pk[row["id"]] for row in listing.json()["results"]} == seen
    wrong: list[str] = []
    for name, policy in sorted(matrix.items()):
        url = f"/api/policies/{policy.pk}/"
        read = client.get(url).status_code
        patch = client.patch(url, {"document_number": "X-1"}, format="json").status_code
        delete = client.delete(url).status_code
        if role == "anonymous":
            expected = (200 if name in seen else 404, 401, 401)
        else:
            expected = (
                200 if name in seen else 404,
                200 if name in changeable else 403 if name in seen else 404,
                204 if name in deletable else 403 if name in seen else 404,
            )
        if (read, patch, delete) != expected:
            wrong.append(f"{name}: got {(read, patch, delete)}, expected {expected}")
    assert wrong == []
