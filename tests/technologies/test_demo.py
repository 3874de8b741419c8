"""The technologies demo step: bilingual offers and requests, expired and drafts, run twice."""

from __future__ import annotations

import pytest
from django.utils import timezone

from stcoop.demo import demo_reset, generate_demo
from stcoop.technologies.demo import PROFILES
from stcoop.technologies.models import TechnologyProfile

pytestmark = pytest.mark.django_db(transaction=False)
MODULES = [
    "stcoop.demo.accounts",
    "stcoop.demo.reference",
    "stcoop.organisations.demo",
    "stcoop.people.demo",
    "stcoop.technologies.demo",
]


def test_demo_creates_profiles_once() -> None:
    generate_demo(modules=MODULES)
    count = TechnologyProfile.objects.count()
    assert count == len(PROFILES)
    today = timezone.localdate()
    assert TechnologyProfile.objects.filter(expiry_date__lt=today).count() >= 3
    assert TechnologyProfile.objects.filter(status="draft").count() >= 2
    assert TechnologyProfile.objects.exclude(title_zh_hans="").exists()
    assert TechnologyProfile.objects.filter(title_zh_hans="").exists()
    assert TechnologyProfile.objects.exclude(organisation__country__iso2="CN").exists()
    assert TechnologyProfile.objects.filter(contact_person__isnull=False).count() >= 5
    assert TechnologyProfile.objects.filter(target_groupings__isnull=False).exists()
    assert len({p.owner_unit_id for p in TechnologyProfile.objects.all()}) >= 4
    generate_demo(modules=MODULES)
    assert TechnologyProfile.objects.count() == count
    demo_reset(modules=MODULES)
    assert not TechnologyProfile.objects.exists()
