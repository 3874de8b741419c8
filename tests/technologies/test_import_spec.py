"""The ``technologies`` bulk-import spec: Chinese headers, labels in either language,
row errors, updates by reference, permissions, and export → import all unchanged."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import translation

from organisations.factories import OrganisationFactory, make_country
from people.factories import PersonFactory
from stcoop.core.imports.exporting import export_rows, header_of
from stcoop.core.imports.reading import Table, read_table
from stcoop.core.imports.run import import_apply, import_preview
from stcoop.core.imports.spec import ImportSpec, get_spec
from stcoop.geo.models import Grouping
from stcoop.technologies.models import TechnologyProfile
from technologies.factories import ProfileFactory

pytestmark = pytest.mark.django_db


def _spec() -> ImportSpec:
    spec = get_spec("technologies")
    assert spec is not None
    return spec


def _table(text: str) -> Table:
    return read_table(text.encode(), "profiles.csv")


@pytest.fixture
def world(units: Any) -> Iterator[dict[str, Any]]:
    with translation.override("en"):
        yield {
            "china": make_country("CN", "CHN", "China", "中国"),
            "thailand": make_country("TH", "THA", "Thailand", "泰国"),
            "asean": Grouping.objects.create(
                code="asean", name_en="ASEAN", name_zh_hans="东盟", kind="regional"
            ),
            "org": OrganisationFactory(
                owner_unit=units.province, name_zh_hans="中山大学", name_en="Sun Yat-sen University"
            ),
        }


GOOD = (
    "类型,中文标题,英文标题,机构,技术成熟度,知识产权,专利号,领域,关键词,合作方式,目标国家,目标国家组,状态,可见范围\n"
    "技术供给,珊瑚修复技术,Coral restoration,中山大学,TRL 5,已授权专利,CN1; CN2,"
    "海洋技术; environment,珊瑚；coral,许可协议; Research cooperation,泰国; CN,asean,已发布,公开\n"
    "TR,,Rice breeding,Sun Yat-sen University,3,,,Agriculture and food,,research,,,draft,\n"
)


def test_chinese_headers_and_labels_in_either_language(
    world: dict[str, Any], units: Any, users: Any
) -> None:
    report = import_apply(_spec(), _table(GOOD), users.unit_admin)
    assert report.applied, report.all_errors
    assert report.created == 2
    coral = TechnologyProfile.objects.get(title_en="Coral restoration")
    assert coral.kind == "technology_offer" and coral.trl == 5
    assert coral.ip_status == "granted_patent" and coral.patent_numbers == ["CN1", "CN2"]
    assert coral.sectors == ["marine", "environment"]
    assert coral.keywords == ["珊瑚", "coral"]
    assert coral.cooperation == ["licence", "research"]
    assert {c.iso2 for c in coral.target_countries.all()} == {"TH", "CN"}
    assert list(coral.target_groupings.all()) == [world["asean"]]
    assert coral.status == "published" and coral.visibility == "public"
    assert coral.owner_unit == units.province and coral.organisation == world["org"]
    rice = TechnologyProfile.objects.get(title_en="Rice breeding")
    assert rice.kind == "technology_request" and rice.status == "draft"
    again = import_apply(_spec(), _table(GOOD), users.unit_admin)
    assert again.applied and again.unchanged == 2 and again.created == 0


def test_row_errors_name_row_and_column(world: dict[str, Any], users: Any) -> None:
    text = (
        "kind,title_en,organisation,trl,sectors,cooperation,target_countries,publication_date\n"
        "technology_offer,A,Sun Yat-sen University,10,,,,\n"
        "spaceship,B,Sun Yat-sen University,,,,,\n"
        "technology_offer,C,Nowhere Institute,,,,,\n"
        "technology_offer,D,Sun Yat-sen University,,moon,,,\n"
        "technology_offer,E,Sun Yat-sen University,,,barter,,\n"
        "technology_offer,F,Sun Yat-sen University,,,,Atlantis,\n"
        "technology_offer,G,Sun Yat-sen University,,,,,2026-13-01\n"
        "technology_offer,,Sun Yat-sen University,,,,,\n"
    )
    preview = import_preview(_spec(), _table(text), users.unit_admin)
    problems = {p.row: str(p) for p in preview.problems}
    assert sorted(problems) == [2, 3, 4, 5, 6, 7, 8, 9], problems
    assert problems[2].startswith("row 2, column trl: '10' is not a readiness level")
    assert problems[3].startswith("row 3, column kind: 'spaceship' is not a kind")
    assert "Nowhere Institute" in problems[4]
    assert problems[5].startswith("row 5, column sectors: 'moon' is not a sector")
    assert problems[6].startswith("row 6, column cooperation: 'barter'")
    assert "Atlantis" in problems[7]
    assert "is not a date" in problems[8]
    assert "title" in problems[9].lower()
    assert not TechnologyProfile.objects.exists()


def test_update_by_reference_and_unknown_reference(
    world: dict[str, Any], units: Any, users: Any
) -> None:
    profile = ProfileFactory(owner_unit=units.province, organisation=world["org"], trl=2)
    text = f"reference,trl\n{profile.reference.lower()},7\nTO-1999-000009,3\n"
    preview = import_preview(_spec(), _table(text), users.unit_admin)
    assert [p.row for p in preview.problems] == [3]
    assert "TO-1999-000009" in preview.problems[0].message
    report = import_apply(
        _spec(), _table(f"reference,trl\n{profile.reference},7\n"), users.unit_admin
    )
    assert report.applied and report.updated == 1
    profile.refresh_from_db()
    assert profile.trl == 7


def test_permissions_per_row(world: dict[str, Any], units: Any, users: Any) -> None:
    profile = ProfileFactory(owner_unit=units.province, organisation=world["org"])
    preview = import_preview(
        _spec(), _table(f"reference,trl\n{profile.reference},9\n"), users.org_user
    )
    assert len(preview.problems) == 1 and "permission" in preview.problems[0].message
    draft = ProfileFactory(owner_unit=units.province, organisation=world["org"], status="draft")
    hidden = import_preview(
        _spec(), _table(f"reference,trl\n{draft.reference},9\n"), users.org_user
    )
    assert "No profile has the reference" in hidden.problems[0].message
    other_unit = import_preview(
        _spec(),
        _table(
            f"kind,title_en,organisation,owner_unit\nTO,X,{world['org'].pk},{units.ministry.pk}\n"
        ),
        users.org_user,
    )
    assert other_unit.problems and other_unit.problems[0].column == "owner_unit"
    assert not _spec().may_import(None)


def _export_table(spec: ImportSpec, actor: Any) -> tuple[Table, int]:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header_of(spec))
    rows = list(export_rows(spec, actor))
    writer.writerows(rows)
    return read_table(out.getvalue().encode(), "export.csv"), len(rows)


@pytest.mark.parametrize(
    "role",
    ["platform_admin", "ministry_admin", "unit_admin", "base_manager", "org_user", "expert"],
)
def test_export_then_import_is_all_unchanged(
    world: dict[str, Any], units: Any, users: Any, role: str
) -> None:
    assert import_apply(_spec(), _table(GOOD), users.ministry_admin).applied
    person = PersonFactory(owner_unit=units.ministry, visibility="internal")
    ProfileFactory(
        owner_unit=units.base,
        organisation=world["org"],
        contact_person=person,
        description_zh_hans="第一段。\n第二段，含逗号。",
        keywords=["a;b"][:0],
        languages=["zh", "en"],
    )
    ProfileFactory(
        owner_unit=units.enterprise,
        visibility="internal",
        status="draft",
        publication_date=None,
        organisation=OrganisationFactory(owner_unit=units.enterprise, visibility="internal"),
    )
    actor = getattr(users, role)
    table, count = _export_table(_spec(), actor)
    assert count >= 2, "every role sees the public published profiles"
    report = import_apply(_spec(), table, actor)
    assert report.applied, report.all_errors
    assert report.unchanged == count and report.created == report.updated == 0


def test_import_pages_and_command(
    world: dict[str, Any], users: Any, client_for: Any, tmp_path: Any
) -> None:
    client = client_for(users.unit_admin)
    assert client.get("/import/technologies/").status_code == 200
    template = client.get("/import/technologies/template.xlsx")
    assert template.status_code == 200
    assert client_for(None).get("/import/technologies/").status_code == 302
    from click.testing import CliRunner

    from stcoop.cli.main import create_cli

    file = tmp_path / "profiles.csv"
    file.write_text(GOOD, encoding="utf-8")
    runner = CliRunner()
    args = ["import", "technologies", str(file), "--user", users.unit_admin.username]
    result = runner.invoke(create_cli(), [*args, "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "2 would be created" in result.output and not TechnologyProfile.objects.exists()
    result = runner.invoke(create_cli(), args)
    assert result.exit_code == 0 and TechnologyProfile.objects.count() == 2


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_stcoop_export_then_import_unchanged(
    world: dict[str, Any], units: Any, users: Any, fmt: str, tmp_path: Any
) -> None:
    from click.testing import CliRunner

    from stcoop.cli.main import create_cli

    assert import_apply(_spec(), _table(GOOD), users.ministry_admin).applied
    file = tmp_path / f"technologies.{fmt}"
    runner = CliRunner()
    done = runner.invoke(
        create_cli(), ["export", "technologies", "--format", fmt, "--output", str(file)]
    )
    assert done.exit_code == 0, done.output
    again = runner.invoke(
        create_cli(),
        ["import", "technologies", str(file), "--dry-run", "--user", users.platform_admin.username],
    )
    assert again.exit_code == 0, again.output
    assert "0 would be created, 0 would be updated, 2 unchanged" in again.output
