"""Reads of people, always narrowed to what the actor may see."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import BooleanField, Case, Prefetch, Q, QuerySet, Value, When
from django.http import Http404

from stcoop.accounts.models import User
from stcoop.core.permissions import ADMIN_ROLES, Action, can, role_of, visible
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


def contact_visible_q(actor: Any) -> Q:
    """The people whose contact ``actor`` may see, as a condition (the same rule as
    :func:`stcoop.core.permissions.may_see_contact`, for a whole queryset)."""
    role = role_of(actor)
    if role == "anonymous":
        return Q(pk__in=[])
    if role in ADMIN_ROLES:
        return Q(pk__isnull=False)
    condition = Q(user_id=actor.pk)
    unit = getattr(actor, "unit", None)
    if role == "unit_admin" and unit is not None:
        condition |= Q(owner_unit__path__startswith=unit.path)
    return condition


def with_contact_permission(actor: Any, people: QuerySet[Person]) -> QuerySet[Person]:
    """``people`` with ``contact_visible`` set on each: whether ``actor`` may see the
    person's e-mail and phone."""
    return people.annotate(
        contact_visible=Case(
            When(contact_visible_q(actor), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def may_link_account(actor: Any, *, person: Person | None = None, owner_unit: Any = None) -> bool:
    """Whether ``actor`` may link a person to a user account (or undo the link): platform
    and ministry administrators, and unit administrators over the person's owning unit
    (``owner_unit`` for a person not yet saved)."""
    role = role_of(actor)
    if role in ADMIN_ROLES:
        return True
    if role != "unit_admin":
        return False
    if person is not None and person.pk is not None:
        return can(actor, Action.CHANGE, person)
    return owner_unit is not None and can(actor, Action.ADD, Person, owner_unit=owner_unit)


def linkable_accounts(actor: Any) -> QuerySet[User]:
    """The active accounts ``actor`` manages, which it may link to a person (none for
    those who may link no account)."""
    if role_of(actor) not in ADMIN_ROLES | {"unit_admin"}:
        return User.objects.none()
    return visible(actor, User.objects.filter(is_active=True)).order_by("username")
