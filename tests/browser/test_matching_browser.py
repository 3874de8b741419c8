"""Matchmaking in a real browser: pick a request, read its matches and reasons, switch
tabs, read and clear the inbox, save a search from a search link."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings

from stcoop.demo import DEMO_PASSWORD, generate_demo
from stcoop.search import store

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_data(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        settings, "PASSWORD_HASHERS", ["django.contrib.auth.hashers.MD5PasswordHasher"]
    )
    generate_demo(seed=42)
    store.reset_index()


def _sign_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    with page.expect_navigation():
        page.click("[data-testid=login-form] button[type=submit]")


def test_matches_inbox_and_saved_search(live_server: Any, page: Any, demo_data: None) -> None:
    from stcoop.accounts.models import User
    from stcoop.technologies.models import TechnologyProfile

    User.objects.filter(username="yunnan").update(language="en")
    request = TechnologyProfile.objects.get(
        title_en="Molecular breeding of salt-tolerant rice sought"
    )
    _sign_in(page, live_server.url, "yunnan")

    # The inbox badge shows the welcome notification.
    assert page.inner_text("[data-testid=unread-count]").strip() == "1"

    page.goto(f"{live_server.url}/matching/")
    assert page.locator("[data-testid=help-text]").is_visible()
    page.click(f"a[href='/matching/technology/{request.pk}/']")
    page.wait_for_selector("[data-testid=match-list], [data-testid=empty]")
    matches = page.locator("[data-testid=match]")
    if matches.count():
        assert int(page.inner_text("[data-testid=match-score] >> nth=0")) > 0
        assert page.locator("[data-testid=match-reasons] li").count() > 0
    page.click("[data-testid=tab-organisations]")
    assert "tab=organisations" in page.url
    page.click("[data-testid=tab-experts]")
    assert "tab=experts" in page.url

    page.goto(f"{live_server.url}/matching/notifications/")
    assert page.locator("[data-testid=notification]").count() == 1
    with page.expect_navigation():
        page.click("[data-testid=read-all]")
    assert page.locator("[data-testid=unread-count]").count() == 0

    page.goto(f"{live_server.url}/matching/saved/new/?q=salt-tolerant+rice&type=technology")
    assert page.input_value("input[name=query]") == "salt-tolerant rice"
    page.fill("input[name=name]", "Rice breeding offers")
    with page.expect_navigation():
        page.click("[data-testid=saved-form] button[type=submit]")
    assert page.url.endswith("/matching/saved/")
    assert "Rice breeding offers" in page.inner_text("[data-testid=saved-table]")
    assert page.errors == []
