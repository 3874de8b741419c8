"""Developed, emerging and developing economies: the platform's rule, as plain functions.

The plan asks for cooperation "by country type" without defining the types, so the
platform states its own rule and cites its sources:

* **developed**: the economies the IMF *World Economic Outlook* lists as "advanced
  economies" (April 2024 edition, 41 economies, :data:`IMF_ADVANCED_ECONOMIES`);
* **emerging**: not developed, and either a World Bank high or upper-middle income
  economy, or a member of the G20 or BRICS;
* **developing**: not developed or emerging, and a World Bank low or lower-middle income
  economy.

The rule is applied to independent states (the HDX taxonomy's "Independent" column) and
to the economies the IMF lists as advanced; other territories are left out, as are
economies without a World Bank income group that no other part of the rule covers.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Set
from dataclasses import dataclass

from stcoop.geo.choices import IncomeGroup

IMF_WEO_EDITION = "World Economic Outlook, April 2024"
IMF_WEO_DATE = datetime.date(2024, 4, 16)
IMF_WEO_URL = (
    "https://www.imf.org/en/Publications/WEO/weo-database/2024/April/groups-and-aggregates"
)

#: IMF WEO April 2024, "Advanced economies" (41), as ISO 3166-1 alpha-2 codes. The IMF
#: names Taiwan "Taiwan Province of China" and lists Hong Kong SAR and Macao SAR.
IMF_ADVANCED_ECONOMIES: frozenset[str] = frozenset(
    "AD AU AT BE CA HR CY CZ DK EE FI FR DE GR HK IS IE IL IT JP KR LV LT LU MO MT NL NZ "
    "NO PT PR SM SG SK SI ES SE CH TW GB US".split()
)

DEVELOPED = "developed"
EMERGING = "emerging"
DEVELOPING = "developing"

_EMERGING_INCOME = frozenset({IncomeGroup.HIGH.value, IncomeGroup.UPPER_MIDDLE.value})
_DEVELOPING_INCOME = frozenset({IncomeGroup.LOWER_MIDDLE.value, IncomeGroup.LOW.value})


@dataclass(frozen=True)
class Economy:
    """What the rule needs to know about one country or territory."""

    iso2: str
    income_group: str
    is_independent: bool


def economy_class(economy: Economy, *, major_emerging: Set[str]) -> str | None:
    """The class of one economy under the platform's rule.

    Args:
        economy: the country's code, World Bank income group and independence.
        major_emerging: ISO alpha-2 codes of current G20 and BRICS members.

    Returns:
        ``"developed"``, ``"emerging"``, ``"developing"`` or ``None`` (outside the rule).
    """
    if economy.iso2 in IMF_ADVANCED_ECONOMIES:
        return DEVELOPED
    if not economy.is_independent:
        return None
    if economy.income_group in _EMERGING_INCOME or economy.iso2 in major_emerging:
        return EMERGING
    if economy.income_group in _DEVELOPING_INCOME:
        return DEVELOPING
    return None


def classify(economies: Iterable[Economy], *, major_emerging: Set[str]) -> dict[str, set[str]]:
    """ISO alpha-2 codes per class (``developed``, ``emerging``, ``developing``)."""
    classes: dict[str, set[str]] = {DEVELOPED: set(), EMERGING: set(), DEVELOPING: set()}
    for economy in economies:
        found = economy_class(economy, major_emerging=major_emerging)
        if found is not None:
            classes[found].add(economy.iso2)
    return classes
