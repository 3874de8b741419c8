"""Factories for people (written straight to the database: set-up only)."""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from stcoop.core.choices import Visibility
from stcoop.people.models import Person


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    name_zh = factory.Sequence(lambda n: f"人员{n}")
    family_name = factory.Sequence(lambda n: f"Family{n}")
    given_names = "Given"
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    phone = "+86 10 5555 0000"
    visibility = Visibility.PUBLIC
