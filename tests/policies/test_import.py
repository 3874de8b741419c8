"""The ``policies`` import spec and ``stcoop import policy-text`` (the national plan in
``/work/shared/plan`` is the test text; it is read, never copied)."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from django.utils import translation

from organisations.factories import make_country
from policies.factories import PolicyFactory
from stcoop.core.imports.exporting import export_rows, header_of
from stcoop.core.imports.reading import Table, read_table
from stcoop.core.imports.run import import_apply, import_preview
from stcoop.core.imports.spec import ImportSpec, get_spec
from stcoop.policies.models import PolicyDocument
from stcoop.policies.texts import decode_text, guess_language, guess_title

pytestmark = pytest.mark.django_db

PLAN_DIR = Path("/work/shared/plan")
PLANS = sorted(PLAN_DIR.glob("*.txt")) if PLAN_DIR.exists() else []


def _spec() -> ImportSpec:
    spec = get_spec("policies")
    assert spec is not None
    return spec


def _table(text: str) -> Table:
    return read_table(text.encode(), "policies.csv")


@pytest.fixture
def countries() -> Iterator[None]:
    make_country("CN", "CHN", "China", "中国")
    make_country("DE", "DEU", "Germany", "德国")
    with translation.override("en"):
        yield


GOOD = (
    "标题,英文标题,发文机关,文号,发布日期,施行日期,状态,层级,国家,省份,主题,关键词,摘要,全文\n"
    "关于支持外籍人才的措施,Measures for foreign talent,科学技术部,国科发〔2026〕1号,2026年1月5日,"
    "2026/2/1,现行有效,国家级,中国,,人才; International cooperation,外籍；签证,支持外籍人才。,"
    '"第一条 总则。\n第二条 附则。"\n'
    "广东技术转移措施,,广东省科学技术厅,,2025-06-01,,in_force,省级,,广东,technology_transfer,,,\n"
)


def test_chinese_headers_labels_and_provinces(countries: Any, units: Any, users: Any) -> None:
    report = import_apply(_spec(), _table(GOOD), users.unit_admin)
    assert report.applied, report.all_errors
    national = PolicyDocument.objects.get(document_number="国科发〔2026〕1号")
    assert national.issue_date == datetime.date(2026, 1, 5)
    assert national.effective_date == datetime.date(2026, 2, 1)
    assert national.level == "national" and national.status == "in_force"
    assert national.topics == ["talent", "international_cooperation"]
    assert national.keywords == ["外籍", "签证"]
    assert national.full_text == "第一条 总则。\n第二条 附则。"
    assert national.visibility == "public" and national.owner_unit == units.province
    guangdong = PolicyDocument.objects.get(title_zh_hans="广东技术转移措施")
    assert guangdong.province == "CN-GD" and guangdong.country is not None
    assert guangdong.country.iso2 == "CN"
    again = import_apply(_spec(), _table(GOOD), users.unit_admin)
    assert again.applied and again.unchanged == 2


def test_row_errors(countries: Any, users: Any) -> None:
    text = (
        "title_zh,issuer_zh,level,province,country,topics,issue_date,status\n"
        "甲,科技部,galactic,,,,,\n"
        "乙,科技部,provincial,火星,,,,\n"
        "丙,科技部,national,,,moon,,\n"
        "丁,科技部,national,,,,2026-02-30,\n"
        "戊,科技部,provincial,,CN,,,\n"
        "己,,national,,,,,\n"
        "庚,科技部,national,,,,2026-01-01,repealed\n"
    )
    preview = import_preview(_spec(), _table(text), users.unit_admin)
    problems = {p.row: str(p) for p in preview.problems}
    assert sorted(problems) == [2, 3, 4, 5, 6, 7], problems
    assert problems[2].startswith("row 2, column level: 'galactic' is not a level")
    assert problems[3] == "row 3, column province: '火星' is not a province of China"
    assert problems[4].startswith("row 4, column topics: 'moon' is not a topic")
    assert "is not a date" in problems[5]
    assert "province" in problems[6]
    assert "issuer" in problems[7].lower()
    assert not PolicyDocument.objects.exists()


def test_row_for_a_document_the_importer_may_not_change(
    countries: Any, units: Any, users: Any
) -> None:
    PolicyFactory(owner_unit=units.ministry, document_number="国科发〔2020〕1号")
    text = "document_number,keywords\n国科发〔2020〕1号,新\n"
    preview = import_preview(_spec(), _table(text), users.org_user)
    assert len(preview.problems) == 1 and "permission" in preview.problems[0].message


@pytest.mark.parametrize(
    "role",
    ["platform_admin", "ministry_admin", "unit_admin", "base_manager", "org_user", "expert"],
)
def test_export_then_import_is_all_unchanged(
    countries: Any, units: Any, users: Any, role: str
) -> None:
    assert import_apply(_spec(), _table(GOOD), users.ministry_admin).applied
    PolicyFactory(
        owner_unit=units.enterprise,
        visibility="internal",
        document_number="",
        full_text='第一段\n\n第二段，有逗号、"引号"。',
        language="zh",
        link="https://example.org/p",
    )
    actor = getattr(users, role)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header_of(_spec()))
    rows = list(export_rows(_spec(), actor))
    writer.writerows(rows)
    assert len(rows) >= 2
    report = import_apply(_spec(), read_table(out.getvalue().encode(), "export.csv"), actor)
    assert report.applied, report.all_errors
    assert report.unchanged == len(rows) and report.created == report.updated == 0


# ---------------------------------------------------------------- plain text
def test_title_and_language_guessing() -> None:
    text = "附件1\n\n  关于某某工作的通知  \n为了做好工作，现通知如下。\n"
    assert guess_title(text) == "关于某某工作的通知"
    assert guess_title("2026\n\nThis is a sentence that ends;\nAnnex 2\n") == ""
    assert guess_language(text) == "zh" and guess_language("Open science principles") == "en"
    assert decode_text("标题\r\n正文".encode("gbk")) == "标题\n正文"
    assert decode_text("\ufeff标题".encode()) == "标题"


def _run(*args: str) -> Any:
    from stcoop.cli.main import create_cli

    return CliRunner().invoke(create_cli(), ["import", "policy-text", *args])


@pytest.mark.skipif(not PLANS, reason="the national plan text in /work/shared/plan is not here")
def test_import_the_national_plan_and_find_it(
    units: Any, users: Any, client_for: Any, tmp_path: Path
) -> None:
    make_country("CN", "CHN", "China", "中国")
    plan = PLANS[0]
    args = [str(plan), "--issuer", "科学技术部", "--date", "2017-05-26", "--level", "national"]
    dry = _run(*args, "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "would be created" in dry.output and not PolicyDocument.objects.exists()
    result = _run(*args)
    assert result.exit_code == 0, result.output
    policy = PolicyDocument.objects.get()
    assert policy.title_zh_hans == "“十三五”国际科技创新合作专项规划"
    assert policy.language == "zh" and policy.level == "national"
    assert policy.issuer_zh_hans == "科学技术部" and policy.country is not None
    assert len(policy.full_text) > 5000 and "一带一路" in policy.full_text
    assert policy.created_by == users.platform_admin and policy.visibility == "public"
    assert _run(*args).output.count("unchanged") == 1
    assert PolicyDocument.objects.count() == 1
    client = client_for(None)
    listed = client.get("/policies/", {"q": "一带一路 国际科技创新"}).content.decode()
    assert f'href="/policies/{policy.pk}/"' in listed
    page = client.get(f"/policies/{policy.pk}/").content.decode()
    assert 'data-testid="full-text-more"' in page
    gbk = tmp_path / "plan-gbk.txt"
    gbk.write_bytes(plan.read_text(encoding="utf-8").encode("gb18030"))
    assert "unchanged" in _run(str(gbk), *args[1:]).output


def test_policy_text_errors(units: Any, users: Any, tmp_path: Path) -> None:
    make_country("CN", "CHN", "China", "中国")
    file = tmp_path / "notice.txt"
    file.write_bytes("一、总则。\n这是正文，没有标题。\n".encode("gbk"))
    result = _run(str(file), "--issuer", "科技部", "--date", "2026-01-01")
    assert result.exit_code != 0 and "--title" in result.output
    result = _run(str(file), "--issuer", "科技部", "--date", "2026-13-01", "--title", "T")
    assert result.exit_code != 0 and "YYYY-MM-DD" in result.output
    result = _run(
        str(file),
        "--issuer",
        "科技部",
        "--date",
        "2026-01-01",
        "--title",
        "T",
        "--level",
        "provincial",
    )
    assert result.exit_code != 0 and "province" in result.output
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"\xff\xfe\x00\x81\x00")
    result = _run(str(binary), "--issuer", "X", "--date", "2026-01-01")
    assert result.exit_code != 0 and "neither UTF-8 nor GBK" in result.output
    result = _run(
        str(file),
        "--issuer",
        "广东省科学技术厅",
        "--date",
        "2026-01-01",
        "--title",
        "广东通知",
        "--level",
        "provincial",
        "--province",
        "广东",
    )
    assert result.exit_code == 0, result.output
    assert PolicyDocument.objects.get().province == "CN-GD"


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_stcoop_export_then_import_unchanged(
    countries: Any, units: Any, users: Any, fmt: str, tmp_path: Path
) -> None:
    assert import_apply(_spec(), _table(GOOD), users.ministry_admin).applied
    file = tmp_path / f"policies.{fmt}"
    runner = CliRunner()
    from stcoop.cli.main import create_cli

    done = runner.invoke(
        create_cli(), ["export", "policies", "--format", fmt, "--output", str(file)]
    )
    assert done.exit_code == 0, done.output
    again = runner.invoke(
        create_cli(),
        ["import", "policies", str(file), "--dry-run", "--user", users.platform_admin.username],
    )
    assert again.exit_code == 0, again.output
    assert "0 would be created, 0 would be updated, 2 unchanged" in again.output
