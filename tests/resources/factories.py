"""Factories for shared resources (written straight to the database: set-up only)."""

from __future__ import annotations

from typing import Any

import factory
from factory.django import DjangoModelFactory

from stcoop.core.choices import Visibility
from stcoop.resources.models import SharedResource


class SharedResourceFactory(DjangoModelFactory):
    class Meta:
        model = SharedResource
        skip_postgeneration_save = True

    kind = "instrument"
    name_zh_hans = factory.Sequence(lambda n: f"共享资源 {n}")
    name_en = factory.Sequence(lambda n: f"Resource {n}")
    contact_name = "User office"
    contact_email = factory.Sequence(lambda n: f"office{n}@example.org")
    contact_phone = "+86 10 5555 0100"
    visibility = Visibility.PUBLIC

    @factory.post_generation
    def shared_with(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.shared_with.set(extracted)
