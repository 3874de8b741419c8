"""Loading the reference-data packages: figures, names, sources, history, idempotency."""

from __future__ import annotations

import datetime
import importlib.metadata
from typing import Any

from stcoop.core.models import ObjectChange
from stcoop.geo.loader import LoadReport
from stcoop.geo.models import Country, Grouping, GroupingMembership, Region
from stcoop.geo.selectors import members_of
from stcoop.geo.services import reference_data_load


def _codes(grouping: str, on: datetime.date | None = None) -> set[str]:
    return set(members_of(grouping, on=on).values_list("iso2", flat=True))


def test_first_load_creates_every_country_and_region(geo: LoadReport) -> None:
    # ISO 3166-1 has 249 entries; the brief expects "about 250".
    assert 245 <= geo.created["countries"] <= 255
    assert Country.objects.count() == geo.created["countries"]
    assert geo.created["regions"] == Region.objects.count() == 30
    assert geo.created["groupings"] == Grouping.objects.count() == 16
    assert dict(geo) == {
        "regions": 30,
        "countries": Country.objects.count(),
        "groupings": 16,
        "memberships": GroupingMembership.objects.count(),
    }


def test_second_load_changes_nothing(geo: LoadReport) -> None:
    changes = ObjectChange.objects.count()
    again = reference_data_load()
    assert again.total_created == 0
    assert again.total_updated == 0
    assert not again.changed
    assert again.unchanged["countries"] == geo.created["countries"]
    assert ObjectChange.objects.count() == changes


def test_china_is_eastern_asia_upper_middle_income(geo: LoadReport) -> None:
    china = Country.objects.select_related("region", "sub_region").get(iso2="CN")
    assert (china.iso3, china.numeric) == ("CHN", "156")
    assert (china.region.code, china.region.name_en, china.region.name_zh_hans) == (
        "142",
        "Asia",
        "亚洲",
    )
    assert (china.sub_region.code, china.sub_region.name_en) == ("030", "Eastern Asia")
    assert china.sub_region.parent == china.region
    assert china.income_group == "upper_middle"
    assert china.is_independent


def test_names_in_both_languages(geo: LoadReport) -> None:
    us = Country.objects.get(iso2="US")
    assert (us.name_zh_hans, us.name_en) == ("美国", "United States")
    assert us.official_name == "United States of America"
    assert "美利坚合众国" in us.alt_names.splitlines()


def test_taiwan_hong_kong_macao_are_named_as_parts_of_china(geo: LoadReport) -> None:
    names = {
        c.iso2: (c.name_zh_hans, c.name_en)
        for c in Country.objects.filter(iso2__in=["TW", "HK", "MO"])
    }
    assert names == {
        "TW": ("中国台湾", "Taiwan, China"),
        "HK": ("中国香港", "Hong Kong SAR, China"),
        "MO": ("中国澳门", "Macao SAR, China"),
    }
    taiwan = Country.objects.get(iso2="TW")
    assert "Taiwan, Province of China" == taiwan.official_name
    assert "台湾" not in taiwan.alt_names.splitlines()


