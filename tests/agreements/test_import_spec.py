"""The ``agreements``, ``mechanisms`` and ``mechanism-meetings`` import specs: errors by row
and column, apply, idempotency, permissions, and export → import changing nothing."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import translation

from agreements.factories import AgreementFactory, MechanismFactory
from organisations.factories import OrganisationFactory, make_country
from stcoop.agreements.models import Agreement, Mechanism, MechanismMeeting
from stcoop.core.imports.reading import Table
from stcoop.core.imports.run import import_apply, import_preview
from stcoop.core.imports.spec import ImportSpec, get_spec

pytestmark = pytest.mark.django_db
D = datetime.date


def _table(text: str) -> Table:
    lines = [line.split(",") for line in text.strip().splitlines()]
    return Table("file.csv", lines[0], lines[1:])


def _spec(name: str) -> ImportSpec:
    spec = get_spec(name)
    assert spec is not None
    return spec


@pytest.fixture
def countries() -> Iterator[dict[str, Any]]:
    made = {
        "IL": make_country("IL", "ISR", "Israel", "以色列"),
        "DE": make_country("DE", "DEU", "Germany", "德国"),
        "ZA": make_country("ZA", "ZAF", "South Africa", "南非"),
    }
    with translation.override("en"):
        yield made


def test_agreement_rows_name_row_and_column(countries: Any, users: Any) -> None:
    table = _table(
        "编号,中文标题,英文标题,类型,状态,伙伴国家,签署日期,到期日期\n"
        "R-1,中以协定,,政府间协定,in_force,以色列; DEU,1993-07-01,\n"
        "R-2,某协定,,mou,signed,Atlantis,2001-01-01,\n"
        "R-3,另一协定,,treaty,signed,IL,2001-01-01,\n"
        "R-4,又一协定,,mou,signed,IL,2001-13-01,\n"
        "R-5,再一协定,,mou,signed,IL,2001-01-01,2000-01-01\n"
        "R-1,重复,,mou,signed,IL,2001-01-01,\n"
    )
    preview = import_preview(_spec("agreements"), table, users.ministry_admin)
    problems = [str(p) for p in preview.problems]
    assert [p.row for p in preview.problems] == [3, 4, 5, 6, 7], problems
    assert problems[0] == "row 3, column 伙伴国家: 'Atlantis' is not a known country code or name"
    assert problems[1].startswith("row 4, column 类型: 'treaty' is not a kind of agreement")
    assert problems[2] == "row 5, column 签署日期: '2001-13-01' is not a date written as YYYY-MM-DD"
    assert problems[3] == (
        "row 6, column 到期日期: The expiry date cannot be before the agreement is signed or "
        "in force."
    )
    assert problems[4].startswith("row 7, column 编号: the same agreement is already in row 2")
    assert preview.rows[0].action == "create"
    assert not Agreement.objects.exists()


def test_agreements_apply_then_unchanged(countries: Any, units: Any, users: Any) -> None:
    most = OrganisationFactory(owner_unit=units.ministry, name_en="MOST", name_zh_hans="科技部")
    text = (
        "reference_number,title_zh,title_en,kind,status,countries,signatories,signed_date,"
        "parent,owner_unit,visibility\n"
        f"R-1,中以协定,China–Israel agreement,intergovernmental,in_force,IL,科技部,1993-07-01,,"
        f"{units.ministry.pk},public\n"
        f"R-2,中德协定,,memorandum of understanding,已签署,德国; ZAF,MOST; {most.pk},"
        "2015-01-01,R-1,,\n"
    )
    actor = users.ministry_admin
    # The agreement a protocol belongs to must already be recorded.
    preview = import_preview(_spec("agreements"), _table(text), actor)
    assert [str(p) for p in preview.problems] == [
        "row 3, column parent: no agreement has the reference number or title 'R-1'"
    ]
    first = import_apply(_spec("agreements"), _table(text.replace(",R-1,", ",,")), actor)
    assert first.applied and first.created == 2, first.all_errors
    again = import_apply(_spec("agreements"), _table(text), actor)
    assert again.applied and (again.created, again.updated, again.unchanged) == (0, 1, 1)
    german = Agreement.objects.get(reference_number="R-2")
    assert german.kind == "mou" and german.status == "signed"
    assert german.owner_unit == units.ministry
    assert german.parent == Agreement.objects.get(reference_number="R-1")
    assert {c.iso2 for c in german.countries.all()} == {"DE", "ZA"}
    assert list(german.signatories.all()) == [most]
    third = import_apply(_spec("agreements"), _table(text), actor)
    assert third.applied and (third.updated, third.unchanged) == (0, 2)


def test_agreement_import_permissions(countries: Any, units: Any, users: Any) -> None:
    spec = _spec("agreements")
    theirs = AgreementFactory(owner_unit=units.ministry, reference_number="M-1", title_en="M")
    table = _table(
        "reference_number,title_en,kind,owner_unit\n"
        f"M-1,Changed,mou,\n"
        f"E-1,Ours,mou,{units.ministry.pk}\n"
        "E-2,Ours too,mou,\n"
    )
    preview = import_preview(spec, table, users.org_user)
    problems = [str(p) for p in preview.problems]
    assert [p.row for p in preview.problems] == [2, 3], problems
    assert "permission" in problems[0]
    assert "may not add records" in problems[1]
    report = import_apply(
        spec, _table("reference_number,title_en,kind\nE-2,Ours,mou\n"), users.org_user
    )
    assert report.applied
    assert Agreement.objects.get(reference_number="E-2").owner_unit == units.enterprise
    theirs.refresh_from_db()
    assert theirs.title_en == "M"


def test_mechanisms_and_meetings_import(countries: Any, units: Any, users: Any) -> None:
    AgreementFactory(owner_unit=units.ministry, reference_number="R-1")
    mechanisms = _table(
        "中文名称,英文名称,类型,所属协定,国家,成立日期,会议频率,状态,可见范围\n"
        "中以联委会,China–Israel Joint Committee,联合委员会,R-1,IL,2014-05-01,annual,active,"
        "public\n"
        "中南联委会,,joint_committee,R-9,南非,,,,\n"
    )
    preview = import_preview(_spec("mechanisms"), mechanisms, users.ministry_admin)
    assert [str(p) for p in preview.problems] == [
        "row 3, column 所属协定: no agreement has the reference number or title 'R-9'"
    ]
    report = import_apply(
        _spec("mechanisms"), _table(mechanisms_text_fixed()), users.ministry_admin
    )
    assert report.applied and report.created == 2, report.all_errors
    meetings = _table(
        "机制,届次,日期,城市,国家,英文成果\n"
        "China–Israel Joint Committee,1,2015-01-20,Beijing,CN,\n"
        "中以联委会,第2届,2016-03-29,Jerusalem,以色列,Joint call\n"
        "中以联委会,3,2013-01-01,,,\n"
        "No such committee,1,2015-01-01,,,\n"
        "中南联委会,1,,,,\n"
    )
    preview = import_preview(_spec("mechanism-meetings"), meetings, users.ministry_admin)
    problems = [str(p) for p in preview.problems]
    assert problems == [
        "row 2, column 国家: 'CN' is not a known country code",
        "row 4, column 日期: A session cannot be held before the mechanism was established.",
        "row 5, column 机制: no mechanism has the ID or name 'No such committee'",
        "row 6, column 日期: The date is required for a new session.",
    ]
    good = _table(
        "机制,届次,日期,城市,国家,英文成果\n"
        "China–Israel Joint Committee,1,2015-01-20,Beijing,IL,\n"
        "中以联委会,第2届,2016-03-29,Jerusalem,以色列,Joint call\n"
    )
    report = import_apply(_spec("mechanism-meetings"), good, users.ministry_admin)
    assert report.applied and report.created == 2, report.all_errors
    committee = Mechanism.objects.get(name_zh_hans="中以联委会")
    assert [m.session_number for m in committee.meetings.order_by("session_number")] == [1, 2]
    again = import_apply(_spec("mechanism-meetings"), good, users.ministry_admin)
    assert again.applied and again.unchanged == 2
    # The unit administrator of the province may not add sessions to the ministry's mechanism.
    refused = import_preview(
        _spec("mechanism-meetings"),
        _table("mechanism,session_number,date\nChina–Israel Joint Committee,3,2017-09-12\n"),
        users.unit_admin,
    )
    assert refused.failed == 1 and "permission" in str(refused.problems[0])


def mechanisms_text_fixed() -> str:
    return (
        "中文名称,英文名称,类型,所属协定,国家,成立日期,会议频率,状态,可见范围\n"
        "中以联委会,China–Israel Joint Committee,联合委员会,R-1,IL,2014-05-01,annual,active,"
        "public\n"
        "中南联委会,,joint_committee,,南非,,,,\n"
    )


def _export_table(spec: ImportSpec, actor: Any) -> Table:
    header = [column.name for column in spec.columns]
    queryset = spec.export_queryset(actor)
    assert queryset is not None
    rows = [[spec.export_values(record)[name] for name in header] for record in queryset]
    return Table("export.csv", header, rows)


def test_export_then_import_changes_nothing(countries: Any, units: Any, users: Any) -> None:
    most = OrganisationFactory(owner_unit=units.ministry, name_en="MOST", name_zh_hans="科技部")
    twin = OrganisationFactory(owner_unit=units.ministry, name_en="Twin", name_zh_hans="")
    OrganisationFactory(owner_unit=units.ministry, name_en="Twin", name_zh_hans="")
    treaty = AgreementFactory(
        owner_unit=units.ministry,
        reference_number="R-1",
        summary_zh_hans="摘要，含逗号",
        summary_en="A summary",
        link="https://example.org/r1",
        countries=[countries["IL"], countries["DE"]],
        expiry_date=D(2030, 1, 1),
    )
    treaty.signatories.set([most, twin])
    AgreementFactory(owner_unit=units.province, parent=treaty, kind="protocol", signed_date=None)
    committee = MechanismFactory(
        owner_unit=units.ministry,
        agreement=treaty,
        established_date=D(2014, 5, 1),
        frequency="annual",
        description_en="Steers cooperation",
        countries=[countries["IL"]],
    )
    committee.chinese_leads.set([most])
    committee.partner_leads.set([twin])
    MechanismMeeting.objects.create(
        mechanism=committee,
        session_number=1,
        date=D(2015, 1, 20),
        city="Beijing",
        country=countries["IL"],
        outcomes_zh_hans="成果",
        outcomes_en="Outcomes",
        documents_link="https://example.org/s1",
    )
    MechanismMeeting.objects.create(mechanism=committee, session_number=2, date=D(2016, 1, 1))
    for name, count in (("agreements", 2), ("mechanisms", 1), ("mechanism-meetings", 2)):
        spec = _spec(name)
        table = _export_table(spec, users.platform_admin)
        assert len(table.rows) == count
        report = import_apply(spec, table, users.platform_admin)
        assert report.applied, report.all_errors
        assert report.unchanged == count, (name, [r.action for r in report.rows])
    # A unit administrator exports only what it sees: the province's protocol.
    assert len(_export_table(_spec("agreements"), users.unit_admin).rows) == 2
    assert len(_export_table(_spec("agreements"), None).rows) == 2


def test_list_page_links_to_the_import(users: Any, client_for: Any) -> None:
    page = client_for(users.org_user).get("/agreements/mechanisms/")
    assert b'href="/import/mechanisms/"' in page.content
    for name in ("agreements", "mechanisms", "mechanism-meetings"):
        assert client_for(users.org_user).get(f"/import/{name}/").status_code == 200
    template = client_for(users.org_user).get("/import/mechanism-meetings/template.csv")
    assert template.status_code == 200
    assert b"session_number" in b"".join(template.streaming_content)  # type: ignore[arg-type]
