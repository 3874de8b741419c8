"""The demo's Belt and Road list is labelled as demo data and removed by a reset."""

from __future__ import annotations

from typing import Any

from stcoop.demo.registry import DemoContext
from stcoop.demo.report import DemoReport
from stcoop.geo.demo import DEMO_BELT_AND_ROAD, belt_and_road_demo, belt_and_road_demo_reset
from stcoop.geo.models import Grouping
from stcoop.geo.services import DEMO_NOTE, DEMO_SOURCE, grouping_member_add


def test_demo_list_is_labelled_idempotent_and_reset(bri: Grouping, users: Any) -> None:
    context = DemoContext(seed=42, report=DemoReport(seed=42), actor=users.platform_admin)
    belt_and_road_demo(context)
    belt_and_road_demo(context)
    assert bri.memberships.count() == len(DEMO_BELT_AND_ROAD)
    assert set(bri.memberships.values_list("note", flat=True)) == {DEMO_NOTE}
    bri.refresh_from_db()
    assert bri.source_name == DEMO_SOURCE
    belt_and_road_demo_reset(context)
    assert not bri.memberships.exists()
    bri.refresh_from_db()
    assert bri.source_name == ""


def test_demo_leaves_a_real_list_alone(bri: Grouping, users: Any) -> None:
    from stcoop.geo.models import Country

    grouping_member_add(
        actor=users.platform_admin, grouping=bri, country=Country.objects.get(iso2="KZ")
    )
    context = DemoContext(seed=42, report=DemoReport(seed=42), actor=users.platform_admin)
    belt_and_road_demo(context)
    assert bri.memberships.count() == 1
