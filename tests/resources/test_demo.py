"""The shared-resources demo step: resources in several provinces, run twice, reset."""

from __future__ import annotations

import pytest

from stcoop.demo import demo_reset, generate_demo
from stcoop.resources.models import SharedResource

pytestmark = pytest.mark.django_db(transaction=False)
MODULES = [
    "stcoop.demo.accounts",
    "stcoop.demo.reference",
    "stcoop.organisations.demo",
    "stcoop.resources.demo",
]


def test_demo_creates_resources_in_several_provinces_once() -> None:
    generate_demo(modules=MODULES)
    count = SharedResource.objects.count()
    assert count >= 10
    assert len(set(SharedResource.objects.values_list("province", flat=True))) >= 5
    bank = SharedResource.objects.get(kind="germplasm")
    assert bank.province == "CN-YN" and bank.owner_organisation is not None
    assert bank.owner_organisation.name_zh_hans == "中国科学院昆明植物研究所"
    kinds = set(SharedResource.objects.values_list("kind", flat=True))
    assert {"facility", "instrument", "dataset", "literature", "germplasm"} <= kinds
    assert not SharedResource.objects.filter(name_zh_hans="").exists()
    assert not SharedResource.objects.filter(name_en="").exists()
    generate_demo(modules=MODULES)
    assert SharedResource.objects.count() == count
    demo_reset(modules=MODULES)
    assert not SharedResource.objects.exists()
