"""Factories for technology profiles, and the permission matrix of the notice tests.

The matrix gives every unit of the shared fixture tree published public, internal and
shared profiles, plus some made by individual users, named like the notice matrix
(``"<owner>:<visibility>[><shared with>][@<creator>]"``), so the expectations of
:mod:`notices.factories` apply unchanged.
"""

from __future__ import annotations

from typing import Any

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from notices.factories import AUTHORED, SHARE_TARGETS, UNIT_NAMES
from organisations.factories import OrganisationFactory
from stcoop.core.choices import Visibility
from stcoop.technologies.models import TechnologyProfile


class ProfileFactory(DjangoModelFactory):
    """A profile written straight to the database (no permission check): set-up only."""

    class Meta:
        model = TechnologyProfile
        skip_postgeneration_save = True

    kind = "technology_offer"
    title_zh_hans = factory.Sequence(lambda n: f"技术 {n}")
    title_en = factory.Sequence(lambda n: f"Technology {n}")
    description_en = "A technology."
    organisation = factory.SubFactory(
        OrganisationFactory, owner_unit=factory.SelfAttribute("..owner_unit")
    )
    status = "published"
    publication_date = factory.LazyFunction(timezone.localdate)
    visibility = Visibility.PUBLIC

    @factory.post_generation
    def shared_with(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.shared_with.set(extracted)


def build_matrix(units: Any, users: Any, **extra: Any) -> dict[str, TechnologyProfile]:
    """Create the matrix profiles (``extra`` fields on each) and return them by name."""
    made: dict[str, TechnologyProfile] = {}
    for owner in UNIT_NAMES:
        unit = getattr(units, owner)
        for visibility in (Visibility.PUBLIC, Visibility.INTERNAL):
            name = f"{owner}:{visibility}"
            made[name] = ProfileFactory(
                owner_unit=unit, visibility=visibility, title_en=name, **extra
            )
        for target in SHARE_TARGETS:
            name = f"{owner}:shared>{target}"
            made[name] = ProfileFactory(
                owner_unit=unit,
                visibility=Visibility.SHARED,
                shared_with=[getattr(units, target)],
                title_en=name,
                **extra,
            )
    for owner, visibility, creator in AUTHORED:
        name = f"{owner}:{visibility}@{creator}"
        made[name] = ProfileFactory(
            owner_unit=getattr(units, owner),
            visibility=visibility,
            created_by=getattr(users, creator),
            title_en=name,
            **extra,
        )
    return made
