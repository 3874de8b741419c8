"""The ``countries-groupings`` bulk-import spec: web pages and ``stcoop import``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from click.testing import CliRunner
from django.core.files.uploadedfile import SimpleUploadedFile

from stcoop.cli.main import create_cli
from stcoop.core.imports.reading import Table
from stcoop.core.imports.run import import_apply, import_preview
from stcoop.core.imports.spec import get_spec
from stcoop.geo.models import Grouping

FILE = "grouping,国家,加入日期\nbri,KZ,2013-09-07\nBRI,巴基斯坦,\nasean,VN,\nbri,XX,\n"


def test_spec_is_registered_with_a_grouping_column() -> None:
    spec = get_spec("countries-groupings")
    assert spec is not None
    assert [c.name for c in spec.columns] == ["grouping", "iso", "valid_from", "note"]


def test_rows_are_checked_then_applied_once(bri: Grouping, users: Any) -> None:
    spec = get_spec("countries-groupings")
    assert spec is not None
    lines = [line.split(",") for line in FILE.splitlines()]
    table = Table("m.csv", lines[0], lines[1:])
    preview = import_preview(spec, table, users.platform_admin)
    problems = [str(p) for p in preview.problems]
    assert [p.row for p in preview.problems] == [4, 5], problems
    assert (
        problems[0].startswith("row 4, column grouping: The members of ")
        and "are loaded from" in problems[0]
    )
    assert problems[1] == "row 5, column 国家: 'XX' is not a known country code"
    good = Table("m.csv", lines[0], lines[1:3])
    report = import_apply(spec, good, users.platform_admin)
    assert report.applied and report.created == 2
    assert set(bri.memberships.values_list("country__iso2", flat=True)) == {"KZ", "PK"}
    again = import_apply(spec, good, users.platform_admin)
    assert again.applied and again.unchanged == 2


def test_web_page_and_cli(
    bri: Grouping, users: Any, client_for: Any, tmp_path: Path, settings: Any
) -> None:
    settings.VAR_DIR = tmp_path  # the preview keeps the upload under VAR_DIR/uploads
    expert = client_for(users.expert)
    assert expert.get("/import/countries-groupings/").status_code == 403
    admin = client_for(users.platform_admin)
    upload = SimpleUploadedFile("m.csv", b"grouping,iso\nbri,KZ\n")
    preview = admin.post("/import/countries-groupings/?lang=en", {"file": upload})
    assert preview.status_code == 200 and preview.context["preview"].created == 1
    file = tmp_path / "m.csv"
    file.write_text("grouping,iso\nbri,KZ\nbri,PK\n", encoding="utf-8")
    result = CliRunner().invoke(create_cli(), ["import", "countries-groupings", str(file)])
    assert result.exit_code == 0, result.output
    assert "2 were created" in result.output
    assert bri.memberships.count() == 2
