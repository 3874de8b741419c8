"""The OpenAPI schema: generated without warnings, valid OpenAPI 3, served at /api/schema/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from django.core.management import call_command
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema


def test_schema_generates_without_warnings_and_validates(tmp_path: Path) -> None:
    out = tmp_path / "schema.yaml"
    # --fail-on-warn turns every generator warning or error into a failure.
    call_command("spectacular", "--fail-on-warn", "--validate", "--file", str(out))
    schema = yaml.safe_load(out.read_text())
    assert schema["openapi"].startswith("3.")
    for path in (
        "/api/auth/token/",
        "/api/me/",
        "/api/notices/",
        "/api/notices/{id}/",
        "/api/units/",
        "/api/units/{id}/",
        "/api/users/",
        "/api/users/{id}/",
    ):
        assert path in schema["paths"], path
    # The catch-all for unknown paths and the docs pages are not endpoints.
    assert not any("docs" in p or "redoc" in p or "schema" in p for p in schema["paths"])


def test_schema_documents_token_auth_filters_and_errors() -> None:
    schema: dict[str, Any] = SchemaGenerator().get_schema(request=None, public=True)
    validate_schema(schema)
    assert schema["components"]["securitySchemes"]["tokenAuth"]["type"] == "apiKey"
    params = {p["name"] for p in schema["paths"]["/api/notices/"]["get"]["parameters"]}
    assert {"q", "category", "owner_unit", "visibility", "page", "page_size", "ordering"} <= params
    assert {"published_on_after", "published_on_before", "current"} <= params
    create = schema["paths"]["/api/notices/"]["post"]["responses"]
    assert create["400"]["content"]["application/json"]["schema"]["$ref"].endswith("/Error")
    token = schema["paths"]["/api/auth/token/"]["post"]
    assert token.get("security", []) in ([], [{}])  # no credentials needed to get a token
    assert set(token["responses"]) == {"200", "400", "429"}


@pytest.mark.django_db
def test_schema_is_served(client: Any) -> None:
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "STCoop API"
