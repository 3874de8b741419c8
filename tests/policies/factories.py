"""Factories for policy documents, and the permission matrix of the notice tests
(``"<owner>:<visibility>[><shared with>][@<creator>]"``, expectations in
:mod:`notices.factories`)."""

from __future__ import annotations

import datetime
from typing import Any

import factory
from factory.django import DjangoModelFactory

from notices.factories import AUTHORED, SHARE_TARGETS, UNIT_NAMES
from stcoop.core.choices import Visibility
from stcoop.policies.models import PolicyDocument


class PolicyFactory(DjangoModelFactory):
    """A document written straight to the database (no permission check): set-up only."""

    class Meta:
        model = PolicyDocument
        skip_postgeneration_save = True

    title_zh_hans = factory.Sequence(lambda n: f"政策 {n}")
    title_en = factory.Sequence(lambda n: f"Policy {n}")
    issuer_zh_hans = "科学技术部"
    issuer_en = "Ministry of Science and Technology"
    level = "national"
    issue_date = datetime.date(2025, 1, 1)
    visibility = Visibility.PUBLIC

    @factory.post_generation
    def shared_with(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.shared_with.set(extracted)


def build_matrix(units: Any, users: Any) -> dict[str, PolicyDocument]:
    """Create the matrix documents and return them by name."""
    made: dict[str, PolicyDocument] = {}
    for owner in UNIT_NAMES:
        unit = getattr(units, owner)
        for visibility in (Visibility.PUBLIC, Visibility.INTERNAL):
            name = f"{owner}:{visibility}"
            made[name] = PolicyFactory(owner_unit=unit, visibility=visibility, title_en=name)
        for target in SHARE_TARGETS:
            name = f"{owner}:shared>{target}"
            made[name] = PolicyFactory(
                owner_unit=unit,
                visibility=Visibility.SHARED,
                shared_with=[getattr(units, target)],
                title_en=name,
            )
    for owner, visibility, creator in AUTHORED:
        name = f"{owner}:{visibility}@{creator}"
        made[name] = PolicyFactory(
            owner_unit=getattr(units, owner),
            visibility=visibility,
            created_by=getattr(users, creator),
            title_en=name,
        )
    return made
