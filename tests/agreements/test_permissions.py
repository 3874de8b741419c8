"""The permission matrix on the pages and in the API, for agreements and mechanisms:
what each role lists, and what a view, change or delete answers (404 unseen, 403 seen
but not allowed, 302 to sign in for a visitor)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

from agreements.factories import AgreementFactory, MechanismFactory, build_matrix
from notices.factories import (
    ROLES,
    actor,
    expected_changeable,
    expected_deletable,
    expected_owner_units,
    expected_visible,
)
from stcoop.agreements.models import Agreement, Mechanism

pytestmark = pytest.mark.django_db

KINDS = {
    "agreement": (AgreementFactory, "title_en", "/agreements/", "/api/agreements/"),
    "mechanism": (MechanismFactory, "name_en", "/agreements/mechanisms/", "/api/mechanisms/"),
}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("role", ROLES)
def test_list_page_shows_what_the_role_may_see(
    kind: str, role: str, units: Any, users: Any, client_for: Callable[[Any], Client]
) -> None:
    factory, field, base, _api = KINDS[kind]
    matrix = build_matrix(factory, units, users, field)
    response = client_for(actor(users, role)).get(base, {"per_page": 200})
    assert response.status_code == 200
    link = re.compile(rf'href="{re.escape(base)}(\d+)/"')
    by_pk = {r.pk: name for name, r in matrix.items()}
    listed = {by_pk[int(pk)] for pk in link.findall(response.content.decode())}
    assert listed == expected_visible(role, set(matrix))


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("role", ROLES)
def test_pages_answer_by_the_rules(
    kind: str, role: str, units: Any, users: Any, client_for: Callable[[Any], Client]
) -> None:
    factory, field, base, _api = KINDS[kind]
    matrix = build_matrix(factory, units, users, field)
    client = client_for(actor(users, role))
    names = set(matrix)
    seen = expected_visible(role, names)
    changeable = expected_changeable(role, names)
    deletable = expected_deletable(role, names)
    wrong: list[str] = []
    for name, record in sorted(matrix.items()):
        url = f"{base}{record.pk}/"
        got = (
            client.get(url).status_code,
            client.get(url + "edit/").status_code,
            client.post(url + "delete/").status_code,
        )
        if role == "anonymous":
            expected = (200 if name in seen else 404, 302, 302)
        else:
            change = 200 if name in changeable else 403 if name in seen else 404
            expected = (
                200 if name in seen else 404,
                change,
                302 if name in deletable else 403 if name in seen else 404,
            )
        if got != expected:
            wrong.append(f"{name}: got {got}, expected {expected}")
    assert wrong == []
    model = Agreement if kind == "agreement" else Mechanism
    assert model.objects.count() == len(matrix) - len(deletable)


@pytest.mark.parametrize("role", ROLES)
def test_add_pages_offer_the_units_the_role_may_add_for(
    role: str, units: Any, users: Any, client_for: Callable[[Any], Client]
) -> None:
    client = client_for(actor(users, role))
    for url in ("/agreements/add/", "/agreements/mechanisms/add/"):
        response = client.get(url)
        if role == "anonymous":
            assert response.status_code == 302
            continue
        assert response.status_code == 200
        offered = {u.pk for u in response.context["form"].fields["owner_unit"].queryset}
        assert offered == {getattr(units, name).pk for name in expected_owner_units(role)}


@pytest.mark.usefixtures("no_throttle")
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("role", ROLES)
def test_api_answers_by_the_rules(
    kind: str, role: str, units: Any, users: Any, api_for: Callable[[Any], APIClient]
) -> None:
    factory, field, _base, api = KINDS[kind]
    matrix = build_matrix(factory, units, users, field)
    client = api_for(actor(users, role))
    names = set(matrix)
    seen = expected_visible(role, names)
    changeable = expected_changeable(role, names)
    deletable = expected_deletable(role, names)
    listing = client.get(api, {"page_size": 500})
    assert listing.status_code == 200
    by_pk = {r.pk: name for name, r in matrix.items()}
    assert {by_pk[row["id"]] for row in listing.json()["results"]} == seen
    wrong: list[str] = []
    for name, record in sorted(matrix.items()):
        url = f"{api}{record.pk}/"
        read = client.get(url).status_code
        patch = client.patch(url, {field: f"{name} (changed)"}, format="json").status_code
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
