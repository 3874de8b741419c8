"""Member files: row-numbered errors, all or nothing, preview, idempotent re-runs."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation
from openpyxl import Workbook

from stcoop.geo.imports import read_member_file
from stcoop.geo.models import Grouping
from stcoop.geo.services import grouping_member_add, grouping_members_import

CSV = (
    "iso,valid_from,note\n"
    "KZ,2013-09-07,first\n"
    "PAK,,\n"
    "印度尼西亚,2013-10-03,\n"
    "Egypt,,\n"
    "404,,\n"  # Kenya by numeric code
)


def _rows(text: str) -> list[dict[str, str]]:
    return read_member_file(io.BytesIO(text.encode("utf-8")), "members.csv")


def _members(grouping: Grouping) -> set[str]:
    return set(grouping.memberships.values_list("country__iso2", flat=True))


def test_codes_and_names_in_either_language(bri: Grouping, users: Any) -> None:
    report = grouping_members_import(actor=users.platform_admin, grouping=bri, rows=_rows(CSV))
    assert report.ok and report.applied
    assert (report.created, report.updated, report.unchanged) == (5, 0, 0)
    assert _members(bri) == {"KZ", "PK", "ID", "EG", "KE"}
    kz = bri.memberships.get(country__iso2="KZ")
    assert (kz.valid_from, kz.note) == (datetime.date(2013, 9, 7), "first")


def test_bad_row_is_named_and_nothing_is_written(bri: Grouping, users: Any) -> None:
    text = CSV + "XX,,\nFR,2024-13-01,\nKZ,,again\n"
    with translation.override("en"):
        report = grouping_members_import(actor=users.platform_admin, grouping=bri, rows=_rows(text))
        messages = [str(e) for e in report.errors]
    assert not report.applied
    assert messages == [
        "row 7, column iso: 'XX' is not a known country code",
        "row 8, column valid_from: '2024-13-01' is not a date (use YYYY-MM-DD)",
        "row 9, column iso: Kazakhstan is already listed in row 2",
    ]
    assert not bri.memberships.exists()


def test_unknown_name_and_missing_code(bri: Grouping, users: Any) -> None:
    rows = [{"iso": "Atlantis"}, {"iso": "", "note": "no code"}]
    report = grouping_members_import(actor=users.platform_admin, grouping=bri, rows=rows)
    assert [(e.row, e.column) for e in report.errors] == [(2, "iso"), (3, "iso")]
    assert "'Atlantis' is not a known country code or name" in str(report.errors[0])


def test_preview_writes_nothing(bri: Grouping, users: Any) -> None:
    report = grouping_members_import(
        actor=users.platform_admin, grouping=bri, rows=_rows(CSV), dry_run=True
    )
    assert report.ok and not report.applied
    assert [row.action for row in report.rows] == ["create"] * 5
    assert not bri.memberships.exists()


def test_running_the_same_file_again_changes_nothing(bri: Grouping, users: Any) -> None:
    admin = users.platform_admin
    grouping_members_import(actor=admin, grouping=bri, rows=_rows(CSV))
    again = grouping_members_import(actor=admin, grouping=bri, rows=_rows(CSV))
    assert again.applied and (again.created, again.updated, again.unchanged) == (0, 0, 5)
    assert bri.memberships.count() == 5


def test_a_new_date_or_note_updates_the_current_membership(bri: Grouping, users: Any) -> None:
    admin = users.platform_admin
    grouping_member_add(actor=admin, grouping=bri, country=_country("KZ"))
    report = grouping_members_import(
        actor=admin, grouping=bri, rows=[{"iso": "KZ", "valid_from": "2013-09-07"}]
    )
    assert report.updated == 1
    assert bri.memberships.get().valid_from == datetime.date(2013, 9, 7)


def test_xlsx_with_chinese_headers_and_date_cells(bri: Grouping, users: Any) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["国家", "加入日期", "备注"])
    sheet.append(["哈萨克斯坦", datetime.date(2013, 9, 7), "签署合作文件"])
    sheet.append([None, None, None])
    sheet.append(["ken", None, None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    rows = read_member_file(buffer, "成员.xlsx")
    report = grouping_members_import(actor=users.platform_admin, grouping=bri, rows=rows)
    assert report.applied and _members(bri) == {"KZ", "KE"}
    assert [row.row for row in report.rows] == [2, 4]


def test_unreadable_files_say_why() -> None:
    with pytest.raises(ValidationError, match="no country column"):
        read_member_file(io.BytesIO(b"name,date\nKZ,\n"), "m.csv")
    with pytest.raises(ValidationError, match=r"\.csv or \.xlsx"):
        read_member_file(io.BytesIO(b"iso\nKZ\n"), "m.txt")
    with pytest.raises(ValidationError, match="cannot be read"):
        read_member_file(io.BytesIO(b"not a workbook"), "m.xlsx")


def test_gb18030_csv_is_read(bri: Grouping, users: Any) -> None:
    rows = read_member_file(io.BytesIO("国家\n老挝\n".encode("gb18030")), "m.csv")
    report = grouping_members_import(actor=users.platform_admin, grouping=bri, rows=rows)
    assert _members(bri) == {"LA"} and report.applied


def test_only_administrators_import(bri: Grouping, users: Any) -> None:
    with pytest.raises(PermissionDenied):
        grouping_members_import(actor=users.expert, grouping=bri, rows=_rows(CSV), dry_run=True)


def _country(iso2: str) -> Any:
    from stcoop.geo.models import Country

    return Country.objects.get(iso2=iso2)
