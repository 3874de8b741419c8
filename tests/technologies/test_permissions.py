"""The permission matrix on the pages and in the API: what each role lists, and what a
view, change or delete of each profile answers (404 unseen, 403 seen but not allowed).
Drafts and withdrawn profiles are seen only inside their unit, whatever their visibility."""

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
from stcoop.core.permissions import Action, can
from stcoop.technologies.models import TechnologyProfile
from technologies.factories import build_matrix

pytestmark = pytest.mark.django_db

DETAIL_LINK = re.compile(r'href="/technologies/(\d+)/"')


def _as_internal(name: str) -> str:
    """The matrix name of the same record were it internal (how an unpublished one is seen)."""
    owner, rest = name.split(":", 1)
    creator = rest.split("@", 1)[1] if "@" in rest else None
    return f"{owner}:internal" + (f"@{creator}" if creator else "")


def expected_visible_unpublished(role: str, names: set[str]) -> set[str]:
    return {n for n in names if _as_internal(n) in expected_visible(role, {_as_internal(n)})}


@pytest.mark.parametrize("role", ROLES)
def test_list_page_shows_what_the_role_may_see(
    role: str, units: Any, users: Any, client_for: Callable[[Any], Client]
) -> None:
    matrix = build_matrix(units, users)
    response = client_for(actor(users, role)).get("/technologies/", {"per_page": 200})
    assert response.status_code == 200
    by_pk = {p.pk: name for name, p in matrix.items()}
    listed = {by_pk[int(pk)] for pk in set(DETAIL_LINK.findall(response.content.decode()))}
    assert listed == expected_visible(role, set(matrix))


@pytest.mark.parametrize("status", ["draft", "withdrawn"])
@pytest.mark.parametrize("role", ROLES)
def test_unpublished_profiles_are_seen_only_inside_their_unit(
    role: str, status: str, units: Any, users: Any, client_for: Callable[[Any], Client]
) -> None:
    matrix = build_matrix(units, users, status=status, publication_date=None)
    names = set(matrix)
    expected = expected_visible_unpublished(role, names)
    assert expected < expected_visible(role, names) or role in {
        "platform_admin",
        "ministry_admin",
    }
    response = client_for(actor(users, role)).get("/technologies/", {"per_page": 200})
    by_pk = {p.pk: name for name, p in matrix.items()}
    listed = {by_pk[int(pk)] for pk in set(DETAIL_LINK.findall(response.content.decode()))}
    assert listed == expected
    who = actor(users, role)
    assert {n for n, p in matrix.items() if can(who, Action.VIEW, p)} == expected
    history = client_for(who).get(
        f"/history/technologies.technologyprofile/{matrix['ministry:public'].pk}/"
    )
    if role == "anonymous":
        assert history.status_code == 302
    else:
        assert history.status_code == (200 if "ministry:public" in expected else 403)


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
    for name, profile in sorted(matrix.items()):
        base = f"/technologies/{profile.pk}/"
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
    assert TechnologyProfile.objects.count() == len(matrix) - len(deletable)


@pytest.mark.parametrize("role", ROLES)
def test_add_page_offers_the_units_the_role_may_add_for(
    role: str, units: Any, users: Any, client_for: Callable[[Any], Client]
) -> None:
    response = client_for(actor(users, role)).get("/technologies/add/")
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
    listing = client.get("/api/technologies/", {"page_size": 500})
    assert listing.status_code == 200
    by_pk = {p.pk: name for name, p in matrix.items()}
    assert {by_pk[row["id"]] for row in listing.json()["results"]} == seen
    wrong: list[str] = []
    for name, profile in sorted(matrix.items()):
        url = f"/api/technologies/{profile.pk}/"
        read = client.get(url).status_code
        patch = client.patch(url, {"trl": 5}, format="json").status_code
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
