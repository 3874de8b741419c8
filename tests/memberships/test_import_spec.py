"""The ``memberships``, ``big-science-programmes`` and ``big-science-participations``
import specs: preview messages, apply, idempotency, permissions, export round trip."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import translation

from memberships.factories import (
    InternationalOrganisationFactory,
    MembershipFactory,
    ProgrammeFactory,
)
from organisations.factories import OrganisationFactory, make_country
from stcoop.core.imports.exporting import export_file
from stcoop.core.imports.reading import Table, read_table
from stcoop.core.imports.run import import_apply, import_preview
from stcoop.core.imports.spec import ImportSpec, get_spec
from stcoop.core.models import ObjectChange
from stcoop.memberships.models import (
    BigScienceProgramme,
    InternationalMembership,
    ProgrammeParticipation,
)

pytestmark = pytest.mark.django_db


def _table(text: str) -> Table:
    lines = [line.split(",") for line in text.strip().splitlines()]
    return Table("rows.csv", lines[0], lines[1:])


def _spec(name: str) -> ImportSpec:
    spec = get_spec(name)
    assert spec is not None
    return spec


@pytest.fixture
def world(units: Any) -> Iterator[dict[str, Any]]:
    with translation.override("en"):
        yield {
            "cn": make_country("CN", "CHN", "China", "中国"),
            "de": make_country("DE", "DEU", "Germany", "德国"),
            "iaea": InternationalOrganisationFactory(
                owner_unit=units.ministry,
                name_en="International Atomic Energy Agency",
                name_zh_hans="国际原子能机构",
                acronyms=["IAEA"],
            ),
            "cast": OrganisationFactory(
                owner_unit=units.ministry,
                name_en="China Association for Science and Technology",
                acronyms=["CAST"],
                kind="nonprofit",
            ),
        }


def test_membership_preview_names_row_and_column(world: dict[str, Any], users: Any) -> None:
    table = _table(
        "国际组织,成员国,成员机构,角色,加入日期,年度会费,币种\n"
        "IAEA,中国,,Full member,1984-01-01,1000,EUR\n"
        "Nowhere Org,CN,,full,,,\n"
        "IAEA,Atlantis,,full,,,\n"
        "IAEA,DE,,boss,,,\n"
        "IAEA,DE,,full,1957/07/29,12x,EUR\n"
        "CAST,CN,,full,,,\n"
        "IAEA,CN,CAST,full,,,\n"
        "IAEA,中国,,full,1984-01-01,,\n"
    )
    preview = import_preview(_spec("memberships"), table, users.ministry_admin)
    problems = [str(p) for p in preview.problems]
    assert [p.row for p in preview.problems] == [3, 4, 5, 6, 7, 8, 8, 9], problems
    assert problems[0] == "row 3, column 国际组织: no organisation has the ID or name 'Nowhere Org'"
    assert problems[1] == "row 4, column 成员国: 'Atlantis' is not a known country code or name"
    assert problems[2].startswith("row 5, column 角色: 'boss' is not a valid role")
    assert problems[3] == "row 6, column 年度会费: '12x' is not a number"
    assert problems[4].startswith("row 7, column 国际组织: Choose an organisation of the kind")
    assert problems[5].startswith("row 8, column 成员国: Give the member")
    assert problems[7] == "row 9, column 国际组织: the same membership is already in row 2"
    assert preview.rows[0].action == "create"
    assert not InternationalMembership.objects.exists()


def test_membership_apply_then_unchanged(world: dict[str, Any], units: Any, users: Any) -> None:
    spec = _spec("memberships")
    text = (
        "organisation,member_country,member_organisation,role,since,until,annual_contribution,"
        "currency,representative,notes_zh,notes_en,owner_unit,visibility\n"
        f'IAEA,CN,,full member,1984-01-01,,"1,000.5",eur,国家原子能机构,中国,China,'
        f"{units.ministry.pk},public\n"
        f"{world['iaea'].pk},,CAST,observer,,,,,,,,{units.ministry.pk},\n"
    )
    import csv
    import io

    rows = list(csv.reader(io.StringIO(text)))
    table = Table("rows.csv", rows[0], rows[1:])
    report = import_apply(spec, table, users.platform_admin)
    assert report.applied, report.all_errors
    assert report.created == 2
    china = InternationalMembership.objects.get(member_country=world["cn"])
    assert china.annual_contribution == Decimal("1000.50") and china.currency == "EUR"
    assert (china.notes_zh_hans, china.notes_en, china.visibility) == ("中国", "China", "public")
    cast = InternationalMembership.objects.get(member_organisation=world["cast"])
    assert cast.role == "observer" and cast.visibility == "internal"
    again = import_apply(spec, table, users.platform_admin)
    assert again.applied and (again.created, again.updated, again.unchanged) == (0, 0, 2)
    rows[2][3] = "full"
    changed = import_apply(spec, Table("rows.csv", rows[0], rows[1:]), users.platform_admin)
    assert (changed.created, changed.updated) == (0, 1)
    cast.refresh_from_db()
    assert cast.role == "full"


def test_membership_import_permissions(world: dict[str, Any], units: Any, users: Any) -> None:
    spec = _spec("memberships")
    assert spec.may_import(users.org_user)
    other = _table(f"organisation,member_country,owner_unit\nIAEA,CN,{units.ministry.pk}\n")
    preview = import_preview(spec, other, users.org_user)
    assert preview.failed == 1 and "may not add records" in str(preview.problems[0])
    own = _table("organisation,member_country\nIAEA,CN\n")
    report = import_apply(spec, own, users.org_user)
    assert report.applied, report.all_errors
    assert InternationalMembership.objects.get().owner_unit == units.enterprise
    theirs = MembershipFactory(
        owner_unit=units.ministry, organisation=world["iaea"], member_country=world["de"]
    )
    change = _table("organisation,member_country,role\nIAEA,DE,observer\n")
    refused = import_preview(spec, change, users.org_user)
    assert refused.failed == 1
    theirs.refresh_from_db()
    assert theirs.role == "full"


def test_programmes_and_participations(world: dict[str, Any], units: Any, users: Any) -> None:
    admin = users.ministry_admin
    programmes = _spec("big-science-programmes")
    text = (
        "中文名称,英文名称,简称,类型,状态,所在国,网站\n"
        "国际热核聚变实验堆计划,International Thermonuclear Experimental Reactor,ITER,"
        "large research facility,construction,FR,www.iter.org\n"
        ",,,network,operating,,\n"
        "平方公里阵列,Square Kilometre Array,SKA,facility,building,GB,\n"
    )
    make_country("FR", "FRA", "France", "法国")
    make_country("GB", "GBR", "United Kingdom", "英国")
    preview = import_preview(programmes, _table(text), admin)
    assert [str(p) for p in preview.problems] == [
        "row 3, column 中文名称: Give the name in Chinese, in English or in both.",
        "row 4, column 状态: 'building' is not a valid status; use one of: planned, "
        "construction, operating, completed",
    ]
    good = "\n".join(text.strip().splitlines()[:2]) + "\n"
    report = import_apply(programmes, _table(good), admin)
    assert report.applied and report.created == 1, report.all_errors
    iter_programme = BigScienceProgramme.objects.get(acronym="ITER")
    assert iter_programme.kind == "facility" and iter_programme.website == "https://www.iter.org"

    participations = _spec("big-science-participations")
    rows = (
        "programme,country,organisation,role,since,share,amount,currency,in_kind\n"
        "ITER,CN,,member,2007-10-24,9.09,,,Magnet feeders\n"
        "iter,FR,,host,2007-10-24,45.46,,,\n"
        "ITER,,CAST,contributor,,,100,cny,\n"
        "NOPE,CN,,member,,,,,\n"
        "ITER,DE,,member,,60,,,\n"
    )
    checked = import_preview(participations, _table(rows), admin)
    assert [p.row for p in checked.problems] == [5], [str(p) for p in checked.problems]
    assert "no programme has the ID, acronym or name 'NOPE'" in str(checked.problems[0])
    ok = "\n".join(rows.strip().splitlines()[:4]) + "\n"
    applied = import_apply(participations, _table(ok), admin)
    assert applied.applied and applied.created == 3, applied.all_errors
    assert iter_programme.participations.count() == 3
    cast = iter_programme.participations.get(organisation=world["cast"])
    assert (cast.amount, cast.currency) == (Decimal("100.00"), "CNY")
    history = ObjectChange.objects.filter(
        content_type=ContentType.objects.get_for_model(BigScienceProgramme),
        object_id=str(iter_programme.pk),
    )
    assert history.count() == 4  # created, then one entry per participant
    too_much = _table("programme,country,share\nITER,DE,60\n")
    failed = import_apply(participations, too_much, admin)
    assert not failed.applied and "more than 100%" in failed.all_errors[0]
    assert iter_programme.participations.count() == 3
    org_user = import_preview(
        participations, _table("programme,country\nITER,DE\n"), users.org_user
    )
    assert org_user.failed == 1


def test_export_round_trip(world: dict[str, Any], units: Any, users: Any) -> None:
    MembershipFactory(
        owner_unit=units.ministry,
        organisation=world["iaea"],
        member_country=world["cn"],
        since=datetime.date(1984, 1, 1),
        annual_contribution=Decimal("1234.50"),
        currency="EUR",
        in_kind="专家, experts",
        representative='China "Atomic" Energy Authority',
        notes_zh_hans="多行\n备注",
        notes_en="Line, one",
    )
    MembershipFactory(
        owner_unit=units.enterprise,
        organisation=world["iaea"],
        member_organisation=world["cast"],
        role="observer",
        visibility="internal",
    )
    iter_programme = ProgrammeFactory(
        owner_unit=units.ministry, acronym="ITER", host_country=world["de"], website="https://x.org"
    )
    unnamed = ProgrammeFactory(owner_unit=units.ministry, acronym="", name_en="No acronym")
    ProgrammeParticipation.objects.create(
        programme=iter_programme, country=world["cn"], share=Decimal("9.09"), in_kind="Coils"
    )
    ProgrammeParticipation.objects.create(
        programme=unnamed,
        organisation=world["cast"],
        role="partner",
        since=datetime.date(2020, 1, 1),
        amount=Decimal("10"),
        currency="USD",
    )
    for name, total in (
        ("memberships", 2),
        ("big-science-programmes", 2),
        ("big-science-participations", 2),
    ):
        spec = _spec(name)
        for fmt in ("csv", "xlsx", "json"):
            data, count = export_file(spec, users.platform_admin, fmt)
            assert count == total, (name, fmt)
            report = import_apply(spec, read_table(data, f"{name}.{fmt}"), users.platform_admin)
            assert report.applied, (name, fmt, report.all_errors)
            assert (report.created, report.updated, report.unchanged) == (0, 0, total), (name, fmt)
    data, count = export_file(_spec("memberships"), users.base_manager, "csv")
    assert count == 1  # the enterprise's internal membership is not exported to the base
