"""Loading the OpenAlex country co-authorship files: first import and a second, idempotent one.

The first run creates every pair and country total (bulk inserts in chunks); the second
compares every row with the stored figures and writes nothing. Uses the real files under
``/work/shared/data/openalex`` (``STCOOP_OPENALEX_DIR``) when present, else a synthetic
file of the same shape, on in-memory SQLite after loading the reference countries.
"""

from __future__ import annotations

import csv
import itertools
import os
import random
import tempfile
import time
from pathlib import Path
from typing import Any

from django_memory import setup

REAL_DIR = Path(os.environ.get("STCOOP_OPENALEX_DIR", "/work/shared/data/openalex"))
PAIRS = "country-coauthorship-1990-2023.csv"
TOTALS = "country-coauthored-works-1990-2023.csv"
SEED = 11


def _synthetic(codes: list[str]) -> tuple[Path, Path]:
    """Files shaped like the real ones: every pair of the first 120 codes, 1990-2023."""
    folder = Path(tempfile.mkdtemp(prefix="stcoop-openalex-"))
    rng = random.Random(SEED)
    chosen = sorted(codes)[:120]
    pairs = folder / PAIRS
    with pairs.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["year", "country_a", "country_b", "works"])
        for year in range(1990, 2024):
            for a, b in itertools.combinations(chosen, 2):
                if rng.random() < 0.55:
                    writer.writerow([year, a, b, rng.randint(1, 5000)])
    totals = folder / TOTALS
    with totals.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["year", "country", "coauthored_works"])
        for year in range(1990, 2024):
            for code in chosen:
                writer.writerow([year, code, rng.randint(0, 90000)])
    return pairs, totals


def _timed(path: Path) -> dict[str, Any]:
    from stcoop.collaboration.importing import coauthorship_import_path

    start = time.perf_counter()
    report = coauthorship_import_path(actor=None, path=path)
    return {
        "seconds": round(time.perf_counter() - start, 3),
        "rows": report.rows,
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "skipped_unknown_codes": report.skipped,
    }


def run(repeat: int = 1) -> dict[str, Any]:
    """Import each file twice (``repeat`` times on a fresh table) and report the times."""
    setup("contenttypes", "auth", "accounts", "core", "geo", "collaboration")
    from stcoop.collaboration.models import CountryPairYear, CountryYear
    from stcoop.geo.models import Country
    from stcoop.geo.services import reference_data_load

    reference_data_load(actor=None)
    real = (REAL_DIR / PAIRS).is_file() and (REAL_DIR / TOTALS).is_file()
    if real:
        files = (REAL_DIR / PAIRS, REAL_DIR / TOTALS)
    else:
        files = _synthetic(list(Country.objects.values_list("iso2", flat=True)))
    results: dict[str, Any] = {}
    for path in files:
        runs = []
        for _ in range(max(repeat, 1)):
            CountryPairYear.objects.all().delete()
            CountryYear.objects.all().delete()
            runs.append({"first_import": _timed(path), "second_import": _timed(path)})
        if runs[-1]["second_import"]["created"] or runs[-1]["second_import"]["updated"]:
            raise AssertionError(f"the second import of {path.name} changed figures")
        results[path.name] = {
            "first_import_s": min(r["first_import"]["seconds"] for r in runs),
            "second_import_s": min(r["second_import"]["seconds"] for r in runs),
            "last_run": runs[-1],
        }
    return {
        "description": __doc__.strip().splitlines()[0],
        "database": "sqlite in-memory",
        "data": "real OpenAlex files" if real else "synthetic files",
        "repeat": max(repeat, 1),
        "results": results,
    }
