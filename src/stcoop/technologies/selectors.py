"""Reads of technology profiles, always narrowed to what the actor may see."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from stcoop.core.permissions import visible
from stcoop.technologies.models import TechnologyProfile


def profile_list(
    *, actor: Any, filters: Mapping[str, Any] | None = None
) -> QuerySet[TechnologyProfile]:
    """The profiles ``actor`` may see (drafts and withdrawn ones only inside their unit),
    optionally narrowed by ``filters`` (parameters of :class:`TechnologyProfileFilterSet`;
    expired profiles are left out unless ``include_expired`` is true)."""
    from stcoop.technologies.filtersets import TechnologyProfileFilterSet

    queryset = visible(
        actor,
        TechnologyProfile.objects.select_related(
            "owner_unit",
            "created_by",
            "organisation",
            "organisation__country",
            "contact_person",
        ).prefetch_related("shared_with", "target_countries", "target_groupings"),
    )
    if filters is not None:
        queryset = TechnologyProfileFilterSet(filters, queryset=queryset).qs
    return queryset


def profile_get(*, actor: Any, pk: Any) -> TechnologyProfile:
    """The profile ``pk`` if ``actor`` may see it.

    Raises:
        Http404: no such profile, or the actor may not see it.
    """
    try:
        return profile_list(actor=actor).get(pk=pk)
    except (TechnologyProfile.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
