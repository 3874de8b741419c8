"""The bases API: CRUD per role, decisions, self-reports with submit and review."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from bases.factories import make_base, make_report
from organisations.factories import OrganisationFactory, make_country
from stcoop.bases.choices import BaseStatus, ReportStatus
from stcoop.bases.models import CooperationBase, SelfReport
from stcoop.core.choices import Visibility

pytestmark = pytest.mark.django_db

LAST_YEAR = timezone.localdate().year - 1
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}  # the messages asserted below are the English ones


@pytest.fixture
def base(units: Any) -> CooperationBase:
    return make_base(units.base, "东盟中心", name_en="ASEAN Centre", status=BaseStatus.DESIGNATED)


def test_list_and_filters(api_for: Any, units: Any, base: CooperationBase) -> None:
    make_base(units.enterprise, "内部", visibility=Visibility.INTERNAL)
    de = make_country("DE", "DEU", "Germany", "德国")
    base.partner_countries.set([de])
    anonymous = api_for(None).get("/api/bases/")
    assert anonymous.status_code == 200
    assert [b["name_en"] for b in anonymous.json()["results"]] == ["ASEAN Centre"]
    item = anonymous.json()["results"][0]
    assert item["partner_countries"] == ["DE"]
    assert item["timeline"][0]["to_status"] == "designated"
    filtered = api_for(None).get("/api/bases/", {"partner_country": "DE", "status": "warned"})
    assert filtered.json()["count"] == 0


def test_base_manager_creates_and_edits_but_cannot_decide(
    api_for: Any, users: Any, units: Any, base: CooperationBase
) -> None:
    client = api_for(users.base_manager)
    created = client.post(
        "/api/bases/",
        {
            "kind": "joint_laboratory",
            "name_zh_hans": "联合实验室",
            "province": "CN-GD",
            "owner_unit": units.base.pk,
            "disciplines": ["材料"],
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    assert created.json()["status"] == "applied"
    changed = client.patch(f"/api/bases/{base.pk}/", {"city": "南宁"}, format="json")
    assert changed.status_code == 200 and changed.json()["city"] == "南宁"
    refused = client.post(
        f"/api/bases/{base.pk}/status/", {"status": "under_evaluation"}, format="json", **EN
    )
    assert refused.status_code == 403
    assert "ministry and platform administrators" in refused.json()["detail"]
    designated = client.post(
        "/api/bases/",
        {
            "kind": "joint_laboratory",
            "name_en": "X",
            "province": "CN-GD",
            "owner_unit": units.base.pk,
            "status": "designated",
        },
        format="json",
    )
    assert designated.status_code == 403
    status_patch = client.patch(f"/api/bases/{base.pk}/", {"status": "revoked"}, format="json")
    assert status_patch.status_code == 400 and "status" in status_patch.json()["errors"]


def test_other_units_may_not_write(
    api_for: Any, users: Any, units: Any, base: CooperationBase
) -> None:
    client = api_for(users.org_user)
    assert client.patch(f"/api/bases/{base.pk}/", {"city": "x"}, format="json").status_code == 403
    assert client.delete(f"/api/bases/{base.pk}/").status_code == 403
    assert (
        api_for(None).patch(f"/api/bases/{base.pk}/", {"city": "x"}, format="json").status_code
        == 401
    )
    hidden = make_base(units.enterprise, "内部", visibility=Visibility.INTERNAL)
    assert api_for(users.base_manager).get(f"/api/bases/{hidden.pk}/").status_code == 404


def test_ministry_decides(api_for: Any, users: Any, base: CooperationBase) -> None:
    client = api_for(users.ministry_admin)
    response = client.post(
        f"/api/bases/{base.pk}/status/", {"status": "under_evaluation"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["status"] == "under_evaluation"
    assert [t["to_status"] for t in response.json()["timeline"]] == [
        "designated",
        "under_evaluation",
    ]
    illegal = client.post(
        f"/api/bases/{base.pk}/status/", {"status": "revoked", "reason": "x"}, format="json", **EN
    )
    assert illegal.status_code == 400
    assert "cannot become revoked" in illegal.json()["errors"]["status"][0]
    missing = client.post(f"/api/bases/{base.pk}/status/", {"status": "warned"}, format="json")
    assert missing.status_code == 400 and "reason" in missing.json()["errors"]
    unknown = client.post(
        f"/api/bases/{base.pk}/status/", {"status": "warned", "why": "x"}, format="json"
    )
    assert "why" in unknown.json()["errors"]


def test_hidden_partner_organisation_is_left_out(
    api_for: Any, users: Any, units: Any, base: CooperationBase
) -> None:
    hidden = OrganisationFactory(owner_unit=units.enterprise, visibility=Visibility.INTERNAL)
    shown = OrganisationFactory(owner_unit=units.enterprise)
    base.partner_organisations.set([hidden, shown])
    data = api_for(users.base_manager).get(f"/api/bases/{base.pk}/").json()
    assert data["partner_organisations"] == [shown.pk]
    assert api_for(users.org_user).get(f"/api/bases/{base.pk}/").json()[
        "partner_organisations"
    ] == sorted([hidden.pk, shown.pk])


def test_delete(api_for: Any, users: Any, base: CooperationBase) -> None:
    assert api_for(users.base_manager).delete(f"/api/bases/{base.pk}/").status_code == 403
    assert api_for(users.ministry_admin).delete(f"/api/bases/{base.pk}/").status_code == 204
    assert not CooperationBase.objects.exists()


def test_reports_api(api_for: Any, users: Any, base: CooperationBase) -> None:
    manager = api_for(users.base_manager)
    created = manager.post(
        "/api/base-reports/",
        {"base": base.pk, "year": LAST_YEAR, "people_trained": 12, "funding_foreign": "1500.50"},
        format="json",
    )
    assert created.status_code == 201, created.json()
    report_id = created.json()["id"]
    assert created.json()["funding_total"] == "1500.50"
    negative = manager.patch(f"/api/base-reports/{report_id}/", {"standards": -1}, format="json")
    assert negative.status_code == 400 and "standards" in negative.json()["errors"]
    duplicate = manager.post(
        "/api/base-reports/", {"base": base.pk, "year": LAST_YEAR}, format="json"
    )
    assert duplicate.status_code == 400 and "year" in duplicate.json()["errors"]
    assert manager.post(f"/api/base-reports/{report_id}/submit/").status_code == 200
    locked = manager.patch(f"/api/base-reports/{report_id}/", {"standards": 1}, format="json")
    assert locked.status_code == 403
    assert (
        manager.post(
            f"/api/base-reports/{report_id}/review/", {"accept": True}, format="json"
        ).status_code
        == 403
    )
    reviewer = api_for(users.unit_admin)
    returned = reviewer.post(
        f"/api/base-reports/{report_id}/review/", {"accept": False}, format="json"
    )
    assert returned.status_code == 400 and "review_comment" in returned.json()["errors"]
    accepted = reviewer.post(
        f"/api/base-reports/{report_id}/review/", {"accept": True}, format="json"
    )
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    assert api_for(users.org_user).get(f"/api/base-reports/{report_id}/").status_code == 404
    assert api_for(None).get("/api/base-reports/").json()["count"] == 0
    listed = api_for(users.ministry_admin).get(
        "/api/base-reports/", {"status": "accepted", "base": base.pk}
    )
    assert listed.json()["count"] == 1


def test_outsider_cannot_start_a_report(api_for: Any, users: Any, base: CooperationBase) -> None:
    response = api_for(users.org_user).post(
        "/api/base-reports/", {"base": base.pk, "year": LAST_YEAR}, format="json"
    )
    assert response.status_code == 403
    assert not SelfReport.objects.exists()


def test_report_delete_api(api_for: Any, users: Any, base: CooperationBase) -> None:
    draft = make_report(base, created_by=users.base_manager)
    accepted = make_report(base, 2021, status=ReportStatus.ACCEPTED, created_by=users.base_manager)
    client = api_for(users.base_manager)
    assert client.delete(f"/api/base-reports/{accepted.pk}/").status_code == 403
    assert client.delete(f"/api/base-reports/{draft.pk}/").status_code == 204
