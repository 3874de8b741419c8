"""Reads of organisation units and users for the web pages; each applies the viewer's rights."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import CharField, Count, F, Q, QuerySet, Value
from django.db.models.functions import Coalesce, NullIf
from modeltranslation.utils import build_localized_fieldname, get_language, resolution_order

from stcoop.accounts.choices import UnitKind
from stcoop.accounts.models import OrganisationUnit, User
from stcoop.core.permissions import Action, can, grantable_roles, role_of, visible

MANAGER_ROLES = frozenset({"platform_admin", "ministry_admin", "unit_admin"})


def order_by_name(units: QuerySet[OrganisationUnit]) -> QuerySet[OrganisationUnit]:
    """``units`` by name in the active language, or in the fallback language where a unit
    has no name in the active one (as ``unit.name`` shows it)."""
    names = [
        NullIf(F(build_localized_fieldname("name", language)), Value(""), output_field=CharField())
        for language in resolution_order(get_language())
    ]
    return units.order_by(Coalesce(*names, Value(""), output_field=CharField()), "pk")


def _with_member_counts(units: QuerySet[OrganisationUnit]) -> QuerySet[OrganisationUnit]:
    return units.annotate(member_count=Count("members", filter=Q(members__is_active=True)))


_KIND_RANK = {kind: rank for rank, kind in enumerate(UnitKind.values)}


def unit_tree() -> list[OrganisationUnit]:
    """Every unit in depth-first order, with ``member_count`` set.

    Siblings sort by kind (ministries first, then agencies, provinces, bases and
    participating organisations, in the order of :class:`UnitKind`), then by name.
    Ordering happens here rather than by ``path`` in SQL so that SQLite and PostgreSQL
    (whose collations differ) give the same order.
    """
    units = list(_with_member_counts(OrganisationUnit.objects.all()))
    children: dict[int | None, list[OrganisationUnit]] = defaultdict(list)
    known = {unit.pk for unit in units}
    for unit in units:
        parent = unit.parent_id if unit.parent_id in known else None
        children[parent].append(unit)
    for siblings in children.values():
        siblings.sort(
            key=lambda u: (_KIND_RANK.get(u.kind, len(_KIND_RANK)), u.name.casefold(), u.pk)
        )
    ordered: list[OrganisationUnit] = []
    stack = list(reversed(children[None]))
    while stack:
        unit = stack.pop()
        ordered.append(unit)
        stack.extend(reversed(children.get(unit.pk, [])))
    return ordered


def unit_children(unit: OrganisationUnit) -> QuerySet[OrganisationUnit]:
    """The units directly below ``unit``, by name, with ``member_count`` set."""
    return order_by_name(_with_member_counts(unit.children.all()))


def unit_members(*, actor: Any, unit: OrganisationUnit) -> QuerySet[User]:
    """Members of ``unit`` that ``actor`` may see (none for most non-administrators)."""
    return visible(actor, User.objects.filter(unit=unit)).order_by("username")


def units_manageable_by(actor: Any) -> QuerySet[OrganisationUnit]:
    """Units ``actor`` may change, add units below, and add users to."""
    role = role_of(actor)
    if role == "platform_admin":
        return OrganisationUnit.objects.all()
    unit = getattr(actor, "unit", None)
    if role in {"ministry_admin", "unit_admin"} and isinstance(unit, OrganisationUnit):
        return unit.subtree()
    return OrganisationUnit.objects.none()


def user_may_manage_users(actor: Any) -> bool:
    """Whether ``actor`` administers any user accounts (the "Users" pages)."""
    role = role_of(actor)
    if role == "platform_admin":
        return True
    return role in MANAGER_ROLES and getattr(actor, "unit_id", None) is not None


def user_may_manage(actor: Any, user: User) -> bool:
    """Whether ``actor`` may change ``user``'s role, unit, status and password.

    That takes the right to add accounts to the user's unit and a role that may grant the
    user's role; a user's right to change their own record (language, name) is not enough.
    """
    if user.pk == getattr(actor, "pk", None):
        return False
    return can(actor, Action.ADD, User, owner_unit=user.unit) and user.role in grantable_roles(
        actor
    )


def users_visible(actor: Any) -> QuerySet[User]:
    """The accounts ``actor`` may see, with their units loaded."""
    return visible(actor, User.objects.select_related("unit")).order_by("username")
