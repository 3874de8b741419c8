"""The permission layer, role by role, with notices as the owned record.

For every fixture user and every notice of the matrix (each unit's public, internal and
shared notices, and notices made by particular users) this checks the exact set
``visible()`` returns, that ``can(view)`` agrees with it for every pair, and who may
add, change and delete what; then the same for organisation units and user accounts.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notices.factories import (
    ROLES,
    UNIT_NAMES,
    NoticeFactory,
    actor,
    build_matrix,
    expected_changeable,
    expected_deletable,
    expected_owner_units,
    expected_visible,
)
from stcoop.accounts.models import OrganisationUnit, User
from stcoop.core.choices import Visibility
from stcoop.core.permissions import Action, can, grantable_roles, owner_units, role_of, visible
from stcoop.notices.models import Notice

pytestmark = pytest.mark.django_db


@pytest.fixture
def matrix(units: Any, users: Any) -> dict[str, Notice]:
    return build_matrix(units, users)


def _names(matrix: dict[str, Notice], records: Any) -> set[str]:
    by_pk = {notice.pk: name for name, notice in matrix.items()}
    return {by_pk[record.pk] for record in records}


# ---------------------------------------------------------------- owned records
@pytest.mark.parametrize("role", ROLES)
def test_visible_returns_exactly_the_documented_set(
    role: str, users: Any, matrix: dict[str, Notice]
) -> None:
    seen = _names(matrix, visible(actor(users, role), Notice.objects.all()))
    assert seen == expected_visible(role, set(matrix))


@pytest.mark.parametrize("role", ROLES)
def test_can_view_agrees_with_visible_for_every_record(
    role: str, users: Any, matrix: dict[str, Notice]
) -> None:
    user = actor(users, role)
    listed = set(visible(user, Notice.objects.all()).values_list("pk", flat=True))
    disagreements = [
        name
        for name, notice in matrix.items()
        if can(user, Action.VIEW, notice) != (notice.pk in listed)
    ]
    assert disagreements == []


def test_matrix_covers_every_visibility_for_every_unit(matrix: dict[str, Notice]) -> None:
    # 7 units x (public, internal, 5 shared) + 6 notices made by particular users.
    assert len(matrix) == 7 * 7 + 6
    for unit in UNIT_NAMES:
        kinds = {n.visibility for name, n in matrix.items() if name.startswith(f"{unit}:")}
        assert kinds == {Visibility.PUBLIC, Visibility.SHARED, Visibility.INTERNAL}


@pytest.mark.parametrize("role", ROLES)
def test_change_and_delete_rights(role: str, users: Any, matrix: dict[str, Notice]) -> None:
    user = actor(users, role)
    names = set(matrix)
    changeable = {n for n, notice in matrix.items() if can(user, Action.CHANGE, notice)}
    deletable = {n for n, notice in matrix.items() if can(user, Action.DELETE, notice)}
    assert changeable == expected_changeable(role, names)
    assert deletable == expected_deletable(role, names)
    # Whoever may change or delete a record may also see it.
    assert changeable | deletable <= expected_visible(role, names)


@pytest.mark.parametrize("role", ROLES)
def test_add_rights_per_owning_unit(role: str, units: Any, users: Any) -> None:
    user = actor(users, role)
    allowed = {
        name
        for name in UNIT_NAMES
        if can(user, Action.ADD, Notice, owner_unit=getattr(units, name))
    }
    assert allowed == expected_owner_units(role)
    offered = owner_units(user, OrganisationUnit.objects.all())
    assert {name for name in UNIT_NAMES if getattr(units, name) in offered} == allowed
    # Without an owning unit only the administrators who see everything may add.
    assert can(user, Action.ADD, Notice) == (role in {"platform_admin", "ministry_admin"})


def test_expert_rights_follow_authorship_not_unit(
    users: Any, units: Any, matrix: dict[str, Notice]
) -> None:
    expert = users.expert
    lab_internal = matrix["lab:internal"]
    mine_elsewhere = matrix["enterprise:internal@expert"]
    assert not can(expert, Action.VIEW, lab_internal)  # own unit, not made by the expert
    assert not can(expert, Action.CHANGE, lab_internal)
    assert can(expert, Action.VIEW, mine_elsewhere)
    assert can(expert, Action.CHANGE, mine_elsewhere)
    assert can(expert, Action.DELETE, mine_elsewhere)
    assert can(expert, Action.ADD, Notice, owner_unit=units.lab)
    assert not can(expert, Action.ADD, Notice, owner_unit=units.base)


def test_unit_members_delete_only_what_they_made(users: Any, matrix: dict[str, Notice]) -> None:
    manager = users.base_manager
    assert can(manager, Action.CHANGE, matrix["base:internal"])
    assert not can(manager, Action.DELETE, matrix["base:internal"])
    assert can(manager, Action.DELETE, matrix["base:internal@base_manager"])
    # Made by the manager, but owned by the province: seen, not changed or deleted.
    made_upstairs = matrix["province:internal@base_manager"]
    assert can(manager, Action.VIEW, made_upstairs)
    assert not can(manager, Action.CHANGE, made_upstairs)
    assert not can(manager, Action.DELETE, made_upstairs)


def test_sharing_reaches_sub_units_but_not_administrators_above_the_target(
    users: Any, matrix: dict[str, Notice]
) -> None:
    shared_with_base = matrix["enterprise:shared>base"]
    assert can(users.base_manager, Action.VIEW, shared_with_base)
    assert can(users.expert, Action.VIEW, shared_with_base)  # the lab is below the base
    assert not can(users.division_user, Action.VIEW, shared_with_base)  # a sibling
    # The province's administrator sees what its sub-tree owns, not what is shared into it.
    assert not can(users.unit_admin, Action.VIEW, shared_with_base)
    assert can(users.unit_admin, Action.VIEW, matrix["enterprise:shared>province"])


def test_inactive_role_assignments_fail_closed(units: Any, matrix: dict[str, Notice]) -> None:
    """A unit administrator or member without a unit sees public notices and what it made."""
    from conftest import make_user

    stray_admin = make_user("stray-admin", "unit_admin", None)
    stray_member = make_user("stray-member", "base_manager", None)
    for user in (stray_admin, stray_member):
        seen = _names(matrix, visible(user, Notice.objects.all()))
        assert seen == {n for n in matrix if ":public" in n}
        assert not any(can(user, Action.CHANGE, notice) for notice in matrix.values())
        assert not owner_units(user, OrganisationUnit.objects.all()).exists()


def test_superuser_counts_as_platform_admin(units: Any, matrix: dict[str, Notice]) -> None:
    from conftest import make_user

    root = make_user("root", "expert", None, is_superuser=True)
    assert role_of(root) == "platform_admin"
    assert visible(root, Notice.objects.all()).count() == len(matrix)


# ---------------------------------------------------------------- property test
@settings(
    max_examples=60,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    owner=st.sampled_from(UNIT_NAMES),
    visibility=st.sampled_from(Visibility.values),
    shared=st.sets(st.sampled_from(UNIT_NAMES), max_size=3),
    creator=st.sampled_from((None, *[r for r in ROLES if r != "anonymous"])),
)
def test_can_view_always_matches_visible(
    units: Any, users: Any, owner: str, visibility: str, shared: set[str], creator: str | None
) -> None:
    """For any notice (owner, visibility, shared units, creator), for every user, the row
    filter and the per-record check agree, and change/delete rights imply seeing."""
    with transaction.atomic():
        notice = NoticeFactory(
            owner_unit=getattr(units, owner),
            visibility=visibility,
            shared_with=[getattr(units, name) for name in shared],
            created_by=actor(users, creator) if creator else None,
        )
        for role in ROLES:
            user = actor(users, role)
            listed = visible(user, Notice.objects.filter(pk=notice.pk)).exists()
            assert can(user, Action.VIEW, notice) == listed, role
            if can(user, Action.CHANGE, notice) or can(user, Action.DELETE, notice):
                assert listed, role
        transaction.set_rollback(True)


# ---------------------------------------------------------------- units
UNIT_MANAGERS = {
    "platform_admin": set(UNIT_NAMES),
    "ministry_admin": {"ministry", "department"},
    "unit_admin": {"province", "division", "base", "lab"},
}


@pytest.mark.parametrize("role", ROLES)
def test_units_are_seen_by_all_and_managed_within_the_sub_tree(
    role: str, units: Any, users: Any
) -> None:
    user = actor(users, role)
    everything = OrganisationUnit.objects.all()
    assert visible(user, everything).count() == len(UNIT_NAMES)
    assert all(can(user, Action.VIEW, getattr(units, name)) for name in UNIT_NAMES)
    managed = UNIT_MANAGERS.get(role, set())
    for name in UNIT_NAMES:
        unit = getattr(units, name)
        assert can(user, Action.CHANGE, unit) == (name in managed), name
        assert can(user, Action.ADD, OrganisationUnit, owner_unit=unit) == (name in managed), name
    # A new root unit: platform administrators only.
    assert can(user, Action.ADD, OrganisationUnit) == (role == "platform_admin")


# ---------------------------------------------------------------- users
USER_NAMES = (
    "platform_admin",
    "ministry_admin",
    "unit_admin",
    "base_manager",
    "org_user",
    "expert",
    "division_user",
)
USERS_SEEN = {
    "platform_admin": set(USER_NAMES),
    "ministry_admin": {"ministry_admin"},  # the only account in the ministry's sub-tree
    "unit_admin": {"unit_admin", "base_manager", "expert", "division_user"},
    "anonymous": set(),
}


@pytest.mark.parametrize("role", ROLES)
def test_user_accounts_visible_and_can_view_agree(role: str, users: Any) -> None:
    user = actor(users, role)
    by_pk = {getattr(users, name).pk: name for name in USER_NAMES}
    seen = {by_pk[u.pk] for u in visible(user, User.objects.all())}
    assert seen == USERS_SEEN.get(role, {role})  # others see only themselves
    for name in USER_NAMES:
        target = getattr(users, name)
        assert can(user, Action.VIEW, target) == (name in seen), name


@pytest.mark.parametrize("role", ROLES)
def test_user_accounts_change_and_add(role: str, units: Any, users: Any) -> None:
    user = actor(users, role)
    managed_units = UNIT_MANAGERS.get(role, set())
    for name in USER_NAMES:
        target = getattr(users, name)
        own = role == name
        manages = role == "platform_admin" or (
            target.unit is not None and any(target.unit == getattr(units, u) for u in managed_units)
        )
        assert can(user, Action.CHANGE, target) == (own or manages), name
    for name in UNIT_NAMES:
        assert can(user, Action.ADD, User, owner_unit=getattr(units, name)) == (
            name in managed_units
        ), name


def test_grantable_roles_never_exceed_the_actor(users: Any) -> None:
    assert grantable_roles(users.platform_admin) == {
        "platform_admin",
        "ministry_admin",
        "unit_admin",
        "base_manager",
        "org_user",
        "expert",
    }
    assert "platform_admin" not in grantable_roles(users.ministry_admin)
    assert "ministry_admin" in grantable_roles(users.ministry_admin)
    assert grantable_roles(users.unit_admin) == {"unit_admin", "base_manager", "org_user", "expert"}
    for role in ("base_manager", "org_user", "expert", "division_user"):
        assert grantable_roles(getattr(users, role)) == frozenset()
    assert grantable_roles(None) == frozenset()
