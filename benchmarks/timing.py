"""Timing helpers shared by the benchmarks: medians over repeated runs, ratios to a baseline."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any


def measure(fn: Callable[[], Any], *, repeat: int = 15, warmup: int = 2) -> dict[str, Any]:
    """Time ``fn`` ``repeat`` times after ``warmup`` untimed calls.

    Returns:
        ``median_s``, ``min_s``, ``max_s`` (seconds) and ``repeat``.
    """
    for _ in range(warmup):
        fn()
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return {
        "median_s": statistics.median(runs),
        "min_s": min(runs),
        "max_s": max(runs),
        "repeat": repeat,
    }


def with_ratios(cases: dict[str, dict[str, Any]], baseline: str) -> dict[str, Any]:
    """Add ``speedup_vs_baseline`` (baseline median / case median) to every case."""
    base = cases[baseline]["median_s"]
    for case in cases.values():
        case["speedup_vs_baseline"] = (
            round(base / case["median_s"], 2) if case["median_s"] else None
        )
    return {"baseline": baseline, "cases": cases}
