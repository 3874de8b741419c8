"""The bases demo step: every kind, several provinces, each status, reports; run twice, reset."""

from __future__ import annotations

from typing import Any

import pytest

from stcoop.accounts.models import User
from stcoop.bases.choices import BaseKind, BaseStatus, ReportStatus
from stcoop.bases.models import BaseStatusChange, CooperationBase, SelfReport
from stcoop.demo import demo_reset, generate_demo

pytestmark = pytest.mark.django_db(transaction=False)
MODULES = [
    "stcoop.demo.accounts",
    "stcoop.demo.reference",
    "stcoop.organisations.demo",
    "stcoop.bases.demo",
]


def test_demo_creates_bases_once_and_resets() -> None:
    generate_demo(modules=MODULES)
    bases = CooperationBase.objects.all()
    assert set(bases.values_list("kind", flat=True)) == set(BaseKind.values)
    statuses = list(bases.values_list("status", flat=True))
    for status in BaseStatus.values:
        assert status in statuses, status
    provinces = set(bases.exclude(province="").values_list("province", flat=True))
    assert {"CN-GD", "CN-YN", "CN-BJ", "CN-SH", "CN-JS", "CN-SC"} <= provinces
    assert bases.exclude(name_zh_hans="").count() == bases.exclude(name_en="").count()
    asean = CooperationBase.objects.get(name_en="China-ASEAN Technology Transfer Center")
    assert User.objects.get(username="base").unit == asean.owner_unit
    assert asean.partner_countries.count() == 10
    assert asean.host_organisation is not None
    assert asean.self_reports.count() == 3
    assert asean.self_reports.filter(status=ReportStatus.SUBMITTED).exists()
    overseas = bases.get(kind=BaseKind.OVERSEAS_RD_CENTRE)
    assert overseas.country is not None and overseas.country.iso2 == "DE"
    revoked = bases.get(status=BaseStatus.REVOKED)
    assert list(revoked.status_changes.values_list("to_status", flat=True)) == [
        "applied",
        "designated",
        "under_evaluation",
        "warned",
        "revoked",
    ]
    assert SelfReport.objects.filter(status=ReportStatus.RETURNED).exclude(review_comment="")
    counts = (bases.count(), SelfReport.objects.count(), BaseStatusChange.objects.count())
    generate_demo(modules=MODULES)
    assert (
        CooperationBase.objects.count(),
        SelfReport.objects.count(),
        BaseStatusChange.objects.count(),
    ) == counts
    demo_reset(modules=MODULES)
    assert not CooperationBase.objects.exists()
    assert not SelfReport.objects.exists()


def test_demo_pages_render(client_for: Any) -> None:
    generate_demo(modules=MODULES)
    manager = client_for(User.objects.get(username="base"))
    ministry = client_for(User.objects.get(username="ministry"))
    listing = ministry.get("/bases/", {"lang": "en"})
    assert listing.status_code == 200
    assert listing.context["total"] == CooperationBase.objects.count()
    for base in CooperationBase.objects.all():
        assert ministry.get(f"/bases/{base.pk}/").status_code == 200
    own = CooperationBase.objects.get(name_en="China-ASEAN Technology Transfer Center")
    page = manager.get(f"/bases/{own.pk}/")
    assert page.status_code == 200
    assert b"<polyline" in page.content
    for report in SelfReport.objects.filter(base=own):
        assert manager.get(f"/bases/reports/{report.pk}/").status_code == 200
    assert ministry.get("/bases/reports/").context["total"] == SelfReport.objects.count()
