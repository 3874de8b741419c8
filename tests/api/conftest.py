"""API test helpers: clients signed in by token, and no throttling unless a test asks."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


@pytest.fixture(autouse=True)
def _fresh_throttle_counts() -> Iterator[None]:
    """Throttle counters live in the cache; start every test with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def no_throttle(monkeypatch: pytest.MonkeyPatch) -> None:
    """Lift the request rates for tests that make many requests."""
    monkeypatch.setattr(AnonRateThrottle, "rate", "100000/min", raising=False)
    monkeypatch.setattr(UserRateThrottle, "rate", "100000/min", raising=False)


@pytest.fixture
def api_for(db: Any) -> Callable[[Any], APIClient]:
    """``api_for(user)``: an API client sending ``user``'s token (``None``: no token)."""

    def make(user: Any) -> APIClient:
        client = APIClient()
        if user is not None:
            token, _created = Token.objects.get_or_create(user=user)
            client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return make
