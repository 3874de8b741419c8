"""The developed / emerging / developing rule, as a function and as loaded groupings."""

from __future__ import annotations

import pytest

from stcoop.geo.loader import LoadReport
from stcoop.geo.models import Grouping
from stcoop.geo.reference.classification import (
    DEVELOPED,
    DEVELOPING,
    EMERGING,
    IMF_ADVANCED_ECONOMIES,
    Economy,
    economy_class,
)
from stcoop.geo.selectors import members_of

MAJOR = frozenset({"CN", "IN", "ET", "BR"})


@pytest.mark.parametrize(
    ("iso2", "income", "independent", "expected"),
    [
        ("DE", "high", True, DEVELOPED),
        ("TW", "high", False, DEVELOPED),  # IMF lists it; not an independent state
        ("CN", "upper_middle", True, EMERGING),
        ("SA", "high", True, EMERGING),  # high income but not IMF advanced
        ("IN", "lower_middle", True, EMERGING),  # G20 member
        ("ET", "low", True, EMERGING),  # BRICS member
        ("NE", "low", True, DEVELOPING),
        ("KE", "lower_middle", True, DEVELOPING),
        ("VE", "", True, None),  # the World Bank does not classify it
        ("GL", "high", False, None),  # a territory outside the rule's scope
    ],
)
def test_economy_class(iso2: str, income: str, independent: bool, expected: str | None) -> None:
    assert economy_class(Economy(iso2, income, independent), major_emerging=MAJOR) == expected


def test_imf_list_has_the_41_advanced_economies_of_april_2024() -> None:
    assert len(IMF_ADVANCED_ECONOMIES) == 41
    assert {"US", "JP", "HR", "AD", "HK", "MO", "TW", "PR"} <= IMF_ADVANCED_ECONOMIES


def test_loaded_classes(geo: LoadReport) -> None:
    developed = set(members_of("developed").values_list("iso2", flat=True))
    emerging = set(members_of("emerging").values_list("iso2", flat=True))
    developing = set(members_of("developing").values_list("iso2", flat=True))
    assert developed == IMF_ADVANCED_ECONOMIES
    assert {"DE", "JP", "US"} <= developed
    assert {"CN", "IN", "BR", "RU", "ZA", "ID", "EG", "ET", "TR"} <= emerging
    assert {"NE", "TD", "NP", "BD"} <= developing
    assert not developed & emerging and not emerging & developing and not developed & developing


def test_rule_and_sources_are_stated_in_both_languages(geo: LoadReport) -> None:
    developed = Grouping.objects.get(code="developed")
    assert "World Economic Outlook" in developed.rule_en and "April 2024" in developed.rule_en
    assert "世界经济展望" in developed.rule_zh_hans
    assert "hdx-python-country" in developed.rule_en
    assert developed.source_date is not None and developed.source_url.startswith(
        "https://www.imf.org/"
    )
    for code in ("emerging", "developing"):
        assert Grouping.objects.get(code=code).rule_en == developed.rule_en
