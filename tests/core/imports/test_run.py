"""Preview and apply: row numbers, errors, atomicity, idempotency, permissions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from conftest import make_unit
from core.imports.unit_spec import FailingUnitSpec, UnitSpec, table
from stcoop.core.imports.run import import_apply, import_preview
from stcoop.core.imports.spec import RowAction

pytestmark = pytest.mark.django_db

GOOD = table(
    ["英文名称", "name_zh_hans", "kind", "comment"],
    ["Alpha Lab", "甲实验室", "institute", "x"],
    [],
    ["Beta Co", "乙公司", "enterprise", ""],
)


def test_preview_writes_nothing_and_plans_each_row(
    unit_spec: UnitSpec, users: Any, children: Callable[[], list[str]]
) -> None:
    before = children()
    preview = import_preview(unit_spec, GOOD, users.platform_admin)
    assert preview.ok
    assert [(r.row, r.action) for r in preview.rows] == [
        (2, RowAction.CREATE),
        (4, RowAction.CREATE),
    ]
    assert preview.columns == ["name_en", "name_zh_hans", "kind"]
    assert len(preview.warnings) == 1 and "comment" in preview.warnings[0]
    assert children() == before


def test_row_errors_name_row_and_column_counting_the_header(
    unit_spec: UnitSpec, users: Any, children: Callable[[], list[str]]
) -> None:
    bad = table(
        ["name_en", "类型"],
        ["Alpha Lab", "institute"],
        ["", "institute"],
        ["Gamma", "castle"],
        ["Alpha Lab", "enterprise"],
    )
    before = children()
    report = import_apply(unit_spec, bad, users.platform_admin)
    assert not report.applied
    assert report.all_errors == [
        "row 3, column name_en: a value is required",
        "row 4, column 类型: 'castle' is not a unit kind",
        "row 5, column name_en: the same record is already in row 2",
    ]
    assert report.rows[2].error_columns == {"kind"}
    assert children() == before


def test_missing_required_column_is_one_clear_error(unit_spec: UnitSpec, users: Any) -> None:
    preview = import_preview(unit_spec, table(["name_en"], ["X"]), users.platform_admin)
    assert preview.errors == ["The file lacks the required column(s): kind. Row 1 must name them."]
    assert preview.rows == []


def test_apply_then_again_is_unchanged(
    unit_spec: UnitSpec, users: Any, children: Callable[[], list[str]]
) -> None:
    first = import_apply(unit_spec, GOOD, users.platform_admin)
    assert first.applied and (first.created, first.updated, first.unchanged) == (2, 0, 0)
    names = children()
    assert "Alpha Lab" in names and "Beta Co" in names
    second = import_apply(unit_spec, GOOD, users.platform_admin)
    assert second.applied and (second.created, second.updated, second.unchanged) == (0, 0, 2)
    assert [row.reason for row in second.skipped] == ["already recorded with these values"] * 2
    assert children() == names


def test_changed_row_is_an_update(unit_spec: UnitSpec, users: Any, units: Any) -> None:
    import_apply(unit_spec, GOOD, users.platform_admin)
    changed = table(["name_en", "kind", "acronym"], ["Alpha Lab", "institute", "AL"])
    report = import_apply(unit_spec, changed, users.platform_admin)
    assert report.applied and report.updated == 1
    assert units.province.children.get(name_en="Alpha Lab").acronym == "AL"


def test_failure_while_writing_the_fifth_of_six_rows_rolls_everything_back(
    users: Any, units: Any, children: Callable[[], list[str]]
) -> None:
    spec = FailingUnitSpec(units.province)
    rows = [["name_en", "kind"]] + [[f"Unit {n}", "institute"] for n in range(1, 5)]
    rows += [["Boom", "institute"], ["Unit 6", "institute"]]
    data = table(*rows)
    assert import_preview(spec, data, users.platform_admin).ok
    before = children()
    report = import_apply(spec, data, users.platform_admin)
    assert not report.applied
    assert report.all_errors == ["row 6, column name_en: refused while writing"]
    assert children() == before


def test_service_error_at_apply_time_rolls_back(
    unit_spec: UnitSpec, users: Any, units: Any, children: Callable[[], list[str]]
) -> None:
    make_unit("已有单位", "institute", units.province, name_en="Existing")
    before = children()
    clash = table(
        ["name_en", "name_zh_hans", "kind"],
        ["New One", "新单位", "institute"],
        ["Clash", "已有单位", "institute"],
    )
    report = import_apply(unit_spec, clash, users.platform_admin)
    assert not report.applied and report.failed == 1
    assert report.all_errors[0].startswith("row 3")
    assert children() == before


def test_permission_is_checked_per_row(
    unit_spec: UnitSpec, users: Any, children: Callable[[], list[str]]
) -> None:
    before = children()
    report = import_apply(unit_spec, GOOD, users.org_user)
    assert not report.applied
    assert report.all_errors == [
        "row 2: You do not have permission to add this record.",
        "row 4: You do not have permission to add this record.",
    ]
    assert children() == before
    assert import_apply(unit_spec, GOOD, users.unit_admin).applied


def test_messages_are_translated(unit_spec: UnitSpec, users: Any) -> None:
    from django.utils import translation

    bad = table(["name_en", "kind", "comment"], ["", "institute", ""])
    with translation.override("zh-hans"):
        preview = import_preview(unit_spec, bad, users.platform_admin)
        assert preview.all_errors == ["第 2 行，name_en 列：须填写此项"]
        assert preview.warnings == ["列 comment 不属于本次导入的列，将被忽略。"]
