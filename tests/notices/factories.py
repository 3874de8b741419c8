"""Factories for notices, and the permission matrix of notices used by the permission tests.

The matrix gives every unit of the shared fixture tree a public, an internal and several
shared notices, plus notices made by individual users, each named for what it is:
``"<owner>:<visibility>[><shared with>][@<creator>]"``. :func:`expected_visible` and
friends spell out, per role, which of them each fixture user may see and change, as the
docstring of :mod:`stcoop.core.permissions` states the rules.
"""

from __future__ import annotations

import datetime
from typing import Any

import factory
from factory.django import DjangoModelFactory

from stcoop.core.choices import Visibility
from stcoop.notices.choices import NoticeCategory
from stcoop.notices.models import Notice

UNIT_NAMES = ("ministry", "department", "province", "division", "base", "lab", "enterprise")
SHARE_TARGETS = ("department", "province", "base", "lab", "enterprise")
ROLES = (
    "platform_admin",
    "ministry_admin",
    "unit_admin",
    "base_manager",
    "org_user",
    "expert",
    "division_user",
    "anonymous",
)


class NoticeFactory(DjangoModelFactory):
    """A notice written straight to the database (no permission check): test set-up only.

    ``shared_with=[unit, ...]`` sets the units a shared notice is shared with.
    """

    class Meta:
        model = Notice
        skip_postgeneration_save = True

    title_zh_hans = factory.Sequence(lambda n: f"通知 {n}")
    title_en = factory.Sequence(lambda n: f"Notice {n}")
    body_zh_hans = "征集国际合作项目。"
    body_en = "Call for international cooperation projects."
    category = NoticeCategory.NEWS
    published_on = datetime.date(2026, 1, 15)
    visibility = Visibility.PUBLIC

    @factory.post_generation
    def shared_with(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.shared_with.set(extracted)


# Notices made by a given user (name of the user in the ``users`` fixture), beyond the
# system-made matrix: owner, visibility, creator.
AUTHORED = (
    ("lab", "internal", "expert"),
    ("enterprise", "internal", "expert"),  # the expert made it for a unit it is not in
    ("base", "internal", "base_manager"),
    ("enterprise", "internal", "org_user"),
    ("division", "internal", "division_user"),
    ("province", "internal", "base_manager"),  # made in the province, by the base manager
)


def build_matrix(units: Any, users: Any) -> dict[str, Notice]:
    """Create the matrix notices and return them by name."""
    notices: dict[str, Notice] = {}
    for owner in UNIT_NAMES:
        unit = getattr(units, owner)
        for visibility in (Visibility.PUBLIC, Visibility.INTERNAL):
            name = f"{owner}:{visibility}"
            notices[name] = NoticeFactory(owner_unit=unit, visibility=visibility, title_en=name)
        for target in SHARE_TARGETS:
            name = f"{owner}:shared>{target}"
            notices[name] = NoticeFactory(
                owner_unit=unit,
                visibility=Visibility.SHARED,
                shared_with=[getattr(units, target)],
                title_en=name,
            )
    for owner, visibility, creator in AUTHORED:
        name = f"{owner}:{visibility}@{creator}"
        notices[name] = NoticeFactory(
            owner_unit=getattr(units, owner),
            visibility=visibility,
            created_by=getattr(users, creator),
            title_en=name,
        )
    return notices


# ---------------------------------------------------------------- expectations, by name
def _owner(name: str) -> str:
    return name.split(":", 1)[0]


def _shared_with(name: str) -> str | None:
    rest = name.split(":", 1)[1].split("@")[0]
    return rest.split(">", 1)[1] if ">" in rest else None


def _creator(name: str) -> str | None:
    return name.split("@", 1)[1] if "@" in name else None


def _public(names: set[str]) -> set[str]:
    return {n for n in names if ":public" in n}


def _owned_by(names: set[str], *owners: str) -> set[str]:
    return {n for n in names if _owner(n) in owners}


def _shared_to(names: set[str], *targets: str) -> set[str]:
    return {n for n in names if _shared_with(n) in targets}


def _made_by(names: set[str], creator: str) -> set[str]:
    return {n for n in names if _creator(n) == creator}


# The province sub-tree of the fixture, and each member's own unit with its ancestors.
PROVINCE_TREE = ("province", "division", "base", "lab")
HOME_UNIT = {
    "unit_admin": "province",
    "base_manager": "base",
    "org_user": "enterprise",
    "expert": "lab",
    "division_user": "division",
}
UNIT_AND_ABOVE = {
    "unit_admin": ("province",),
    "base_manager": ("province", "base"),
    "org_user": ("enterprise",),
    "expert": ("province", "base", "lab"),
    "division_user": ("province", "division"),
}


def expected_visible(role: str, names: set[str]) -> set[str]:
    """Which notices a fixture user sees (by the table in core/permissions.py)."""
    if role in {"platform_admin", "ministry_admin"}:
        return set(names)
    if role == "anonymous":
        return _public(names)
    seen = _public(names) | _shared_to(names, *UNIT_AND_ABOVE[role]) | _made_by(names, role)
    if role == "unit_admin":
        seen |= _owned_by(names, *PROVINCE_TREE)
    elif role in {"base_manager", "org_user", "division_user"}:
        seen |= _owned_by(names, HOME_UNIT[role])
    return seen


def expected_changeable(role: str, names: set[str]) -> set[str]:
    """Which notices a fixture user may change."""
    if role in {"platform_admin", "ministry_admin"}:
        return set(names)
    if role == "anonymous":
        return set()
    if role == "unit_admin":
        return _owned_by(names, *PROVINCE_TREE)
    if role == "expert":
        return _made_by(names, "expert")
    return _owned_by(names, HOME_UNIT[role])


def expected_deletable(role: str, names: set[str]) -> set[str]:
    """Which notices a fixture user may delete."""
    if role in {"platform_admin", "ministry_admin", "unit_admin", "anonymous", "expert"}:
        return expected_changeable(role, names)
    return _owned_by(names, HOME_UNIT[role]) & _made_by(names, role)


def expected_owner_units(role: str) -> set[str]:
    """Units a fixture user may add notices for."""
    if role in {"platform_admin", "ministry_admin"}:
        return set(UNIT_NAMES)
    if role == "anonymous":
        return set()
    if role == "unit_admin":
        return set(PROVINCE_TREE)
    return {HOME_UNIT[role]}


def actor(users: Any, role: str) -> Any:
    """The fixture user for ``role`` (``None`` for an anonymous visitor)."""
    return None if role == "anonymous" else getattr(users, role)
