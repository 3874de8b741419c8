"""One error body everywhere under /api/: ``{"detail", "errors", "status"}``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from rest_framework.test import APIClient
from rest_framework.throttling import AnonRateThrottle

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _body(response: Any) -> dict[str, Any]:
    body = response.json()
    assert set(body) == {"detail", "errors", "status"}, body
    assert body["status"] == response.status_code
    return body


def test_malformed_json_names_the_problem(users: Any, api_for: Callable[[Any], APIClient]) -> None:
    response = api_for(users.base_manager).generic(
        "POST", "/api/notices/", '{"category": "news",', content_type="application/json", **EN
    )
    assert response.status_code == 400
    body = _body(response)
    assert body["detail"].startswith("JSON parse error")
    assert "line 1" in body["detail"]


def test_a_list_where_an_object_belongs(users: Any, api_for: Callable[[Any], APIClient]) -> None:
    response = api_for(users.base_manager).post("/api/notices/", [1, 2], format="json", **EN)
    assert response.status_code == 400
    assert _body(response)["errors"] == {
        "non_field_errors": ["Invalid data. Expected a dictionary, but got list."]
    }


def test_unsupported_media_type(users: Any, api_for: Callable[[Any], APIClient]) -> None:
    response = api_for(users.base_manager).generic(
        "POST", "/api/notices/", "<notice/>", content_type="application/xml", **EN
    )
    assert response.status_code == 415
    assert 'Unsupported media type "application/xml"' in _body(response)["detail"]


def test_method_not_allowed(users: Any, api_for: Callable[[Any], APIClient]) -> None:
    response = api_for(users.base_manager).put("/api/me/", {}, format="json", **EN)
    assert response.status_code == 405
    assert _body(response)["detail"] == 'Method "PUT" not allowed.'
    response = api_for(users.platform_admin).delete(f"/api/users/{users.org_user.pk}/", **EN)
    assert response.status_code == 405


def test_unknown_endpoint(api_for: Callable[[Any], APIClient]) -> None:
    client = api_for(None)
    for method in ("get", "post", "delete"):
        response = getattr(client, method)("/api/no-such-thing/", **EN)
        assert response.status_code == 404, method
        assert _body(response)["detail"] == "There is no API endpoint at /api/no-such-thing/."
    response = client.get("/api/notices", **EN)
    assert response.status_code == 404
    assert _body(response)["detail"] == (
        "There is no API endpoint at /api/notices; did you mean /api/notices/?"
    )


def test_invalid_token(api_for: Callable[[Any], APIClient]) -> None:
    client = api_for(None)
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    response = client.get("/api/notices/", **EN)
    assert response.status_code == 401
    assert _body(response)["detail"] == "Invalid token."
    assert response["WWW-Authenticate"] == "Token"


def test_throttled_clients_get_429_with_retry_after(
    monkeypatch: pytest.MonkeyPatch, api_for: Callable[[Any], APIClient]
) -> None:
    monkeypatch.setattr(AnonRateThrottle, "rate", "2/min", raising=False)
    client = api_for(None)
    assert client.get("/api/notices/").status_code == 200
    assert client.get("/api/notices/").status_code == 200
    response = client.get("/api/notices/", **EN)
    assert response.status_code == 429
    assert _body(response)["detail"].startswith("Request was throttled.")
    assert int(response["Retry-After"]) > 0


def test_page_out_of_range(api_for: Callable[[Any], APIClient]) -> None:
    response = api_for(None).get("/api/notices/", {"page": 7}, **EN)
    assert response.status_code == 404
    assert _body(response)["detail"] == "Invalid page."
