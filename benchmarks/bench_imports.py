"""Reference and project imports on the real files: first run and second (no-change) run.

In pipeline order on one in-memory SQLite database with the reference countries: the ROR
subset (``stcoop import ror``), the CORDIS Horizon 2020 organisations
(``cordis-h2020-orgs``), the CORDIS FP7 projects (``cordis-fp7``, matching participants
against the organisations loaded before) and the Norwegian Horizon 2020 participations
(``norway-h2020``). Each first run is timed ``repeat`` times inside a transaction that
is rolled back, so every repeat starts from the same state; then the file is imported
for good and the second run, which compares everything and must write nothing, is timed
``repeat`` times. Medians; ``speedup_vs_baseline`` of the second run is first / second.
Files that are missing (``/work/shared/data``, ``STCOOP_DATA_DIR``) are skipped; set
``STCOOP_BENCH_ROR_LIMIT`` to read only the first N ROR records.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django_memory import setup
from timing import measure, with_ratios

DATA = Path(os.environ.get("STCOOP_DATA_DIR", "/work/shared/data"))
FILES = {
    "ror": DATA / "ror" / "ror-records-subset.jsonl.gz",
    "cordis-h2020-orgs": DATA / "cordis" / "h2020-organisations-2017.csv",
    "cordis-fp7": DATA / "cordis" / "fp7-projects-dev.json",
    "norway-h2020": DATA / "cordis" / "norway-h2020-participations.csv",
}


def _importers(actor: Any, owner: Any) -> dict[str, Callable[[Path], Any]]:
    from stcoop.organisations.cordis import cordis_import, read_cordis_file
    from stcoop.organisations.imports import ror_import
    from stcoop.organisations.ror import read_ror_file
    from stcoop.projects.importers.fp7 import fp7_import
    from stcoop.projects.importers.norway import norway_import

    limit = int(os.environ.get("STCOOP_BENCH_ROR_LIMIT", "0")) or None
    common = {"actor": actor, "owner_unit": owner}
    return {
        "ror": lambda path: ror_import(**common, records=read_ror_file(path), limit=limit),
        "cordis-h2020-orgs": lambda path: cordis_import(**common, rows=read_cordis_file(path)),
        "cordis-fp7": lambda path: fp7_import(**common, path=path),
        "norway-h2020": lambda path: norway_import(**common, path=path),
    }


def _rolled_back(run: Callable[[Path], Any], path: Path) -> Callable[[], Any]:
    from django.db import transaction

    def once() -> Any:
        with transaction.atomic():
            report = run(path)
            transaction.set_rollback(True)
        return report

    return once


def _counts(report: Any) -> dict[str, int]:
    """Created / updated figures of either report shape."""
    if hasattr(report, "projects"):
        return {
            "projects_created": report.projects.created,
            "projects_updated": report.projects.updated,
            "organisations_created": report.organisations.created,
            "organisations_updated": report.organisations.updated,
            "participations_written": report.participations_written,
        }
    return {"created": report.created, "updated": report.updated}


def _changed(report: Any) -> bool:
    return any(_counts(report).values())


def run(repeat: int = 3) -> dict[str, Any]:
    """Time the first and the second run of each import; return medians and counts."""
    setup("contenttypes", "auth", "accounts", "core", "geo", "organisations", "projects")
    from stcoop.accounts.choices import Role, UnitKind
    from stcoop.accounts.models import OrganisationUnit, User
    from stcoop.geo.services import reference_data_load

    reference_data_load(actor=None)
    owner = OrganisationUnit.objects.create(
        name_zh_hans="参考数据", name_en="Reference data", kind=UnitKind.OTHER
    )
    if hasattr(owner, "path") and not owner.path:
        owner.path = f"/{owner.pk}/"
        owner.save(update_fields=["path"])
    actor = User.objects.create(username="bench", role=Role.PLATFORM_ADMIN, is_superuser=True)
    importers = _importers(actor, owner)
    results: dict[str, Any] = {}
    skipped: list[str] = []
    for name, path in FILES.items():
        if not path.is_file():
            skipped.append(name)
            continue
        importer = importers[name]
        first = measure(_rolled_back(importer, path), repeat=repeat, warmup=0)
        created = importer(path)
        second_reports: list[Any] = []

        def again(
            importer: Callable[[Path], Any] = importer,
            path: Path = path,
            reports: list[Any] = second_reports,
        ) -> None:
            reports.append(importer(path))

        second = measure(again, repeat=repeat, warmup=0)
        if any(_changed(report) for report in second_reports):
            raise AssertionError(f"the second {name} import changed records")
        results[name] = {
            "file": path.name,
            "first_run_counts": _counts(created),
        } | with_ratios({"first_run": first, "second_run": second}, "first_run")
    return {
        "description": __doc__.strip().splitlines()[0],
        "database": "sqlite in-memory",
        "repeat": repeat,
        "skipped_missing_files": skipped,
        "results": results,
    }
