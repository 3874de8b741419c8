"""Factories for organisations, and the permission matrix reused from the notice tests.

The matrix gives every unit of the shared fixture tree public, internal and shared
organisations, plus some made by individual users, named like the notice matrix
(``"<owner>:<visibility>[><shared with>][@<creator>]"``), so the expectations of
:mod:`notices.factories` apply unchanged.
"""

from __future__ import annotations

from typing import Any

import factory
from factory.django import DjangoModelFactory

from notices.factories import AUTHORED, SHARE_TARGETS, UNIT_NAMES
from stcoop.core.choices import Visibility
from stcoop.geo.models import Country
from stcoop.organisations.models import Organisation


class OrganisationFactory(DjangoModelFactory):
    """An organisation written straight to the database (no permission check): set-up only."""

    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name_zh_hans = factory.Sequence(lambda n: f"机构 {n}")
    name_en = factory.Sequence(lambda n: f"Organisation {n}")
    kind = "university"
    visibility = Visibility.PUBLIC

    @factory.post_generation
    def shared_with(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.shared_with.set(extracted)


def make_country(iso2: str, iso3: str, en: str, zh: str) -> Country:
    return Country.objects.create(iso2=iso2, iso3=iso3, name_en=en, name_zh_hans=zh)


def build_matrix(units: Any, users: Any) -> dict[str, Organisation]:
    """Create the matrix organisations and return them by name."""
    made: dict[str, Organisation] = {}
    for owner in UNIT_NAMES:
        unit = getattr(units, owner)
        for visibility in (Visibility.PUBLIC, Visibility.INTERNAL):
            name = f"{owner}:{visibility}"
            made[name] = OrganisationFactory(owner_unit=unit, visibility=visibility, name_en=name)
        for target in SHARE_TARGETS:
            name = f"{owner}:shared>{target}"
            made[name] = OrganisationFactory(
                owner_unit=unit,
                visibility=Visibility.SHARED,
                shared_with=[getattr(units, target)],
                name_en=name,
            )
    for owner, visibility, creator in AUTHORED:
        name = f"{owner}:{visibility}@{creator}"
        made[name] = OrganisationFactory(
            owner_unit=getattr(units, owner),
            visibility=visibility,
            created_by=getattr(users, creator),
            name_en=name,
        )
    return made
