"""Writes to people: create, update, delete, affiliations and publications.

Each checks the actor's permission first, runs in one transaction and records the change
(through :mod:`stcoop.core.services` and :func:`stcoop.core.changelog.log_change`);
affiliations and publications are recorded in their person's history.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stcoop.accounts.models import OrganisationUnit
from stcoop.core.changelog import log_change
from stcoop.core.choices import ChangeAction, Visibility
from stcoop.core.permissions import Action, can, require
from stcoop.core.services import record_create, record_delete, record_update
from stcoop.organisations.models import Organisation
from stcoop.people.models import Affiliation, Person, Publication
from stcoop.people.selectors import linkable_accounts, may_link_account

#: Fields :func:`person_create` and :func:`person_update` accept.
EDITABLE_FIELDS = frozenset(
    {
        "name_zh",
        "family_name",
        "given_names",
        "name_latin",
        "gender",
        "nationality",
        "languages",
        "keywords",
        "disciplines",
        "is_expert",
        "orcid",
        "email",
        "phone",
        "bio_zh_hans",
        "bio_en",
        "user",
        "owner_unit",
        "visibility",
    }
)

#: Fields :func:`publication_add` accepts.
PUBLICATION_FIELDS = frozenset({"title", "abstract", "year", "venue", "doi", "coauthors"})


def _check_fields(fields: dict[str, Any], allowed: frozenset[str]) -> None:
    unknown = sorted(set(fields) - allowed)
    if unknown:
        raise ValidationError(
            {
                name: [_("This field cannot be changed: {name}").format(name=name)]
                for name in unknown
            }
        )


def _check_user(
    actor: Any, fields: dict[str, Any], person: Person | None, owner_unit: Any = None
) -> None:
    """Linking a person to an account (or undoing it) is for platform and ministry
    administrators and unit administrators over the person's owning unit; the account
    must be one the actor manages, and linked to no other person."""
    if "user" not in fields:
        return
    user = fields["user"]
    current = person.user_id if person is not None else None
    if (user.pk if user is not None else None) == current:
        return
    if not may_link_account(actor, person=person, owner_unit=owner_unit):
        raise ValidationError({"user": [_("You may not link this person to an account.")]})
    if user is None:
        return
    if not linkable_accounts(actor).filter(pk=user.pk).exists():
        raise ValidationError({"user": [_("You may not link this account.")]})
    others = Person.objects.filter(user=user)
    if person is not None:
        others = others.exclude(pk=person.pk)
    if others.exists():
        raise ValidationError(
            {
                "user": [
                    _(
                        "The account {account} is already linked to another person; "
                        "an account can be linked to one person only."
                    ).format(account=user.get_username())
                ]
            }
        )


def person_create(
    *,
    actor: Any,
    owner_unit: OrganisationUnit,
    visibility: str = Visibility.INTERNAL,
    shared_with: Iterable[OrganisationUnit | int] = (),
    **fields: Any,
) -> Person:
    """Add a person owned by ``owner_unit``; ``fields`` are any of :data:`EDITABLE_FIELDS`.

    Raises:
        PermissionDenied: the actor may not add records for ``owner_unit``.
        ValidationError: a field is invalid (messages keyed by field).
    """
    _check_fields(fields, EDITABLE_FIELDS)
    _check_user(actor, fields, None, owner_unit)
    data = {"owner_unit": owner_unit, "visibility": visibility, **fields}
    return record_create(actor=actor, model=Person, fields=data, shared_with=shared_with)


def person_update(
    *,
    actor: Any,
    person: Person,
    shared_with: Iterable[OrganisationUnit | int] | None = None,
    **fields: Any,
) -> Person:
    """Change some of a person's :data:`EDITABLE_FIELDS`.

    Raises:
        PermissionDenied: the actor may not change the person, or not move it there.
        ValidationError: a field is unknown or invalid (messages keyed by field).
    """
    _check_fields(fields, EDITABLE_FIELDS)
    require(actor, Action.CHANGE, person)
    _check_user(actor, fields, person)
    return record_update(actor=actor, record=person, fields=fields, shared_with=shared_with)


def person_delete(*, actor: Any, person: Person) -> None:
    """Delete a person with their affiliations and publications; the history keeps them."""
    record_delete(actor=actor, record=person)


def _clear_other_primaries(affiliation: Affiliation) -> None:
    if affiliation.is_primary:
        Affiliation.objects.filter(person_id=affiliation.person_id, is_primary=True).exclude(
            pk=affiliation.pk
        ).update(is_primary=False)


@transaction.atomic
def affiliation_add(
    *,
    actor: Any,
    person: Person,
    organisation: Organisation,
    role: str = "",
    start_date: datetime.date | None = None,
    end_date: datetime.date | None = None,
    is_primary: bool = False,
) -> Affiliation:
    """Record that ``person`` works (or worked) at ``organisation``. A primary affiliation
    makes the person's other affiliations not primary.

    Raises:
        PermissionDenied: the actor may not change the person.
        ValidationError: the actor may not see the organisation, or the end is before
            the start.
    """
    require(actor, Action.CHANGE, person)
    if not can(actor, Action.VIEW, organisation):
        raise ValidationError({"organisation": [_("No such organisation.")]})
    before = person.snapshot()
    affiliation = Affiliation(
        person=person,
        organisation=organisation,
        role=role,
        start_date=start_date,
        end_date=end_date,
        is_primary=is_primary,
    )
    affiliation.full_clean()
    affiliation.save()
    _clear_other_primaries(affiliation)
    log_change(actor=actor, instance=person, action=ChangeAction.UPDATE, before=before)
    return affiliation


@transaction.atomic
def affiliation_end(
    *, actor: Any, affiliation: Affiliation, end_date: datetime.date | None = None
) -> Affiliation:
    """End an affiliation on ``end_date`` (today if not given); it is no longer primary.

    Raises:
        PermissionDenied: the actor may not change the person.
        ValidationError: the end is before the start.
    """
    person = affiliation.person
    require(actor, Action.CHANGE, person)
    before = person.snapshot()
    affiliation.end_date = end_date or timezone.localdate()
    affiliation.is_primary = False
    affiliation.full_clean()
    affiliation.save()
    log_change(actor=actor, instance=person, action=ChangeAction.UPDATE, before=before)
    return affiliation


@transaction.atomic
def affiliation_remove(*, actor: Any, affiliation: Affiliation) -> None:
    """Remove an affiliation entered by mistake (to record a departure, end it instead).

    Raises:
        PermissionDenied: the actor may not change the person.
    """
    person = affiliation.person
    require(actor, Action.CHANGE, person)
    before = person.snapshot()
    affiliation.delete()
    log_change(actor=actor, instance=person, action=ChangeAction.UPDATE, before=before)


@transaction.atomic
def publication_add(*, actor: Any, person: Person, **fields: Any) -> Publication:
    """Add a publication (any of :data:`PUBLICATION_FIELDS`; ``title`` is required).

    Raises:
        PermissionDenied: the actor may not change the person.
        ValidationError: a field is unknown or invalid (messages keyed by field).
    """
    _check_fields(fields, PUBLICATION_FIELDS)
    require(actor, Action.CHANGE, person)
    before = person.snapshot()
    publication = Publication(person=person, **fields)
    publication.full_clean()
    publication.save()
    log_change(actor=actor, instance=person, action=ChangeAction.UPDATE, before=before)
    return publication


@transaction.atomic
def publication_remove(*, actor: Any, publication: Publication) -> None:
    """Remove a publication from its person.

    Raises:
        PermissionDenied: the actor may not change the person.
    """
    person = publication.person
    require(actor, Action.CHANGE, person)
    before = person.snapshot()
    publication.delete()
    log_change(actor=actor, instance=person, action=ChangeAction.UPDATE, before=before)
