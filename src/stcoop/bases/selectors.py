"""Reads of bases and self-reports, always narrowed to what the actor may see."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import Count, QuerySet
from django.http import Http404

from stcoop.bases.choices import BaseKind, BaseStatus
from stcoop.bases.filtersets import BaseFilterSet, SelfReportFilterSet
from stcoop.bases.models import CooperationBase, SelfReport
from stcoop.core.permissions import visible
from stcoop.organisations.models import Organisation


def base_list(*, actor: Any, filters: Mapping[str, Any] | None = None) -> QuerySet[CooperationBase]:
    """The bases ``actor`` may see, optionally narrowed by ``filters`` (parameters of
    :class:`BaseFilterSet`; invalid values are ignored)."""
    queryset = visible(
        actor,
        CooperationBase.objects.select_related(
            "owner_unit", "created_by", "host_organisation", "country"
        ).prefetch_related("shared_with", "partner_countries", "partner_organisations"),
    )
    if filters:
        queryset = BaseFilterSet(filters, queryset=queryset).qs
    return queryset


def base_get(*, actor: Any, pk: Any) -> CooperationBase:
    """The base ``pk`` if ``actor`` may see it.

    Raises:
        Http404: no such base, or the actor may not see it.
    """
    try:
        return base_list(actor=actor).get(pk=pk)
    except (CooperationBase.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def base_summary(queryset: QuerySet[CooperationBase]) -> dict[str, list[tuple[str, str, int]]]:
    """Counts of ``queryset`` by kind and by status: ``(code, label, count)`` in the
    order of the choices, every choice listed (zero included)."""
    plain = queryset.order_by().values("pk")
    rows = CooperationBase.objects.filter(pk__in=plain).order_by()
    by_kind = dict(rows.values_list("kind").annotate(n=Count("pk")))
    by_status = dict(rows.values_list("status").annotate(n=Count("pk")))
    return {
        "kind": [(code, str(label), by_kind.get(code, 0)) for code, label in BaseKind.choices],
        "status": [
            (code, str(label), by_status.get(code, 0)) for code, label in BaseStatus.choices
        ],
    }


def visible_partner_organisations(*, actor: Any, base: CooperationBase) -> list[Organisation]:
    """The base's partner organisations that ``actor`` may see."""
    ids = [o.pk for o in base.partner_organisations.all()]
    return list(visible(actor, Organisation.objects.filter(pk__in=ids)).order_by("name_en"))


def report_list(*, actor: Any, filters: Mapping[str, Any] | None = None) -> QuerySet[SelfReport]:
    """The self-reports ``actor`` may see, optionally narrowed by ``filters``
    (parameters of :class:`SelfReportFilterSet`)."""
    queryset = visible(
        actor,
        SelfReport.objects.select_related(
            "base", "owner_unit", "created_by", "submitted_by", "reviewed_by"
        ).prefetch_related("shared_with"),
    )
    if filters:
        queryset = SelfReportFilterSet(filters, queryset=queryset).qs
    return queryset


def report_get(*, actor: Any, pk: Any) -> SelfReport:
    """The report ``pk`` if ``actor`` may see it.

    Raises:
        Http404: no such report, or the actor may not see it.
    """
    try:
        return report_list(actor=actor).get(pk=pk)
    except (SelfReport.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
