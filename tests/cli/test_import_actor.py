"""Whom ``stcoop import <spec>`` acts as: ``--user``, else the first active platform
administrator; a clear refusal when there is neither."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from stcoop.cli.main import create_cli
from stcoop.geo.models import Country, Grouping

pytestmark = pytest.mark.django_db


def run(*args: str) -> Result:
    return CliRunner().invoke(create_cli(), list(args))


@pytest.fixture
def members_file(tmp_path: Path) -> Path:
    Country.objects.create(iso2="KZ", iso3="KAZ", numeric="398", name_en="Kazakhstan")
    Grouping.objects.create(
        code="partners", name_en="Partners", name_zh_hans="伙伴", kind="other", is_editable=True
    )
    file = tmp_path / "members.csv"
    file.write_text("grouping,iso\npartners,KZ\n", encoding="utf-8")
    return file


def test_without_any_administrator_the_import_is_refused(members_file: Path) -> None:
    result = run("import", "countries-groupings", str(members_file), "--dry-run")
    assert result.exit_code != 0
    assert "no active platform administrator" in result.output


def test_the_first_platform_administrator_is_the_default(members_file: Path, users: Any) -> None:
    result = run("import", "countries-groupings", str(members_file), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "1 would be created" in result.output


def test_an_unknown_user_is_named(members_file: Path, users: Any) -> None:
    result = run("import", "countries-groupings", str(members_file), "--user", "nobody")
    assert result.exit_code != 0
    assert "no user is called 'nobody'" in result.output
