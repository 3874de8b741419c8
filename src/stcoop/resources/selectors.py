"""Reads of shared resources, always narrowed to what the actor may see."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import BooleanField, Case, Q, QuerySet, Value, When
from django.http import Http404

from stcoop.core.permissions import ADMIN_ROLES, role_of, visible
from stcoop.organisations.models import Organisation
from stcoop.resources.filtersets import SharedResourceFilterSet
from stcoop.resources.models import SharedResource


def resource_list(
    *, actor: Any, filters: Mapping[str, Any] | None = None
) -> QuerySet[SharedResource]:
    """The resources ``actor`` may see, optionally narrowed by ``filters`` (parameters
    of :class:`SharedResourceFilterSet`; invalid values are ignored)."""
    queryset = visible(
        actor,
        SharedResource.objects.select_related(
            "owner_organisation", "country", "owner_unit", "created_by"
        ).prefetch_related("shared_with"),
    )
    if filters:
        queryset = SharedResourceFilterSet(filters, queryset=queryset).qs
    return queryset


def resource_get(*, actor: Any, pk: Any) -> SharedResource:
    """The resource ``pk`` if ``actor`` may see it.

    Raises:
        Http404: no such resource, or the actor may not see it.
    """
    try:
        return resource_list(actor=actor).get(pk=pk)
    except (SharedResource.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def organisation_related(*, actor: Any, organisation: Organisation) -> dict[str, Any]:
    """Context for the organisation page: the visible resources it owns."""
    return {
        "shared_resources": list(resource_list(actor=actor).filter(owner_organisation=organisation))
    }


def contact_visible_q(actor: Any) -> Q:
    """The resources whose contact ``actor`` may see, as a condition (same rule as
    :func:`stcoop.core.permissions.may_see_contact` for records about no person)."""
    role = role_of(actor)
    if role in ADMIN_ROLES:
        return Q(pk__isnull=False)
    unit = getattr(actor, "unit", None) if role == "unit_admin" else None
    if unit is None:
        return Q(pk__in=[])
    return Q(owner_unit__path__startswith=unit.path)


def with_contact_permission(
    actor: Any, resources: QuerySet[SharedResource]
) -> QuerySet[SharedResource]:
    """``resources`` with ``contact_visible`` set on each: whether ``actor`` may see the
    contact."""
    return resources.annotate(
        contact_visible=Case(
            When(contact_visible_q(actor), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )
