"""Messages come in the client's language: Accept-Language first, else the user's choice."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def test_accept_language_chooses_the_language_of_messages(
    users: Any, api_for: Callable[[Any], APIClient], tr: Callable[[str, str], str]
) -> None:
    client = api_for(users.base_manager)
    english = client.post("/api/notices/", {}, format="json", HTTP_ACCEPT_LANGUAGE="en")
    chinese = client.post("/api/notices/", {}, format="json", HTTP_ACCEPT_LANGUAGE="zh-Hans")
    assert english.json()["errors"]["category"] == ["This field is required."]
    assert chinese.json()["errors"]["category"] == [tr("This field is required.", "zh-hans")]
    assert chinese.json()["errors"]["category"] != english.json()["errors"]["category"]
    assert english["Content-Language"] == "en"
    assert chinese["Content-Language"] == "zh-hans"


def test_not_found_in_both_languages(
    api_for: Callable[[Any], APIClient], tr: Callable[[str, str], str]
) -> None:
    client = api_for(None)
    for language in ("en", "zh-hans"):
        response = client.get("/api/notices/424242/", HTTP_ACCEPT_LANGUAGE=language)
        assert response.json()["detail"] == tr("No record matches the given ID.", language)


def test_token_client_without_accept_language_gets_its_users_language(
    users: Any, api_for: Callable[[Any], APIClient], tr: Callable[[str, str], str]
) -> None:
    # The expert prefers English; the platform default is Chinese.
    response = api_for(users.expert).post("/api/notices/", {}, format="json")
    assert response.json()["errors"]["category"] == ["This field is required."]
    assert response["Content-Language"] == "en"
    response = api_for(users.base_manager).post("/api/notices/", {}, format="json")
    assert response.json()["errors"]["category"] == [tr("This field is required.", "zh-hans")]
    # An explicit header wins over the preference.
    response = api_for(users.expert).post(
        "/api/notices/", {}, format="json", HTTP_ACCEPT_LANGUAGE="zh-Hans"
    )
    assert response.json()["errors"]["category"] == [tr("This field is required.", "zh-hans")]


def test_content_fields_follow_the_language(
    units: Any, api_for: Callable[[Any], APIClient]
) -> None:
    from notices.factories import NoticeFactory

    NoticeFactory(owner_unit=units.base, title_zh_hans="技术转移", title_en="Technology transfer")
    client = api_for(None)
    assert (
        client.get("/api/notices/", HTTP_ACCEPT_LANGUAGE="en").json()["results"][0]["title"]
        == "Technology transfer"
    )
    assert (
        client.get("/api/notices/", HTTP_ACCEPT_LANGUAGE="zh-Hans").json()["results"][0]["title"]
        == "技术转移"
    )
