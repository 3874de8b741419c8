"""Domain apps plug their endpoints in through ``api.register(router)``."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from stcoop.api.urls import API_MODULES, build_router, router


def test_every_known_module_is_registered() -> None:
    prefixes = {prefix for prefix, _viewset, _basename in router.registry}
    assert {
        "units",
        "users",
        "countries",
        "notices",
        "organisations",
        "people",
        "programmes",
        "projects",
        "agreements",
        "mechanisms",
        "memberships",
        "big-science-programmes",
        "bases",
        "base-reports",
        "technologies",
        "policies",
        "shared-resources",
        "coauthorship",
    } <= prefixes
    # Every listed module exists: none is silently skipped.
    missing = [name for name in API_MODULES if importlib.util.find_spec(name) is None]
    assert missing == []


def test_a_module_that_does_not_exist_is_skipped() -> None:
    assert build_router(("stcoop.not_yet_written.api",)).registry == []


def test_a_broken_module_is_not_hidden(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "brokenapp"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "api.py").write_text("import a_dependency_that_is_missing\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(ModuleNotFoundError, match="a_dependency_that_is_missing"):
        build_router(("brokenapp.api",))
    sys.modules.pop("brokenapp", None)
