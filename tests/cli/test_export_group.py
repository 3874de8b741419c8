"""The ``export`` group: named exports next to every exporting import spec."""

from __future__ import annotations

import json
from typing import Any

import pytest

from stcoop.geo.models import Country

pytestmark = pytest.mark.django_db


def test_named_country_export_still_answers(stcoop: Any) -> None:
    Country.objects.create(iso2="CN", iso3="CHN", name_en="China", name_zh_hans="中国")
    result = stcoop("export", "countries", "--format", "json")
    assert result.exit_code == 0, result.output
    assert [row["iso2"] for row in json.loads(result.output)] == ["CN"]


def test_help_lists_named_exports_and_specs(stcoop: Any) -> None:
    text = stcoop("export", "--help").output
    assert "countries" in text and "specs" in text
    assert "Records (any of these names)" in text
    assert "organisations" in text and "countries-groupings" in text


def test_options_of_a_spec_export(stcoop: Any) -> None:
    text = stcoop("export", "organisations", "--help").output
    assert "--format [csv|xlsx|json]" in text and "--output" in text and "--user" in text


def test_unknown_format_is_refused(stcoop: Any) -> None:
    result = stcoop("export", "organisations", "--format", "pdf")
    assert result.exit_code == 2 and "'pdf' is not one of" in result.output
