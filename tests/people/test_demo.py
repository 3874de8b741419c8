"""The people demo step: invented bilingual experts, affiliations, run twice, reset."""

from __future__ import annotations

import pytest

from stcoop.demo import demo_reset, generate_demo
from stcoop.people.models import Affiliation, Person, Publication

pytestmark = pytest.mark.django_db(transaction=False)
MODULES = [
    "stcoop.demo.accounts",
    "stcoop.demo.reference",
    "stcoop.organisations.demo",
    "stcoop.people.demo",
]


def test_demo_creates_people_once() -> None:
    generate_demo(modules=MODULES)
    count = Person.objects.count()
    assert count >= 12
    assert Person.objects.exclude(name_zh="").exists()
    assert Person.objects.filter(name_zh="").exists()
    expert = Person.objects.get(user__username="expert")
    assert expert.affiliations.filter(organisation__name_en="Sun Yat-sen University").exists()
    assert Person.objects.filter(affiliations__isnull=True).count() == 0
    assert Publication.objects.count() >= 3
    affiliations = Affiliation.objects.count()
    generate_demo(modules=MODULES)
    assert Person.objects.count() == count
    assert Affiliation.objects.count() == affiliations
    demo_reset(modules=MODULES)
    assert not Person.objects.exists()
