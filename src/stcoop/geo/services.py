"""Writes to reference data: loading the packages, and maintaining grouping members.

Every service takes the acting user first (keyword-only), checks permission before
anything else, runs in one transaction and records each change in the history.
``actor=None`` means the system itself (the loader run by ``stcoop import reference``,
the demo generator); web pages and the API always pass the signed-in user, so an
anonymous visitor is refused.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stcoop.core.changelog import log_change
from stcoop.core.choices import ChangeAction
from stcoop.core.permissions import Action, require
from stcoop.core.services import record_update
from stcoop.geo.imports import COLUMNS, ImportReport, ImportRow, RowError, row_values
from stcoop.geo.loader import LoadReport, ProgressCallback, load_all
from stcoop.geo.models import Country, Grouping, GroupingMembership

__all__ = [
    "DEMO_NOTE",
    "DEMO_SOURCE",
    "LoadReport",
    "grouping_demo_members_add",
    "grouping_demo_members_remove",
    "grouping_member_add",
    "grouping_member_remove",
    "grouping_members_import",
    "grouping_source_update",
    "reference_data_load",
]

#: The note on every membership the demo generator adds.
DEMO_NOTE = "DEMO DATA – generated sample, not an official list"
#: The source label a demo list gives a grouping that had none.
DEMO_SOURCE = "STCoop demo generator – DEMO DATA, not an official list"

#: Grouping fields an administrator may edit on a maintained grouping.
SOURCE_FIELDS = (
    "source_name",
    "source_url",
    "source_version",
    "source_date",
    "last_reviewed",
    "description_zh_hans",
    "description_en",
)


def _require_change(actor: Any, record: Any) -> None:
    if actor is not None:
        require(actor, Action.CHANGE, record)


def _require_editable(grouping: Grouping) -> None:
    if not grouping.is_editable:
        raise ValidationError(
            {
                "grouping": [
                    _(
                        "The members of {name} come from {source} and are reloaded from it; "
                        "they cannot be edited here."
                    ).format(name=grouping.name, source=grouping.source_name or grouping.code)
                ]
            }
        )


def _open_membership(grouping: Grouping, country: Country) -> GroupingMembership | None:
    return GroupingMembership.objects.filter(
        grouping=grouping, country=country, valid_to__isnull=True
    ).first()


def overlap_error(
    grouping: Grouping, country: Country, valid_from: datetime.date | None
) -> str | None:
    """Why an open-ended membership from ``valid_from`` would clash with past rows, if it would."""
    past = GroupingMembership.objects.filter(
        grouping=grouping, country=country, valid_to__isnull=False
    ).order_by("-valid_to")
    for row in past:
        if valid_from is None or row.valid_to is None or row.valid_to > valid_from:
            return _(
                "{country} was already a member until {until}; give a start date on or "
                "after that day."
            ).format(country=country.name, until=row.valid_to)
    return None


# ---------------------------------------------------------------- loading
def reference_data_load(
    *, actor: Any = None, progress: ProgressCallback | None = None
) -> LoadReport:
    """Load regions, countries, groupings and memberships from the installed packages.

    Idempotent: a second run creates and updates nothing. Groupings maintained by
    administrators (Belt and Road) are created if missing and their members left alone.

    Args:
        actor: the administrator running it, or ``None`` for the system.
        progress: called as ``progress(description, done, total)``.

    Raises:
        PermissionDenied: ``actor`` may not change reference data.
    """
    if actor is not None:
        require(actor, Action.CHANGE, Country)
    with transaction.atomic():
        return load_all(actor=actor, progress=progress)


# ---------------------------------------------------------------- members one by one
@transaction.atomic
def grouping_member_add(
    *,
    actor: Any,
    grouping: Grouping,
    country: Country,
    valid_from: datetime.date | None = None,
    note: str = "",
) -> GroupingMembership:
    """Make ``country`` a member of ``grouping`` from ``valid_from`` (empty: not recorded).

    Raises:
        PermissionDenied: ``actor`` may not change the grouping.
        ValidationError: the grouping is loaded from a package, the country is already a
            member, or the new period overlaps an earlier membership.
    """
    _require_change(actor, grouping)
    _require_editable(grouping)
    if _open_membership(grouping, country) is not None:
        raise ValidationError(
            {
                "country": [
                    _("{country} is already a member of {grouping}.").format(
                        country=country.name, grouping=grouping.name
                    )
                ]
            }
        )
    overlap = overlap_error(grouping, country, valid_from)
    if overlap:
        raise ValidationError({"valid_from": [overlap]})
    membership = GroupingMembership(
        grouping=grouping, country=country, valid_from=valid_from, note=note.strip()
    )
    membership.full_clean()
    membership.save()
    log_change(actor=actor, instance=membership, action=ChangeAction.CREATE)
    return membership


@transaction.atomic
def grouping_member_remove(
    *,
    actor: Any,
    grouping: Grouping,
    country: Country,
    valid_to: datetime.date | None = None,
    note: str = "",
) -> GroupingMembership:
    """End ``country``'s membership of ``grouping``: it is no longer a member from ``valid_to``.

    The membership row is kept, with its end date, so the history shows the country was
    a member until then. ``valid_to`` defaults to today; ``note`` replaces the row's note
    when given.

    Raises:
        PermissionDenied: ``actor`` may not change the grouping.
        ValidationError: the grouping is loaded from a package, the country is not a
            member, or the end date is not after the start date.
    """
    _require_change(actor, grouping)
    _require_editable(grouping)
    membership = _open_membership(grouping, country)
    if membership is None:
        raise ValidationError(
            {
                "country": [
                    _("{country} is not a member of {grouping}.").format(
                        country=country.name, grouping=grouping.name
                    )
                ]
            }
        )
    end = valid_to or timezone.localdate()
    if membership.valid_from is not None and end <= membership.valid_from:
        raise ValidationError(
            {
                "valid_to": [
                    _("The end date must be after the start date ({start}).").format(
                        start=membership.valid_from
                    )
                ]
            }
        )
    before = membership.snapshot()
    membership.valid_to = end
    if note.strip():
        membership.note = note.strip()
    membership.save()
    log_change(actor=actor, instance=membership, action=ChangeAction.UPDATE, before=before)
    return membership


# ---------------------------------------------------------------- member files
def apply_member_row(actor: Any, grouping: Grouping, row: ImportRow) -> None:
    """Write one checked import row (``create`` or ``update``); permission already checked."""
    if row.action == "create":
        membership = GroupingMembership.objects.create(
            grouping=grouping, country=row.country, valid_from=row.valid_from, note=row.note
        )
        log_change(actor=actor, instance=membership, action=ChangeAction.CREATE)
        return
    membership = GroupingMembership.objects.get(
        grouping=grouping, country=row.country, valid_to__isnull=True
    )
    before = membership.snapshot()
    if row.valid_from is not None:
        membership.valid_from = row.valid_from
    if row.note:
        membership.note = row.note
    membership.save()
    log_change(actor=actor, instance=membership, action=ChangeAction.UPDATE, before=before)


def grouping_members_import(
    *,
    actor: Any,
    grouping: Grouping,
    rows: Iterable[Mapping[str, Any]],
    dry_run: bool = False,
    first_row: int = 2,
) -> ImportReport:
    """Add or update members of ``grouping`` from file rows, all or nothing.

    Each row names a country (``iso``: alpha-2, alpha-3 or numeric code, or the name in
    Chinese or English) and optionally ``valid_from`` and ``note``. A country not yet a
    member is added; a current member gets the row's start date and note where they
    differ; members the file does not list are left as they are. Running the same file
    again changes nothing.

    Args:
        actor: the administrator importing, or ``None`` for the system.
        grouping: a grouping maintained by administrators.
        rows: mappings from column name to cell value (see :mod:`stcoop.geo.imports`).
        dry_run: check and report what would happen without writing anything.
        first_row: the file row number of the first item (2: the row after the header).

    Returns:
        The report. When it has errors nothing was written; otherwise, unless
        ``dry_run``, every row was applied.

    Raises:
        PermissionDenied: ``actor`` may not change the grouping.
        ValidationError: the grouping's members come from a package.
    """
    from stcoop.core.imports.reading import Table
    from stcoop.core.imports.run import import_apply, import_preview
    from stcoop.geo.import_specs import GroupingMembersSpec

    _require_change(actor, grouping)
    _require_editable(grouping)
    report = ImportReport(grouping_code=grouping.code, dry_run=dry_run)
    cells = [row_values(row) for row in rows]
    table = Table(
        filename="",
        header=list(COLUMNS),
        rows=[[values.get(column, "") for column in COLUMNS] for values in cells],
        first_row=first_row,
    )
    spec = GroupingMembersSpec(grouping)
    run = (import_preview if dry_run else import_apply)(spec, table, actor)
    report.errors = [
        RowError(problem.row, problem.column or "", problem.message) for problem in run.problems
    ]
    report.rows = [
        ImportRow(
            result.row,
            result.values["iso"],
            result.values.get("valid_from"),
            result.values.get("note") or "",
            str(result.action),
        )
        for result in run.rows
        if not result.problems
    ]
    report.applied = bool(getattr(run, "applied", False)) and not dry_run
    return report


# ---------------------------------------------------------------- sources and demo
def grouping_source_update(
    *, actor: Any, grouping: Grouping, fields: Mapping[str, Any]
) -> Grouping:
    """Change the source, review date or description of an administrator-maintained grouping.

    Raises:
        PermissionDenied: ``actor`` may not change the grouping.
        ValidationError: the grouping is loaded from a package, or a field is not one of
            :data:`SOURCE_FIELDS` or is invalid.
    """
    require(actor, Action.CHANGE, grouping)
    _require_editable(grouping)
    unknown = sorted(set(fields) - set(SOURCE_FIELDS))
    if unknown:
        raise ValidationError(
            {
                name: [_("This field cannot be set here: {name}").format(name=name)]
                for name in unknown
            }
        )
    return record_update(actor=actor, record=grouping, fields=fields)


@transaction.atomic
def grouping_demo_members_add(
    *,
    actor: Any,
    iso2_codes: Iterable[str],
    grouping_code: str = "bri",
    valid_from: datetime.date | None = None,
) -> int:
    """Add a demo member list to a maintained grouping, each row labelled :data:`DEMO_NOTE`.

    For the demo generator only: it labels the grouping's source as demo data when no
    source is recorded. Countries already members are skipped, so running it again adds
    nothing. Returns the number of memberships added.
    """
    grouping = Grouping.objects.get(code=grouping_code)
    _require_change(actor, grouping)
    _require_editable(grouping)
    added = 0
    for country in Country.objects.filter(iso2__in=[c.upper() for c in iso2_codes]):
        if _open_membership(grouping, country) is None:
            grouping_member_add(
                actor=actor,
                grouping=grouping,
                country=country,
                valid_from=valid_from,
                note=DEMO_NOTE,
            )
            added += 1
    if not grouping.source_name:
        _set_source_name(actor, grouping, DEMO_SOURCE)
    return added


def _set_source_name(actor: Any, grouping: Grouping, value: str) -> None:
    """Set the source label (permission already checked by the caller)."""
    before = grouping.snapshot()
    grouping.source_name = value
    grouping.save()
    log_change(actor=actor, instance=grouping, action=ChangeAction.UPDATE, before=before)


@transaction.atomic
def grouping_demo_members_remove(*, actor: Any, grouping_code: str = "bri") -> int:
    """Delete the memberships :func:`grouping_demo_members_add` made (``stcoop demo --reset``)."""
    grouping = Grouping.objects.filter(code=grouping_code).first()
    if grouping is None:
        return 0
    _require_change(actor, grouping)
    removed = 0
    for membership in GroupingMembership.objects.filter(grouping=grouping, note=DEMO_NOTE):
        before = membership.snapshot()
        log_change(actor=actor, instance=membership, action=ChangeAction.DELETE, before=before)
        membership.delete()
        removed += 1
    if grouping.source_name == DEMO_SOURCE:
        _set_source_name(actor, grouping, "")
    return removed
