"""``benchmarks/run.py`` and ``stcoop bench``: discovery, JSON output, honest benchmarks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
RUNNER = REPO / "benchmarks" / "run.py"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(RUNNER), *args], capture_output=True, text=True, check=False,
        cwd=REPO, timeout=300,
    )  # fmt: skip


def test_unit_subtree_benchmark_writes_json(tmp_path: Path) -> None:
    output = tmp_path / "results.json"
    done = _run("--output", str(output), "--only", "unit_subtree", "--repeat", "1")
    assert done.returncode == 0, done.stderr
    report = json.loads(output.read_text())
    assert {"started", "finished", "machine", "benchmarks"} <= set(report)
    assert report["machine"]["cpu_count"] >= 1
    result = report["benchmarks"]["unit_subtree"]
    # run() checks that every method finds the same units before timing them.
    assert result["results"]["root_subtree"]["units_found"] == 585
    cases = result["results"]["root_subtree"]["cases"]
    assert set(cases) == {"path_startswith", "path_range", "recursive_cte", "query_per_level",
                          "query_per_unit"}  # fmt: skip
    assert cases["query_per_unit"]["speedup_vs_baseline"] == 1.0
    assert all(case["median_s"] > 0 for case in cases.values())
    assert "median" in done.stdout


def test_permissions_benchmark_cross_checks_visible_and_can(tmp_path: Path) -> None:
    output = tmp_path / "results.json"
    done = _run("--output", str(output), "--only", "permissions", "--repeat", "1")
    assert done.returncode == 0, done.stderr  # run() fails if visible() and can() disagree
    result = json.loads(output.read_text())["benchmarks"]["permissions"]
    visible = {actor: block["notices_visible"] for actor, block in result["results"].items()}
    assert set(visible) == {"unit_admin", "org_user", "expert", "anonymous"}
    # Everyone sees the public notices; each signed-in role sees some more.
    assert all(0 < visible["anonymous"] < count < result["notices"] for count in
               (visible["unit_admin"], visible["org_user"], visible["expert"]))  # fmt: skip


def test_unknown_benchmark_is_refused(tmp_path: Path) -> None:
    done = _run("--output", str(tmp_path / "x.json"), "--only", "nonsense")
    assert done.returncode != 0
    assert "unknown benchmark(s): nonsense" in done.stderr


def test_stcoop_bench_reports_failure_in_one_line(stcoop: Any, tmp_path: Path) -> None:
    result = stcoop("bench", "--output", str(tmp_path / "x.json"), "--only", "nonsense")
    assert result.exit_code == 1
    assert "Error: benchmarks failed (exit status 1)" in result.output
