"""Partner suggestions in a real browser: from a project's page to ranked partners,
adding partner rows, and the reasons in the reader's language."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings

from conftest import PASSWORD, make_user
from projects.partner_fixtures import PartnerWorld, build_world
from stcoop.accounts.choices import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(units: Any, monkeypatch: pytest.MonkeyPatch) -> PartnerWorld:
    monkeypatch.setattr(settings, "STCOOP_PARTNERS_DENSE", False, raising=False)
    return build_world(units)


def _sign_in(page: Any, url: str, username: str) -> None:
    page.goto(f"{url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("[data-testid=login-form] button[type=submit]")


def test_suggest_partners_from_a_project_page(
    live_server: Any, page: Any, units: Any, world: PartnerWorld
) -> None:
    make_user("reader", Role.MINISTRY_ADMIN, units.ministry, language="en")
    _sign_in(page, live_server.url, "reader")
    page.goto(f"{live_server.url}/projects/{world.current.pk}/")
    with page.expect_navigation():
        page.click("[data-testid=suggest-partners-link]")
    assert page.url.endswith(f"/projects/{world.current.pk}/partners/")
    first = page.locator("[data-testid=partner-suggestion]").first
    assert first.get_attribute("data-org-id") == str(world.neighbour.pk)
    assert "Worked with Solar Energy Lab (2 shared projects)" in first.inner_text()
    assert "光子大学" in first.inner_text()
    assert page.input_value("#id_title") == "Solar cells for rooftops"

    # More rows for partners, then a new partner typed in: the suggestions follow.
    rows_before = page.locator(".partner-row").count()
    with page.expect_navigation():
        page.click("[data-testid=add-rows]")
    assert page.locator(".partner-row").count() == rows_before + 3
    page.fill("#id_p-1-name", "Ocean Research Institute")
    page.select_option("#id_p-1-country", "NO")
    with page.expect_navigation():
        page.click("[data-testid=suggest]")
    names = page.inner_text("[data-testid=partner-results]")
    assert "Ocean Research Institute" not in names.split("\n")[0]
    assert "Université de Photonique" in names
    assert page.errors == []


def test_reasons_are_in_chinese_for_a_chinese_reader(
    live_server: Any, page: Any, units: Any, world: PartnerWorld
) -> None:
    make_user("zhreader", Role.MINISTRY_ADMIN, units.ministry, language="zh-hans")
    _sign_in(page, live_server.url, "zhreader")
    page.goto(f"{live_server.url}/projects/partners/")
    page.fill("#id_title", "Solar cells")
    page.fill("#id_p-0-name", "Solar Energy Lab")
    page.select_option("#id_p-0-country", "DE")
    with page.expect_navigation():
        page.click("[data-testid=suggest]")
    first = page.locator("[data-testid=partner-suggestion]").first
    assert first.get_attribute("data-org-id") == str(world.neighbour.pk)
    assert "法国" in first.inner_text()
    assert page.errors == []
