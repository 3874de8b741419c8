"""Loading the CORDIS list of Horizon 2020 participant organisations.

The file (``h2020-organisations-*.csv`` from the EU Open Data Portal) is UTF-8 CSV with
the columns ``orgId`` (the PIC), ``name``, ``shortName``, ``activityType`` (HES, REC,
PRC, PUB, OTH), ``country`` (EU codes: ``EL`` for Greece, ``UK`` for the United
Kingdom), ``city``, ``street``, ``postCode``, ``organizationUrl`` and project figures
(not kept).

:func:`read_cordis_file` and :func:`parse_cordis_record` are plain Python;
:func:`cordis_import` upserts by PIC in bulk like :func:`stcoop.organisations.imports.ror_import`
(:class:`stcoop.core.bulk.BulkUpsert`: existing PICs read once, ``bulk_create``/
``bulk_update`` in batches, one history entry per created or changed record written in
bulk). Records are public and owned by the
unit given. No matching to ROR records happens here: an organisation that already has a
ROR ID but no PIC gets a second record, for the resolution feature to merge later.
"""

from __future__ import annotations

import csv
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction

from stcoop.core.bulk import BATCH, keep_when_empty
from stcoop.core.choices import Visibility
from stcoop.core.permissions import Action, require
from stcoop.geo.models import Country
from stcoop.organisations.choices import IdScheme, OrganisationKind
from stcoop.organisations.identifiers import IdentifierError, normalise_pic
from stcoop.organisations.imports import log_bulk_history, organisation_upsert
from stcoop.organisations.models import ExternalId, Organisation

Progress = Callable[[str, int, int], None]

#: CORDIS activity types → STCoop kinds.
ACTIVITY_KINDS = {
    "HES": OrganisationKind.UNIVERSITY.value,  # higher or secondary education
    "REC": OrganisationKind.INSTITUTE.value,  # research organisation
    "PRC": OrganisationKind.COMPANY.value,  # private for-profit
    "PUB": OrganisationKind.GOVERNMENT.value,  # public body
    "OTH": OrganisationKind.OTHER.value,
}
#: EU country codes that differ from ISO 3166-1 alpha-2.
COUNTRY_CODES = {"EL": "GR", "UK": "GB"}
REQUIRED_COLUMNS = ("orgId", "name", "activityType", "country")
#: Fields the importer sets; an empty value from CORDIS keeps a stored one for those in
#: :data:`KEEP_WHEN_EMPTY`; acronyms and other names are CORDIS's plus any added by hand.
IMPORTED_FIELDS = (
    "name_en",
    "acronyms",
    "aliases",
    "kind",
    "country_id",
    "city",
    "address",
    "website",
)
KEEP_WHEN_EMPTY = frozenset({"country_id", "city", "address", "website"})
MERGE = keep_when_empty(KEEP_WHEN_EMPTY, lists=("acronyms",), named_lists=("aliases",))


class CordisSkip(ValueError):
    """A record that cannot be imported; the message says why."""


@dataclass
class CordisRecord:
    """What STCoop keeps of one CORDIS organisation."""

    pic: str
    name: str
    kind: str
    country_code: str
    acronyms: list[str] = field(default_factory=list)
    aliases: list[dict[str, str]] = field(default_factory=list)
    city: str = ""
    address: str = ""
    website: str = ""


@dataclass
class CordisImportReport:
    """What a run did (or, for a dry run, would do)."""

    dry_run: bool = False
    read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    unknown_countries: Counter[str] = field(default_factory=Counter)
    countries_loaded: bool = True
    seconds: float = 0.0

    def summary(self) -> str:
        """A few lines for the command line."""
        verb = "would be " if self.dry_run else ""
        lines = [
            f"{self.read} records read in {self.seconds:.1f} s",
            f"{self.created} {verb}created, {self.updated} {verb}updated, "
            f"{self.unchanged} unchanged, {sum(self.skipped.values())} skipped",
        ]
        for reason, count in sorted(self.skipped.items()):
            lines.append(f"  skipped ({reason}): {count}")
        if self.unknown_countries:
            codes = ", ".join(f"{c} ({n})" for c, n in sorted(self.unknown_countries.items()))
            lines.append(f"unknown country codes: {codes}")
        if not self.countries_loaded:
            lines.append("no countries in the database: run `stcoop import reference` first")
        if self.dry_run:
            lines.append("dry run: nothing was written")
        return "\n".join(lines)


# ---------------------------------------------------------------- files
def read_cordis_file(path: str | Path) -> Iterator[dict[str, str]]:
    """Yield the rows of a CORDIS organisations CSV as dicts of text.

    Raises:
        ValueError: the file lacks one of :data:`REQUIRED_COLUMNS`.
    """
    path = Path(path)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or ())]
        if missing:
            raise ValueError(
                f"{path.name}: not a CORDIS organisations file (no column {', '.join(missing)})"
            )
        for row in reader:
            yield {key: (value or "").strip() for key, value in row.items() if key}


def _clean(value: str | None, limit: int) -> str:
    return " ".join((value or "").split())[:limit]


