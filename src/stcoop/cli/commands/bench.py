"""``stcoop bench``: run the benchmarks in benchmarks/ and write their results as JSON."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click

from stcoop.cli.errors import CliError


def benchmark_runner() -> Path:
    """benchmarks/run.py of this checkout (benchmarks are not part of the installed package)."""
    candidates = [
        Path.cwd() / "benchmarks" / "run.py",
        Path(__file__).resolve().parents[4] / "benchmarks" / "run.py",
    ]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise CliError("benchmarks/run.py not found: run `stcoop bench` from the repository root")


@click.command()
@click.option(
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    default="benchmarks/results/latest.json",
    show_default=True,
    help="Where to write the JSON results.",
)
@click.option("--only", multiple=True, help="Run only this benchmark, e.g. unit_subtree.")
@click.option("--repeat", type=click.IntRange(min=1), default=None, help="Timed runs per case.")
def bench(output: str, only: tuple[str, ...], repeat: int | None) -> None:
    """Run the benchmarks (benchmarks/bench_*.py); print medians and write JSON."""
    argv = [sys.executable, str(benchmark_runner()), "--output", output]
    for name in only:
        argv += ["--only", name]
    if repeat is not None:
        argv += ["--repeat", str(repeat)]
    result = subprocess.run(argv, check=False)  # noqa: S603 - our own script, no shell
    if result.returncode != 0:
        raise CliError(f"benchmarks failed (exit status {result.returncode})")
