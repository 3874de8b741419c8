"""Reads of memberships and big-science programmes, always narrowed to what the actor
may see."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils.translation import gettext

from stcoop.core.permissions import visible
from stcoop.memberships.filtersets import MembershipFilterSet, ProgrammeFilterSet
from stcoop.memberships.models import (
    BigScienceProgramme,
    InternationalMembership,
    ProgrammeParticipation,
)
from stcoop.organisations.models import Organisation


def membership_list(
    *, actor: Any, filters: Mapping[str, Any] | None = None
) -> QuerySet[InternationalMembership]:
    """The memberships ``actor`` may see, optionally narrowed by ``filters``
    (parameters of :class:`MembershipFilterSet`; invalid values are ignored)."""
    queryset = visible(
        actor,
        InternationalMembership.objects.select_related(
            "organisation", "member_country", "member_organisation", "owner_unit", "created_by"
        ).prefetch_related("shared_with"),
    )
    if filters:
        queryset = MembershipFilterSet(filters, queryset=queryset).qs
    return queryset


def membership_get(*, actor: Any, pk: Any) -> InternationalMembership:
    """The membership ``pk`` if ``actor`` may see it.

    Raises:
        Http404: no such membership, or the actor may not see it.
    """
    try:
        return membership_list(actor=actor).get(pk=pk)
    except (InternationalMembership.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def programme_list(
    *, actor: Any, filters: Mapping[str, Any] | None = None
) -> QuerySet[BigScienceProgramme]:
    """The programmes ``actor`` may see (participations prefetched), optionally narrowed
    by ``filters`` (parameters of :class:`ProgrammeFilterSet`)."""
    queryset = visible(
        actor,
        BigScienceProgramme.objects.select_related(
            "host_country", "owner_unit", "created_by"
        ).prefetch_related(
            "shared_with",
            Prefetch(
                "participations",
                queryset=ProgrammeParticipation.objects.select_related("country", "organisation"),
            ),
        ),
    )
    if filters:
        queryset = ProgrammeFilterSet(filters, queryset=queryset).qs
    return queryset


def programme_get(*, actor: Any, pk: Any) -> BigScienceProgramme:
    """The programme ``pk`` if ``actor`` may see it.

    Raises:
        Http404: no such programme, or the actor may not see it.
    """
    try:
        return programme_list(actor=actor).get(pk=pk)
    except (BigScienceProgramme.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def visible_organisation_ids(*, actor: Any, ids: Iterable[int | None]) -> set[int]:
    """Those of ``ids`` naming organisations ``actor`` may see (the others are shown
    without their names)."""
    wanted = {pk for pk in ids if pk is not None}
    if not wanted:
        return set()
    return set(
        visible(actor, Organisation.objects.filter(pk__in=wanted)).values_list("pk", flat=True)
    )


def organisation_memberships(
    *, actor: Any, organisation: Organisation
) -> dict[str, list[InternationalMembership]]:
    """The visible memberships of ``organisation``: ``members`` (it is the international
    organisation) and ``member_of`` (it is the member)."""
    memberships = membership_list(actor=actor)
    return {
        "members": list(memberships.filter(organisation=organisation)),
        "member_of": list(memberships.filter(member_organisation=organisation)),
    }


def organisation_programmes(*, actor: Any, organisation: Organisation) -> list[BigScienceProgramme]:
    """The visible programmes ``organisation`` takes part in."""
    return list(
        programme_list(actor=actor).filter(participations__organisation=organisation).distinct()
    )


def organisation_related(*, actor: Any, organisation: Organisation) -> dict[str, Any]:
    """Context for the organisation page: its visible memberships (as the international
    organisation and as a member) and the programmes it takes part in."""
    memberships = organisation_memberships(actor=actor, organisation=organisation)
    seen = visible_organisation_ids(
        actor=actor,
        ids=[m.member_organisation_id for m in memberships["members"]]
        + [m.organisation_id for m in memberships["member_of"]],
    )
    return {
        "international_members": [
            m
            for m in memberships["members"]
            if m.member_country_id is not None or m.member_organisation_id in seen
        ],
        "international_memberships": [
            m for m in memberships["member_of"] if m.organisation_id in seen
        ],
        "big_science_programmes": organisation_programmes(actor=actor, organisation=organisation),
    }


def membership_labels(*, actor: Any, membership: InternationalMembership) -> dict[str, str]:
    """How the member and the international organisation are named to ``actor`` (an
    organisation it may not see is not named), and the two together as ``label``."""
    seen = visible_organisation_ids(
        actor=actor, ids=(membership.organisation_id, membership.member_organisation_id)
    )
    hidden = gettext("an organisation you may not see")
    member = (
        str(membership.member)
        if membership.member_country_id is not None or membership.member_organisation_id in seen
        else hidden
    )
    organisation = str(membership.organisation) if membership.organisation_id in seen else hidden
    return {"member": member, "organisation": organisation, "label": f"{member} · {organisation}"}