def parse_cordis_record(raw: dict[str, str]) -> CordisRecord:
    """The fields STCoop keeps of one CORDIS row.

    Raises:
        CordisSkip: no valid PIC, no name, or an unknown activity type.
    """
    try:
        pic = normalise_pic(raw.get("orgId") or "")
    except IdentifierError:
        raise CordisSkip("no valid PIC") from None
    name = _clean(raw.get("name"), 500)
    if not name:
        raise CordisSkip("no name")
    activity = (raw.get("activityType") or "").upper()
    if activity not in ACTIVITY_KINDS:
        raise CordisSkip(f"unknown activity type {activity or '(empty)'}")
    code = (raw.get("country") or "").upper()
    record = CordisRecord(
        pic=pic,
        name=name,
        kind=ACTIVITY_KINDS[activity],
        country_code=COUNTRY_CODES.get(code, code),
        city=_clean(raw.get("city"), 200),
        address=", ".join(
            part
            for part in (_clean(raw.get("street"), 500), _clean(raw.get("postCode"), 50))
            if part
        ),
    )
    short = _clean(raw.get("shortName"), 500)
    if short and short.casefold() != name.casefold():
        if " " not in short and len(short) <= 30:
            record.acronyms = [short]
        else:
            record.aliases = [{"name": short, "language": ""}]
    url = _clean(raw.get("organizationUrl"), 490)
    if url:
        record.website = url if "://" in url else f"http://{url}"
    return record


# ---------------------------------------------------------------- writing
def _parse(
    rows: Iterable[dict[str, str]],
    countries: dict[str, int],
    report: CordisImportReport,
    tick: Progress,
) -> list[tuple[CordisRecord, int]]:
    parsed: list[tuple[CordisRecord, int]] = []
    seen: set[str] = set()
    for raw in rows:
        report.read += 1
        if report.read % 1000 == 0:
            tick("Reading CORDIS records", report.read, report.read)
        try:
            record = parse_cordis_record(raw)
        except CordisSkip as reason:
            report.skipped[str(reason)] += 1
            continue
        country_id = countries.get(record.country_code)
        if country_id is None:
            report.skipped["unknown country"] += 1
            report.unknown_countries[record.country_code or "(empty)"] += 1
            continue
        if record.pic in seen:
            report.skipped["PIC twice in the file"] += 1
            continue
        seen.add(record.pic)
        parsed.append((record, country_id))
    tick("Reading CORDIS records", report.read, report.read)
    return parsed


def _target(record: CordisRecord, country_id: int) -> dict[str, Any]:
    return {
        "name_en": record.name,
        "acronyms": record.acronyms,
        "aliases": record.aliases,
        "kind": record.kind,
        "country_id": country_id,
        "city": record.city,
        "address": record.address,
        "website": record.website,
    }


def cordis_import(
    *,
    actor: Any,
    owner_unit: Any,
    rows: Iterable[dict[str, str]],
    dry_run: bool = False,
    progress: Progress | None = None,
) -> CordisImportReport:
    """Upsert the organisations of CORDIS ``rows`` by PIC.

    Args:
        actor: who imports (recorded in the history); must be allowed to add
            organisations for ``owner_unit``.
        owner_unit: the unit that owns organisations this run creates.
        rows: rows from :func:`read_cordis_file`.
        dry_run: do everything, report, then roll back.
        progress: ``progress(description, done, total)``.

    Raises:
        PermissionDenied: the actor may not add organisations for ``owner_unit``.
    """
    require(actor, Action.ADD, Organisation, owner_unit=owner_unit)
    tick: Progress = progress or (lambda *_args: None)
    started = time.monotonic()
    report = CordisImportReport(dry_run=dry_run)
    countries = dict(Country.objects.values_list("iso2", "pk"))
    report.countries_loaded = bool(countries)
    parsed = _parse(rows, countries, report, tick)
    with transaction.atomic():
        _write(actor, owner_unit, parsed, report, tick)
        if dry_run:
            transaction.set_rollback(True)
    report.seconds = time.monotonic() - started
    return report


def _write(
    actor: Any,
    owner_unit: Any,
    parsed: list[tuple[CordisRecord, int]],
    report: CordisImportReport,
    tick: Progress,
) -> None:
    labels: dict[int, list[str]] = {}
    by_pic: dict[str, int] = {}
    for scheme, value, pk in ExternalId.objects.values_list("scheme", "value", "organisation_id"):
        labels.setdefault(pk, []).append(f"{scheme}:{value}")
        if scheme == IdScheme.PIC:
            by_pic[value] = pk
    existing = {
        org.pk: org
        for org in Organisation.objects.filter(external_ids__scheme=IdScheme.PIC)
        .prefetch_related("shared_with")
        .distinct()
    }
    upsert = organisation_upsert(IMPORTED_FIELDS, MERGE, labels)
    new: list[tuple[CordisRecord, Organisation]] = []
    total = len(parsed)
    creator = actor if getattr(actor, "pk", None) else None
    for done, (record, country_id) in enumerate(parsed, start=1):
        if done % 1000 == 0:
            tick("Comparing", done, total)
        found = by_pic.get(record.pic)
        organisation = existing.get(found) if found is not None else None
        planned = upsert.add(
            organisation,
            _target(record, country_id),
            owner_unit=owner_unit,
            visibility=Visibility.PUBLIC,
            created_by=creator,
        )
        if organisation is None:
            new.append((record, planned))
    tick("Comparing", total, total)

    upsert.create(tick, "Creating organisations")
    pics = [
        ExternalId(organisation_id=organisation.pk, scheme=IdScheme.PIC.value, value=record.pic)
        for record, organisation in new
    ]
    ExternalId.objects.bulk_create(pics, batch_size=BATCH)
    for record, organisation in new:
        labels[organisation.pk] = [f"{IdScheme.PIC.value}:{record.pic}"]
    upsert.update()
    report.created = upsert.created_count
    report.updated = upsert.updated_count
    report.unchanged = upsert.unchanged_count
    log_bulk_history(
        actor, upsert.new, upsert.changed, upsert.befores, labels, request_id="cordis-import"
    )
