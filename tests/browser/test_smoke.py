"""Smoke test in a real browser: sign in, switch language, read a country in both."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.utils import translation

from stcoop.demo import DEMO_PASSWORD, generate_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_data(monkeypatch: pytest.MonkeyPatch) -> None:
    """The demo dataset (accounts and reference data), with cheap password hashing."""
    monkeypatch.setattr(
        settings, "PASSWORD_HASHERS", ["django.contrib.auth.hashers.MD5PasswordHasher"]
    )
    generate_demo(seed=42)


def _tr(text: str, language: str) -> str:
    with translation.override(language):
        return translation.gettext(text)


def _nav(page: Any) -> str:
    return str(page.inner_text("#main-nav"))


def _switch_language(page: Any) -> None:
    with page.expect_navigation():
        page.click(".lang-switch")


def test_sign_in_switch_language_and_read_a_country(
    live_server: Any, page: Any, demo_data: None
) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "guangdong")
    page.fill("input[name=password]", DEMO_PASSWORD)
    with page.expect_navigation():
        page.click("[data-testid=login-form] button[type=submit]")
    assert "/accounts/login/" not in page.url
    assert "陈志强" in page.inner_text("[data-testid=user-menu]")

    # The interface strings come from the compiled catalogue (make compiles it).
    countries_zh = _tr("Countries", "zh-hans")
    assert countries_zh != "Countries", "the zh_Hans catalogue is not compiled"

    page.goto(f"{live_server.url}/geo/countries/CN/")
    assert page.get_attribute("html", "lang") == "zh-hans"
    assert "中国" in page.inner_text("[data-testid=country-name]")
    assert countries_zh in _nav(page)

    _switch_language(page)
    assert page.url.endswith("/geo/countries/CN/")
    assert page.get_attribute("html", "lang") == "en"
    assert "China" in page.inner_text("[data-testid=country-name]")
    assert "Countries" in _nav(page) and countries_zh not in _nav(page)

    _switch_language(page)
    assert page.get_attribute("html", "lang") == "zh-hans"
    assert "中国" in page.inner_text("[data-testid=country-name]")
    assert countries_zh in _nav(page)
    assert page.errors == []
