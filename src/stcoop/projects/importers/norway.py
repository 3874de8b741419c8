"""Horizon 2020 participations of Norwegian organisations (Research Council of Norway).

The file is ``;``-separated text with Norwegian column names, one row per participation
(a project appears once for each Norwegian participant). Dates are ``DD.MM.YYYY HH:MM``,
amounts have a dot or a comma as decimal mark. What is kept:

* the programme tree: Horizon 2020 → programme area (``Programområde kode``, e.g.
  ``EU.2.``) → programme (``Program kode``, ``EU.2.1.``) → level 1 (``Programnivå 1
  kode``, ``EU.2.1.1.``); Euratom rows (``Traktat kode``) go under "EURATOM";
* the project (``Prosjektnr`` is the project number): acronym, title, call, topic,
  contract dates, status from ``Kontraktstatus`` (SIGNED → signed, CLOSED → completed,
  TERMINATED → terminated), the end date from ``Varighet måneder`` when it is missing;
* the participant: name, role (COORDINATOR / PARTICIPANT), EUR granted, municipality as
  city, country Norway, the organisation number (kept as the organisation's
  ``brreg`` identifier); a participant named "ukjent" (unknown) is not linked.
"""

from __future__ import annotations

import calendar
import datetime
import time
from pathlib import Path
from typing import Any

from stcoop.organisations.choices import IdScheme, OrganisationKind
from stcoop.organisations.identifiers import IdentifierError, normalise_brreg
from stcoop.projects.choices import ParticipantRole, ProgrammeStatus, ProjectStatus
from stcoop.projects.importers.matching import guess_kind
from stcoop.projects.importers.reading import (
    CsvRow,
    ImportFileError,
    ValueProblem,
    clean_text,
    decimal_amount,
    norwegian_date,
    read_csv,
    whole_number,
)
from stcoop.projects.importers.writing import (
    ParticipantIn,
    ProgrammeIn,
    Progress,
    ProjectImportReport,
    ProjectIn,
    write_projects,
)

SOURCE = "norway-h2020"
ROOT = ProgrammeIn(
    code="H2020",
    name_en="Horizon 2020",
    name_zh_hans="地平线2020",
    acronym="H2020",
    framework="H2020",
    start_date=datetime.date(2014, 1, 1),
    end_date=datetime.date(2020, 12, 31),
    status=ProgrammeStatus.CLOSED,
)
EURATOM = "EURATOM"

C_FRAMEWORK = "Rammeprogram"
C_TREATY = "Traktat kode (H2020)"
C_AREA_CODE = "Programområde kode (H2020)"
C_AREA = "Programområde (H2020)"
C_PROGRAMME_CODE = "Program kode (H2020)"
C_PROGRAMME_SHORT = "Programkortnavn (H2020)"
C_PROGRAMME = "Program (H2020)"
C_LEVEL1_SHORT = "Programnivå 1 kortnavn (H2020)"
C_LEVEL1_CODE = "Programnivå 1 kode (H2020)"
C_LEVEL1 = "Programnivå 1 (H2020)"
C_NUMBER = "Prosjektnr"
C_ACRONYM = "Prosjektkortnavn"
C_TITLE = "Prosjektnavn"
C_CALL = "Utlysnings-id"
C_TOPIC_CODE = "Topic kode"
C_TOPIC = "Topic"
C_STATUS = "Kontraktstatus"
C_START = "Kontrakt startdato"
C_END = "Kontrakt sluttdato"
C_MONTHS = "Varighet måneder"
C_ORG_NUMBER = "Organisasjonsnummer"
C_ORG_NAME = "Organisasjonsnavn"
C_ROLE = "Organisasjon rolle"
C_ORDER = "Deltakernr"
C_SECTOR = "FoU sektor"
C_CITY = "Adresse kommune"
C_AMOUNT = "Innvilget beløp organisasjon EUR"

