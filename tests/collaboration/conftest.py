"""Fixtures of the co-authorship tests: countries, a grouping, the small data files."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation

from api.conftest import _fresh_throttle_counts, api_for, no_throttle
from stcoop.collaboration.importing import coauthorship_import_path
from stcoop.geo.models import Country, Grouping, GroupingMembership

__all__ = ["_fresh_throttle_counts", "api_for", "no_throttle"]

DATA = Path(__file__).parent / "data"
COUNTRIES = (
    ("CN", "CHN", "China", "中国"),
    ("DE", "DEU", "Germany", "德国"),
    ("US", "USA", "United States", "美国"),
    ("JP", "JPN", "Japan", "日本"),
    ("TH", "THA", "Thailand", "泰国"),
    ("KZ", "KAZ", "Kazakhstan", "哈萨克斯坦"),
)


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def countries(db: Any) -> dict[str, Country]:
    return {
        iso2: Country.objects.create(iso2=iso2, iso3=iso3, name_en=en, name_zh_hans=zh)
        for iso2, iso3, en, zh in COUNTRIES
    }


@pytest.fixture
def belt(countries: dict[str, Country]) -> Grouping:
    """A grouping with Kazakhstan and Thailand as members."""
    grouping = Grouping.objects.create(
        code="belt", name_en="Belt partners", name_zh_hans="一带伙伴", kind="other"
    )
    for iso2 in ("KZ", "TH"):
        GroupingMembership.objects.create(grouping=grouping, country=countries[iso2])
    return grouping


@pytest.fixture
def loaded(countries: dict[str, Country]) -> dict[str, Country]:
    """Both small files imported."""
    coauthorship_import_path(actor=None, path=DATA / "pairs.csv")
    coauthorship_import_path(actor=None, path=DATA / "countries.csv")
    return countries
