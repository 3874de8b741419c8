"""Apps add demo steps; reference data is loaded through the geo app when it is there."""

from __future__ import annotations

import sys
import textwrap
import types
from pathlib import Path
from typing import Any

import pytest

from stcoop.demo import demo_reset, generate_demo
from stcoop.demo.reference import LOADER_MODULE

pytestmark = pytest.mark.django_db

STEP_MODULE = """
from stcoop.demo.registry import DemoStep

seen = {}

def run(context):
    seen["actor"] = context.actor.username
    seen["base"] = context.units["asean-centre"].name_zh_hans
    seen["rng"] = context.rng.random()
    context.report.count("widgets", created=True)

def reset(context):
    seen["reset"] = True

demo_steps = [DemoStep("widgets", run, reset)]
"""


@pytest.fixture
def widget_steps(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    (tmp_path / "fake_widget_demo.py").write_text(textwrap.dedent(STEP_MODULE))
    monkeypatch.syspath_prepend(str(tmp_path))
    import fake_widget_demo  # type: ignore[import-not-found]

    return fake_widget_demo


def test_an_apps_step_runs_after_the_accounts(widget_steps: Any) -> None:
    modules = ["stcoop.demo.accounts", "stcoop.no_such_app.demo", "fake_widget_demo"]
    report = generate_demo(seed=5, modules=modules)
    assert report.steps == ["administrator", "organisation units", "users", "widgets"]
    assert widget_steps.seen["actor"] == "admin"
    assert widget_steps.seen["base"] == "中国—东盟技术转移中心"
    assert report.created["widgets"] == 1
    first_draw = widget_steps.seen["rng"]
    generate_demo(seed=5, modules=modules)
    assert widget_steps.seen["rng"] == first_draw  # each step has its own seeded source
    demo_reset(modules=modules)
    assert widget_steps.seen["reset"] is True


def test_reference_data_is_skipped_with_a_note_without_the_loader(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, LOADER_MODULE, types.ModuleType(LOADER_MODULE))
    report = generate_demo(modules=["stcoop.demo.accounts", "stcoop.demo.reference"])
    assert any("Reference data skipped" in note for note in report.notes)


def test_reference_data_loader_is_called_with_the_demo_admin(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[Any] = []
    fake = types.ModuleType(LOADER_MODULE)

    def reference_data_load(*, actor: Any, progress: Any = None) -> dict[str, int]:
        calls.append(actor.username)
        return {"countries": 3}

    fake.reference_data_load = reference_data_load  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, LOADER_MODULE, fake)
    report = generate_demo(modules=["stcoop.demo.accounts", "stcoop.demo.reference"])
    assert calls == ["admin"]
    assert report.created["countries"] == 3
