"""Fixtures of the import tests: the test spec registered, a throw-away data folder."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation

from core.imports.unit_spec import SPEC_NAME, UnitSpec
from stcoop.accounts.models import OrganisationUnit
from stcoop.core.imports.spec import register, unregister


@pytest.fixture
def unit_spec(units: Any) -> Iterator[UnitSpec]:
    spec = UnitSpec(units.province)
    register(spec, replace=True)
    yield spec
    unregister(SPEC_NAME)


@pytest.fixture
def children(units: Any) -> Callable[[], list[str]]:
    """English names of the units under the province, sorted."""

    def names() -> list[str]:
        return sorted(
            OrganisationUnit.objects.filter(parent=units.province).values_list("name_en", flat=True)
        )

    return names


@pytest.fixture(autouse=True)
def var_dir(settings: Any, tmp_path: Path) -> Path:
    settings.VAR_DIR = tmp_path / "var"
    settings.VAR_DIR.mkdir()
    return settings.VAR_DIR


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Messages in English (the site's default language is Chinese)."""
    with translation.override("en"):
        yield
