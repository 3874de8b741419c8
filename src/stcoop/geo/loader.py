"""Writing the packages' reference data into the database, idempotently.

:func:`stcoop.geo.services.reference_data_load` is the entry point; this module holds the
steps. Each step compares what the packages say with what is stored and writes only the
differences, each one change-logged, so a second run reports nothing created or updated.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import worldcountrygroups
from django.utils import timezone

from stcoop.core.changelog import log_change
from stcoop.core.choices import ChangeAction
from stcoop.core.models import ChangeLoggedModel
from stcoop.geo.models import Country, Grouping, GroupingMembership, Region
from stcoop.geo.reference import classification, curated, sources
from stcoop.geo.reference.groupings import GROUPINGS, GroupingSpec

#: ``progress(description, done, total)``, as :mod:`stcoop.cli.progress` defines it.
ProgressCallback = Callable[[str, int, int], None]

KINDS = ("regions", "countries", "groupings", "memberships")


@dataclass
class LoadReport(Mapping[str, int]):
    """What a reference-data load did, per kind of record.

    As a mapping it gives the number of records *created* per kind (``regions``,
    ``countries``, ``groupings``, ``memberships``), which is what callers that only count
    new records (the demo generator) read.
    """

    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)
    ended: Counter[str] = field(default_factory=Counter)
    deleted: Counter[str] = field(default_factory=Counter)

    def __getitem__(self, kind: str) -> int:
        if kind not in KINDS:
            raise KeyError(kind)
        return self.created[kind]

    def __iter__(self) -> Iterator[str]:
        return iter(KINDS)

    def __len__(self) -> int:
        return len(KINDS)

    @property
    def total_created(self) -> int:
        """Records created, all kinds together."""
        return sum(self.created.values())

    @property
    def total_updated(self) -> int:
        """Records changed (memberships ended included), all kinds together."""
        return sum(self.updated.values()) + sum(self.ended.values())

    @property
    def changed(self) -> bool:
        """Whether the load wrote anything."""
        return bool(self.total_created or self.total_updated or sum(self.deleted.values()))

    def summary(self) -> str:
        """One line per kind: created, updated, unchanged (English, for logs and the CLI)."""
        return "\n".join(
            f"{kind}: {self.created[kind]} created, "
            f"{self.updated[kind] + self.ended[kind]} updated, "
            f"{self.unchanged[kind]} unchanged"
            + (f", {self.deleted[kind]} deleted" if self.deleted[kind] else "")
            for kind in KINDS
        )


class _Writer:
    """Creates and updates records, logging each change and counting it in the report."""

    def __init__(self, actor: Any, report: LoadReport) -> None:
        self.actor = actor
        self.report = report

    def create(self, kind: str, model: type[ChangeLoggedModel], values: dict[str, Any]) -> Any:
        record = model(**values)
        record.save()
        log_change(actor=self.actor, instance=record, action=ChangeAction.CREATE)
        self.report.created[kind] += 1
        return record

    def update(self, kind: str, record: ChangeLoggedModel, values: dict[str, Any]) -> bool:
        """Set ``values`` on ``record`` if any differs; return whether it changed."""
        changed = {k: v for k, v in values.items() if getattr(record, k) != v}
        if not changed:
            self.report.unchanged[kind] += 1
            return False
        before = record.snapshot()
        for name, value in changed.items():
            setattr(record, name, value)
        record.save()
        log_change(actor=self.actor, instance=record, action=ChangeAction.UPDATE, before=before)
        self.report.updated[kind] += 1
        return True

    def delete(self, kind: str, record: ChangeLoggedModel) -> None:
        before = record.snapshot()
        log_change(actor=self.actor, instance=record, action=ChangeAction.DELETE, before=before)
        record.delete()
        self.report.deleted[kind] += 1


def _tick(progress: ProgressCallback | None, description: str, done: int, total: int) -> None:
    if progress is not None:
        progress(description, done, total)


# ---------------------------------------------------------------- regions and countries
def load_regions(writer: _Writer, progress: ProgressCallback | None) -> dict[str, Region]:
    """Create or update the M49 regions; return them by code."""
    rows = sources.region_rows()
    stored = {region.code: region for region in Region.objects.all()}
    for done, row in enumerate(rows, start=1):
        parent = stored[row.parent_code] if row.parent_code else None
        values = {
            "level": row.level.value,
            "parent_id": parent.pk if parent else None,
            "name_zh_hans": row.name_zh_hans,
            "name_en": row.name_en,
        }
        if row.code in stored:
            writer.update("regions", stored[row.code], values)
        else:
            stored[row.code] = writer.create("regions", Region, {"code": row.code, **values})
        _tick(progress, "Regions", done, len(rows))
    return stored


def load_countries(
    writer: _Writer, regions: dict[str, Region], progress: ProgressCallback | None
) -> dict[str, Country]:
    """Create or update every ISO 3166-1 entry; mark stored codes ISO withdrew inactive."""
    rows = sources.country_rows()
    stored = {country.iso2: country for country in Country.objects.all()}

    def region_id(code: str | None) -> int | None:
        return regions[code].pk if code else None

    for done, row in enumerate(rows, start=1):
        values = {
            "iso3": row.iso3,
            "numeric": row.numeric,
            "name_zh_hans": row.name_zh_hans,
            "name_en": row.name_en,
            "official_name": row.official_name,
            "alt_names": row.alt_names,
            "region_id": region_id(row.region_code),
            "sub_region_id": region_id(row.sub_region_code),
            "intermediate_region_id": region_id(row.intermediate_region_code),
            "income_group": row.income_group,
            "is_independent": row.is_independent,
            "is_active": True,
            "latitude": row.latitude,
            "longitude": row.longitude,
        }
        if row.iso2 in stored:
            writer.update("countries", stored[row.iso2], values)
        else:
            stored[row.iso2] = writer.create("countries", Country, {"iso2": row.iso2, **values})
        _tick(progress, "Countries", done, len(rows))
    current = {row.iso2 for row in rows}
    for iso2, country in stored.items():
        if iso2 not in current:
            writer.update("countries", country, {"is_active": False})
    return stored


# ---------------------------------------------------------------- memberships wanted
@dataclass(frozen=True)
class Wanted:
    """A membership the sources call for."""

    iso2: str
    valid_from: datetime.date | None
    valid_to: datetime.date | None
    note: str


def _package_members(spec: GroupingSpec) -> list[Wanted]:
    group = worldcountrygroups.get_group(spec.package_group or "")
    if group is None:
        raise LookupError(f"worldcountrygroups has no group {spec.package_group!r}")
    # Entries without an ISO code are skipped: the EU in G20 is not a country. A country a
    # package lists without its code (Türkiye in G20) comes from the curated updates.
    codes = sorted({member.iso2.upper() for member in group.countries if member.iso2.strip()})
    return [Wanted(code, None, None, "") for code in codes]


def _with_updates(spec: GroupingSpec, members: list[Wanted]) -> list[Wanted]:
    updates = curated.updates_for(spec.code)
    replaced = {update.iso2 for update in updates}
    kept = [member for member in members if member.iso2 not in replaced]
    added = [
        Wanted(update.iso2, update.valid_from, update.valid_to, update.full_note)
        for update in updates
    ]
    return kept + added


def wanted_memberships(
    countries: dict[str, Country], regions: dict[str, Region]
) -> dict[str, list[Wanted]]:
    """Members of every loaded grouping, by grouping code, from packages and rules."""
    wanted: dict[str, list[Wanted]] = {}
    for spec in GROUPINGS:
        if spec.package_group:
            wanted[spec.code] = _with_updates(spec, _package_members(spec))
        elif spec.m49_sub_region:
            sub_region = regions[spec.m49_sub_region]
            wanted[spec.code] = [
                Wanted(iso2, None, None, "")
                for iso2, country in sorted(countries.items())
                if country.is_active and country.sub_region_id == sub_region.pk
            ]
    major = {
        member.iso2
        for code in ("g20", "brics")
        for member in wanted.get(code, [])
        if member.valid_to is None
    }
    economies = [
        classification.Economy(iso2, country.income_group, country.is_independent)
        for iso2, country in countries.items()
        if country.is_active
    ]
    classes = classification.classify(economies, major_emerging=major)
    for spec in GROUPINGS:
        if spec.economic_class:
            wanted[spec.code] = [
                Wanted(iso2, None, None, "") for iso2 in sorted(classes[spec.economic_class])
            ]
    return wanted


# ---------------------------------------------------------------- groupings
def load_groupings(writer: _Writer) -> dict[str, Grouping]:
    """Create the groupings; update those the loader owns (not administrator-maintained)."""
    stored = {grouping.code: grouping for grouping in Grouping.objects.all()}
    for spec in GROUPINGS:
        values = spec.fields()
        grouping = stored.get(spec.code)
        if grouping is None:
            stored[spec.code] = writer.create("groupings", Grouping, {"code": spec.code, **values})
        elif grouping.is_editable:
            # Administrators own its members, sources and texts; only the kind is ours.
            writer.update("groupings", grouping, {"kind": values["kind"]})
        else:
            writer.update("groupings", grouping, values)
    return stored


def sync_memberships(
    writer: _Writer,
    grouping: Grouping,
    wanted: list[Wanted],
    countries: dict[str, Country],
    today: datetime.date,
) -> None:
    """Make the stored memberships of a loader-owned grouping match ``wanted``.

    A stored open membership of a country the sources no longer list is ended today
    (history is kept). A stored row of a listed country that the sources now date
    differently is replaced: it was the loader's own earlier reading, not history.
    """
    stored = {
        (row.country.iso2, row.valid_from): row
        for row in GroupingMembership.objects.filter(grouping=grouping).select_related("country")
    }
    wanted_keys = {(member.iso2, member.valid_from) for member in wanted}
    listed = {member.iso2 for member in wanted}
    for key, row in sorted(stored.items(), key=lambda item: (item[0][0], str(item[0][1]))):
        if key in wanted_keys:
            continue
        if key[0] in listed:
            writer.delete("memberships", row)
        elif row.valid_to is None:
            before = row.snapshot()
            earliest = row.valid_from + datetime.timedelta(days=1) if row.valid_from else today
            row.valid_to = max(today, earliest)
            row.save()
            log_change(actor=writer.actor, instance=row, action=ChangeAction.UPDATE, before=before)
            writer.report.ended["memberships"] += 1
    for member in wanted:
        if member.iso2 not in countries:
            raise LookupError(f"grouping {grouping.code}: unknown country code {member.iso2!r}")
        values = {"valid_to": member.valid_to, "note": member.note}
        existing = stored.get((member.iso2, member.valid_from))
        if existing is not None:
            writer.update("memberships", existing, values)
            continue
        writer.create(
            "memberships",
            GroupingMembership,
            {
                "grouping_id": grouping.pk,
                "country_id": countries[member.iso2].pk,
                "valid_from": member.valid_from,
                **values,
            },
        )


def load_all(*, actor: Any, progress: ProgressCallback | None) -> LoadReport:
    """Run every step (the caller holds the transaction and has checked permission)."""
    report = LoadReport()
    writer = _Writer(actor, report)
    today = timezone.localdate()
    regions = load_regions(writer, progress)
    countries = load_countries(writer, regions, progress)
    groupings = load_groupings(writer)
    wanted = wanted_memberships(countries, regions)
    owned = [spec.code for spec in GROUPINGS if not groupings[spec.code].is_editable]
    for done, code in enumerate(owned, start=1):
        sync_memberships(writer, groupings[code], wanted.get(code, []), countries, today)
        _tick(progress, "Groupings", done, len(owned))
    return report
