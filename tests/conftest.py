"""Shared fixtures: an organisation-unit tree and one named user for every role.

The tree::

    Ministry of Science and Technology (ministry)
      └ Department of International Cooperation (department)
    Guangdong Provincial Department of S&T (province)
      ├ Guangdong International Cooperation Division (provincial_department)
      └ China-ASEAN Technology Transfer Centre (base)
          └ Base Partner Lab (institute)
    Shenzhen Example Technology Co. (enterprise)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from stcoop.accounts.choices import Role, UnitKind
from stcoop.accounts.models import OrganisationUnit, User

PASSWORD = "Correct-Horse-42"


def make_unit(
    name: str, kind: str, parent: OrganisationUnit | None = None, *, name_en: str | None = None
) -> OrganisationUnit:
    """Create a unit with a correct tree path, bypassing permission checks (test setup).

    ``name`` is stored as the Chinese name and, unless ``name_en`` is given, as the English
    name too, so ``unit.name`` reads the same in either language.
    """
    unit = OrganisationUnit.objects.create(
        name_zh_hans=name,
        name_en=name if name_en is None else name_en,
        kind=kind,
        parent=parent,
        path="/pending/",
    )
    unit.path = f"{parent.path if parent else '/'}{unit.pk}/"
    unit.save(update_fields=["path"])
    return unit


def make_user(username: str, role: str, unit: OrganisationUnit | None, **extra: Any) -> User:
    """Create a user with the shared test password."""
    user = User(username=username, role=role, unit=unit, **extra)
    user.set_password(PASSWORD)
    user.save()
    return user


@dataclass
class Units:
    ministry: OrganisationUnit
    department: OrganisationUnit
    province: OrganisationUnit
    division: OrganisationUnit
    base: OrganisationUnit
    lab: OrganisationUnit
    enterprise: OrganisationUnit


@dataclass
class Users:
    platform_admin: User
    ministry_admin: User
    unit_admin: User  # administers the province sub-tree
    base_manager: User  # manages the base
    org_user: User  # works at the enterprise
    expert: User  # attached to the lab
    division_user: User  # organisation user at the provincial division


@pytest.fixture
def units(db: Any) -> Units:
    ministry = make_unit("Ministry of Science and Technology", UnitKind.MINISTRY)
    province = make_unit("Guangdong Provincial Department of S&T", UnitKind.PROVINCE)
    base = make_unit("China-ASEAN Technology Transfer Centre", UnitKind.BASE, province)
    return Units(
        ministry=ministry,
        department=make_unit(
            "Department of International Cooperation", UnitKind.DEPARTMENT, ministry
        ),
        province=province,
        division=make_unit(
            "Guangdong International Cooperation Division", UnitKind.PROVINCIAL_DEPARTMENT, province
        ),
        base=base,
        lab=make_unit("Base Partner Lab", UnitKind.INSTITUTE, base),
        enterprise=make_unit("Shenzhen Example Technology Co.", UnitKind.ENTERPRISE),
    )


@pytest.fixture
def users(units: Units) -> Users:
    return Users(
        platform_admin=make_user("padmin", Role.PLATFORM_ADMIN, None),
        ministry_admin=make_user("madmin", Role.MINISTRY_ADMIN, units.ministry),
        unit_admin=make_user("uadmin", Role.UNIT_ADMIN, units.province),
        base_manager=make_user("bmanager", Role.BASE_MANAGER, units.base),
        org_user=make_user("orguser", Role.ORG_USER, units.enterprise),
        expert=make_user("expert", Role.EXPERT, units.lab, language="en"),
        division_user=make_user("divuser", Role.ORG_USER, units.division),
    )


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    """The shared fixtures hash a password per user; the real hasher makes that slow."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def client_for(db: Any) -> Callable[[Any], Client]:
    """``client_for(user)``: a client signed in as ``user`` (``None``: an anonymous one)."""

    def make(user: Any) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make


@pytest.fixture
def tr() -> Callable[[str, str], str]:
    """``tr(message, language)``: how the catalogue renders ``message`` in ``language``."""

    def translate(message: str, language: str) -> str:
        with translation.override(language):
            return translation.gettext(message)

    return translate
