"""Error pages: status codes, the visitor's language, and a 500 page that needs nothing."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory
from django.urls import path
from django.utils import translation
from django.utils.html import escape

from stcoop.core.views.errors import server_error

pytestmark = pytest.mark.django_db


def _boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("deliberate failure")


# A URL map for the 500 test: one failing view, and the project's error handlers.
urlpatterns = [path("boom/", _boom)]
handler500 = "stcoop.core.views.errors.server_error"


def test_debug_is_off_in_tests(settings: Any) -> None:
    assert settings.DEBUG is False


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_unknown_url_is_translated_404(client: Client, tr: Any, lang: str) -> None:
    response = client.get(f"/no/such/page/?lang={lang}")
    assert response.status_code == 404
    body = response.content.decode()
    assert f'<html lang="{lang}">' in body
    assert escape(tr("Page not found", lang)) in body
    assert 'data-testid="error-page"' in body
    assert "/no/such/page/" in body


def test_unknown_id_is_404(users: Any, client_for: Any, tr: Any) -> None:
    response = client_for(users.org_user).get("/accounts/units/424242/?lang=en")
    assert response.status_code == 404
    assert escape(tr("Page not found", "en")) in response.content.decode()


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_forbidden_page_is_translated_403(users: Any, client_for: Any, tr: Any, lang: str) -> None:
    response = client_for(users.org_user).get(f"/accounts/units/add/?lang={lang}")
    assert response.status_code == 403
    body = response.content.decode()
    assert escape(tr("Access denied", lang)) in body
    assert escape(tr("You may not add organisation units.", lang)) in body


def test_api_errors_are_json(client: Client) -> None:
    response = client.get("/api/no-such-endpoint/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["status"] == 404


def test_bad_host_is_400(client: Client, tr: Any) -> None:
    # The host is refused before the language middleware reads ?lang=, so the browser's
    # Accept-Language decides the page's language.
    response = client.get("/", HTTP_HOST="evil.example", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert escape(tr("Bad request", "en")) in response.content.decode()


@pytest.mark.urls(__name__)
def test_server_error_page(db: Any) -> None:
    client = Client(raise_request_exception=False)
    response = client.get("/boom/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 500
    body = response.content.decode()
    assert "Server error" in body
    assert "deliberate failure" not in body


def test_server_error_page_needs_no_database(django_assert_num_queries: Any) -> None:
    request = RequestFactory().get("/anything/")
    with django_assert_num_queries(0):
        response = server_error(request)
    assert response.status_code == 500
    assert b'data-testid="error-page"' in response.content


def test_server_error_on_api_is_json() -> None:
    with translation.override("en"):
        response = server_error(RequestFactory().get("/api/things/"))
    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")
    assert json.loads(response.content) == {
        "detail": "Internal server error.",
        "errors": {},
        "status": 500,
    }
