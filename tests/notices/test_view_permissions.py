"""The permission matrix through the web pages: the list shows what ``visible()`` gives;
detail, edit and delete pages answer 404 for what the viewer cannot see and 403 for what
it sees but may not change."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from notices.factories import (
    ROLES,
    actor,
    build_matrix,
    expected_changeable,
    expected_deletable,
    expected_visible,
)
from stcoop.notices.models import Notice

pytestmark = pytest.mark.django_db

DETAIL_LINK = re.compile(r'href="/notices/(\d+)/"')


@pytest.mark.parametrize("role", ROLES)
def test_list_page_shows_the_same_set_as_visible(
    role: str, units: Any, users: Any, client_for: Callable[[Any], Client]
) -> None:
    matrix = build_matrix(units, users)
    response = client_for(actor(users, role)).get("/notices/", {"per_page": 200})
    assert response.status_code == 200
    by_pk = {n.pk: name for name, n in matrix.items()}
    listed = {by_pk[int(pk)] for pk in DETAIL_LINK.findall(response.content.decode())}
    assert listed == expected_visible(role, set(matrix))


@pytest.mark.parametrize("role", ROLES)
def test_detail_edit_and_delete_pages_answer_by_the_rules(
    role: str, units: Any, users: Any, client_for: Callable[[Any], Client]
) -> None:
    matrix = build_matrix(units, users)
    client = client_for(actor(users, role))
    names = set(matrix)
    seen = expected_visible(role, names)
    changeable = expected_changeable(role, names)
    deletable = expected_deletable(role, names)
    wrong: list[str] = []
    for name, notice in sorted(matrix.items()):
        base = f"/notices/{notice.pk}/"
        got = (
            client.get(base).status_code,
            client.get(base + "edit/").status_code,
            client.post(base + "delete/").status_code,
        )
        if role == "anonymous":
            expected = (200 if name in seen else 404, 302, 302)  # to the sign-in page
        else:
            expected = (
                200 if name in seen else 404,
                200 if name in changeable else 403 if name in seen else 404,
                302 if name in deletable else 403 if name in seen else 404,
            )
        if got != expected:
            wrong.append(f"{name}: got {got}, expected {expected}")
    assert wrong == []
    assert Notice.objects.count() == len(matrix) - len(deletable)


@pytest.mark.parametrize("role", ROLES)
def test_add_page_only_for_those_who_may_add(
    role: str, users: Any, client_for: Callable[[Any], Client]
) -> None:
    response = client_for(actor(users, role)).get("/notices/add/")
    expected = 302 if role == "anonymous" else 200
    assert response.status_code == expected
    if role == "anonymous":
        assert response["Location"].startswith("/accounts/login/")
