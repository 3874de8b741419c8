"""Rules of the account services added for the management pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from stcoop.accounts import services
from stcoop.core.models import ObjectChange

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("actor", "role", "allowed"),
    [
        ("platform_admin", "platform_admin", True),
        ("ministry_admin", "platform_admin", False),
        ("ministry_admin", "ministry_admin", True),
        ("unit_admin", "ministry_admin", False),
        ("unit_admin", "unit_admin", True),
        ("unit_admin", "expert", True),
    ],
)
def test_user_create_never_grants_above_own_role(
    users: Any, units: Any, actor: str, role: str, allowed: bool
) -> None:
    actor_user = getattr(users, actor)
    unit = actor_user.unit or units.ministry
    call = lambda: services.user_create(  # noqa: E731
        actor=actor_user, username="fresh", password=None, role=role, unit=unit
    )
    if allowed:
        assert call().role == role
    else:
        with pytest.raises(ValidationError) as caught:
            call()
        assert "role" in caught.value.message_dict


def test_user_update_records_history(users: Any, units: Any) -> None:
    services.user_update(actor=users.unit_admin, user=users.division_user, role="base_manager")
    change = ObjectChange.objects.filter(object_id=str(users.division_user.pk)).latest("pk")
    assert change.before["role"] == "org_user" and change.after["role"] == "base_manager"
    assert change.actor == users.unit_admin
    assert "password" not in change.after


def test_user_update_self_service_fields_only_for_oneself(users: Any) -> None:
    services.user_update(actor=users.org_user, user=users.org_user, display_name="Li Wei")
    assert users.org_user.display_name == "Li Wei"
    with pytest.raises(ValidationError):
        services.user_update(actor=users.org_user, user=users.org_user, role="unit_admin")
    with pytest.raises(ValidationError):
        services.user_update(actor=users.unit_admin, user=users.unit_admin, is_active=False)


@pytest.mark.parametrize(
    ("actor", "target", "fields"),
    [
        ("org_user", "division_user", {"display_name": "x"}),
        ("unit_admin", "org_user", {"is_active": False}),  # outside the sub-tree
        ("ministry_admin", "platform_admin", {"display_name": "x"}),
        ("base_manager", "expert", {"role": "org_user"}),
    ],
)
def test_user_update_refuses_non_administrators(
    users: Any, actor: str, target: str, fields: dict[str, Any]
) -> None:
    with pytest.raises(PermissionDenied):
        services.user_update(actor=getattr(users, actor), user=getattr(users, target), **fields)


def test_user_update_refuses_account_above_actor(users: Any, units: Any) -> None:
    # A ministry administrator placed inside the province's sub-tree is still off limits.
    services.user_update(actor=users.platform_admin, user=users.ministry_admin, unit=units.division)
    with pytest.raises(PermissionDenied):
        services.user_update(actor=users.unit_admin, user=users.ministry_admin, is_active=False)


def test_user_update_new_unit_must_be_managed(users: Any, units: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.user_update(actor=users.unit_admin, user=users.division_user, unit=units.ministry)
    with pytest.raises(ValidationError):
        services.user_update(actor=users.unit_admin, user=users.division_user, password="x")


def test_user_set_password(users: Any) -> None:
    services.user_set_password(
        actor=users.unit_admin, user=users.division_user, password="Brand-New-Secret-1"
    )
    users.division_user.refresh_from_db()
    assert users.division_user.check_password("Brand-New-Secret-1")
    with pytest.raises(ValidationError):
        services.user_set_password(actor=users.unit_admin, user=users.division_user, password="1")
    with pytest.raises(PermissionDenied):
        services.user_set_password(
            actor=users.unit_admin, user=users.unit_admin, password="Brand-New-Secret-1"
        )
    with pytest.raises(PermissionDenied):
        services.user_set_password(
            actor=users.unit_admin, user=users.org_user, password="Brand-New-Secret-1"
        )


def test_only_platform_admin_makes_a_root_unit(users: Any, units: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.unit_move(actor=users.unit_admin, unit=units.base, new_parent=None)
    with pytest.raises(PermissionDenied):
        services.unit_move(actor=users.ministry_admin, unit=units.department, new_parent=None)
    moved = services.unit_move(actor=users.platform_admin, unit=units.base, new_parent=None)
    assert moved.path == f"/{units.base.pk}/"


# ------------------------------------------------------------------ bilingual unit names
def test_unit_create_needs_a_name_in_one_language(users: Any, units: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        services.unit_create(actor=users.platform_admin, name_zh_hans=" ", kind="other")
    assert set(caught.value.message_dict) == {"name_zh_hans"}
    chinese = services.unit_create(actor=users.platform_admin, name_zh_hans="新单位", kind="other")
    english = services.unit_create(actor=users.platform_admin, name_en="New Unit", kind="other")
    assert (chinese.name_zh_hans, chinese.name_en) == ("新单位", "")
    assert (english.name_zh_hans, english.name_en) == ("", "New Unit")
    assert str(english) == "New Unit"  # falls back to the language that has a name


@pytest.mark.parametrize(
    ("names", "field"),
    [
        ({"name_zh_hans": "Base Partner Lab", "name_en": "Another Lab"}, "name_zh_hans"),
        ({"name_zh_hans": "另一个实验室", "name_en": "  BASE PARTNER LAB "}, "name_en"),
    ],
)
def test_unit_create_refuses_a_sibling_name(
    users: Any, units: Any, names: dict[str, str], field: str
) -> None:
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        services.unit_create(actor=users.unit_admin, kind="institute", parent=units.base, **names)
    assert caught.value.message_dict == {
        field: ["Another unit under the same parent is already called “Base Partner Lab”."]
    }
    with translation.override("zh-hans"), pytest.raises(ValidationError) as caught:
        services.unit_create(actor=users.unit_admin, kind="institute", parent=units.base, **names)
    assert "已有名为“Base Partner Lab”的单位" in caught.value.message_dict[field][0]
    # Under another parent the same names are free.
    unit = services.unit_create(
        actor=users.unit_admin, kind="institute", parent=units.division, **names
    )
    assert unit.parent == units.division


def test_unit_update_names_and_descriptions(users: Any, units: Any) -> None:
    services.unit_update(
        actor=users.unit_admin,
        unit=units.lab,
        name_zh_hans=" 基地合作实验室 ",
        description_zh_hans="联合研究",
        description_en="Joint research",
    )
    units.lab.refresh_from_db()
    assert (units.lab.name_zh_hans, units.lab.name_en) == ("基地合作实验室", "Base Partner Lab")
    with translation.override("zh-hans"):
        assert (units.lab.name, units.lab.description) == ("基地合作实验室", "联合研究")
    with translation.override("en"):
        assert (units.lab.name, units.lab.description) == ("Base Partner Lab", "Joint research")
    change = ObjectChange.objects.filter(object_id=str(units.lab.pk)).latest("pk")
    assert change.after["name_zh_hans"] == "基地合作实验室"
    assert "name" not in change.after and "description" not in change.after


def test_unit_update_refuses_old_and_clashing_fields(users: Any, units: Any) -> None:
    with pytest.raises(ValidationError):
        services.unit_update(actor=users.unit_admin, unit=units.lab, name="x")
    with pytest.raises(ValidationError) as caught:
        services.unit_update(actor=users.unit_admin, unit=units.division, name_en=units.base.name)
    assert set(caught.value.message_dict) == {"name_en"}
    with pytest.raises(ValidationError) as caught:
        services.unit_update(actor=users.unit_admin, unit=units.lab, name_zh_hans="", name_en="")
    assert set(caught.value.message_dict) == {"name_zh_hans"}
    units.division.refresh_from_db()
    assert units.division.name_en == "Guangdong International Cooperation Division"


def test_unit_move_refuses_a_parent_with_a_unit_of_the_same_name(users: Any, units: Any) -> None:
    twin = services.unit_create(
        actor=users.unit_admin, name_en="Base Partner Lab", kind="institute", parent=units.division
    )
    with pytest.raises(ValidationError) as caught:
        services.unit_move(actor=users.unit_admin, unit=twin, new_parent=units.base)
    assert set(caught.value.message_dict) == {"parent"}
    twin.refresh_from_db()
    assert twin.parent == units.division
