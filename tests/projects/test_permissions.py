"""The permission matrix on the project and programme pages and in the API: what each role
lists, and what a view, change or delete answers (404 unseen, 403 seen but not allowed)."""

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
from projects.factories import ProgrammeFactory, ProjectFactory, build_matrix
from stcoop.projects.models import Programme, Project

pytestmark = pytest.mark.django_db

KINDS = {
    "project": (ProjectFactory, Project, "/projects/", r'href="/projects/(\d+)/"', "projects"),
    "programme": (
        ProgrammeFactory,
        Programme,
        "/projects/programmes/",
        r'href="/projects/programmes/(\d+)/"',
        "programmes",
    ),
}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("role", ROLES)
def test_list_page_shows_what_the_role_may_see(
    kind: str, role: str, units: Any, users: Any, client_for: Callable[[Any], Client]
) -> None:
    factory, _model, url, link, _api = KINDS[kind]
    matrix = build_matrix(units, users, factory)
    response = client_for(actor(users, role)).get(url, {"per_page": 200})
    assert response.status_code == 200
    by_pk = {o.pk: name for name, o in matrix.items()}
    listed = {by_pk[int(pk)] for pk in re.findall(link, response.content.decode())}
    assert listed == expected_visible(role, set(matrix))


@pytest.mark.parametrize("role", ROLES)
def test_project_pages_answer_by_the_rules(
    role: str, units: Any, users: Any, client_for: Callable[[Any], Client]
) -> None:
    matrix = build_matrix(units, users)
    client = client_for(actor(users, role))
    names = set(matrix)
    seen = expected_visible(role, names)
    changeable = expected_changeable(role, names)
    deletable = expected_deletable(role, names)
    wrong: list[str] = []
    for name, project in sorted(matrix.items()):
        base = f"/projects/{project.pk}/"
        got = (
            client.get(base).status_code,
            client.get(base + "edit/").status_code,
            client.get(base + "outputs/add/").status_code,
            client.post(base + "delete/").status_code,
        )
        if role == "anonymous":
            expected = (200 if name in seen else 404, 302, 302, 302)
        else:
            change = 200 if name in changeable else 403 if name in seen else 404
            expected = (
                200 if name in seen else 404,
                change,
                change,
                302 if name in deletable else 403 if name in seen else 404,
            )
        if got != expected:
            wrong.append(f"{name}: got {got}, expected {expected}")
    assert wrong == []
    assert Project.objects.count() == len(matrix) - len(deletable)


@pytest.mark.parametrize(
    "role", ["platform_admin", "unit_admin", "base_manager", "expert", "anonymous"]
)
def test_programme_pages_answer_by_the_rules(
    role: str, units: Any, users: Any, client_for: Callable[[Any], Client]
) -> None:
    matrix = build_matrix(units, users, ProgrammeFactory)
    client = client_for(actor(users, role))
    names = set(matrix)
    seen = expected_visible(role, names)
    changeable = expected_changeable(role, names)
    deletable = expected_deletable(role, names)
    wrong: list[str] = []
    for name, programme in sorted(matrix.items()):
        base = f"/projects/programmes/{programme.pk}/"
        got = (
            client.get(base).status_code,
            client.get(base + "budget/add/").status_code,
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


@pytest.mark.parametrize("role", ROLES)
def test_add_page_offers_the_units_the_role_may_add_for(
    role: str, units: Any, users: Any, client_for: Callable[[Any], Client]
) -> None:
    for url in ("/projects/add/", "/projects/programmes/add/"):
        response = client_for(actor(users, role)).get(url)
        if role == "anonymous":
            assert response.status_code == 302
            continue
        assert response.status_code == 200
        offered = {u.pk for u in response.context["form"].fields["owner_unit"].queryset}
        assert offered == {getattr(units, name).pk for name in expected_owner_units(role)}


API_CASES = [("project", role) for role in ROLES] + [
    ("programme", role) for role in ("ministry_admin", "unit_admin", "org_user", "anonymous")
]


@pytest.mark.usefixtures("no_throttle")
@pytest.mark.parametrize(("kind", "role"), API_CASES)
def test_api_answers_by_the_rules(
    kind: str, role: str, units: Any, users: Any, api_for: Callable[[Any], APIClient]
) -> None:
    factory, model, _url, _link, route = KINDS[kind]
    matrix = build_matrix(units, users, factory)
    client = api_for(actor(users, role))
    names = set(matrix)
    seen = expected_visible(role, names)
    changeable = expected_changeable(role, names)
    deletable = expected_deletable(role, names)
    listing = client.get(f"/api/{route}/", {"page_size": 500})
    assert listing.status_code == 200
    by_pk = {o.pk: name for name, o in matrix.items()}
    assert {by_pk[row["id"]] for row in listing.json()["results"]} == seen
    wrong: list[str] = []
    for name, record in sorted(matrix.items()):
        url = f"/api/{route}/{record.pk}/"
        read = client.get(url).status_code
        patch = client.patch(url, {"website": "https://example.org"}, format="json").status_code
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
    assert model.objects.count() == len(matrix) - len(deletable)
