"""Reads of agreements and mechanisms, always narrowed to what the actor may see."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from stcoop.agreements.filtersets import AgreementFilterSet, MechanismFilterSet
from stcoop.agreements.models import Agreement, Mechanism, MechanismMeeting
from stcoop.core.permissions import visible
from stcoop.geo.models import Country
from stcoop.organisations.models import Organisation


def agreement_list(*, actor: Any, filters: Mapping[str, Any] | None = None) -> QuerySet[Agreement]:
    """The agreements ``actor`` may see, optionally narrowed by ``filters`` (parameters of
    :class:`AgreementFilterSet`; invalid values are ignored)."""
    queryset = visible(
        actor,
        Agreement.objects.select_related("owner_unit", "created_by", "parent").prefetch_related(
            "shared_with", "countries", "signatories"
        ),
    )
    if filters:
        queryset = AgreementFilterSet(filters, queryset=queryset).qs
    return queryset


def agreement_get(*, actor: Any, pk: Any) -> Agreement:
    """The agreement ``pk`` if ``actor`` may see it.

    Raises:
        Http404: no such agreement, or the actor may not see it.
    """
    try:
        return agreement_list(actor=actor).get(pk=pk)
    except (Agreement.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def mechanism_list(*, actor: Any, filters: Mapping[str, Any] | None = None) -> QuerySet[Mechanism]:
    """The mechanisms ``actor`` may see, with their sessions, optionally filtered."""
    queryset = visible(
        actor,
        Mechanism.objects.select_related("owner_unit", "created_by", "agreement").prefetch_related(
            "shared_with",
            "countries",
            "chinese_leads",
            "partner_leads",
            Prefetch("meetings", queryset=MechanismMeeting.objects.select_related("country")),
        ),
    )
    if filters:
        queryset = MechanismFilterSet(filters, queryset=queryset).qs
    return queryset


def mechanism_get(*, actor: Any, pk: Any) -> Mechanism:
    """The mechanism ``pk`` if ``actor`` may see it.

    Raises:
        Http404: no such mechanism, or the actor may not see it.
    """
    try:
        return mechanism_list(actor=actor).get(pk=pk)
    except (Mechanism.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def visible_organisations(*, actor: Any, organisations: list[Organisation]) -> list[Organisation]:
    """Those of ``organisations`` the actor may see (the others are not named)."""
    ids = set(
        visible(
            actor, Organisation.objects.filter(pk__in=[o.pk for o in organisations])
        ).values_list("pk", flat=True)
    )
    return [o for o in organisations if o.pk in ids]


def visible_or_none(actor: Any, record: Any) -> Any:
    """``record`` if ``actor`` may see it, else ``None``."""
    if record is None:
        return None
    return visible(actor, type(record)._default_manager.filter(pk=record.pk)).first()


def country_agreements(*, actor: Any, country: Country) -> QuerySet[Agreement]:
    """The agreements with ``country`` as a partner that ``actor`` may see."""
    return agreement_list(actor=actor).filter(countries=country)


def country_mechanisms(*, actor: Any, country: Country) -> QuerySet[Mechanism]:
    """The mechanisms with ``country`` as a partner that ``actor`` may see."""
    return mechanism_list(actor=actor).filter(countries=country)
