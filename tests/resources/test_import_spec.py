"""The ``shared-resources`` import spec: preview messages, apply, idempotency, the
contact rule, export round trip."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import translation

from organisations.factories import OrganisationFactory, make_country
from resources.factories import SharedResourceFactory
from stcoop.core.imports.exporting import export_file
from stcoop.core.imports.reading import Table, read_table
from stcoop.core.imports.run import import_apply, import_preview
from stcoop.core.imports.spec import ImportSpec, get_spec
from stcoop.resources.models import SharedResource

pytestmark = pytest.mark.django_db


def _table(text: str) -> Table:
    lines = [line.split(",") for line in text.strip().splitlines()]
    return Table("resources.csv", lines[0], lines[1:])


def _spec() -> ImportSpec:
    spec = get_spec("shared-resources")
    assert spec is not None
    return spec


@pytest.fixture
def world(units: Any) -> Iterator[dict[str, Any]]:
    with translation.override("en"):
        yield {
            "cn": make_country("CN", "CHN", "China", "中国"),
            "th": make_country("TH", "THA", "Thailand", "泰国"),
            "kib": OrganisationFactory(
                owner_unit=units.ministry,
                name_en="Kunming Institute of Botany",
                acronyms=["KIB"],
                kind="institute",
            ),
        }


def test_preview_names_row_and_column(world: dict[str, Any], users: Any) -> None:
    table = _table(
        "类型,中文名称,英文名称,所属机构,国家,省份,学科,开放方式,对外开放,联系邮箱\n"
        "germplasm,种质资源库,Germplasm bank,KIB,CN,云南,Botany; Ecology,application,是,"
        "a@example.org\n"
        "spaceship,飞船,,,CN,,,,,\n"
        "instrument,电镜,,,CN,Atlantis,,,,\n"
        "instrument,测序仪,,,TH,云南,,,,\n"
        "instrument,质谱仪,,,CN,,,,maybe,\n"
        "instrument,色谱仪,,,CN,,,,,not-an-email\n"
        ",,,,,,,,,\n"
        ",无类型,,,,,,,,\n"
        "germplasm,种质资源库,,KIB,,,,,,\n"
    )
    preview = import_preview(_spec(), table, users.ministry_admin)
    problems = [str(p) for p in preview.problems]
    assert [p.row for p in preview.problems] == [3, 4, 5, 6, 7, 9, 10], problems
    assert problems[0].startswith("row 3, column 类型: 'spaceship' is not a valid kind")
    assert problems[1].startswith("row 4, column 省份: 'Atlantis' is not a province of China")
    assert problems[2] == "row 5, column 省份: A province is given only for resources in China."
    assert problems[3] == "row 6, column 对外开放: 'maybe' is not yes or no"
    assert problems[4] == "row 7, column 联系邮箱: 'not-an-email' is not an email address"
    assert problems[5] == "row 9, column 类型: The kind is required for a new resource."
    assert problems[6] == "row 10, column 中文名称: the same resource is already in row 2"
    first = preview.rows[0]
    assert first.action == "create" and first.values["province"] == "CN-YN"
    assert first.values["disciplines"] == ["Botany", "Ecology"] and first.values["open_to_foreign"]
    assert not SharedResource.objects.exists()


def test_apply_then_unchanged_and_contact_rule(
    world: dict[str, Any], units: Any, users: Any
) -> None:
    spec = _spec()
    text = (
        "kind,name_zh,name_en,owner_organisation,country,province,keywords,access_mode,"
        "open_to_foreign,contact_email,owner_unit,visibility\n"
        f"germplasm,种质资源库,Germplasm bank,KIB,CN,CN-YN,seeds; 种子,On application,yes,"
        f"a@example.org,{units.base.pk},public\n"
        f"software,软件,Software,,,,,open,no,,{units.base.pk},\n"
    )
    report = import_apply(spec, _table(text), users.base_manager)
    assert report.applied and report.created == 2, report.all_errors
    bank = SharedResource.objects.get(name_zh_hans="种质资源库")
    assert bank.keywords == ["seeds", "种子"] and bank.contact_email == "a@example.org"
    assert bank.access_mode == "application" and bank.owner_unit == units.base
    again = import_apply(spec, _table(text), users.base_manager)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    # The base manager may not see the contact, so may not change it by import either.
    changed = text.replace("a@example.org", "b@example.org")
    refused = import_preview(spec, _table(changed), users.base_manager)
    assert refused.failed == 1
    assert "may not change this resource's contact details" in str(refused.problems[0])
    allowed = import_apply(spec, _table(changed), users.unit_admin)
    assert allowed.applied and allowed.updated == 1, allowed.all_errors
    bank.refresh_from_db()
    assert bank.contact_email == "b@example.org"
    other_unit = _table(f"kind,name_en,owner_unit\nsoftware,Tool,{units.ministry.pk}\n")
    assert import_preview(spec, other_unit, users.base_manager).failed == 1


def test_export_round_trip(world: dict[str, Any], units: Any, users: Any) -> None:
    SharedResourceFactory(
        owner_unit=units.base,
        kind="germplasm",
        name_zh_hans="种质资源库",
        name_en='Germplasm "bank", Kunming',
        description_zh_hans="多行\n简介",
        owner_organisation=world["kib"],
        country=world["cn"],
        province="CN-YN",
        city="昆明",
        disciplines=["Botany", "Ecology"],
        keywords=["seeds"],
        access_mode="application",
        access_conditions_en="Material transfer agreement",
        open_to_foreign=True,
        link="https://example.org/bank",
        status="unavailable",
    )
    SharedResourceFactory(
        owner_unit=units.enterprise,
        kind="software",
        name_zh_hans="",
        name_en="Internal tool",
        visibility="internal",
        contact_email="",
        contact_name="",
        contact_phone="",
    )
    spec = _spec()
    for actor, total in ((users.platform_admin, 2), (users.base_manager, 1)):
        for fmt in ("csv", "xlsx", "json"):
            data, count = export_file(spec, actor, fmt)
            assert count == total
            report = import_apply(spec, read_table(data, f"resources.{fmt}"), actor)
            assert report.applied, (fmt, report.all_errors)
            assert (report.created, report.updated, report.unchanged) == (0, 0, total), fmt
    admin_csv = export_file(spec, users.platform_admin, "csv")[0].decode("utf-8-sig")
    manager_csv = export_file(spec, users.base_manager, "csv")[0].decode("utf-8-sig")
    assert "@example.org" in admin_csv and "@example.org" not in manager_csv


def test_web_page_and_cli(
    world: dict[str, Any], units: Any, users: Any, client_for: Any, tmp_path: Any, settings: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.VAR_DIR = tmp_path  # the preview keeps the upload under VAR_DIR/uploads
    manager = client_for(users.base_manager)
    assert b'href="/import/shared-resources/"' in manager.get("/resources/").content
    upload = SimpleUploadedFile("r.csv", "kind,name_zh\nsoftware,软件\n".encode())
    preview = manager.post("/import/shared-resources/?lang=en", {"file": upload})
    assert preview.status_code == 200 and preview.context["preview"].created == 1
    assert not SharedResource.objects.exists()

    from click.testing import CliRunner

    from stcoop.cli.main import create_cli

    file = tmp_path / "r.csv"
    file.write_text(
        f"kind,name_zh,name_en,province,owner_unit\n"
        f"germplasm,种质资源库,Germplasm bank,云南,{units.province.pk}\n",
        encoding="utf-8",
    )
    cli = create_cli()
    result = CliRunner().invoke(
        cli, ["import", "shared-resources", str(file), "--user", users.platform_admin.username]
    )
    assert result.exit_code == 0, result.output
    assert SharedResource.objects.get().province == "CN-YN"
    exported = CliRunner().invoke(cli, ["export", "shared-resources", "--format", "csv"])
    assert exported.exit_code == 0, exported.output
    assert "种质资源库" in exported.output and "CN-YN" in exported.output
