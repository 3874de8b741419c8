"""``page`` and ``page_size`` on every list."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from rest_framework.test import APIClient

from notices.factories import NoticeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def thirty(units: Any) -> None:
    NoticeFactory.create_batch(30, owner_unit=units.base)


@pytest.mark.usefixtures("thirty")
def test_pages(api_for: Callable[[Any], APIClient]) -> None:
    client = api_for(None)
    first = client.get("/api/notices/", {"page_size": 12}).json()
    assert first["count"] == 30
    assert len(first["results"]) == 12
    assert first["previous"] is None
    assert "page=2" in first["next"] and "page_size=12" in first["next"]
    last = client.get("/api/notices/", {"page_size": 12, "page": 3}).json()
    assert len(last["results"]) == 6 and last["next"] is None
    seen = [
        r["id"]
        for p in (1, 2, 3)
        for r in client.get("/api/notices/", {"page_size": 12, "page": p}).json()["results"]
    ]
    assert len(seen) == len(set(seen)) == 30


@pytest.mark.usefixtures("thirty")
def test_default_and_capped_page_size(api_for: Callable[[Any], APIClient], settings: Any) -> None:
    client = api_for(None)
    assert len(client.get("/api/notices/").json()["results"]) == 30  # default 50
    assert len(client.get("/api/notices/", {"page_size": 5000}).json()["results"]) == 30
    from stcoop.api.pagination import PageNumberPagination

    assert PageNumberPagination.max_page_size == 500
    assert len(client.get("/api/notices/", {"page_size": "lots"}).json()["results"]) == 30
