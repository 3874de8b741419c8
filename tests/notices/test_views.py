"""Notice pages: list with filters and export, detail, add, edit and delete."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from conftest import make_user
from notices.factories import NoticeFactory
from stcoop.core.choices import Visibility
from stcoop.core.models import ObjectChange
from stcoop.notices.models import Notice

pytestmark = pytest.mark.django_db


def _form(unit: Any, **extra: Any) -> dict[str, Any]:
    return {
        "title_zh_hans": "中国—东盟技术转移论坛",
        "title_en": "China-ASEAN technology transfer forum",
        "body_zh_hans": "欢迎报名。",
        "body_en": "Registration is open.",
        "category": "event",
        "published_on": "2026-04-01",
        "expires_on": "2026-06-30",
        "link": "https://example.org/forum",
        "owner_unit": unit.pk,
        "visibility": Visibility.PUBLIC,
        **extra,
    }


def test_add_a_notice(users: Any, units: Any, client_for: Callable[[Any], Client]) -> None:
    client = client_for(users.base_manager)
    response = client.post("/notices/add/", _form(units.base))
    notice = Notice.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/notices/{notice.pk}/"
    assert notice.created_by == users.base_manager
    assert notice.title_en == "China-ASEAN technology transfer forum"
    assert ObjectChange.objects.get().object_id == str(notice.pk)
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "China-ASEAN technology transfer forum" in page
    assert "中国—东盟技术转移论坛" in page
    assert 'href="https://example.org/forum"' in page


def test_add_form_offers_only_the_units_the_user_may_add_for(
    users: Any, units: Any, client_for: Callable[[Any], Client]
) -> None:
    manager_form = client_for(users.base_manager).get("/notices/add/").context["form"]
    assert list(manager_form.fields["owner_unit"].queryset) == [units.base]
    admin_form = client_for(users.unit_admin).get("/notices/add/").context["form"]
    assert set(admin_form.fields["owner_unit"].queryset) == {
        units.province,
        units.division,
        units.base,
        units.lab,
    }
    # Posting another unit anyway is refused by the form, and nothing is written.
    response = client_for(users.base_manager).post("/notices/add/", _form(units.enterprise))
    assert response.status_code == 400
    assert "owner_unit" in response.context["form"].errors
    assert not Notice.objects.exists()


def test_add_form_shows_service_errors_beside_the_fields(
    users: Any, units: Any, client_for: Callable[[Any], Client]
) -> None:
    client = client_for(users.base_manager)
    # The base manager's own language preference (Chinese) wins over Accept-Language;
    # ?lang= picks English for this one request.
    response = client.post(
        "/notices/add/?lang=en",
        _form(units.base, title_zh_hans="", title_en="", visibility=Visibility.SHARED),
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["title_zh_hans"] == ["Give the title in Chinese, in English or in both."]
    assert not Notice.objects.exists()
    response = client.post("/notices/add/?lang=en", _form(units.base, visibility=Visibility.SHARED))
    assert response.context["form"].errors["shared_with"] == [
        "Name at least one unit to share a record with."
    ]
    assert "Name at least one unit to share a record with." in response.content.decode()
    assert not Notice.objects.exists()


def test_users_without_a_unit_may_not_add(units: Any, client_for: Callable[[Any], Client]) -> None:
    stray = make_user("stray", "org_user", None)
    assert client_for(stray).get("/notices/add/").status_code == 403
    assert client_for(stray).post("/notices/add/", _form(units.base)).status_code == 403


def test_edit_a_notice(users: Any, units: Any, client_for: Callable[[Any], Client]) -> None:
    notice = NoticeFactory(owner_unit=units.base, title_en="Old title", visibility="internal")
    client = client_for(users.base_manager)
    form = client.get(f"/notices/{notice.pk}/edit/").context["form"]
    assert form.initial["title_en"] == "Old title"
    response = client.post(
        f"/notices/{notice.pk}/edit/",
        _form(units.base, title_en="New title", visibility="shared", shared_with=[units.lab.pk]),
    )
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.title_en == "New title"
    assert list(notice.shared_with.all()) == [units.lab]
    change = ObjectChange.objects.get()
    assert change.before["title_en"] == "Old title"
    assert change.after["shared_with"] == [units.lab.pk]


def test_detail_links_to_history_and_shows_buttons_by_right(
    users: Any, units: Any, client_for: Callable[[Any], Client]
) -> None:
    notice = NoticeFactory(owner_unit=units.base, visibility=Visibility.PUBLIC)
    history = f'href="/history/notices.notice/{notice.pk}/"'
    edit = f'href="/notices/{notice.pk}/edit/"'
    delete = f'href="/notices/{notice.pk}/delete/"'
    manager_page = client_for(users.base_manager).get(f"/notices/{notice.pk}/").content.decode()
    assert history in manager_page and edit in manager_page
    assert delete not in manager_page  # the manager did not make it
    admin_page = client_for(users.unit_admin).get(f"/notices/{notice.pk}/").content.decode()
    assert edit in admin_page and delete in admin_page
    visitor_page = client_for(None).get(f"/notices/{notice.pk}/").content.decode()
    assert edit not in visitor_page and delete not in visitor_page


def test_delete_asks_then_deletes(
    users: Any, units: Any, client_for: Callable[[Any], Client]
) -> None:
    notice = NoticeFactory(owner_unit=units.base, created_by=users.base_manager)
    client = client_for(users.base_manager)
    assert client.get(f"/notices/{notice.pk}/delete/").status_code == 200
    response = client.post(f"/notices/{notice.pk}/delete/")
    assert response.status_code == 302 and response["Location"] == "/notices/"
    assert not Notice.objects.exists()
    assert ObjectChange.objects.get().action == "delete"


def test_list_filters_and_add_button(
    users: Any, units: Any, client_for: Callable[[Any], Client]
) -> None:
    NoticeFactory(owner_unit=units.base, title_zh_hans="联合实验室申报", title_en="Joint lab call")
    NoticeFactory(owner_unit=units.lab, title_zh_hans="开放日", title_en="Open day")
    page = client_for(None).get("/notices/", {"q": "实验室"}).content.decode()
    assert "Joint lab call" in page or "联合实验室申报" in page
    assert "Open day" not in page and "开放日" not in page
    assert 'href="/notices/add/"' not in page
    assert 'href="/notices/add/"' in client_for(users.expert).get("/notices/").content.decode()


def test_list_exports_the_filtered_rows(units: Any, client_for: Callable[[Any], Client]) -> None:
    NoticeFactory(owner_unit=units.base, category="call", title_en="Call A")
    NoticeFactory(owner_unit=units.base, category="news", title_en="News B")
    response = client_for(None).get(
        "/notices/", {"category": "call", "export": "csv"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert len(lines) == 2
    assert "Call A" in lines[1]
