"""The co-authorship demo step: invented figures, labelled as such, made once, reset."""

from __future__ import annotations

from typing import Any

import pytest

from stcoop.collaboration.demo import DEMO_SOURCE
from stcoop.collaboration.models import OPENALEX, CountryPairYear, CountryYear
from stcoop.demo import demo_reset, generate_demo

pytestmark = pytest.mark.django_db(transaction=False)
MODULES = ["stcoop.demo.accounts", "stcoop.demo.reference", "stcoop.collaboration.demo"]


def test_demo_figures_are_labelled_made_once_and_reset(client: Any) -> None:
    generate_demo(modules=MODULES)
    pairs = CountryPairYear.objects.count()
    assert pairs == 100  # ten partners, ten years
    assert set(CountryPairYear.objects.values_list("source", flat=True)) == {DEMO_SOURCE}
    assert CountryYear.objects.filter(country_id="CN").count() == 10
    page = client.get("/collaboration/country/?lang=en").content.decode()
    assert 'data-testid="other-sources"' in page and DEMO_SOURCE in page

    generate_demo(modules=MODULES)
    assert CountryPairYear.objects.count() == pairs

    # Real figures stay when the demo is reset.
    real = CountryPairYear.objects.filter(source=DEMO_SOURCE).first()
    assert real is not None
    CountryPairYear.objects.create(
        year=2000, country_a=real.country_a, country_b=real.country_b, works=5, source=OPENALEX
    )
    demo_reset(modules=MODULES)
    assert list(CountryPairYear.objects.values_list("source", flat=True)) == [OPENALEX]
    assert not CountryYear.objects.exists()
    page = client.get("/collaboration/country/?lang=en").content.decode()
    assert 'data-testid="other-sources"' not in page
