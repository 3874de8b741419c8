"""Change history entries: who, what, before and after, and the request that made them."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import translation
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from notices.factories import NoticeFactory
from stcoop.core.changelog import log_change
from stcoop.core.choices import ChangeAction, Visibility
from stcoop.core.models import ObjectChange
from stcoop.notices.models import Notice
from stcoop.notices.services import notice_update

pytestmark = pytest.mark.django_db


def test_system_changes_are_attributed_to_system(units: Any) -> None:
    notice = NoticeFactory(owner_unit=units.base)
    for actor in (None, AnonymousUser()):
        change = log_change(actor=actor, instance=notice, action=ChangeAction.CREATE)
        assert change is not None
        assert (change.actor, change.actor_name) == (None, "system")


def test_snapshot_is_json_safe_and_leaves_out_noise(units: Any) -> None:
    notice = NoticeFactory(
        owner_unit=units.base,
        visibility=Visibility.SHARED,
        shared_with=[units.lab, units.division],
        published_on=datetime.date(2026, 5, 4),
        expires_on=datetime.date(2026, 6, 30),
    )
    snapshot = notice.snapshot()
    assert snapshot["published_on"] == "2026-05-04"
    assert snapshot["expires_on"] == "2026-06-30"
    assert snapshot["shared_with"] == sorted([units.lab.pk, units.division.pk])
    # Timestamps and the language-dependent title/body columns are not history.
    assert not {"created", "last_updated", "title", "body"} & set(snapshot)
    assert {"title_zh_hans", "title_en", "body_zh_hans", "body_en"} <= set(snapshot)


def test_saving_in_another_language_is_not_a_change(users: Any, units: Any) -> None:
    notice = NoticeFactory(owner_unit=units.base, title_zh_hans="通知", title_en="Notice")
    with translation.override("en"):
        notice_update(actor=users.base_manager, notice=notice, title_en="Notice")
    assert ObjectChange.objects.count() == 0


def test_diff_lists_only_changed_fields(users: Any, units: Any) -> None:
    notice = NoticeFactory(owner_unit=units.base, title_en="Before", category="news")
    notice_update(actor=users.base_manager, notice=notice, title_en="After", category="event")
    change = ObjectChange.objects.get()
    assert change.diff() == [("category", "news", "event"), ("title_en", "Before", "After")]
    assert str(change).endswith(str(notice))


def test_api_write_records_the_request_id(users: Any, units: Any) -> None:
    client = APIClient()
    token = Token.objects.create(user=users.base_manager)
    response = client.post(
        "/api/notices/",
        {"owner_unit": units.base.pk, "category": "event", "title_en": "Workshop"},
        format="json",
        HTTP_AUTHORIZATION=f"Token {token.key}",
        HTTP_X_REQUEST_ID="abc123",
    )
    assert response.status_code == 201, response.json()
    change = ObjectChange.objects.get()
    assert change.request_id == "abc123"
    assert change.actor == users.base_manager
    assert change.object_id == str(Notice.objects.get().pk)
    assert response["X-Request-ID"] == "abc123"
