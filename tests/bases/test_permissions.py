"""Who sees, edits, deletes and decides on an internal base, page by page and in the API."""

from __future__ import annotations

from typing import Any

import pytest

from bases.factories import make_base, make_report
from stcoop.bases.choices import BaseStatus
from stcoop.core.choices import Visibility

pytestmark = pytest.mark.django_db

# role: (detail, edit, delete, decide, report) answers for an internal, applied base of the
# base unit that someone else recorded.
EXPECTED: dict[str, tuple[int, int, int, int, int]] = {
    "anonymous": (404, 302, 302, 302, 404),
    "org_user": (404, 404, 404, 404, 404),
    "expert": (404, 404, 404, 404, 404),
    "division_user": (404, 404, 404, 404, 404),
    "base_manager": (200, 200, 403, 403, 200),
    "unit_admin": (200, 200, 200, 403, 200),
    "ministry_admin": (200, 200, 200, 200, 200),
    "platform_admin": (200, 200, 200, 200, 200),
}


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_pages_per_role(role: str, units: Any, users: Any, client_for: Any) -> None:
    base = make_base(units.base, visibility=Visibility.INTERNAL, status=BaseStatus.APPLIED)
    report = make_report(base)
    user = None if role == "anonymous" else getattr(users, role)
    client = client_for(user)
    got = (
        client.get(f"/bases/{base.pk}/").status_code,
        client.get(f"/bases/{base.pk}/edit/").status_code,
        client.get(f"/bases/{base.pk}/delete/").status_code,
        client.get(f"/bases/{base.pk}/status/").status_code,
        client.get(f"/bases/reports/{report.pk}/").status_code,
    )
    assert got == EXPECTED[role]
    listed = client.get("/bases/").context["total"]
    assert listed == (1 if EXPECTED[role][0] == 200 else 0)


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_api_per_role(role: str, units: Any, users: Any, api_for: Any) -> None:
    base = make_base(units.base, visibility=Visibility.INTERNAL, status=BaseStatus.DESIGNATED)
    user = None if role == "anonymous" else getattr(users, role)
    client = api_for(user)
    detail = client.get(f"/api/bases/{base.pk}/").status_code
    assert detail == (200 if EXPECTED[role][0] == 200 else 404)
    patch = client.patch(f"/api/bases/{base.pk}/", {"city": "南宁"}, format="json").status_code
    decide = client.post(
        f"/api/bases/{base.pk}/status/", {"status": "under_evaluation"}, format="json"
    ).status_code
    if role == "anonymous":
        assert (patch, decide) == (401, 401)
    elif detail == 404:
        assert (patch, decide) == (404, 404)
    else:
        assert patch == 200
        assert decide == (200 if role in ("ministry_admin", "platform_admin") else 403)
