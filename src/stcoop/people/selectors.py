"""Reads of people, always narrowed to what the actor may see."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from stcoop.core.permissions import visible
from stcoop.organisations.models import Organisation
from stcoop.people.filtersets import PersonFilterSet
from stcoop.people.models import Affiliation, Person


def person_list(*, actor: Any, filters: Mapping[str, Any] | None = None) -> QuerySet[Person]:
    """The people ``actor`` may see, optionally narrowed by ``filters`` (parameters of
    :class:`PersonFilterSet`; invalid values are ignored)."""
    queryset = visible(
        actor,
        Person.objects.select_related(
            "owner_unit", "created_by", "nationality", "user"
        ).prefetch_related(
            "shared_with",
            Prefetch("affiliations", queryset=Affiliation.objects.select_related("organisation")),
            "publications",
        ),
    )
    if filters:
        queryset = PersonFilterSet(filters, queryset=queryset).qs
    return queryset


def person_get(*, actor: Any, pk: Any) -> Person:
    """The person ``pk`` if ``actor`` may see them.

    Raises:
        Http404: no such person, or the actor may not see them.
    """
    try:
        return person_list(actor=actor).get(pk=pk)
    except (Person.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def visible_organisation_ids(*, actor: Any, person: Person) -> set[int]:
    """IDs of the person's affiliated organisations that ``actor`` may see (the others
    are shown without their names)."""
    ids = {a.organisation_id for a in person.affiliations.all()}
    return set(visible(actor, Organisation.objects.filter(pk__in=ids)).values_list("pk", flat=True))
