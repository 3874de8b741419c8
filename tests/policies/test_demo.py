"""The policies demo step: national, provincial and international documents, run twice."""

from __future__ import annotations

import pytest

from stcoop.demo import demo_reset, generate_demo
from stcoop.policies.demo import POLICIES
from stcoop.policies.models import PolicyDocument

pytestmark = pytest.mark.django_db(transaction=False)
MODULES = ["stcoop.demo.accounts", "stcoop.demo.reference", "stcoop.policies.demo"]


def test_demo_creates_policies_once() -> None:
    generate_demo(modules=MODULES)
    assert PolicyDocument.objects.count() == len(POLICIES)
    assert PolicyDocument.objects.filter(level="national").count() >= 2
    assert set(PolicyDocument.objects.exclude(province="").values_list("province", flat=True)) >= {
        "CN-GD",
        "CN-YN",
    }
    assert PolicyDocument.objects.exclude(summary_zh_hans="").exclude(summary_en="").exists()
    assert PolicyDocument.objects.filter(status="repealed").exists()
    generate_demo(modules=MODULES)
    assert PolicyDocument.objects.count() == len(POLICIES)
    demo_reset(modules=MODULES)
    assert not PolicyDocument.objects.exists()
