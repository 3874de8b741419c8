"""Factories for programmes and projects (written straight to the database: set-up
only), and the permission matrix of projects named like the notice matrix."""

from __future__ import annotations

from typing import Any

import factory
from factory.django import DjangoModelFactory

from notices.factories import AUTHORED, SHARE_TARGETS, UNIT_NAMES
from stcoop.core.choices import Visibility
from stcoop.projects.models import Programme, Project


def _set_shared(record: Any, create: bool, extracted: Any, **kwargs: Any) -> None:
    if create and extracted:
        record.shared_with.set(extracted)


class ProgrammeFactory(DjangoModelFactory):
    class Meta:
        model = Programme
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"PRG-{n}")
    name_zh_hans = factory.Sequence(lambda n: f"计划 {n}")
    name_en = factory.Sequence(lambda n: f"Programme {n}")
    visibility = Visibility.PUBLIC
    shared_with = factory.PostGeneration(_set_shared)


class ProjectFactory(DjangoModelFactory):
    class Meta:
        model = Project
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"P{n:05d}")
    title_zh_hans = factory.Sequence(lambda n: f"项目 {n}")
    title_en = factory.Sequence(lambda n: f"Project {n}")
    visibility = Visibility.PUBLIC
    shared_with = factory.PostGeneration(_set_shared)


def build_matrix(units: Any, users: Any, factory_class: Any = ProjectFactory) -> dict[str, Any]:
    """Create the matrix records and return them by name."""
    field = "title_en" if factory_class is ProjectFactory else "name_en"
    made: dict[str, Any] = {}
    for owner in UNIT_NAMES:
        unit = getattr(units, owner)
        for visibility in (Visibility.PUBLIC, Visibility.INTERNAL):
            name = f"{owner}:{visibility}"
            made[name] = factory_class(owner_unit=unit, visibility=visibility, **{field: name})
        for target in SHARE_TARGETS:
            name = f"{owner}:shared>{target}"
            made[name] = factory_class(
                owner_unit=unit,
                visibility=Visibility.SHARED,
                shared_with=[getattr(units, target)],
                **{field: name},
            )
    for owner, visibility, creator in AUTHORED:
        name = f"{owner}:{visibility}@{creator}"
        made[name] = factory_class(
            owner_unit=getattr(units, owner),
            visibility=visibility,
            created_by=getattr(users, creator),
            **{field: name},
        )
    return made
