"""Country records as plain data, for file exports (``stcoop export countries``)."""

from __future__ import annotations

import datetime
from collections import defaultdict

from stcoop.geo.models import GroupingMembership
from stcoop.geo.selectors import country_list, membership_on_q


def country_records(*, on: datetime.date | None = None) -> list[dict[str, object]]:
    """One dict per country: codes, both names, M49 codes, income group, groupings on ``on``.

    Regions are M49 codes; ``groupings`` lists the codes of the groupings the country
    belongs to on ``on`` (today by default), separated by ``;``.
    """
    groupings: dict[int, list[str]] = defaultdict(list)
    memberships = (
        GroupingMembership.objects.filter(membership_on_q(on))
        .order_by("grouping__position", "grouping__code")
        .values_list("country_id", "grouping__code")
    )
    for country_id, code in memberships:
        groupings[country_id].append(code)
    return [
        {
            "iso2": country.iso2,
            "iso3": country.iso3,
            "numeric": country.numeric,
            "name_zh_hans": country.name_zh_hans,
            "name_en": country.name_en,
            "official_name": country.official_name,
            "region": country.region.code if country.region else "",
            "sub_region": country.sub_region.code if country.sub_region else "",
            "intermediate_region": (
                country.intermediate_region.code if country.intermediate_region else ""
            ),
            "income_group": country.income_group,
            "is_independent": country.is_independent,
            "groupings": ";".join(groupings[country.pk]),
        }
        for country in country_list().order_by("iso2")
    ]
