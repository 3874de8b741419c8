"""Run every benchmark and write the results as JSON.

    python benchmarks/run.py --output benchmarks/results/latest.json [--only NAME] [--repeat N]

A benchmark is a module ``benchmarks/bench_<name>.py`` with ``run(repeat=...) -> dict``;
each runs in its own process (so Django set-ups do not collide), and the JSON holds the
machine, start and end times and each benchmark's result (medians in seconds and the
speed-up of each case over its baseline, measured side by side in the same run).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def discover(only: list[str] | None = None) -> list[str]:
    """Names of the benchmark modules (``bench_<name>.py`` → ``<name>``), sorted."""
    names = sorted(path.stem.removeprefix("bench_") for path in HERE.glob("bench_*.py"))
    if only:
        unknown = sorted(set(only) - set(names))
        if unknown:
            raise SystemExit(
                f"unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(names)}"
            )
        names = [name for name in names if name in only]
    return names


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    info: dict[str, Any] = {
        "platform": platform.platform(),
        "machine": platform.machine(),
        "processor": platform.processor(),
        "cpu_count": os.cpu_count(),
        "python": sys.version.split()[0],
        "sqlite": sqlite3.sqlite_version,
    }
    try:
        meminfo = Path("/proc/meminfo").read_text().splitlines()
        info["memory_kib"] = int(meminfo[0].split()[1])
    except (OSError, IndexError, ValueError):
        pass
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"],  # noqa: S607 - optional, from PATH
            cwd=HERE,
            capture_output=True,
            text=True,
            check=True,
        )
        info["git_commit"] = commit.stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        pass
    return info


def run_one(name: str, repeat: int | None) -> dict[str, Any]:
    """Run ``bench_<name>.run()`` in a fresh Python process and return its dict."""
    call = f"repeat={repeat}" if repeat else ""
    code = (
        "import json, sys; sys.path.insert(0, sys.argv[1]);"
        f"import bench_{name} as b; print(json.dumps(b.run({call})))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(HERE)], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"benchmark {name} failed:\n{done.stderr.strip()}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _print_cases(title: str, block: dict[str, Any]) -> None:
    print(f"  {title} (baseline: {block['baseline']})")
    for case, figures in block["cases"].items():
        print(
            f"    {case:<24} median {figures['median_s'] * 1000:9.3f} ms"
            f"   x{figures['speedup_vs_baseline']} vs baseline"
        )


def summarise(name: str, result: dict[str, Any]) -> None:
    """Print one benchmark's medians (every block with ``cases``, at any depth)."""
    print(f"{name}: {result.get('description', '')}")
    blocks = result.get("results", {"": result})
    for title, block in blocks.items():
        if isinstance(block, dict) and "cases" in block:
            _print_cases(title, block)


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, run the benchmarks and write the JSON file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", default=str(HERE / "results" / "latest.json"))
    parser.add_argument("--only", action="append", help="run only this benchmark (repeatable)")
    parser.add_argument("--repeat", type=int, default=None, help="timed runs per case")
    args = parser.parse_args(argv)
    started = datetime.datetime.now(datetime.UTC)
    results: dict[str, Any] = {}
    for name in discover(args.only):
        results[name] = run_one(name, args.repeat)
        summarise(name, results[name])
    report = {
        "started": started.isoformat(),
        "finished": datetime.datetime.now(datetime.UTC).isoformat(),
        "machine": machine(),
        "benchmarks": results,
    }
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(report, indent=2) + "\n")
    print(f"wrote {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
