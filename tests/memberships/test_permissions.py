"""The permission matrix of memberships and programmes on the pages and in the API."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from memberships.factories import (
    InternationalOrganisationFactory,
    MembershipFactory,
    ProgrammeFactory,
    build_matrix,
)
from memberships.matrix import actor, check_add_page, check_api, check_list_page, check_pages
from notices.factories import ROLES
from organisations.factories import make_country
from stcoop.memberships.models import BigScienceProgramme, InternationalMembership

pytestmark = pytest.mark.django_db


@pytest.fixture
def memberships(units: Any, users: Any) -> dict[str, InternationalMembership]:
    china = make_country("CN", "CHN", "China", "中国")
    iaea = InternationalOrganisationFactory(owner_unit=units.ministry, name_en="IAEA")

    def make(name: str, **fields: Any) -> InternationalMembership:
        return MembershipFactory(
            organisation=iaea, member_country=china, representative=name, **fields
        )

    return build_matrix(units, users, make)


@pytest.fixture
def programmes(units: Any, users: Any) -> dict[str, BigScienceProgramme]:
    def make(name: str, **fields: Any) -> BigScienceProgramme:
        return ProgrammeFactory(name_en=name, **fields)

    return build_matrix(units, users, make)


@pytest.mark.parametrize("role", ROLES)
def test_membership_pages(
    role: str, memberships: Any, users: Any, units: Any, client_for: Callable[[Any], Any]
) -> None:
    client = client_for(actor(users, role))
    check_list_page(role, memberships, client, "/memberships/", "/memberships/")
    check_add_page(role, units, client, "/memberships/add/")
    deleted = check_pages(role, memberships, client, "/memberships/")
    assert InternationalMembership.objects.count() == len(memberships) - len(deleted)


@pytest.mark.parametrize("role", ROLES)
def test_programme_pages(
    role: str, programmes: Any, users: Any, units: Any, client_for: Callable[[Any], Any]
) -> None:
    client = client_for(actor(users, role))
    check_list_page(
        role, programmes, client, "/memberships/big-science/", "/memberships/big-science/"
    )
    check_add_page(role, units, client, "/memberships/big-science/add/")
    deleted = check_pages(role, programmes, client, "/memberships/big-science/")
    assert BigScienceProgramme.objects.count() == len(programmes) - len(deleted)


@pytest.mark.usefixtures("no_throttle")
@pytest.mark.parametrize("role", ROLES)
def test_membership_api(
    role: str, memberships: Any, users: Any, api_for: Callable[[Any], Any]
) -> None:
    check_api(
        role, memberships, api_for(actor(users, role)), "/api/memberships/", {"role": "observer"}
    )


@pytest.mark.usefixtures("no_throttle")
@pytest.mark.parametrize("role", ROLES)
def test_programme_api(
    role: str, programmes: Any, users: Any, api_for: Callable[[Any], Any]
) -> None:
    check_api(
        role,
        programmes,
        api_for(actor(users, role)),
        "/api/big-science-programmes/",
        {"status": "completed"},
    )
