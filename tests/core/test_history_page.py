"""The change-history page: who may read it, and what it shows."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.html import escape

from stcoop.accounts import services
from stcoop.accounts.choices import UnitKind
from stcoop.core.models import ObjectChange
from stcoop.core.services import record_delete

pytestmark = pytest.mark.django_db


def _url(record: Any) -> str:
    return f"/history/{record._meta.label_lower}/{record.pk}/"


def _diff_rows(body: str) -> list[tuple[str, str, str]]:
    cell = r"<td class=\"diff-(?:before|after)\">(.*?)</td>"
    pattern = r"<th scope=\"row\" class=\"fw-normal\">(.*?)</th>\s*" + cell + r"\s*" + cell
    return [
        tuple(re.sub(r"<[^>]+>", "", part).strip() for part in row)
        for row in re.findall(pattern, body, flags=re.S)
    ]


def test_update_shows_before_and_after(users: Any, units: Any, client_for: Any) -> None:
    services.unit_update(
        actor=users.unit_admin, unit=units.base, acronym="CATTC", kind=UnitKind.INSTITUTE
    )
    response = client_for(users.unit_admin).get(_url(units.base) + "?lang=en")
    assert response.status_code == 200
    body = response.content.decode()
    rows = _diff_rows(body)
    assert ("Acronym", "—", "CATTC") in rows
    # Choices are shown by their labels, not their stored codes.
    assert ("Kind", "Cooperation base", "Research institute") in rows
    assert "uadmin" in body
    assert "Updated" in body


def test_moves_show_parent_names(users: Any, units: Any, client_for: Any) -> None:
    services.unit_move(actor=users.unit_admin, unit=units.lab, new_parent=units.division)
    body = client_for(users.unit_admin).get(_url(units.lab) + "?lang=en").content.decode()
    assert ("Parent unit", escape(units.base.name), units.division.name) in _diff_rows(body)


def test_time_is_shown_in_local_time(users: Any, units: Any, client_for: Any) -> None:
    services.unit_update(actor=users.platform_admin, unit=units.base, region="Guangxi")
    change = ObjectChange.objects.latest("pk")
    local = timezone.localtime(change.time).strftime("%Y-%m-%d %H:%M:%S")
    body = client_for(users.platform_admin).get(_url(units.base)).content.decode()
    assert local in body
    assert "Asia/Shanghai" in body


def test_newest_first_and_paginated(users: Any, units: Any, client_for: Any) -> None:
    for number in range(30):
        services.unit_update(actor=users.platform_admin, unit=units.base, region=f"R{number:02d}")
    client = client_for(users.platform_admin)
    first = client.get(_url(units.base)).content.decode()
    assert first.count('data-testid="change"') == 25
    # The newest change (R28 → R29) comes before the one before it (R27 → R28).
    assert first.index(">R29<") < first.index(">R27<")
    second = client.get(_url(units.base) + "?page=2").content.decode()
    assert second.count('data-testid="change"') == 5
    assert ">R00<" in second and ">R29<" not in second


def test_signed_in_users_see_unit_history(users: Any, units: Any, client_for: Any) -> None:
    services.unit_update(actor=users.unit_admin, unit=units.base, acronym="CATTC")
    for role in (
        "platform_admin",
        "ministry_admin",
        "unit_admin",
        "base_manager",
        "org_user",
        "expert",
    ):
        assert client_for(getattr(users, role)).get(_url(units.base)).status_code == 200, role


def test_anonymous_is_sent_to_login(units: Any, client: Client) -> None:
    response = client.get(_url(units.base))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("platform_admin", 200),
        ("ministry_admin", 403),
        ("unit_admin", 200),
        ("base_manager", 403),
        ("org_user", 403),
        ("division_user", 200),  # their own account
    ],
)
def test_user_history_needs_view_permission(
    users: Any, client_for: Any, tr: Any, role: str, status: int
) -> None:
    services.user_set_language(actor=users.division_user, user=users.division_user, language="en")
    response = client_for(getattr(users, role)).get(_url(users.division_user) + "?lang=en")
    assert response.status_code == status
    if status == 403:
        message = tr("You do not have permission to see this record's history.", "en")
        assert escape(message) in response.content.decode()
    else:
        assert ("Interface language", "简体中文", "English") in _diff_rows(
            response.content.decode()
        )


@pytest.mark.parametrize(
    "path",
    [
        "/history/nosuch.model/1/",
        "/history/accounts/1/",
        "/history/contenttypes.contenttype/1/",  # not a change-logged model
        "/history/accounts.organisationunit/abc/",
        "/history/accounts.organisationunit/999999/",
    ],
)
def test_unknown_model_or_record_is_404(users: Any, client_for: Any, path: str) -> None:
    assert client_for(users.platform_admin).get(path).status_code == 404


def test_deleted_record_history_for_top_administrators_only(
    users: Any, units: Any, client_for: Any
) -> None:
    unit = services.unit_create(
        actor=users.platform_admin,
        name_en="Short-lived Office",
        kind=UnitKind.OTHER,
        parent=units.province,
    )
    url = _url(unit)
    record_delete(actor=users.platform_admin, record=unit)
    for role in ("platform_admin", "ministry_admin"):
        response = client_for(getattr(users, role)).get(url)
        assert response.status_code == 200
        body = response.content.decode()
        assert 'data-testid="deleted-record"' in body
        assert "Short-lived Office" in body
        assert body.count('data-testid="change"') == 2
    for role in ("unit_admin", "org_user"):
        assert client_for(getattr(users, role)).get(url).status_code == 404


def test_record_without_changes_says_so(users: Any, units: Any, client_for: Any) -> None:
    body = client_for(users.platform_admin).get(_url(units.base)).content.decode()
    assert 'data-testid="no-changes"' in body


def test_history_link_include(users: Any, units: Any, client_for: Any) -> None:
    body = client_for(users.org_user).get(f"/accounts/units/{units.base.pk}/").content.decode()
    assert f'href="{_url(units.base)}" data-testid="history-link"' in body