def test_asean_has_the_packages_ten_members_and_timor_leste_since_2025(geo: LoadReport) -> None:
    ten = {"BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "VN"}
    assert _codes("asean", datetime.date(2025, 1, 1)) == ten
    assert _codes("asean", datetime.date(2025, 10, 26)) == ten | {"TL"}
    assert _codes("asean", datetime.date(1990, 1, 1)) == {"BN", "ID", "MY", "PH", "SG", "TH"}


def test_central_and_south_asia_follow_m49(geo: LoadReport) -> None:
    assert _codes("central-asia") == {"KZ", "KG", "TJ", "TM", "UZ"}
    assert _codes("south-asia") == {"AF", "BD", "BT", "IN", "IR", "LK", "MV", "NP", "PK"}
    central = Grouping.objects.get(code="central-asia")
    assert central.source_name.startswith("UN M49")


def test_package_groupings_record_name_and_version_of_their_source(geo: LoadReport) -> None:
    version = importlib.metadata.version("worldcountrygroups")
    for code in ("asean", "las", "sco", "ldcs", "oecd", "g20", "brics", "eu"):
        grouping = Grouping.objects.get(code=code)
        assert grouping.source_version == f"worldcountrygroups {version}", code
        assert grouping.source_url
        assert not grouping.is_editable
    assert len(_codes("las")) == 22
    assert len(_codes("eu")) == 27
    assert _codes("sco") == {"BY", "CN", "IN", "IR", "KG", "KZ", "PK", "RU", "TJ", "UZ"}


def test_brics_membership_over_time(geo: LoadReport) -> None:
    founders = {"BR", "RU", "IN", "CN", "ZA"}
    assert _codes("brics", datetime.date(2023, 6, 1)) == founders
    assert _codes("brics", datetime.date(2024, 6, 1)) == founders | {"EG", "ET", "IR", "AE"}
    assert _codes("brics", datetime.date(2025, 2, 1)) == founders | {"EG", "ET", "IR", "AE", "ID"}
    assert "SA" not in _codes("brics")
    assert "Saudi Arabia" in Grouping.objects.get(code="brics").description_en


def test_curated_updates_correct_the_package_lists(geo: LoadReport) -> None:
    # G20: the package lists Türkiye without an ISO code; the EU is not a country.
    assert len(_codes("g20")) == 19 and "TR" in _codes("g20")
    # OECD: Costa Rica joined on 2021-05-25 (the package has 37 members).
    assert len(_codes("oecd")) == 38
    assert "CR" not in _codes("oecd", datetime.date(2021, 5, 24))
    # The United Kingdom left the EU: its row is kept with an end date.
    assert "GB" in _codes("eu", datetime.date(2019, 6, 1))
    assert "GB" not in _codes("eu", datetime.date(2020, 2, 1))
    # São Tomé and Príncipe graduated from the LDC category on 2024-12-13.
    assert "ST" in _codes("ldcs", datetime.date(2024, 12, 12))
    assert "ST" not in _codes("ldcs", datetime.date(2024, 12, 13))


def test_belt_and_road_is_an_empty_editable_list_without_a_pretended_source(
    geo: LoadReport,
) -> None:
    bri = Grouping.objects.get(code="bri")
    assert bri.is_editable
    assert bri.memberships.count() == 0
    assert bri.source_name == ""
    assert "no official machine-readable list" in bri.description_en
    assert "未内置任何官方" in bri.description_zh_hans


def test_reload_leaves_administrators_lists_alone(geo: LoadReport, users: Any) -> None:
    bri = Grouping.objects.get(code="bri")
    bri.source_name = "Belt and Road Portal, list of 2025-01-01"
    bri.save()
    GroupingMembership.objects.create(grouping=bri, country=Country.objects.get(iso2="KZ"))
    report = reference_data_load(actor=users.platform_admin)
    assert not report.changed
    bri.refresh_from_db()
    assert bri.source_name == "Belt and Road Portal, list of 2025-01-01"
    assert bri.memberships.count() == 1


def test_reload_ends_memberships_the_source_no_longer_lists(geo: LoadReport) -> None:
    asean = Grouping.objects.get(code="asean")
    stray = GroupingMembership.objects.create(
        grouping=asean, country=Country.objects.get(iso2="JP")
    )
    report = reference_data_load()
    assert report.ended["memberships"] == 1
    stray.refresh_from_db()
    assert stray.valid_to is not None
    assert "JP" not in _codes("asean")


def test_every_write_is_in_the_history(geo: LoadReport) -> None:
    china = Country.objects.get(iso2="CN")
    entries = ObjectChange.objects.filter(
        content_type__app_label="geo", content_type__model="country", object_id=str(china.pk)
    )
    assert [(e.action, e.actor_name) for e in entries] == [("create", "system")]
    assert entries[0].after["name_zh_hans"] == "中国"


def test_only_administrators_may_load(geo: LoadReport, users: Any) -> None:
    import pytest
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        reference_data_load(actor=users.org_user)
    assert not reference_data_load(actor=users.ministry_admin).changed
