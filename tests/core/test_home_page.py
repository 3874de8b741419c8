"""The home dashboard: greeting, purpose, and real counts of what each role may see."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from django.utils.html import escape

from stcoop.accounts import services
from stcoop.accounts.choices import UnitKind
from stcoop.core.choices import Visibility
from stcoop.core.views.home import dashboard_tiles

pytestmark = pytest.mark.django_db


def _counts(body: str) -> dict[str, int]:
    pattern = (
        r'data-testid="tile-(\w+)">\s*<div class="card-body">\s*'
        r'<div class="stat-count" data-count="(\d+)"'
    )
    return {key: int(count) for key, count in re.findall(pattern, body)}


@pytest.mark.parametrize(
    ("role", "units_shown", "users_count"),
    [
        ("platform_admin", True, 7),
        ("ministry_admin", True, 1),
        ("unit_admin", True, 4),
        ("base_manager", True, None),
        ("org_user", True, None),
        ("expert", True, None),
        (None, False, None),
    ],
)
def test_unit_and_user_counts_by_role(
    users: Any, client_for: Any, role: str | None, units_shown: bool, users_count: int | None
) -> None:
    response = client_for(getattr(users, role) if role else None).get("/")
    assert response.status_code == 200
    counts = _counts(response.content.decode())
    assert counts.get("units") == (7 if units_shown else None)
    assert counts.get("users") == users_count


def test_counts_follow_the_database(users: Any, units: Any, client_for: Any) -> None:
    client = client_for(users.platform_admin)
    assert _counts(client.get("/").content.decode())["units"] == 7
    services.unit_create(actor=users.platform_admin, name_en="New Office", kind=UnitKind.OTHER)
    assert _counts(client.get("/").content.decode())["units"] == 8


@pytest.fixture
def notices(units: Any, users: Any) -> Any:
    """One public notice of the enterprise, internal ones of the base and of the ministry."""
    try:
        notice = apps.get_model("notices", "Notice")
    except LookupError:
        pytest.skip("the notices app is not installed")
    category = notice._meta.get_field("category").choices[0][0]
    for title, unit, visibility in (
        ("Call for joint labs", units.enterprise, Visibility.PUBLIC),
        ("Base internal memo", units.base, Visibility.INTERNAL),
        ("Ministry internal memo", units.ministry, Visibility.INTERNAL),
    ):
        notice.objects.create(
            title_en=title, category=category, owner_unit=unit, visibility=visibility
        )
    return notice


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("platform_admin", 3),
        ("ministry_admin", 3),
        ("unit_admin", 2),  # public + the base in the province's sub-tree
        ("base_manager", 2),  # public + its own base
        ("org_user", 1),
        ("expert", 1),
        (None, 1),
    ],
)
def test_notice_count_is_what_the_viewer_may_see(
    notices: Any, users: Any, client_for: Any, role: str | None, expected: int
) -> None:
    body = client_for(getattr(users, role) if role else None).get("/").content.decode()
    assert _counts(body)["notices"] == expected


def test_missing_apps_are_left_out(users: Any) -> None:
    keys = {tile.key for tile in dashboard_tiles(users.platform_admin)}
    for key, app_label, model in (
        ("countries", "geo", "Country"),
        ("groupings", "geo", "Grouping"),
    ):
        try:
            apps.get_model(app_label, model)
        except LookupError:
            assert key not in keys
        else:
            assert key in keys


def test_greeting_and_role(users: Any, client_for: Any, tr: Any) -> None:
    body = client_for(users.base_manager).get("/").content.decode()
    start = body.index('data-testid="greeting">')
    greeting = body[start : body.index("</h1>", start)]
    assert "bmanager" in greeting
    assert escape(tr("Base manager", "zh-hans")) in body
    assert escape(users.base_manager.unit.name) in body


def test_english_home_explains_the_platform(client: Client) -> None:
    body = client.get("/?lang=en").content.decode()
    assert "open platform for international science and technology innovation cooperation" in body
    assert 'href="/accounts/login/"' in body


def test_empty_state_when_nothing_is_recorded(db: Any, client: Client) -> None:
    body = client.get("/").content.decode()
    assert 'data-testid="empty-state"' in body


def test_no_empty_state_with_records(users: Any, client_for: Any) -> None:
    body = client_for(users.org_user).get("/").content.decode()
    assert 'data-testid="empty-state"' not in body