REQUIRED = (
    C_AREA_CODE,
    C_PROGRAMME_CODE,
    C_NUMBER,
    C_TITLE,
    C_STATUS,
    C_START,
    C_END,
    C_ORG_NUMBER,
    C_ORG_NAME,
    C_ROLE,
    C_AMOUNT,
)
STATUSES = {
    "SIGNED": ProjectStatus.SIGNED,
    "CLOSED": ProjectStatus.COMPLETED,
    "TERMINATED": ProjectStatus.TERMINATED,
    "SUSPENDED": ProjectStatus.ONGOING,
}
ROLES = {
    "COORDINATOR": ParticipantRole.COORDINATOR,
    "PARTICIPANT": ParticipantRole.PARTICIPANT,
    "PARTNER": ParticipantRole.PARTNER,
    "THIRD PARTY": ParticipantRole.THIRD_PARTY,
    "ASSOCIATED PARTNER": ParticipantRole.ASSOCIATED,
}
#: R&D sectors of Statistics Norway → kinds of new organisations.
SECTOR_KINDS = {
    "UoH-sektor": OrganisationKind.UNIVERSITY,
    "Instituttsektor": OrganisationKind.INSTITUTE,
    "Næringsliv": OrganisationKind.COMPANY,
    "Helseforetak": OrganisationKind.HEALTHCARE,
    "Norges forskningsråd": OrganisationKind.FUNDER,
}
UNKNOWN = "ukjent"


def _add_months(start: datetime.date, months: int) -> datetime.date:
    """The day before ``start`` plus ``months`` (a 36-month project from 1 June 2020
    ends on 31 May 2023)."""
    month = start.month - 1 + months
    year, month = start.year + month // 12, month % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return datetime.date(year, month, day) - datetime.timedelta(days=1)


def _programmes(row: dict[str, str]) -> list[ProgrammeIn]:
    """The programmes a row names, root first."""
    found = [ROOT]
    if row.get(C_TREATY, "").upper() == EURATOM and not row.get(C_AREA_CODE):
        found.append(
            ProgrammeIn(
                code=EURATOM,
                name_en="Euratom Research and Training Programme",
                name_zh_hans="欧洲原子能共同体研究与培训计划",
                acronym="Euratom",
                framework="H2020",
                parent_code=ROOT.code,
            )
        )
        return found
    levels = (
        (C_AREA_CODE, C_AREA, ""),
        (C_PROGRAMME_CODE, C_PROGRAMME, C_PROGRAMME_SHORT),
        (C_LEVEL1_CODE, C_LEVEL1, C_LEVEL1_SHORT),
    )
    for code_column, name_column, short_column in levels:
        code = clean_text(row.get(code_column), 100)
        if not code:
            break
        found.append(
            ProgrammeIn(
                code=code,
                name_en=clean_text(row.get(name_column), 500) or code,
                acronym=clean_text(row.get(short_column), 100) if short_column else "",
                framework="H2020",
                parent_code=found[-1].code,
            )
        )
    return found


def _topic(row: dict[str, str]) -> str:
    code, title = clean_text(row.get(C_TOPIC_CODE), 100), clean_text(row.get(C_TOPIC), 500)
    return clean_text(f"{code}: {title}" if code and title else code or title, 500)


class _Row:
    """Reads the values of one row, naming the file, row and column in any error."""

    def __init__(self, path: Path, row: CsvRow) -> None:
        self.path, self.row = path, row

    def text(self, column: str, limit: int) -> str:
        return clean_text(self.row.values.get(column), limit)

    def read(self, column: str, reader: Any) -> Any:
        try:
            return reader(self.row.values.get(column, ""))
        except ValueProblem as problem:
            raise self.error(column, str(problem)) from None

    def error(self, column: str, message: str) -> ImportFileError:
        return ImportFileError(f"{self.path.name}: row {self.row.number}: {column}: {message}")


