"""Generic record services: permission first, one transaction, history written, bad
fields named. Notices are the owned record under test."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from notices.factories import NoticeFactory
from stcoop.core.choices import ChangeAction, Visibility
from stcoop.core.models import ObjectChange
from stcoop.core.services import record_create, record_delete, record_update
from stcoop.notices.models import Notice

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Any:
    """Messages are compared in English (the default language is Chinese)."""
    with translation.override("en"):
        yield


def _fields(unit: Any, **extra: Any) -> dict[str, Any]:
    return {
        "owner_unit": unit,
        "category": "call",
        "title_zh_hans": "中国—东盟联合研究项目征集",
        "title_en": "China-ASEAN joint research call",
        "published_on": datetime.date(2026, 3, 1),
        "visibility": Visibility.INTERNAL,
        **extra,
    }


def _nothing_written() -> None:
    assert Notice.objects.count() == 0
    assert ObjectChange.objects.count() == 0


# ---------------------------------------------------------------- create
def test_create_records_the_actor_and_the_new_values(users: Any, units: Any) -> None:
    notice = record_create(
        actor=users.base_manager,
        model=Notice,
        fields=_fields(units.base, visibility=Visibility.SHARED),
        shared_with=[units.division, units.enterprise.pk],
    )
    assert notice.created_by == users.base_manager
    change = ObjectChange.objects.get()
    assert change.action == ChangeAction.CREATE
    assert change.actor == users.base_manager
    assert change.actor_name == "bmanager"
    assert change.content_type.model_class() is Notice
    assert change.object_id == str(notice.pk)
    assert change.before is None
    assert change.after["title_en"] == "China-ASEAN joint research call"
    assert change.after["owner_unit_id"] == units.base.pk
    assert change.after["created_by_id"] == users.base_manager.pk
    assert change.after["published_on"] == "2026-03-01"
    assert change.after["shared_with"] == sorted([units.division.pk, units.enterprise.pk])


def test_create_denied_writes_nothing(users: Any, units: Any) -> None:
    with pytest.raises(PermissionDenied):
        record_create(actor=users.org_user, model=Notice, fields=_fields(units.base))
    with pytest.raises(PermissionDenied):
        record_create(actor=None, model=Notice, fields=_fields(units.base))
    _nothing_written()


def test_create_with_invalid_values_writes_nothing_and_names_the_fields(
    users: Any, units: Any
) -> None:
    with pytest.raises(ValidationError) as error:
        record_create(
            actor=users.platform_admin,
            model=Notice,
            fields=_fields(units.base, category="rumour", link="not a url"),
        )
    assert set(error.value.message_dict) == {"category", "link"}
    _nothing_written()


def test_shared_visibility_needs_a_unit_and_rolls_back(users: Any, units: Any) -> None:
    # The record is saved before its units can be set; the check must undo that save.
    with pytest.raises(ValidationError) as error:
        record_create(
            actor=users.platform_admin,
            model=Notice,
            fields=_fields(units.base, visibility=Visibility.SHARED),
        )
    assert list(error.value.message_dict) == ["shared_with"]
    _nothing_written()


def test_unknown_shared_unit_is_named(users: Any, units: Any) -> None:
    with pytest.raises(ValidationError) as error:
        record_create(
            actor=users.platform_admin,
            model=Notice,
            fields=_fields(units.base, visibility=Visibility.SHARED),
            shared_with=[units.lab.pk, 999999, "x"],
        )
    assert error.value.message_dict["shared_with"] == ["Unknown unit: 999999, x"]
    _nothing_written()


def test_unknown_and_protected_fields_are_rejected_by_name(users: Any, units: Any) -> None:
    fields = _fields(
        units.base,
        titel="typo",
        created_by=users.platform_admin,
        id=77,
        created=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC),
        shared_with=[units.lab],
    )
    with pytest.raises(ValidationError) as error:
        record_create(actor=users.platform_admin, model=Notice, fields=fields)
    messages = error.value.message_dict
    assert messages["titel"] == ["Unknown field: titel"]
    for name in ("created_by", "id", "created", "shared_with"):
        assert messages[name] == [f"This field cannot be set here: {name}"]
    _nothing_written()


def test_owner_unit_is_required_for_owned_records(users: Any) -> None:
    fields = _fields(None)
    del fields["owner_unit"]
    with pytest.raises(ValidationError) as error:
        record_create(actor=users.base_manager, model=Notice, fields=fields)
    assert list(error.value.message_dict) == ["owner_unit"]
    _nothing_written()


def test_owner_unit_id_is_checked_like_owner_unit(users: Any, units: Any) -> None:
    fields = _fields(None)
    del fields["owner_unit"]
    notice = record_create(
        actor=users.base_manager, model=Notice, fields={**fields, "owner_unit_id": units.base.pk}
    )
    assert notice.owner_unit == units.base
    with pytest.raises(PermissionDenied):
        record_create(
            actor=users.base_manager,
            model=Notice,
            fields={**fields, "owner_unit_id": units.enterprise.pk},
        )
    assert Notice.objects.count() == 1


# ---------------------------------------------------------------- update
def test_update_records_before_and_after(users: Any, units: Any) -> None:
    notice = NoticeFactory(owner_unit=units.base, visibility=Visibility.INTERNAL, title_en="Old")
    record_update(
        actor=users.base_manager,
        record=notice,
        fields={"title_en": "New", "visibility": Visibility.SHARED},
        shared_with=[units.division],
    )
    change = ObjectChange.objects.get()
    assert change.action == ChangeAction.UPDATE
    assert change.before["title_en"] == "Old"
    assert change.after["title_en"] == "New"
    assert change.before["shared_with"] == []
    assert change.after["shared_with"] == [units.division.pk]
    assert {field for field, _b, _a in change.diff()} == {"title_en", "visibility", "shared_with"}
    notice.refresh_from_db()
    assert notice.title_en == "New"


def test_update_that_changes_nothing_writes_no_history(users: Any, units: Any) -> None:
    notice = NoticeFactory(owner_unit=units.base, title_en="Same")
    record_update(actor=users.base_manager, record=notice, fields={"title_en": "Same"})
    assert ObjectChange.objects.count() == 0


def test_update_denied_or_invalid_leaves_the_record_as_it_was(users: Any, units: Any) -> None:
    notice = NoticeFactory(owner_unit=units.base, visibility=Visibility.INTERNAL, title_en="Keep")
    with pytest.raises(PermissionDenied):
        record_update(actor=users.org_user, record=notice, fields={"title_en": "Hijacked"})
    with pytest.raises(ValidationError) as error:
        record_update(
            actor=users.base_manager,
            record=notice,
            fields={"title_en": "Shared", "visibility": Visibility.SHARED},
        )
    assert list(error.value.message_dict) == ["shared_with"]
    with pytest.raises(ValidationError) as error:
        record_update(actor=users.base_manager, record=notice, fields={"colour": "red"})
    assert error.value.message_dict == {"colour": ["Unknown field: colour"]}
    fresh = Notice.objects.get(pk=notice.pk)
    assert (fresh.title_en, fresh.visibility) == ("Keep", Visibility.INTERNAL)
    assert ObjectChange.objects.count() == 0


def test_moving_needs_the_right_to_add_for_the_new_unit(users: Any, units: Any) -> None:
    notice = NoticeFactory(owner_unit=units.base)
    for key, value in (("owner_unit", units.enterprise), ("owner_unit_id", units.enterprise.pk)):
        with pytest.raises(PermissionDenied):
            record_update(actor=users.base_manager, record=notice, fields={key: value})
        assert Notice.objects.get(pk=notice.pk).owner_unit_id == units.base.pk
    # The province's administrator moves it within the province.
    record_update(actor=users.unit_admin, record=notice, fields={"owner_unit_id": units.lab.pk})
    assert Notice.objects.get(pk=notice.pk).owner_unit_id == units.lab.pk
    with pytest.raises(PermissionDenied):
        record_update(actor=users.unit_admin, record=notice, fields={"owner_unit": units.ministry})


def test_update_cannot_reassign_the_creator(users: Any, units: Any) -> None:
    notice = NoticeFactory(owner_unit=units.base, created_by=users.base_manager)
    with pytest.raises(ValidationError) as error:
        record_update(
            actor=users.base_manager, record=notice, fields={"created_by": users.org_user}
        )
    assert list(error.value.message_dict) == ["created_by"]


# ---------------------------------------------------------------- delete
def test_delete_keeps_the_last_values(users: Any, units: Any) -> None:
    notice = NoticeFactory(
        owner_unit=units.enterprise, created_by=users.org_user, title_en="Gone soon"
    )
    pk = notice.pk
    record_delete(actor=users.org_user, record=notice)
    assert not Notice.objects.filter(pk=pk).exists()
    change = ObjectChange.objects.get()
    assert change.action == ChangeAction.DELETE
    assert change.object_id == str(pk)
    assert change.before["title_en"] == "Gone soon"
    assert change.after is None


def test_delete_denied_writes_nothing(users: Any, units: Any) -> None:
    notice = NoticeFactory(owner_unit=units.enterprise)  # not made by the organisation user
    with pytest.raises(PermissionDenied) as error:
        record_delete(actor=users.org_user, record=notice)
    assert str(error.value) == "You do not have permission to delete this record."
    assert Notice.objects.filter(pk=notice.pk).exists()
    assert ObjectChange.objects.count() == 0
