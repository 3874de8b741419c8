"""The search box in a real browser: type in the navbar, read results, narrow by type."""

from __future__ import annotations

from typing import Any

import pytest

from stcoop.search import store

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def indexed(units: Any, settings: Any) -> Any:
    from search.corpus import build_corpus

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    corpus = build_corpus(units)
    store.rebuild()
    store.reset_index()
    yield corpus
    store.reset_index()


def test_search_from_the_navbar(live_server: Any, page: Any, indexed: Any) -> None:
    page.goto(f"{live_server.url}/")
    box = page.locator("[data-testid=site-search] input[name=q]")
    box.fill("清华大学")
    with page.expect_navigation():
        box.press("Enter")
    assert "/search/" in page.url
    first = page.locator("[data-testid=result]").first
    assert first.get_attribute("data-id") == f"organisation:{indexed.tsinghua.pk}"
    assert first.locator("mark", has_text="清华大学").count() == 1
    # Cross-lingual: a Chinese query finds the English-only project.
    page.fill("#search-q", "量子计算")
    with page.expect_navigation():
        page.click("[data-testid=search-submit]")
    ids = page.locator("[data-testid=result]").evaluate_all("nodes => nodes.map(n => n.dataset.id)")
    assert f"project:{indexed.quantum.pk}" in ids
    # Narrow to one type through its tab.
    with page.expect_navigation():
        page.locator("[data-testid=type-tabs] a", has_text="Projects").or_(
            page.locator("[data-testid=type-tabs] a", has_text="项目")
        ).first.click()
    types = page.locator("[data-testid=result]").evaluate_all(
        "nodes => nodes.map(n => n.dataset.id.split(':')[0])"
    )
    assert types and set(types) == {"project"}
    # "Why this result" opens.
    page.locator("[data-testid=result] details summary").first.click()
    assert page.locator("[data-testid=why]").first.is_visible()
    assert page.errors == []