def _project(values: _Row, report: ProjectImportReport) -> ProjectIn:
    row = values.row.values
    start = values.read(C_START, norwegian_date)
    end = values.read(C_END, norwegian_date)
    months = values.read(C_MONTHS, whole_number) if C_MONTHS in row else None
    if end is None and start is not None and months:
        end = _add_months(start, months)
    raw_status = values.text(C_STATUS, 50).upper()
    status = STATUSES.get(raw_status)
    if status is None:
        report.warnings.append(
            f"row {values.row.number}: {C_STATUS}: unknown value {raw_status or '(empty)'}, "
            "kept as ongoing"
        )
        status = ProjectStatus.ONGOING
    return ProjectIn(
        code=values.text(C_NUMBER, 100),
        title_en=values.text(C_TITLE, 1000),
        acronym=values.text(C_ACRONYM, 100),
        programme_code=_programmes(row)[-1].code,
        call_identifier=values.text(C_CALL, 200),
        topic=_topic(row),
        start_date=start,
        end_date=end,
        status=status,
        row=values.row.number,
    )


def _participant(values: _Row, report: ProjectImportReport) -> ParticipantIn:
    name = values.text(C_ORG_NAME, 500)
    number = values.text(C_ORG_NUMBER, 50)
    ids: list[tuple[str, str]] = []
    if number:
        try:
            ids.append((IdScheme.BRREG.value, normalise_brreg(number)))
        except IdentifierError as error:
            report.warnings.append(f"row {values.row.number}: {C_ORG_NUMBER}: {error}")
    raw_role = values.text(C_ROLE, 50).upper()
    role = ROLES.get(raw_role)
    if role is None:
        raise values.error(C_ROLE, f'"{raw_role}" is not COORDINATOR or PARTICIPANT')
    order = values.read(C_ORDER, whole_number) if C_ORDER in values.row.values else None
    sector = values.text(C_SECTOR, 100)
    return ParticipantIn(
        name=name,
        country_code="NO",
        city=values.text(C_CITY, 200),
        role=role,
        amount=values.read(C_AMOUNT, decimal_amount),
        currency="EUR",
        order=order or 0,
        ids=ids,
        kind=SECTOR_KINDS.get(sector) or guess_kind(name),
        linkable=bool(name) and name.casefold() != UNKNOWN,
    )


def read_norway_file(
    path: str | Path, report: ProjectImportReport
) -> tuple[list[ProgrammeIn], list[ProjectIn]]:
    """Programmes (parents first) and projects with their participants.

    Raises:
        ImportFileError: the file cannot be read, lacks a column or has a bad value.
    """
    path = Path(path)
    rows, decoded = read_csv(path, REQUIRED, delimiter=";")
    if decoded.warning:
        report.warnings.append(f"{path.name}: {decoded.warning}")
    programmes: dict[str, ProgrammeIn] = {}
    projects: dict[str, ProjectIn] = {}
    for csv_row in rows:
        values = _Row(path, csv_row)
        report.rows += 1
        framework = values.text(C_FRAMEWORK, 20) if C_FRAMEWORK in csv_row.values else "H2020"
        if framework and framework.upper() != "H2020":
            report.skipped[f"framework programme {framework}, not H2020"] += 1
            continue
        number = values.text(C_NUMBER, 100)
        if not number:
            report.skipped["no project number"] += 1
            continue
        participant = _participant(values, report)
        report.participants += 1
        project = projects.get(number)
        if project is None:
            project = _project(values, report)
            if not project.title_en:
                report.skipped["no project title"] += 1
                continue
            for programme in _programmes(csv_row.values):
                programmes.setdefault(programme.code, programme)
            projects[number] = project
        project.participants.append(participant)
    for project in projects.values():
        project.participants.sort(key=lambda p: p.order)
    ordered = sorted(programmes.values(), key=lambda p: (p.code != ROOT.code, len(p.code), p.code))
    return ordered, list(projects.values())


def norway_import(
    *,
    actor: Any,
    owner_unit: Any,
    path: str | Path,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ProjectImportReport:
    """Import the Norwegian Horizon 2020 participations of ``path``.

    Raises:
        ImportFileError: the file cannot be read (nothing is written).
        PermissionDenied: ``actor`` may not add projects or organisations.
    """
    report = ProjectImportReport(source=SOURCE)
    started = time.monotonic()
    programmes, projects = read_norway_file(path, report)
    report.seconds = time.monotonic() - started
    return write_projects(
        actor=actor,
        owner_unit=owner_unit,
        source=SOURCE,
        programmes=programmes,
        projects=projects,
        report=report,
        dry_run=dry_run,
        progress=progress,
    )
