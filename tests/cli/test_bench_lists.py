"""``benchmarks/bench_lists.py`` at a small size: every page answers, counts agree."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
RUNNER = REPO / "benchmarks" / "run.py"


def test_list_benchmark_writes_medians_and_p95(tmp_path: Path) -> None:
    output = tmp_path / "results.json"
    done = subprocess.run(
        [sys.executable, str(RUNNER), "--output", str(output), "--only", "lists", "--repeat", "1"],
        capture_output=True, text=True, check=False, cwd=REPO, timeout=300,
        env={**os.environ, "STCOOP_BENCH_SCALE": "0.001"},
    )  # fmt: skip
    # run() fails when a page does not answer 200 or the API and plain counts differ.
    assert done.returncode == 0, done.stderr
    result = json.loads(output.read_text())["benchmarks"]["lists"]
    assert (result["organisations"], result["projects"]) == (100, 50)
    assert result["participations"] >= result["projects"]
    blocks = result["results"]
    for actor in ("platform_admin", "org_user"):
        for url in ("/organisations/", "/api/organisations/"):
            for variant in ("page", "filtered", "sorted"):
                block = blocks[f"{actor} {url} {variant}"]
                assert set(block["cases"]) == {"stcoop", "plain"}
                for case in block["cases"].values():
                    assert 0 < case["median_s"] <= case["p95_s"] <= case["max_s"]
    # The administrator sees every organisation; the organisation user fewer.
    everything = blocks["platform_admin /api/organisations/ page"]["rows"]
    assert everything == 100 > blocks["org_user /api/organisations/ page"]["rows"] > 0
    projects = [name for name in blocks if "projects/" in name]
    assert bool(projects) != ("projects" in result["skipped"])
    assert "median" in done.stdout
