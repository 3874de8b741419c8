"""Pages of bases and self-reports, per role: list, filters, detail, forms, decisions."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from bases.factories import make_base, make_report
from organisations.factories import make_country
from stcoop.bases.choices import BaseKind, BaseStatus, ReportStatus
from stcoop.bases.models import CooperationBase, SelfReport
from stcoop.core.choices import Visibility
from stcoop.geo.models import Grouping, GroupingMembership

pytestmark = pytest.mark.django_db

LAST_YEAR = timezone.localdate().year - 1


@pytest.fixture
def world(units: Any) -> dict[str, Any]:
    de = make_country("DE", "DEU", "Germany", "德国")
    th = make_country("TH", "THA", "Thailand", "泰国")
    asean = Grouping.objects.create(
        code="asean", name_en="ASEAN", name_zh_hans="东盟", kind="regional_organisation"
    )
    GroupingMembership.objects.create(grouping=asean, country=th)
    own = make_base(
        units.base,
        "东盟中心",
        name_en="ASEAN Centre",
        kind=BaseKind.TECH_TRANSFER_CENTRE,
        status=BaseStatus.DESIGNATED,
        province="CN-GX",
        disciplines=["技术转移", "Agriculture"],
        designation_year=2014,
    )
    own.partner_countries.set([th])
    other = make_base(
        units.enterprise,
        "德国研发中心",
        name_en="Germany R&D Centre",
        kind=BaseKind.OVERSEAS_RD_CENTRE,
        province="",
        country=de,
        status=BaseStatus.WARNED,
    )
    other.partner_countries.set([de])
    hidden = make_base(units.enterprise, "内部基地", name_en="Internal base", visibility="internal")
    return {"own": own, "other": other, "hidden": hidden, "de": de, "th": th}


def _names(response: Any) -> str:
    return response.content.decode()


# ---------------------------------------------------------------- list
def test_anonymous_list_shows_public_bases_with_summary(
    client_for: Any, world: dict[str, Any]
) -> None:
    page = client_for(None).get("/bases/", {"lang": "en"}, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    text = _names(page)
    assert "ASEAN Centre" in text or "东盟中心" in text
    assert "内部基地" not in text and "Internal base" not in text
    assert 'data-testid="base-summary"' in text
    assert page.context["summary"]["status"][1][2] == 1  # designated
    assert page.context["summary"]["status"][3][2] == 1  # warned
    assert page.context["total"] == 2


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": "overseas_rd_centre"}, {"德国研发中心"}),
        ({"status": ["designated", "warned"]}, {"东盟中心", "德国研发中心"}),
        ({"province": "CN-GX"}, {"东盟中心"}),
        ({"partner_country": "DE"}, {"德国研发中心"}),
        ({"grouping": "asean"}, {"东盟中心"}),
        ({"field": "agriculture"}, {"东盟中心"}),
        ({"designation_year": "2014"}, {"东盟中心"}),
        ({"q": "germany"}, {"德国研发中心"}),
    ],
)
def test_list_filters(
    client_for: Any, users: Any, world: dict[str, Any], params: dict[str, Any], expected: set[str]
) -> None:
    page = client_for(users.base_manager).get("/bases/", params)
    assert page.status_code == 200
    shown = {row.record.name_zh_hans for row in page.context["table"].page.object_list}
    assert shown == expected


def test_list_export_csv(client_for: Any, users: Any, world: dict[str, Any]) -> None:
    response = client_for(users.ministry_admin).get(
        "/bases/", {"export": "csv", "columns": "name,kind,status"}
    )
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert body.count("\n") == 4  # header and three bases
    assert "内部基地" in body


def test_empty_list_says_so(client_for: Any, users: Any, db: Any) -> None:
    page = client_for(users.org_user).get("/bases/", {"lang": "en"})
    assert "No cooperation bases match these filters." in _names(page)


# ---------------------------------------------------------------- detail
def test_detail_shows_actions_per_role(client_for: Any, users: Any, world: dict[str, Any]) -> None:
    base = world["own"]
    url = f"/bases/{base.pk}/"
    anonymous = _names(client_for(None).get(url))
    assert f"/bases/{base.pk}/edit/" not in anonymous
    assert 'data-testid="decide-link"' not in anonymous
    manager = _names(client_for(users.base_manager).get(url))
    assert f"/bases/{base.pk}/edit/" in manager
    assert f"/bases/{base.pk}/reports/add/" in manager
    assert 'data-testid="decide-link"' not in manager
    ministry = _names(client_for(users.ministry_admin).get(url))
    assert 'data-testid="decide-link"' in ministry
    assert 'data-testid="timeline"' in ministry
    assert "/history/bases.cooperationbase/" in ministry
    org_user = _names(client_for(users.org_user).get(url))
    assert f"/bases/{base.pk}/edit/" not in org_user


def test_hidden_base_is_not_found(client_for: Any, users: Any, world: dict[str, Any]) -> None:
    url = f"/bases/{world['hidden'].pk}/"
    assert client_for(users.base_manager).get(url).status_code == 404
    assert client_for(users.org_user).get(url).status_code == 200


def test_detail_shows_reports_with_trend(
    client_for: Any, users: Any, world: dict[str, Any]
) -> None:
    base = world["own"]
    make_report(base, 2022, people_trained=10, status=ReportStatus.ACCEPTED)
    make_report(base, 2023, people_trained=25, status=ReportStatus.ACCEPTED)
    page = client_for(users.base_manager).get(f"/bases/{base.pk}/")
    figures = {row["name"]: row for row in page.context["figures"]}
    assert figures["people_trained"]["values"] == [10, 25]
    assert figures["people_trained"]["points"] == "0.0,9.4 60.0,1.0"
    assert "<polyline" in _names(page)


# ---------------------------------------------------------------- forms
def test_base_manager_adds_an_application(client_for: Any, users: Any, units: Any) -> None:
    client = client_for(users.base_manager)
    form = client.get("/bases/add/").context["form"]
    assert "status" not in form.fields and "designating_body" not in form.fields
    response = client.post(
        "/bases/add/",
        {
            "name_zh_hans": "新基地",
            "kind": BaseKind.JOINT_LABORATORY,
            "province": "CN-GD",
            "disciplines": "材料\n能源",
            "owner_unit": units.base.pk,
            "visibility": Visibility.INTERNAL,
        },
    )
    assert response.status_code == 302
    base = CooperationBase.objects.get(name_zh_hans="新基地")
    assert base.status == BaseStatus.APPLIED and base.disciplines == ["材料", "能源"]


def test_ministry_form_offers_decisions_and_reports_errors(
    client_for: Any, users: Any, units: Any
) -> None:
    client = client_for(users.ministry_admin)
    form = client.get("/bases/add/").context["form"]
    assert {"status", "designating_body", "batch"} <= set(form.fields)
    response = client.post(
        "/bases/add/",
        {
            "kind": BaseKind.JOINT_LABORATORY,
            "owner_unit": units.base.pk,
            "visibility": Visibility.PUBLIC,
            "status": BaseStatus.DESIGNATED,
            "lang": "en",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "province" in errors and "name_zh_hans" in errors


def test_edit_permissions(client_for: Any, users: Any, world: dict[str, Any]) -> None:
    own, other = world["own"], world["other"]
    client = client_for(users.base_manager)
    assert client.get(f"/bases/{own.pk}/edit/").status_code == 200
    assert client.get(f"/bases/{other.pk}/edit/").status_code == 403
    assert client_for(None).get(f"/bases/{own.pk}/edit/").status_code == 302


def test_decision_page(client_for: Any, users: Any, world: dict[str, Any]) -> None:
    base = world["own"]
    url = f"/bases/{base.pk}/status/"
    assert (
        client_for(users.base_manager).post(url, {"status": "under_evaluation"}).status_code == 403
    )
    assert client_for(users.unit_admin).get(url).status_code == 403
    client = client_for(users.ministry_admin)
    today = timezone.localdate().isoformat()
    refused = client.post(url, {"status": "revoked", "date": today, "reason": "x"})
    assert refused.status_code == 400
    response = client.post(url, {"status": "under_evaluation", "date": today})
    assert response.status_code == 302
    base.refresh_from_db()
    assert base.status == BaseStatus.UNDER_EVALUATION
    page = _names(client.get(f"/bases/{base.pk}/"))
    assert today in page


def test_delete_page(client_for: Any, users: Any, world: dict[str, Any]) -> None:
    base = world["own"]
    assert client_for(users.base_manager).get(f"/bases/{base.pk}/delete/").status_code == 403
    client = client_for(users.ministry_admin)
    assert client.get(f"/bases/{base.pk}/delete/").status_code == 200
    assert client.post(f"/bases/{base.pk}/delete/").status_code == 302
    assert not CooperationBase.objects.filter(pk=base.pk).exists()


# ---------------------------------------------------------------- reports
def test_report_pages_from_draft_to_accepted(
    client_for: Any, users: Any, world: dict[str, Any]
) -> None:
    base = world["own"]
    manager = client_for(users.base_manager)
    assert manager.get(f"/bases/{base.pk}/reports/add/").status_code == 200
    data: dict[str, Any] = {
        "year": LAST_YEAR,
        "visibility": "internal",
        "narrative_zh_hans": "总结",
    }
    for name in ("projects_running", "people_trained", "funding_central", "transfer_value"):
        data[name] = "5"
    for name in (
        "new_international_projects",
        "foreign_experts_hosted",
        "joint_publications",
        "patents_filed",
        "patents_granted",
        "standards",
        "transfer_contracts",
        "funding_local",
        "funding_enterprise",
        "funding_foreign",
        "funding_other",
    ):
        data[name] = "0"
    bad = manager.post(
        f"/bases/{base.pk}/reports/add/", {**data, "standards": "-1", "year": LAST_YEAR + 2}
    )
    assert bad.status_code == 400
    assert {"standards", "year"} <= set(bad.context["form"].errors)
    response = manager.post(f"/bases/{base.pk}/reports/add/", data)
    assert response.status_code == 302
    report = SelfReport.objects.get(base=base)
    url = f"/bases/reports/{report.pk}/"
    assert "/edit/" in _names(manager.get(url))
    assert manager.post(f"{url}submit/").status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert manager.get(f"{url}edit/").status_code == 403
    assert 'data-testid="review"' not in _names(manager.get(url))
    assert manager.post(f"{url}review/", {"decision": "accept"}).status_code == 403
    reviewer = client_for(users.unit_admin)
    assert 'data-testid="review"' in _names(reviewer.get(url))
    assert reviewer.post(f"{url}review/", {"decision": "return"}).status_code == 400
    assert (
        reviewer.post(f"{url}review/", {"decision": "return", "comment": "更多细节"}).status_code
        == 302
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED
    assert 'data-testid="review-comment"' in _names(manager.get(url))
    assert manager.get(f"{url}edit/").status_code == 200


def test_report_visibility_and_history(client_for: Any, users: Any, world: dict[str, Any]) -> None:
    report = make_report(world["own"])
    url = f"/bases/reports/{report.pk}/"
    assert client_for(None).get(url).status_code == 404
    assert client_for(users.org_user).get(url).status_code == 404
    assert client_for(users.unit_admin).get(url).status_code == 200
    history = client_for(users.base_manager).get(f"/history/bases.selfreport/{report.pk}/")
    assert history.status_code == 200
    assert (
        client_for(users.org_user).get(f"/history/bases.selfreport/{report.pk}/").status_code == 403
    )


def test_report_list_page(client_for: Any, users: Any, world: dict[str, Any]) -> None:
    make_report(world["own"], 2022, status=ReportStatus.SUBMITTED)
    make_report(world["other"], 2022)
    page = client_for(users.ministry_admin).get("/bases/reports/", {"status": "submitted"})
    assert page.status_code == 200
    assert page.context["total"] == 1
    assert client_for(users.base_manager).get("/bases/reports/").context["total"] == 1


def test_report_delete(client_for: Any, users: Any, world: dict[str, Any]) -> None:
    report = make_report(world["own"], created_by=users.base_manager)
    accepted = make_report(world["own"], 2021, status=ReportStatus.ACCEPTED)
    client = client_for(users.base_manager)
    assert client.get(f"/bases/reports/{accepted.pk}/delete/").status_code == 403
    assert client.post(f"/bases/reports/{report.pk}/delete/").status_code == 302
    assert not SelfReport.objects.filter(pk=report.pk).exists()


def test_history_of_a_decision(client_for: Any, users: Any, world: dict[str, Any]) -> None:
    base = world["own"]
    client = client_for(users.ministry_admin)
    client.post(
        f"/bases/{base.pk}/status/",
        {"status": "under_evaluation", "date": timezone.localdate().isoformat()},
    )
    page = client.get(f"/history/bases.cooperationbase/{base.pk}/")
    assert page.status_code == 200
    assert (
        "under_evaluation" in _names(page)
        or "Under evaluation" in _names(page)
        or "评估中" in _names(page)
    )


def test_a_revoked_base_takes_no_more_decisions(client_for: Any, users: Any, units: Any) -> None:
    base = make_base(units.base, status=BaseStatus.REVOKED)
    client = client_for(users.ministry_admin)
    assert 'data-testid="decide-link"' not in _names(client.get(f"/bases/{base.pk}/"))
    response = client.post(
        f"/bases/{base.pk}/status/?lang=en",
        {"status": "designated", "date": timezone.localdate().isoformat()},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["status"] == [
        "A base that is revoked cannot change status any more."
    ]


def test_report_list_export(client_for: Any, users: Any, world: dict[str, Any]) -> None:
    make_report(world["own"], 2022, funding_central=1000, funding_foreign=500)
    response = client_for(users.ministry_admin).get(
        "/bases/reports/", {"export": "csv", "columns": "year,funding_total"}
    )
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert body.splitlines()[1] == "2022,1500.00"
