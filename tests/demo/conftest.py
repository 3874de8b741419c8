"""Fixtures for the demo-data tests."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from stcoop.accounts.models import User


@pytest.fixture(autouse=True)
def fast_passwords(settings: Any) -> None:
    """Hash passwords cheaply: the demo sets one per account."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def signs_in() -> Any:
    """``signs_in(username, password)``: whether the login page accepts them."""

    def attempt(username: str, password: str) -> bool:
        client = Client()
        client.post("/accounts/login/", {"username": username, "password": password})
        user_id = client.session.get("_auth_user_id")
        return user_id is not None and int(user_id) == User.objects.get(username=username).pk

    return attempt
