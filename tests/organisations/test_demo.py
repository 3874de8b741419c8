"""The organisations demo step: bilingual partners, real ROR IDs, run twice, reset."""

from __future__ import annotations

import pytest

from stcoop.demo import demo_reset, generate_demo
from stcoop.organisations.models import ExternalId, Organisation

pytestmark = pytest.mark.django_db(transaction=False)
MODULES = ["stcoop.demo.accounts", "stcoop.demo.reference", "stcoop.organisations.demo"]


def test_demo_creates_bilingual_organisations_once() -> None:
    generate_demo(modules=MODULES)
    count = Organisation.objects.count()
    assert count >= 15
    tsinghua = ExternalId.objects.get(scheme="ror", value="03cve4549").organisation
    assert (tsinghua.name_zh_hans, tsinghua.name_en) == ("清华大学", "Tsinghua University")
    assert tsinghua.country is not None and tsinghua.country.iso2 == "CN"
    isi = Organisation.objects.get(name_en__startswith="Fraunhofer Institute")
    assert isi.parent is not None and isi.parent.name_original.startswith("Fraunhofer-Ges")
    assert Organisation.objects.filter(name_zh_hans="").count() == 0
    generate_demo(modules=MODULES)
    assert Organisation.objects.count() == count
    demo_reset(modules=MODULES)
    assert not Organisation.objects.exists()
