"""Reads of organisations, always narrowed to what the actor may see."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from stcoop.core.permissions import visible
from stcoop.organisations.filtersets import OrganisationFilterSet
from stcoop.organisations.models import ExternalId, Organisation


def organisation_list(
    *, actor: Any, filters: Mapping[str, Any] | None = None
) -> QuerySet[Organisation]:
    """The organisations ``actor`` may see, optionally narrowed by ``filters``
    (parameters of :class:`OrganisationFilterSet`; invalid values are ignored)."""
    queryset = visible(
        actor,
        Organisation.objects.select_related(
            "owner_unit", "created_by", "country", "parent", "merged_into"
        ).prefetch_related("shared_with", "external_ids"),
    )
    if filters:
        queryset = OrganisationFilterSet(filters, queryset=queryset).qs
    return queryset


def organisation_get(*, actor: Any, pk: Any) -> Organisation:
    """The organisation ``pk`` if ``actor`` may see it.

    Raises:
        Http404: no such organisation, or the actor may not see it.
    """
    try:
        return organisation_list(actor=actor).get(pk=pk)
    except (Organisation.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def organisation_children(*, actor: Any, organisation: Organisation) -> QuerySet[Organisation]:
    """The visible sub-organisations of ``organisation``."""
    return (
        visible(actor, Organisation.objects.filter(parent=organisation))
        .select_related("country")
        .prefetch_related(Prefetch("external_ids", queryset=ExternalId.objects.all()))
    )


def organisation_merged_records(
    *, actor: Any, organisation: Organisation
) -> QuerySet[Organisation]:
    """The visible records merged into ``organisation``."""
    return visible(actor, Organisation.objects.filter(merged_into=organisation))
