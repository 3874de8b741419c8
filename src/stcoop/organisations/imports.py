"""Loading ROR dumps into organisations (the Django side of :mod:`stcoop.organisations.ror`).

:func:`ror_import` upserts by ROR ID in bulk (:class:`stcoop.core.bulk.BulkUpsert`): existing
ROR IDs are read into a dict once, new organisations are written with ``bulk_create`` and
changed ones with ``bulk_update`` in batches, parents are linked in a second pass, and one
change-history entry per created or changed record is written with ``bulk_create`` too
(so every record's history page shows where its values came from, at the cost of one
history row per record).

Rules: imported organisations are public and owned by the unit given; values a person
added are kept when ROR has none (a Chinese name, a city, a website ...), acronyms and
other names are ROR's plus any added by hand; an identifier that already belongs to
another organisation is left where it is and counted. The run is one transaction; a dry
run rolls it back, so it reports exactly what a real run would do and writes nothing.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from stcoop.core.bulk import BATCH, BulkUpsert, keep_when_empty, log_bulk_changes
from stcoop.core.choices import Visibility
from stcoop.core.models import _json_value
from stcoop.core.permissions import Action, require
from stcoop.geo.models import Country
from stcoop.organisations.choices import IdScheme
from stcoop.organisations.models import ExternalId, Organisation
from stcoop.organisations.ror import RorRecord, RorSkip, parse_ror_record

Progress = Callable[[str, int, int], None]

#: Fields the importer sets; those in :data:`KEEP_WHEN_EMPTY` are not cleared when ROR
#: has no value, and the two lists are merged rather than replaced.
IMPORTED_FIELDS = (
    "name_en",
    "name_zh_hans",
    "name_original",
    "name_language",
    "acronyms",
    "aliases",
    "kind",
    "country_id",
    "city",
    "website",
    "status",
    "established",
)
KEEP_WHEN_EMPTY = frozenset(
    {
        "name_zh_hans",
        "name_original",
        "name_language",
        "country_id",
        "city",
        "website",
        "established",
    }
)
MERGE = keep_when_empty(KEEP_WHEN_EMPTY, lists=("acronyms",), named_lists=("aliases",))


@dataclass
class RorImportReport:
    """What a run did (or, for a dry run, would do)."""

    dry_run: bool = False
    read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    by_schema: Counter[int] = field(default_factory=Counter)
    ids_added: int = 0
    ids_taken: int = 0
    parents_linked: int = 0
    parents_missing: int = 0
    unknown_countries: Counter[str] = field(default_factory=Counter)
    countries_loaded: bool = True
    seconds: float = 0.0

    def summary(self) -> str:
        """A few lines for the command line."""
        verb = "would be " if self.dry_run else ""
        lines = [
            f"{self.read} records read (schema v1: {self.by_schema[1]}, v2: {self.by_schema[2]}) "
            f"in {self.seconds:.1f} s",
            f"{self.created} {verb}created, {self.updated} {verb}updated, "
            f"{self.unchanged} unchanged, {sum(self.skipped.values())} skipped",
        ]
        for reason, count in sorted(self.skipped.items()):
            lines.append(f"  skipped ({reason}): {count}")
        lines.append(
            f"{self.ids_added} identifiers {verb}added; {self.ids_taken} left with the "
            "organisation that already has them"
        )
        lines.append(
            f"{self.parents_linked} parent links {verb}set; {self.parents_missing} parents "
            "not in the file or the database"
        )
        if not self.countries_loaded:
            lines.append("no countries in the database: run `stcoop import reference` first")
        elif self.unknown_countries:
            codes = ", ".join(sorted(self.unknown_countries))
            lines.append(f"unknown country codes (left empty): {codes}")
        if self.dry_run:
            lines.append("dry run: nothing was written")
        return "\n".join(lines)


def snapshot_known(
    organisation: Organisation, labels: list[str], shared: list[int]
) -> dict[str, Any]:
    """:meth:`Organisation.snapshot` without its queries (the importer knows the answers)."""
    data: dict[str, Any] = {}
    for model_field in Organisation._meta.concrete_fields:
        if model_field.name in Organisation.history_exclude:
            continue
        data[model_field.attname] = _json_value(getattr(organisation, model_field.attname))
    data["shared_with"] = sorted(shared)
    data["external_ids"] = sorted(labels)
    return data


def _target(
    record: RorRecord, countries: dict[str, int], report: RorImportReport
) -> dict[str, Any]:
    country_id = countries.get(record.country_code) if record.country_code else None
    if record.country_code and country_id is None:
        report.unknown_countries[record.country_code] += 1
    return {
        "name_en": record.name_en,
        "name_zh_hans": record.name_zh_hans,
        "name_original": record.name_original,
        "name_language": record.name_language,
        "acronyms": record.acronyms,
        "aliases": record.aliases,
        "kind": record.kind,
        "country_id": country_id,
        "city": record.city,
        "website": record.website,
        "status": record.status,
        "established": record.established,
    }


def _parse(
    records: Iterable[dict[str, Any]],
    limit: int | None,
    report: RorImportReport,
    progress: Progress,
) -> list[RorRecord]:
    parsed: list[RorRecord] = []
    seen: set[str] = set()
    for raw in records:
        if limit is not None and report.read >= limit:
            break
        report.read += 1
        if report.read % 1000 == 0:
            progress("Reading ROR records", report.read, limit or report.read)
        try:
            record = parse_ror_record(raw)
        except RorSkip as reason:
            report.skipped[str(reason)] += 1
            continue
        if record.ror_id in seen:
            report.skipped["ROR ID twice in the file"] += 1
            continue
        seen.add(record.ror_id)
        report.by_schema[record.schema] += 1
        parsed.append(record)
    progress("Reading ROR records", report.read, report.read)
    return parsed


def ror_import(
    *,
    actor: Any,
    owner_unit: Any,
    records: Iterable[dict[str, Any]],
    dry_run: bool = False,
    limit: int | None = None,
    progress: Progress | None = None,
) -> RorImportReport:
    """Upsert the organisations of ROR ``records`` (raw v1 or v2 dicts), by ROR ID.

    Args:
        actor: who imports (recorded in the history); must be allowed to add
            organisations for ``owner_unit``.
        owner_unit: the unit that owns organisations this run creates.
        records: raw ROR records, e.g. from :func:`stcoop.organisations.ror.read_ror_file`.
        dry_run: do everything, report, then roll back.
        limit: read at most this many records.
        progress: ``progress(description, done, total)``.

    Raises:
        PermissionDenied: the actor may not add organisations for ``owner_unit``.
    """
    require(actor, Action.ADD, Organisation, owner_unit=owner_unit)
    tick: Progress = progress or (lambda *_args: None)
    started = time.monotonic()
    report = RorImportReport(dry_run=dry_run)
    parsed = _parse(records, limit, report, tick)
    with transaction.atomic():
        _write(actor, owner_unit, parsed, report, tick)
        if dry_run:
            transaction.set_rollback(True)
    report.seconds = time.monotonic() - started
    return report


def _set_search_text(organisation: Organisation) -> None:
    organisation.search_text = organisation.compute_search_text()


def shared_pks(organisation: Organisation) -> list[int]:
    """The units ``organisation`` is shared with (prefetched by the importers)."""
    return [u.pk for u in organisation.shared_with.all()]


def organisation_upsert(
    fields: tuple[str, ...], merge: Callable[[str, Any, Any], Any], labels: dict[int, list[str]]
) -> BulkUpsert[Organisation]:
    """A :class:`BulkUpsert` of organisations whose history snapshots list ``labels``."""
    return BulkUpsert(
        Organisation,
        fields,
        merge=merge,
        prepare=_set_search_text,
        snapshot=lambda org: snapshot_known(org, labels.get(org.pk, []), shared_pks(org)),
        extra_update_fields=("search_text",),
    )


def _write(
    actor: Any, owner_unit: Any, parsed: list[RorRecord], report: RorImportReport, tick: Progress
) -> None:
    countries = dict(Country.objects.values_list("iso2", "pk"))
    report.countries_loaded = bool(countries)
    holders: dict[tuple[str, str], int] = {}
    labels: dict[int, list[str]] = {}
    for scheme, value, pk in ExternalId.objects.values_list("scheme", "value", "organisation_id"):
        holders[(scheme, value)] = pk
        labels.setdefault(pk, []).append(f"{scheme}:{value}")
    by_ror = {value: pk for (scheme, value), pk in holders.items() if scheme == IdScheme.ROR}
    # One query for every organisation with a ROR ID (an IN list of 47k IDs is too long
    # for SQLite), with the units it is shared with for the history.
    existing = {
        org.pk: org
        for org in Organisation.objects.filter(external_ids__scheme=IdScheme.ROR)
        .prefetch_related("shared_with")
        .distinct()
    }
    upsert = organisation_upsert(IMPORTED_FIELDS, MERGE, labels)
    upsert.extra_update_fields = ("parent", "search_text")
    creator = actor if getattr(actor, "pk", None) else None
    new: list[tuple[RorRecord, Organisation]] = []
    total = len(parsed)
    for done, record in enumerate(parsed, start=1):
        if done % 1000 == 0:
            tick("Comparing", done, total)
        target = _target(record, countries, report)
        found = by_ror.get(record.ror_id)
        organisation = existing.get(found) if found is not None else None
        planned = upsert.add(
            organisation,
            target,
            owner_unit=owner_unit,
            visibility=Visibility.PUBLIC,
            created_by=creator,
        )
        if organisation is None:
            new.append((record, planned))
    tick("Comparing", total, total)

    upsert.create(tick, "Creating organisations")
    for record, organisation in new:
        by_ror[record.ror_id] = organisation.pk

    # Identifiers: the ROR ID and the others, each unless another organisation has it.
    to_add: list[ExternalId] = []
    for record in parsed:
        pk = by_ror[record.ror_id]
        for scheme, value in [(IdScheme.ROR.value, record.ror_id), *record.external_ids]:
            holder = holders.get((scheme, value))
            if holder == pk:
                continue
            if holder is not None:
                report.ids_taken += 1
                continue
            holders[(scheme, value)] = pk
            labels.setdefault(pk, []).append(f"{scheme}:{value}")
            to_add.append(ExternalId(organisation_id=pk, scheme=scheme, value=value))
            if pk in existing and pk not in upsert.changed:
                organisation = existing[pk]
                upsert.touch(
                    organisation,
                    before=snapshot_known(
                        organisation,
                        [x for x in labels[pk] if x != f"{scheme}:{value}"],
                        shared_pks(organisation),
                    ),
                )
    ExternalId.objects.bulk_create(to_add, batch_size=BATCH)
    report.ids_added = len(to_add)

    # Second pass: parents, now that every organisation of the file has an ID.
    parent_changed: list[Organisation] = []
    new_by_pk = {organisation.pk: organisation for organisation in upsert.new}
    for record in parsed:
        if not record.parent_ror_ids:
            continue
        pk = by_ror[record.ror_id]
        target_org = existing[pk] if pk in existing else new_by_pk[pk]
        parent_pk = next(
            (by_ror[p] for p in record.parent_ror_ids if p in by_ror and by_ror[p] != pk), None
        )
        if parent_pk is None:
            report.parents_missing += 1
            continue
        if target_org.parent_id == parent_pk:
            continue
        upsert.touch(target_org)
        target_org.parent_id = parent_pk
        report.parents_linked += 1
        if upsert.is_new(target_org):
            parent_changed.append(target_org)
    Organisation.objects.bulk_update(parent_changed, ["parent"], batch_size=BATCH)
    upsert.update()

    report.created = upsert.created_count
    report.updated = upsert.updated_count
    report.unchanged = upsert.unchanged_count
    log_bulk_history(
        actor, upsert.new, upsert.changed, upsert.befores, labels, request_id="ror-import"
    )


def log_bulk_history(
    actor: Any,
    new_orgs: list[Organisation],
    changed: dict[int, Organisation],
    befores: dict[int, dict[str, Any]],
    labels: dict[int, list[str]],
    *,
    request_id: str,
) -> None:
    """One history entry per created or changed organisation, written in bulk
    (shared by the organisation importers; ``request_id`` names the import)."""
    new_ids = {id(organisation) for organisation in new_orgs}
    log_bulk_changes(
        actor,
        Organisation,
        new_orgs,
        changed,
        befores,
        lambda org: snapshot_known(
            org, labels.get(org.pk, []), [] if id(org) in new_ids else shared_pks(org)
        ),
        request_id=request_id,
    )
