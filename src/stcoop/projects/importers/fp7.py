"""EU Seventh Framework Programme (FP7) projects from a CORDIS JSON file.

The file is a JSON array of projects: ``id`` (the CORDIS record number, RCN, which is
not the grant agreement number and can equal another programme's project number: RCN
116055 is an FP7 project, H2020 grant 116055 another; it is kept as the project number
``RCN-<id>``), ``title``, ``project_acronym``, ``start_date`` / ``end_date`` (Unix
times at midnight Brussels time, or null), ``cost`` (total cost in EUR),
``project_website`` and ``participants`` (``name``, ``country`` as ISO 3166-1 alpha-2,
``city``, ``lat``, ``lon``). There are no roles or abstracts: every participant is a
plain participant, in the file's order.
"""

from __future__ import annotations

import datetime
import time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from stcoop.projects.choices import ProgrammeStatus, ProjectStatus
from stcoop.projects.importers.matching import guess_kind
from stcoop.projects.importers.reading import (
    ImportFileError,
    ValueProblem,
    clean_text,
    decimal_amount,
    read_json,
)
from stcoop.projects.importers.writing import (
    ParticipantIn,
    ProgrammeIn,
    Progress,
    ProjectImportReport,
    ProjectIn,
    write_projects,
)

SOURCE = "cordis-fp7"
PROGRAMME = ProgrammeIn(
    code="FP7",
    name_en="Seventh Framework Programme for Research and Technological Development",
    name_zh_hans="欧盟第七研发框架计划",
    acronym="FP7",
    framework="FP7",
    start_date=datetime.date(2007, 1, 1),
    end_date=datetime.date(2013, 12, 31),
    status=ProgrammeStatus.CLOSED,
)
BRUSSELS = ZoneInfo("Europe/Brussels")
EU_COUNTRY_CODES = {"EL": "GR", "UK": "GB"}


def _date(value: Any) -> datetime.date | None:
    if value in (None, ""):
        return None
    try:
        seconds = int(str(value).strip())
    except ValueError:
        raise ValueProblem(f'"{value}" is not a Unix time') from None
    return datetime.datetime.fromtimestamp(seconds, BRUSSELS).date()


def _website(value: Any) -> str:
    url = clean_text(value, 490)
    if url and "://" not in url:
        url = f"http://{url}"
    try:
        URLValidator()(url)
    except ValidationError:
        return ""
    return url


def _project(
    path: Path, index: int, raw: Any, today: datetime.date, report: ProjectImportReport
) -> ProjectIn:
    where = f"{path.name}: row {index}"  # the n-th project of the array
    if not isinstance(raw, dict):
        raise ImportFileError(f"{where}: a project must be a JSON object")
    rcn = clean_text(raw.get("id"), 90)
    if not rcn:
        raise ImportFileError(f"{where}: id: missing")
    code = f"RCN-{rcn}"
    field = ""
    try:
        field = "start_date"
        start = _date(raw.get("start_date"))
        field = "end_date"
        end = _date(raw.get("end_date"))
        field = "cost"
        cost = decimal_amount(clean_text(raw.get("cost"), 50))
    except ValueProblem as problem:
        raise ImportFileError(f"{where} (id {code}): {field}: {problem}") from None
    participants = raw.get("participants") or []
    if not isinstance(participants, list):
        raise ImportFileError(f"{where} (id {code}): participants: must be a list")
    project = ProjectIn(
        code=code,
        title_en=clean_text(raw.get("title"), 1000),
        acronym=clean_text(raw.get("project_acronym"), 100),
        programme_code=PROGRAMME.code,
        start_date=start,
        end_date=end,
        status=ProjectStatus.COMPLETED if end and end < today else ProjectStatus.ONGOING,
        total_cost=cost,
        website=_website(raw.get("project_website")),
        row=index,
    )
    for order, person in enumerate(participants, start=1):
        if not isinstance(person, dict):
            raise ImportFileError(f"{where} (id {code}): participant {order}: not a JSON object")
        name = clean_text(person.get("name"), 500)
        if not name:
            report.skipped_participants["no name"] += 1
            continue
        code2 = clean_text(person.get("country"), 2).upper()
        project.participants.append(
            ParticipantIn(
                name=name,
                country_code=EU_COUNTRY_CODES.get(code2, code2),
                city=clean_text(person.get("city"), 200),
                order=order,
                kind=guess_kind(name),
            )
        )
    return project


def read_fp7_file(path: str | Path, report: ProjectImportReport | None = None) -> list[ProjectIn]:
    """The projects of a CORDIS FP7 JSON file (checked whole before anything is written).

    Raises:
        ImportFileError: the file is not JSON, not a list of projects, or has a bad value.
    """
    path = Path(path)
    report = report if report is not None else ProjectImportReport(source=SOURCE)
    data, decoded = read_json(path)
    if isinstance(data, dict) and isinstance(data.get("projects"), list):
        data = data["projects"]
    if not isinstance(data, list):
        raise ImportFileError(f"{path.name}: expected a JSON array of projects")
    today = datetime.datetime.now(BRUSSELS).date()
    projects: list[ProjectIn] = []
    seen: set[str] = set()
    for index, raw in enumerate(data, start=1):
        project = _project(path, index, raw, today, report)
        report.rows += 1
        report.participants += len(project.participants)
        if project.code in seen:
            report.skipped["project ID twice in the file"] += 1
            continue
        if not project.title_en:
            report.skipped["no title"] += 1
            continue
        seen.add(project.code)
        projects.append(project)
    if decoded.warning:
        report.warnings.append(f"{path.name}: {decoded.warning}")
    return projects


def fp7_import(
    *,
    actor: Any,
    owner_unit: Any,
    path: str | Path,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ProjectImportReport:
    """Import the FP7 projects of ``path`` (see the module description).

    Raises:
        ImportFileError: the file cannot be read (nothing is written).
        PermissionDenied: ``actor`` may not add projects or organisations.
    """
    report = ProjectImportReport(source=SOURCE)
    started = time.monotonic()
    projects = read_fp7_file(path, report)
    report.seconds = time.monotonic() - started
    return write_projects(
        actor=actor,
        owner_unit=owner_unit,
        source=SOURCE,
        programmes=[PROGRAMME],
        projects=projects,
        report=report,
        dry_run=dry_run,
        progress=progress,
    )
