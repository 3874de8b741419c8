"""Reads of programmes and projects, always narrowed to what the actor may see."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.urls import reverse

from stcoop.core.permissions import visible
from stcoop.organisations.models import Organisation
from stcoop.projects.choices import FundingSource, OutputKind
from stcoop.projects.filtersets import ProgrammeFilterSet, ProjectFilterSet
from stcoop.projects.models import Output, Participation, Programme, Project, ProjectFunding


def programme_list(*, actor: Any, filters: Mapping[str, Any] | None = None) -> QuerySet[Programme]:
    """The programmes ``actor`` may see, optionally narrowed by ``filters`` (parameters
    of :class:`ProgrammeFilterSet`; invalid values are ignored)."""
    queryset = visible(
        actor,
        Programme.objects.select_related(
            "owner_unit", "created_by", "parent", "funder"
        ).prefetch_related("shared_with", "budget_lines"),
    )
    if filters:
        queryset = ProgrammeFilterSet(filters, queryset=queryset).qs
    return queryset


def programme_get(*, actor: Any, pk: Any) -> Programme:
    """The programme ``pk`` if ``actor`` may see it.

    Raises:
        Http404: no such programme, or the actor may not see it.
    """
    try:
        return programme_list(actor=actor).get(pk=pk)
    except (Programme.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def programme_children(*, actor: Any, programme: Programme) -> QuerySet[Programme]:
    """The visible sub-programmes of ``programme``."""
    return visible(actor, Programme.objects.filter(parent=programme))


def project_list(*, actor: Any, filters: Mapping[str, Any] | None = None) -> QuerySet[Project]:
    """The projects ``actor`` may see, optionally narrowed by ``filters`` (parameters of
    :class:`ProjectFilterSet`; invalid values are ignored)."""
    queryset = visible(
        actor,
        Project.objects.select_related("owner_unit", "created_by", "programme").prefetch_related(
            "shared_with",
            Prefetch(
                "participations",
                queryset=Participation.objects.select_related("organisation", "country"),
            ),
            Prefetch("funding", queryset=ProjectFunding.objects.select_related("funder")),
            Prefetch("outputs", queryset=Output.objects.select_related("partner_country")),
        ),
    )
    if filters:
        queryset = ProjectFilterSet(filters, queryset=queryset).qs
    return queryset


def project_get(*, actor: Any, pk: Any) -> Project:
    """The project ``pk`` if ``actor`` may see it.

    Raises:
        Http404: no such project, or the actor may not see it.
    """
    try:
        return project_list(actor=actor).get(pk=pk)
    except (Project.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def visible_organisation_ids(*, actor: Any, ids: set[int]) -> set[int]:
    """Those of ``ids`` that name organisations ``actor`` may see (the others are shown
    by the name given, without a link)."""
    ids = {i for i in ids if i is not None}
    if not ids:
        return set()
    return set(visible(actor, Organisation.objects.filter(pk__in=ids)).values_list("pk", flat=True))


def totals_by_source(lines: Any) -> list[dict[str, Any]]:
    """Rows ``{source, label, amounts: {currency: total}}`` in the order of
    :class:`FundingSource`, plus a last row ``source=None`` with the totals by currency."""
    by_source: dict[str, dict[str, Decimal]] = {}
    overall: dict[str, Decimal] = OrderedDict()
    for line in lines:
        amounts = by_source.setdefault(line.source, {})
        amounts[line.currency] = amounts.get(line.currency, Decimal(0)) + line.amount
        overall[line.currency] = overall.get(line.currency, Decimal(0)) + line.amount
    rows: list[dict[str, Any]] = [
        {"source": source, "label": label, "amounts": dict(sorted(by_source[source].items()))}
        for source, label in FundingSource.choices
        if source in by_source
    ]
    if rows:
        rows.append({"source": None, "label": None, "amounts": dict(sorted(overall.items()))})
    return rows


def outputs_by_kind(outputs: Any) -> list[dict[str, Any]]:
    """Outputs grouped by kind (in the order of :class:`OutputKind`), each group with
    its items, the contract values by currency (transfer contracts) and the number of
    people (people trained)."""
    groups: dict[str, list[Output]] = {}
    for output in outputs:
        groups.setdefault(output.kind, []).append(output)
    result = []
    for kind, label in OutputKind.choices:
        items = groups.get(kind)
        if not items:
            continue
        values: dict[str, Decimal] = {}
        for item in items:
            if item.value is not None:
                values[item.currency] = values.get(item.currency, Decimal(0)) + item.value
        result.append(
            {
                "kind": kind,
                "label": label,
                "items": items,
                "values": dict(sorted(values.items())),
                "people": sum(item.quantity or 0 for item in items),
            }
        )
    return result


def organisation_projects(*, actor: Any, organisation: Organisation) -> QuerySet[Project]:
    """The visible projects ``organisation`` takes part in, newest first."""
    return (
        visible(actor, Project.objects.filter(participations__organisation=organisation))
        .distinct()
        .select_related("programme")
    )


def organisation_projects_summary(
    *, actor: Any, organisation: Organisation, limit: int = 10
) -> dict[str, Any]:
    """For the organisation's page: the first ``limit`` visible projects it takes part
    in, their total, and the project list filtered to it."""
    projects = organisation_projects(actor=actor, organisation=organisation)
    return {
        "items": list(projects[:limit]),
        "total": projects.count(),
        "url": reverse("projects:list") + f"?organisation={organisation.pk}",
    }
