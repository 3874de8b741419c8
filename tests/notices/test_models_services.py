"""Notice rules and the notice services."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from notices.factories import NoticeFactory
from stcoop.core.choices import ChangeAction, Visibility
from stcoop.core.models import ObjectChange
from stcoop.notices.models import Notice
from stcoop.notices.selectors import notice_get, notice_list
from stcoop.notices.services import notice_create, notice_delete, notice_update

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Any:
    with translation.override("en"):
        yield


def test_create_defaults_and_bilingual_title(users: Any, units: Any) -> None:
    notice = notice_create(
        actor=users.base_manager,
        owner_unit=units.base,
        category="call",
        title_zh_hans="2026年度中国—东盟技术转移项目申报指南",
    )
    assert notice.published_on == timezone.localdate()
    assert notice.visibility == Visibility.INTERNAL
    assert notice.created_by == users.base_manager
    # Only a Chinese title: English readers get it too (fallback), in every language.
    with translation.override("en"):
        assert str(notice) == "2026年度中国—东盟技术转移项目申报指南"
    assert ObjectChange.objects.get().action == ChangeAction.CREATE


def test_a_title_in_one_language_is_required(users: Any, units: Any) -> None:
    with pytest.raises(ValidationError) as error:
        notice_create(actor=users.base_manager, owner_unit=units.base, category="news")
    assert error.value.message_dict == {
        "title_zh_hans": ["Give the title in Chinese, in English or in both."],
        "title_en": ["Give the title in Chinese, in English or in both."],
    }
    assert not Notice.objects.exists()


def test_expiry_cannot_precede_publication(users: Any, units: Any) -> None:
    with pytest.raises(ValidationError) as error:
        notice_create(
            actor=users.base_manager,
            owner_unit=units.base,
            category="event",
            title_en="Forum",
            published_on=datetime.date(2026, 5, 1),
            expires_on=datetime.date(2026, 4, 30),
        )
    assert list(error.value.message_dict) == ["expires_on"]


def test_update_refuses_fields_outside_the_notice(users: Any, units: Any) -> None:
    notice = NoticeFactory(owner_unit=units.base)
    with pytest.raises(ValidationError) as error:
        notice_update(
            actor=users.base_manager, notice=notice, created_by=users.base_manager, colour="x"
        )
    assert set(error.value.message_dict) == {"created_by", "colour"}


def test_update_and_delete_go_through_the_permission_layer(users: Any, units: Any) -> None:
    notice = NoticeFactory(owner_unit=units.base, title_en="Base news")
    with pytest.raises(PermissionDenied):
        notice_update(actor=users.org_user, notice=notice, title_en="Mine now")
    notice_update(actor=users.base_manager, notice=notice, title_en="Base news, updated")
    with pytest.raises(PermissionDenied):
        notice_delete(actor=users.base_manager, notice=notice)  # not made by the manager
    notice_delete(actor=users.unit_admin, notice=notice)
    assert not Notice.objects.exists()
    assert [c.action for c in ObjectChange.objects.order_by("pk")] == ["update", "delete"]


def test_current_notices(units: Any) -> None:
    today = timezone.localdate()
    assert NoticeFactory(owner_unit=units.base, published_on=today).is_current
    assert not NoticeFactory(
        owner_unit=units.base,
        published_on=today - datetime.timedelta(days=10),
        expires_on=today - datetime.timedelta(days=1),
    ).is_current
    assert not NoticeFactory(
        owner_unit=units.base, published_on=today + datetime.timedelta(days=1)
    ).is_current


def test_selectors_hide_what_the_actor_may_not_see(users: Any, units: Any) -> None:
    internal = NoticeFactory(owner_unit=units.base, visibility=Visibility.INTERNAL)
    public = NoticeFactory(owner_unit=units.base, visibility=Visibility.PUBLIC)
    assert list(notice_list(actor=None)) == [public]
    assert notice_get(actor=users.base_manager, pk=internal.pk) == internal
    from django.http import Http404

    for pk in (internal.pk, 999999, "abc"):
        with pytest.raises(Http404):
            notice_get(actor=users.org_user, pk=pk)


def test_selector_filters(users: Any, units: Any) -> None:
    call = NoticeFactory(owner_unit=units.base, category="call", title_zh_hans="联合实验室征集")
    NoticeFactory(owner_unit=units.lab, category="news", title_en="Lab news")
    assert list(notice_list(actor=users.platform_admin, filters={"q": "实验室"})) == [call]
    assert list(notice_list(actor=users.platform_admin, filters={"category": ["call"]})) == [call]
    assert list(
        notice_list(actor=users.platform_admin, filters={"owner_unit": str(units.base.pk)})
    ) == [call]
