"""Factories for memberships and programmes (written straight to the database: set-up
only), and the permission matrix of :mod:`notices.factories` built from any record."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import factory
from factory.django import DjangoModelFactory

from notices.factories import AUTHORED, SHARE_TARGETS, UNIT_NAMES
from organisations.factories import OrganisationFactory
from stcoop.core.choices import Visibility
from stcoop.memberships.models import BigScienceProgramme, InternationalMembership


class InternationalOrganisationFactory(OrganisationFactory):
    kind = "international"


class MembershipFactory(DjangoModelFactory):
    """A membership; give ``organisation`` and a member (``member_country`` or
    ``member_organisation``)."""

    class Meta:
        model = InternationalMembership
        skip_postgeneration_save = True

    role = "full"
    visibility = Visibility.PUBLIC

    @factory.post_generation
    def shared_with(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.shared_with.set(extracted)


class ProgrammeFactory(DjangoModelFactory):
    class Meta:
        model = BigScienceProgramme
        skip_postgeneration_save = True

    name_zh_hans = factory.Sequence(lambda n: f"大科学计划 {n}")
    name_en = factory.Sequence(lambda n: f"Programme {n}")
    acronym = factory.Sequence(lambda n: f"P{n}")
    kind = "facility"
    visibility = Visibility.PUBLIC

    @factory.post_generation
    def shared_with(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.shared_with.set(extracted)


#: ``make(name, owner_unit=..., visibility=..., shared_with=..., created_by=...)``
Maker = Callable[..., Any]


def build_matrix(units: Any, users: Any, make: Maker) -> dict[str, Any]:
    """Records named like the notice matrix (``"<owner>:<visibility>[><shared
    with>][@<creator>]"``), so the expectations of :mod:`notices.factories` apply."""
    made: dict[str, Any] = {}
    for owner in UNIT_NAMES:
        unit = getattr(units, owner)
        for visibility in (Visibility.PUBLIC, Visibility.INTERNAL):
            name = f"{owner}:{visibility}"
            made[name] = make(name, owner_unit=unit, visibility=visibility)
        for target in SHARE_TARGETS:
            name = f"{owner}:shared>{target}"
            made[name] = make(
                name,
                owner_unit=unit,
                visibility=Visibility.SHARED,
                shared_with=[getattr(units, target)],
            )
    for owner, visibility, creator in AUTHORED:
        name = f"{owner}:{visibility}@{creator}"
        made[name] = make(
            name,
            owner_unit=getattr(units, owner),
            visibility=visibility,
            created_by=getattr(users, creator),
        )
    return made
