"""The page frame every page shares: menu, language switch, footer, security headers, CSP."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.urls import NoReverseMatch, reverse

from stcoop import __version__
from stcoop.core.templatetags.stcoop_ui import minutes, tree_depth

pytestmark = pytest.mark.django_db


def test_security_headers(client: Client) -> None:
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def _pages(users: Any, units: Any) -> list[str]:
    return [
        "/",
        "/accounts/profile/",
        "/accounts/password/",
        "/accounts/units/",
        f"/accounts/units/{units.base.pk}/",
        f"/accounts/units/{units.base.pk}/edit/",
        f"/accounts/units/{units.base.pk}/move/",
        "/accounts/units/add/",
        "/accounts/users/",
        "/accounts/users/add/",
        f"/accounts/users/{users.org_user.pk}/edit/",
        f"/accounts/users/{users.org_user.pk}/password/",
        f"/history/accounts.organisationunit/{units.base.pk}/",
        "/no/such/page/",
    ]


def test_no_inline_script_or_style_anywhere(users: Any, units: Any, client_for: Any) -> None:
    client = client_for(users.platform_admin)
    bodies = [client.get(url).content.decode() for url in _pages(users, units)]
    bodies.append(Client().get("/accounts/login/").content.decode())
    for body in bodies:
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", body), "inline <script>"
        assert not re.search(r"<style\b", body), "inline <style>"
        assert not re.search(r"\sstyle=", body), "style= attribute"
        assert not re.search(r"\son[a-z]+=", body), "inline event handler"
        assert "cdn" not in body.lower()


def test_every_page_links_vendored_assets(client: Client) -> None:
    body = client.get("/").content.decode()
    assert '/static/vendor/bootstrap/bootstrap.min.css"' in body
    assert '/static/vendor/htmx/htmx.min.js" defer' in body
    assert '/static/stcoop/site.css"' in body


def test_menu_for_visitors(client: Client) -> None:
    body = client.get("/?lang=en").content.decode()
    assert "科技合作平台" in body and "STCoop" in body
    assert 'href="/api/docs/"' in body
    assert "/accounts/units/" not in body  # units need signing in
    assert 'data-testid="login-link"' in body
    assert f"version {__version__}" in body


@pytest.mark.parametrize("name", ["geo:country_list", "geo:grouping_list", "notices:list"])
def test_menu_links_to_other_apps_once_they_exist(client: Client, name: str) -> None:
    body = client.get("/").content.decode()
    try:
        url = reverse(name)
    except NoReverseMatch:
        return  # not built yet: the menu simply leaves the entry out
    assert f'href="{url}"' in body


def test_menu_for_signed_in_user(users: Any, client_for: Any) -> None:
    body = client_for(users.base_manager).get("/?lang=en").content.decode()
    assert 'href="/accounts/units/"' in body
    assert 'data-testid="user-menu">bmanager<' in body
    assert "Base manager" in body  # role in the user menu
    assert "China-ASEAN Technology Transfer Centre" in body  # unit in the user menu
    assert 'href="/accounts/password/"' in body
    assert 'href="/accounts/profile/"' in body


def test_active_menu_entry(users: Any, client_for: Any) -> None:
    body = client_for(users.org_user).get("/accounts/units/").content.decode()
    # The units page sits in the Administration menu: the menu and its entry are marked.
    assert re.search(r'class="nav-link dropdown-toggle active"[^>]*data-testid="nav-admin"', body)
    assert re.search(r'class="dropdown-item active" href="/accounts/units/"', body)
    home = client_for(users.org_user).get("/").content.decode()
    assert not re.search(r'class="nav-link dropdown-toggle active"', home)


# ------------------------------------------------------------------ template tags
def _render(source: str, **context: Any) -> str:
    return Template("{% load stcoop_ui %}" + source).render(Context(context))


def test_url_or_none() -> None:
    assert _render("{% url_or_none 'core:home' as u %}[{{ u }}]") == "[/]"
    assert _render("{% url_or_none 'nowhere:nothing' as u %}[{{ u|default:'none' }}]") == "[none]"
    assert _render("{% url_or_none 'accounts:unit_detail' 5 as u %}{{ u }}") == "/accounts/units/5/"


def test_history_url(units: Any) -> None:
    out = _render("{% history_url unit %}", unit=units.base)
    assert out == f"/history/accounts.organisationunit/{units.base.pk}/"
    assert _render("[{% history_url None %}]") == "[]"


def test_path_without_lang() -> None:
    request = RequestFactory().get("/geo/?lang=en&q=a&q=b")
    assert _render("{% path_without_lang %}", request=request) == "/geo/?q=a&amp;q=b"


def test_minutes_and_tree_depth() -> None:
    import datetime

    assert minutes(datetime.timedelta(minutes=15)) == 15
    assert minutes(datetime.timedelta(seconds=61)) == 2
    assert minutes(0.25) == 15  # axes expresses cool-off in hours
    assert minutes(None) == 0
    assert tree_depth(3) == 3 and tree_depth(20) == 8 and tree_depth(-1) == 0
