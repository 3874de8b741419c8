"""Platform data for indicator tests: a few countries, bases, reports, agreements and
co-authorship figures whose indicator values are worked out by hand in the tests."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from stcoop.bases.choices import BaseKind, BaseStatus, ReportStatus
from stcoop.core.choices import Visibility


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "spark: starts a local SparkSession (slow); deselect with -m 'not spark'"
    )


def make_platform_data(units: Any) -> dict[str, Any]:
    """Create the records; return the bases by name."""
    from stcoop.agreements.models import Agreement
    from stcoop.bases.models import CooperationBase, SelfReport
    from stcoop.collaboration.models import CountryPairYear, CountryYear
    from stcoop.geo.models import Country, Region

    asia = Region.objects.create(code="142", level="region", name="Asia")
    europe = Region.objects.create(code="150", level="region", name="Europe")
    countries = {
        iso3: Country.objects.create(iso2=iso2, iso3=iso3, name=iso3, region=region)
        for iso2, iso3, region in (
            ("CN", "CHN", asia),
            ("DE", "DEU", europe),
            ("FR", "FRA", europe),
            ("JP", "JPN", asia),
        )
    }
    owner = units.province

    def base(name: str, **fields: Any) -> Any:
        return CooperationBase.objects.create(
            owner_unit=owner,
            name_zh_hans=name,
            name_en=name,
            visibility=Visibility.PUBLIC,
            **fields,
        )

    b1 = base(
        "b1",
        kind=BaseKind.JOINT_RESEARCH_CENTRE,
        province="CN-GD",
        designation_year=2022,
        status=BaseStatus.DESIGNATED,
    )
    b2 = base(
        "b2",
        kind=BaseKind.DEMONSTRATION_BASE,
        province="CN-GD",
        designation_date=datetime.date(2022, 6, 1),
        status=BaseStatus.DESIGNATED,
    )
    b3 = base(
        "b3",
        kind=BaseKind.JOINT_RESEARCH_CENTRE,
        province="CN-BJ",
        designation_year=2023,
        status=BaseStatus.DESIGNATED,
    )
    b4 = base(
        "b4",
        kind=BaseKind.DEMONSTRATION_BASE,
        province="CN-BJ",
        designation_year=2023,
        status=BaseStatus.REVOKED,
    )
    b1.partner_countries.set([countries["DEU"], countries["FRA"]])
    b2.partner_countries.set([countries["DEU"]])
    b3.partner_countries.set([countries["JPN"]])

    def report(b: Any, status: str, **fields: Any) -> None:
        SelfReport.objects.create(base=b, owner_unit=owner, year=2023, status=status, **fields)

    report(b1, ReportStatus.ACCEPTED, joint_publications=5, funding_foreign=10, funding_central=0)
    report(b2, ReportStatus.ACCEPTED, joint_publications=2, funding_foreign=5, funding_central=10)
    report(b3, ReportStatus.DRAFT, joint_publications=50)

    CountryYear.objects.create(year=2022, country_id="CN", coauthored_works=100)
    CountryYear.objects.create(year=2022, country_id="DE", coauthored_works=40)
    CountryYear.objects.create(year=2023, country_id="DE", coauthored_works=50)
    CountryPairYear.objects.create(year=2022, country_a_id="CN", country_b_id="DE", works=20)
    CountryPairYear.objects.create(year=2023, country_a_id="CN", country_b_id="DE", works=30)

    signed = Agreement.objects.create(
        owner_unit=owner,
        kind="intergovernmental",
        title_en="A",
        title_zh_hans="A",
        status="signed",
        signed_date=datetime.date(2021, 5, 1),
        visibility=Visibility.PUBLIC,
    )
    signed.countries.set([countries["DEU"], countries["FRA"]])
    pending = Agreement.objects.create(
        owner_unit=owner,
        kind="mou",
        title_en="B",
        title_zh_hans="B",
        status="negotiation",
        visibility=Visibility.PUBLIC,
    )
    pending.countries.set([countries["JPN"]])
    return {"b1": b1, "b2": b2, "b3": b3, "b4": b4}


#: Values the starter definitions give on :func:`make_platform_data` (a selection).
EXPECTED: dict[tuple[str, str, str], float | None] = {
    ("bases_designated_by_province", "CN-GD", "2022"): 2.0,
    ("bases_designated_by_province", "CN-BJ", "2023"): 1.0,  # the revoked base is left out
    ("joint_research_centre_share_by_province", "CN-GD", "2022"): 0.5,
    ("joint_research_centre_share_by_province", "CN-BJ", "2023"): 1.0,
    ("bases_by_partner_country", "DEU", "2022"): 2.0,
    ("agreements_by_country", "DEU", "2021"): 1.0,
    ("agreements_by_country", "FRA", "2021"): 1.0,
    ("agreements_by_region", "150", "2021"): 1.0,
    ("international_coauthored_works", "DEU", "2023"): 50.0,
    ("coauthored_works_with_china", "DEU", "2022"): 20.0,
    ("coauthored_works_with_china", "DEU", "2023"): 30.0,
    ("china_share_of_coauthorship", "DEU", "2022"): 0.5,
    ("china_share_of_coauthorship", "DEU", "2023"): 0.6,
    ("coauthorship_with_china_growth", "DEU", "2023"): 0.5,
    ("coauthorship_with_china_growth", "DEU", "2022"): None,
}


@pytest.fixture
def platform_data(db: Any, units: Any) -> dict[str, Any]:
    return make_platform_data(units)
