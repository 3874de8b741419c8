"""Reads of policy documents, always narrowed to what the actor may see."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from stcoop.core.permissions import visible
from stcoop.policies.models import PolicyDocument


def policy_list(
    *, actor: Any, filters: Mapping[str, Any] | None = None
) -> QuerySet[PolicyDocument]:
    """The documents ``actor`` may see, optionally narrowed by ``filters`` (parameters
    of :class:`PolicyDocumentFilterSet`; invalid values are ignored)."""
    from stcoop.policies.filtersets import PolicyDocumentFilterSet

    queryset = visible(
        actor,
        PolicyDocument.objects.select_related(
            "owner_unit", "created_by", "country", "issuing_organisation"
        ).prefetch_related("shared_with"),
    )
    if filters:
        queryset = PolicyDocumentFilterSet(filters, queryset=queryset).qs
    return queryset


def policy_get(*, actor: Any, pk: Any) -> PolicyDocument:
    """The document ``pk`` if ``actor`` may see it.

    Raises:
        Http404: no such document, or the actor may not see it.
    """
    try:
        return policy_list(actor=actor).get(pk=pk)
    except (PolicyDocument.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
