"""Token sign-in for API clients: issue, use, revoke; wrong credentials; lock-out (axes)."""

from __future__ import annotations

from typing import Any

import pytest
from axes.models import AccessAttempt
from django.test import override_settings
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from conftest import PASSWORD

pytestmark = pytest.mark.django_db

URL = "/api/auth/token/"
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _sign_in(client: APIClient, username: str, password: str) -> Any:
    return client.post(URL, {"username": username, "password": password}, format="json", **EN)


def test_token_flow(users: Any) -> None:
    client = APIClient()
    response = _sign_in(client, "bmanager", PASSWORD)
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["user"]["username"] == "bmanager"
    assert body["user"]["role"] == "base_manager"
    token = body["token"]
    assert Token.objects.get(user=users.base_manager).key == token
    users.base_manager.refresh_from_db()
    assert users.base_manager.last_login is not None

    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/me/").json()["username"] == "bmanager"
    # Signing in again gives the same token.
    assert _sign_in(APIClient(), "bmanager", PASSWORD).json()["token"] == token

    assert client.delete(URL).status_code == 204
    assert not Token.objects.filter(user=users.base_manager).exists()
    response = client.get("/api/me/", **EN)
    assert response.status_code == 401
    assert response.json() == {"detail": "Invalid token.", "errors": {}, "status": 401}


def test_revoking_needs_a_signed_in_client() -> None:
    response = APIClient().delete(URL, **EN)
    assert response.status_code == 401
    assert response.json()["status"] == 401


@pytest.mark.parametrize(
    ("username", "password"), [("bmanager", "wrong-password"), ("nobody", PASSWORD)]
)
def test_wrong_credentials_are_a_400_that_names_no_field(
    users: Any, username: str, password: str
) -> None:
    response = _sign_in(APIClient(), username, password)
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Unable to sign in.",
        "errors": {
            "non_field_errors": [
                "The user name or password is not correct, or the account is inactive."
            ]
        },
        "status": 400,
    }


def test_inactive_accounts_get_no_token(users: Any) -> None:
    users.org_user.is_active = False
    users.org_user.save()
    assert _sign_in(APIClient(), "orguser", PASSWORD).status_code == 400


def test_missing_fields_are_named() -> None:
    response = APIClient().post(URL, {"password": "x"}, format="json", **EN)
    assert response.status_code == 400
    assert response.json()["errors"] == {"username": ["This field is required."]}


@override_settings(AXES_FAILURE_LIMIT=3)
def test_failures_lock_the_user_name_out_like_the_sign_in_page(users: Any) -> None:
    client = APIClient()
    for _attempt in range(2):
        assert _sign_in(client, "bmanager", "wrong").status_code == 400
    assert AccessAttempt.objects.get(username="bmanager").failures_since_start == 2
    response = _sign_in(client, "bmanager", "wrong")  # the third failure locks
    assert response.status_code == 429
    response = _sign_in(client, "bmanager", PASSWORD)  # even the right password now
    assert response.status_code == 429
    body = response.json()
    assert body["status"] == 429 and body["errors"] == {}
    assert body["detail"].startswith("Too many failed sign-in attempts.")
    assert int(response["Retry-After"]) > 0
    assert not Token.objects.exists()
    # Another user name from the same address is not locked.
    assert _sign_in(client, "orguser", PASSWORD).status_code == 200


@override_settings(AXES_FAILURE_LIMIT=3)
def test_a_successful_sign_in_resets_the_count(users: Any) -> None:
    client = APIClient()
    for _attempt in range(2):
        _sign_in(client, "bmanager", "wrong")
    assert _sign_in(client, "bmanager", PASSWORD).status_code == 200
    for _attempt in range(2):
        assert _sign_in(client, "bmanager", "wrong").status_code == 400
    assert _sign_in(client, "bmanager", PASSWORD).status_code == 200
