"""Factories for agreements and mechanisms, and the permission matrices reused from the
notice tests (records named ``"<owner>:<visibility>[><shared with>][@<creator>]"``)."""

from __future__ import annotations

import datetime
from typing import Any

import factory
from factory.django import DjangoModelFactory

from notices.factories import AUTHORED, SHARE_TARGETS, UNIT_NAMES
from stcoop.agreements.models import Agreement, Mechanism
from stcoop.core.choices import Visibility


class _OwnedFactory(DjangoModelFactory):
    class Meta:
        abstract = True

    @factory.post_generation
    def shared_with(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.shared_with.set(extracted)

    @factory.post_generation
    def countries(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.countries.set(extracted)


class AgreementFactory(_OwnedFactory):
    """An agreement written straight to the database (no permission check): set-up only."""

    class Meta:
        model = Agreement
        skip_postgeneration_save = True

    kind = "intergovernmental"
    title_zh_hans = factory.Sequence(lambda n: f"科技合作协定 {n}")
    title_en = factory.Sequence(lambda n: f"Agreement {n}")
    signed_date = datetime.date(2010, 5, 1)
    status = "in_force"
    visibility = Visibility.PUBLIC


class MechanismFactory(_OwnedFactory):
    """A mechanism written straight to the database: set-up only."""

    class Meta:
        model = Mechanism
        skip_postgeneration_save = True

    kind = "joint_committee"
    name_zh_hans = factory.Sequence(lambda n: f"联合委员会 {n}")
    name_en = factory.Sequence(lambda n: f"Joint committee {n}")
    status = "active"
    visibility = Visibility.PUBLIC


def build_matrix(factory_class: Any, units: Any, users: Any, name_field: str) -> dict[str, Any]:
    """Create the matrix records with ``factory_class`` and return them by name."""
    made: dict[str, Any] = {}
    for owner in UNIT_NAMES:
        unit = getattr(units, owner)
        for visibility in (Visibility.PUBLIC, Visibility.INTERNAL):
            name = f"{owner}:{visibility}"
            made[name] = factory_class(owner_unit=unit, visibility=visibility, **{name_field: name})
        for target in SHARE_TARGETS:
            name = f"{owner}:shared>{target}"
            made[name] = factory_class(
                owner_unit=unit,
                visibility=Visibility.SHARED,
                shared_with=[getattr(units, target)],
                **{name_field: name},
            )
    for owner, visibility, creator in AUTHORED:
        name = f"{owner}:{visibility}@{creator}"
        made[name] = factory_class(
            owner_unit=getattr(units, owner),
            visibility=visibility,
            created_by=getattr(users, creator),
            **{name_field: name},
        )
    return made
