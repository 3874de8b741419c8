"""The ``organisations`` bulk-import spec: preview, apply, idempotency, permissions, page."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import translation

from organisations.factories import make_country
from stcoop.core.imports.reading import Table
from stcoop.core.imports.run import import_apply, import_preview
from stcoop.core.imports.spec import get_spec
from stcoop.organisations.models import ExternalId, Organisation

pytestmark = pytest.mark.django_db

GOOD_USCC = "91350100M000100Y43"


def _table(text: str) -> Table:
    lines = [line.split(",") for line in text.strip().splitlines()]
    return Table("orgs.csv", lines[0], lines[1:])


@pytest.fixture
def countries() -> Iterator[None]:
    make_country("CN", "CHN", "China", "中国")
    make_country("DE", "DEU", "Germany", "德国")
    with translation.override("en"):
        yield


def test_preview_names_row_and_column_of_errors(countries: Any, users: Any) -> None:
    spec = get_spec("organisations")
    assert spec is not None
    table = _table(
        "中文名称,name_en,类型,国家,统一社会信用代码\n"
        "中山大学,Sun Yat-sen University,高校,CN,\n"
        "某公司,,company,CN,91350100M000100Y4X\n"
        ",Some Institute,institute,Atlantis,\n"
        "某机构,,spaceship,DE,\n"
    )
    preview = import_preview(spec, table, users.org_user)
    problems = [str(p) for p in preview.problems]
    assert [p.row for p in preview.problems] == [3, 4, 5], problems
    assert problems[0].startswith("row 3, column 统一社会信用代码: ")
    assert problems[1] == "row 4, column 国家: 'Atlantis' is not a known country code or name"
    assert problems[2].startswith("row 5, column 类型: 'spaceship' is not a kind")
    assert not Organisation.objects.exists()


def test_apply_creates_then_unchanged(countries: Any, units: Any, users: Any) -> None:
    spec = get_spec("organisations")
    assert spec is not None
    unit = units.ministry.pk
    text = (
        "name_zh,name_en,acronyms,kind,country,ror,pic,uscc,owner_unit,visibility\n"
        f"清华大学,Tsinghua University,THU; TSU,University,中国,03cve4549,,,{unit},公开\n"
        f"马普学会,Max Planck Society,MPG,nonprofit,DEU,,999999999,,{units.ministry.pk},public\n"
        f"华瑞,,,企业,CN,,,{GOOD_USCC},{units.ministry.pk},internal\n"
        f"某研究所,,,research institute,CN,,,,{units.ministry.pk},\n"
    )
    report = import_apply(spec, _table(text), users.platform_admin)
    assert report.applied, report.all_errors
    assert report.created == 4
    thu = ExternalId.objects.get(scheme="ror", value="03cve4549").organisation
    assert thu.acronyms == ["THU", "TSU"] and thu.visibility == "public"
    assert thu.kind == "university" and thu.owner_unit == units.ministry
    assert ExternalId.objects.filter(scheme="uscc", value=GOOD_USCC).exists()
    again = import_apply(spec, _table(text), users.platform_admin)
    assert again.applied and (again.created, again.updated, again.unchanged) == (0, 0, 4)
    changed = text.replace("Max Planck Society", "Max Planck Gesellschaft")
    third = import_apply(spec, _table(changed), users.platform_admin)
    assert third.applied and (third.created, third.updated) == (0, 1)
    assert ExternalId.objects.get(value="999999999").organisation.name_en == (
        "Max Planck Gesellschaft"
    )


def test_org_user_may_import_only_for_their_unit(countries: Any, units: Any, users: Any) -> None:
    spec = get_spec("organisations")
    assert spec is not None
    assert spec.may_import(users.org_user)
    other = _table(f"name_en,kind,country,owner_unit\nA Co,company,CN,{units.ministry.pk}\n")
    preview = import_preview(spec, other, users.org_user)
    assert preview.failed == 1
    assert "may not add organisations" in str(preview.problems[0])
    own = _table(f"name_en,kind,country,owner_unit\nA Co,company,CN,{units.enterprise.pk}\n")
    report = import_apply(spec, own, users.org_user)
    assert report.applied and report.created == 1
    assert Organisation.objects.get(name_en="A Co").owner_unit == units.enterprise
    default = _table("name_en,kind,country\nB Co,company,CN\n")
    assert import_apply(spec, default, users.org_user).applied
    assert Organisation.objects.get(name_en="B Co").owner_unit == units.enterprise


def test_list_page_links_to_the_import(users: Any, client_for: Any) -> None:
    page = client_for(users.org_user).get("/organisations/")
    assert page.status_code == 200
    assert b'href="/import/organisations/"' in page.content
    assert b"/import/organisations/template.xlsx" in page.content
    template = client_for(users.org_user).get("/import/organisations/template.csv")
    assert template.status_code == 200
    assert b"name_zh" in b"".join(template.streaming_content)  # type: ignore[arg-type]
