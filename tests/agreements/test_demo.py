"""The agreements demo step: bilingual agreements and mechanisms with sessions, run twice,
reset."""

from __future__ import annotations

import pytest

from stcoop.agreements.models import Agreement, Mechanism, MechanismMeeting
from stcoop.core.models import ObjectChange
from stcoop.demo import demo_reset, generate_demo

pytestmark = pytest.mark.django_db(transaction=False)
MODULES = [
    "stcoop.demo.accounts",
    "stcoop.demo.reference",
    "stcoop.organisations.demo",
    "stcoop.agreements.demo",
]


def test_demo_creates_agreements_and_mechanisms_once() -> None:
    generate_demo(modules=MODULES)
    agreements = Agreement.objects.count()
    mechanisms = Mechanism.objects.count()
    meetings = MechanismMeeting.objects.count()
    assert agreements >= 6 and mechanisms >= 5 and meetings >= 15
    partners = {c.iso2 for a in Agreement.objects.all() for c in a.countries.all()}
    assert {"IL", "DE", "ZA", "RU", "SG", "EG"} <= partners
    assert not Agreement.objects.filter(title_zh_hans="").exists()
    assert not Agreement.objects.filter(title_en="").exists()
    assert all("演示数据" in (a.summary_zh_hans or "") for a in Agreement.objects.all())
    assert all("Demo data" in (a.summary_en or "") for a in Agreement.objects.all())
    protocol = Agreement.objects.get(reference_number="DEMO-CN-IL-01-P1")
    assert protocol.parent is not None and protocol.parent.reference_number == "DEMO-CN-IL-01"
    expired = Agreement.objects.get(reference_number="DEMO-CN-EG-01")
    assert expired.status == "in_force" and expired.effective_status == "expired"
    israel = Mechanism.objects.get(name_en__startswith="China–Israel Joint Committee")
    assert [o.name_en for o in israel.chinese_leads.all()] == [
        "Ministry of Science and Technology of China"
    ]
    assert [o.name_en for o in israel.partner_leads.all()] == ["Israel Innovation Authority"]
    assert israel.agreement is not None
    assert israel.agreement.signatories.count() == 2
    assert [m.session_number for m in israel.meetings.order_by("session_number")] == [1, 2, 3, 4]
    # The sessions are in the mechanism's single creation entry.
    created = ObjectChange.objects.get(
        object_id=str(israel.pk), action="create", content_type__model="mechanism"
    )
    assert created.after is not None and len(created.after["meetings"]) == 4
    generate_demo(modules=MODULES)
    assert Agreement.objects.count() == agreements
    assert Mechanism.objects.count() == mechanisms
    assert MechanismMeeting.objects.count() == meetings
    demo_reset(modules=MODULES)
    assert not Agreement.objects.exists() and not Mechanism.objects.exists()
