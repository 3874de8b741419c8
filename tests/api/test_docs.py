"""API documentation pages: served, and built to run under the site's strict CSP."""

from __future__ import annotations

import re
from typing import Any

import pytest

pytestmark = pytest.mark.django_db

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)


def test_swagger_page_has_no_inline_script_or_style(client: Any) -> None:
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="swagger-ui"' in html
    assert INLINE_SCRIPT.search(html) is None
    assert "<style" not in html
    assert 'src="/api/docs/?script="' in html
    policy = response["Content-Security-Policy"]
    assert "script-src 'self';" in policy + ";" and "unsafe-inline" not in policy


def test_swagger_start_script_is_served_as_a_file(client: Any) -> None:
    response = client.get("/api/docs/", {"script": ""})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in response.content.decode()
    assert "/api/schema/" in response.content.decode()


def test_redoc_page_gets_a_style_nonce_and_nothing_inline(client: Any) -> None:
    response = client.get("/api/redoc/")
    assert response.status_code == 200
    html = response.content.decode()
    assert INLINE_SCRIPT.search(html) is None
    assert "<style" not in html
    assert "fonts.googleapis.com" not in html
    nonce = re.search(r'nonce="([^"]+)"', html)
    assert nonce is not None
    policy = response["Content-Security-Policy"]
    assert f"'nonce-{nonce.group(1)}'" in policy
    assert "unsafe-inline" not in policy
    assert 'data-spec-url="/api/schema/"' in html
