"""Demo step: a clearly labelled sample Belt and Road member list.

The platform bundles no official Belt and Road list. So that the demo shows the
grouping at work, this step adds a few countries with the note
:data:`stcoop.geo.services.DEMO_NOTE` and labels the grouping's source as demo data
(unless an administrator recorded a real source). ``stcoop demo --reset`` removes them.
"""

from __future__ import annotations

from stcoop.demo.registry import DemoContext, DemoStep

#: A sample only (countries that appear in public reporting on the initiative); the demo
#: labels every row as demo data, not as an official list.
DEMO_BELT_AND_ROAD = ("KZ", "PK", "ID", "EG", "KE", "HU", "TH", "LA")


def belt_and_road_demo(context: DemoContext) -> None:
    """Add the sample members (skipped when the reference data has not been loaded)."""
    from stcoop.geo.models import Grouping
    from stcoop.geo.services import DEMO_NOTE, grouping_demo_members_add

    grouping = Grouping.objects.filter(code="bri").first()
    if grouping is None:
        context.report.notes.append("Belt and Road demo list skipped: no reference data.")
        return
    if grouping.memberships.exclude(note=DEMO_NOTE).exists():
        context.report.notes.append(
            "Belt and Road demo list skipped: administrators maintain a real list."
        )
        return
    added = grouping_demo_members_add(actor=context.actor, iso2_codes=DEMO_BELT_AND_ROAD)
    context.report.created["demo Belt and Road memberships"] += added
    context.report.existing["demo Belt and Road memberships"] += len(DEMO_BELT_AND_ROAD) - added
    if added:
        context.report.notes.append("Belt and Road: a DEMO member list was added (not official).")


def belt_and_road_demo_reset(context: DemoContext) -> None:
    """Remove the sample members."""
    from stcoop.geo.services import grouping_demo_members_remove

    grouping_demo_members_remove(actor=None)


demo_steps = [DemoStep("belt and road demo list", belt_and_road_demo, belt_and_road_demo_reset)]
