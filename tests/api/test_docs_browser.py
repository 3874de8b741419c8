"""The API documentation pages in a real Chromium: they render under the CSP."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture
def page() -> Iterator[Any]:
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-background-networking"]
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.console_errors = []  # type: ignore[attr-defined]
        page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
        page.on("pageerror", lambda e: page.console_errors.append(str(e)))
        yield page
        browser.close()


def test_swagger_ui_renders_with_no_errors(live_server: Any, page: Any) -> None:
    page.goto(f"{live_server.url}/api/docs/", wait_until="networkidle")
    page.wait_for_selector(".swagger-ui .info .title")
    assert "STCoop API" in page.inner_text(".swagger-ui .info .title")
    assert page.locator(".opblock").count() > 10  # the operations are listed
    assert page.console_errors == []


def test_redoc_renders_and_its_search_works(live_server: Any, page: Any) -> None:
    page.goto(f"{live_server.url}/api/redoc/", wait_until="networkidle")
    page.wait_for_selector("h1")
    assert "STCoop API" in page.inner_text("h1")
    page.fill("input[placeholder='Search...']", "token")
    page.wait_for_timeout(1000)
    assert "auth_token_create" in page.inner_text("body")
    # The only things the CSP stops: ReDoc's external logo (offline anyway) and the
    # stylesheet it injects at load time, which /static/api/redoc-bundle.css supplies.
    unexpected = [
        e
        for e in page.console_errors
        if "cdn.redoc.ly" not in e and "Applying inline style" not in e
    ]
    assert unexpected == []
