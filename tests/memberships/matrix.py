"""The permission matrix on the pages and in the API, for any owned record: what each
role lists, and what a view, change or delete answers (404 unseen, 403 seen but not
allowed). Used by the membership, programme and shared-resource tests."""

from __future__ import annotations

import re
from typing import Any

from notices.factories import (
    actor,
    expected_changeable,
    expected_deletable,
    expected_owner_units,
    expected_visible,
)


def check_list_page(
    role: str, matrix: dict[str, Any], client: Any, url: str, detail_prefix: str
) -> None:
    response = client.get(url, {"per_page": 200})
    assert response.status_code == 200
    by_pk = {r.pk: name for name, r in matrix.items()}
    pattern = re.compile(rf'href="{re.escape(detail_prefix)}(\d+)/"')
    listed = {by_pk[int(pk)] for pk in pattern.findall(response.content.decode())}
    assert listed == expected_visible(role, set(matrix))


def check_pages(role: str, matrix: dict[str, Any], client: Any, prefix: str) -> set[str]:
    """Detail, edit and delete pages of every record; returns the names deleted."""
    names = set(matrix)
    seen = expected_visible(role, names)
    changeable = expected_changeable(role, names)
    deletable = expected_deletable(role, names)
    wrong: list[str] = []
    for name, record in sorted(matrix.items()):
        base = f"{prefix}{record.pk}/"
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
    return deletable


def check_add_page(role: str, units: Any, client: Any, url: str) -> None:
    response = client.get(url)
    if role == "anonymous":
        assert response.status_code == 302
        return
    assert response.status_code == 200
    offered = {u.pk for u in response.context["form"].fields["owner_unit"].queryset}
    assert offered == {getattr(units, name).pk for name in expected_owner_units(role)}


def check_api(
    role: str, matrix: dict[str, Any], client: Any, url: str, patch: dict[str, Any]
) -> None:
    names = set(matrix)
    seen = expected_visible(role, names)
    changeable = expected_changeable(role, names)
    deletable = expected_deletable(role, names)
    listing = client.get(url, {"page_size": 500})
    assert listing.status_code == 200
    by_pk = {r.pk: name for name, r in matrix.items()}
    assert {by_pk[row["id"]] for row in listing.json()["results"]} == seen
    wrong: list[str] = []
    for name, record in sorted(matrix.items()):
        detail = f"{url}{record.pk}/"
        read = client.get(detail).status_code
        changed = client.patch(detail, patch, format="json").status_code
        delete = client.delete(detail).status_code
        if role == "anonymous":
            expected = (200 if name in seen else 404, 401, 401)
        else:
            expected = (
                200 if name in seen else 404,
                200 if name in changeable else 403 if name in seen else 404,
                204 if name in deletable else 403 if name in seen else 404,
            )
        if (read, changed, delete) != expected:
            wrong.append(f"{name}: got {(read, changed, delete)}, expected {expected}")
    assert wrong == []


__all__ = ["actor", "check_add_page", "check_api", "check_list_page", "check_pages"]
