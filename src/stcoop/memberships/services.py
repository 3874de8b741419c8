"""Writes to memberships and big-science programmes.

Each checks the actor's permission first, runs in one transaction and records the change
(through :mod:`stcoop.core.services` and :func:`stcoop.core.changelog.log_change`);
participations are recorded in their programme's history.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from stcoop.accounts.models import OrganisationUnit
from stcoop.core.changelog import log_change
from stcoop.core.choices import ChangeAction, Visibility
from stcoop.core.permissions import Action, can, require
from stcoop.core.services import record_create, record_delete, record_update
from stcoop.memberships.models import (
    BigScienceProgramme,
    InternationalMembership,
    ProgrammeParticipation,
)

#: Fields :func:`membership_create` and :func:`membership_update` accept.
MEMBERSHIP_FIELDS = frozenset(
    {
        "organisation",
        "member_country",
        "member_organisation",
        "role",
        "since",
        "until",
        "annual_contribution",
        "currency",
        "in_kind",
        "representative",
        "notes_zh_hans",
        "notes_en",
        "owner_unit",
        "visibility",
    }
)

#: Fields :func:`programme_create` and :func:`programme_update` accept.
PROGRAMME_FIELDS = frozenset(
    {
        "name_zh_hans",
        "name_en",
        "acronym",
        "description_zh_hans",
        "description_en",
        "kind",
        "website",
        "host_country",
        "status",
        "owner_unit",
        "visibility",
    }
)

#: Fields of a participation (:func:`participation_add`, ``participations=[...]``).
PARTICIPATION_FIELDS = frozenset(
    {"country", "organisation", "role", "since", "until", "share", "amount", "currency", "in_kind"}
)


def _check_fields(fields: Mapping[str, Any], allowed: frozenset[str]) -> None:
    unknown = sorted(set(fields) - allowed)
    if unknown:
        raise ValidationError(
            {
                name: [_("This field cannot be changed: {name}").format(name=name)]
                for name in unknown
            }
        )


def _check_organisations(actor: Any, fields: Mapping[str, Any], *names: str) -> None:
    """Only organisations the actor may see can be named."""
    errors = {
        name: [_("No such organisation.")]
        for name in names
        if fields.get(name) is not None and not can(actor, Action.VIEW, fields[name])
    }
    if errors:
        raise ValidationError(errors)


# ---------------------------------------------------------------- memberships
def membership_create(
    *,
    actor: Any,
    owner_unit: OrganisationUnit,
    visibility: str = Visibility.INTERNAL,
    shared_with: Iterable[OrganisationUnit | int] = (),
    **fields: Any,
) -> InternationalMembership:
    """Record a membership owned by ``owner_unit``; ``fields`` are any of
    :data:`MEMBERSHIP_FIELDS` (``organisation`` and one member are required).

    Raises:
        PermissionDenied: the actor may not add records for ``owner_unit``.
        ValidationError: a field is invalid (messages keyed by field).
    """
    _check_fields(fields, MEMBERSHIP_FIELDS)
    _check_organisations(actor, fields, "organisation", "member_organisation")
    data = {"owner_unit": owner_unit, "visibility": visibility, **fields}
    return record_create(
        actor=actor, model=InternationalMembership, fields=data, shared_with=shared_with
    )


def membership_update(
    *,
    actor: Any,
    membership: InternationalMembership,
    shared_with: Iterable[OrganisationUnit | int] | None = None,
    **fields: Any,
) -> InternationalMembership:
    """Change some of a membership's :data:`MEMBERSHIP_FIELDS`.

    Raises:
        PermissionDenied: the actor may not change it, or not move it to the new unit.
        ValidationError: a field is unknown or invalid (messages keyed by field).
    """
    _check_fields(fields, MEMBERSHIP_FIELDS)
    require(actor, Action.CHANGE, membership)
    _check_organisations(actor, fields, "organisation", "member_organisation")
    return record_update(actor=actor, record=membership, fields=fields, shared_with=shared_with)


def membership_delete(*, actor: Any, membership: InternationalMembership) -> None:
    """Delete a membership; its last values stay in the history."""
    record_delete(actor=actor, record=membership)


# ---------------------------------------------------------------- programmes
def _new_participation(
    actor: Any, programme: BigScienceProgramme, fields: Mapping[str, Any]
) -> ProgrammeParticipation:
    _check_fields(fields, PARTICIPATION_FIELDS)
    _check_organisations(actor, fields, "organisation")
    participation = ProgrammeParticipation(programme=programme, **fields)
    participation.full_clean(exclude=["programme"])
    return participation


def _check_total_share(programme: BigScienceProgramme) -> None:
    total = ProgrammeParticipation.objects.filter(programme=programme).aggregate(
        total=Sum("share")
    )["total"] or Decimal(0)
    if total > 100:
        raise ValidationError(
            {
                "share": [
                    _("The shares of all participants add up to {total}%, more than 100%.").format(
                        total=total
                    )
                ]
            }
        )


def _replace_participations(
    actor: Any, programme: BigScienceProgramme, participations: Iterable[Mapping[str, Any]]
) -> None:
    rows: list[ProgrammeParticipation] = []
    errors: dict[str, list[str]] = {}
    for index, fields in enumerate(participations):
        try:
            rows.append(_new_participation(actor, programme, fields))
        except ValidationError as error:
            for key, messages in error.message_dict.items():
                errors.setdefault(f"participations.{index}.{key}", []).extend(messages)
    if errors:
        raise ValidationError(errors)
    programme.participations.all().delete()
    for row in rows:
        row.save()
    _check_total_share(programme)


@transaction.atomic
def programme_create(
    *,
    actor: Any,
    owner_unit: OrganisationUnit,
    visibility: str = Visibility.INTERNAL,
    shared_with: Iterable[OrganisationUnit | int] = (),
    participations: Iterable[Mapping[str, Any]] = (),
    **fields: Any,
) -> BigScienceProgramme:
    """Add a programme owned by ``owner_unit``; ``fields`` are any of
    :data:`PROGRAMME_FIELDS`; ``participations`` are dicts of :data:`PARTICIPATION_FIELDS`
    added with it.

    Raises:
        PermissionDenied: the actor may not add records for ``owner_unit``.
        ValidationError: a field or participation is invalid (messages keyed by field,
            ``participations.<index>.<field>`` for participations).
    """
    _check_fields(fields, PROGRAMME_FIELDS)
    data = {"owner_unit": owner_unit, "visibility": visibility, **fields}
    programme = record_create(
        actor=actor, model=BigScienceProgramme, fields=data, shared_with=shared_with
    )
    rows = list(participations)
    if rows:
        before = programme.snapshot()
        _replace_participations(actor, programme, rows)
        log_change(actor=actor, instance=programme, action=ChangeAction.UPDATE, before=before)
    return programme


@transaction.atomic
def programme_update(
    *,
    actor: Any,
    programme: BigScienceProgramme,
    shared_with: Iterable[OrganisationUnit | int] | None = None,
    participations: Iterable[Mapping[str, Any]] | None = None,
    **fields: Any,
) -> BigScienceProgramme:
    """Change some of a programme's :data:`PROGRAMME_FIELDS`; ``participations``, when
    given, replaces every participation.

    Raises:
        PermissionDenied: the actor may not change it, or not move it to the new unit.
        ValidationError: a field or participation is unknown or invalid.
    """
    _check_fields(fields, PROGRAMME_FIELDS)
    require(actor, Action.CHANGE, programme)
    if fields or shared_with is not None:
        programme = record_update(
            actor=actor, record=programme, fields=fields, shared_with=shared_with
        )
    if participations is not None:
        before = programme.snapshot()
        _replace_participations(actor, programme, participations)
        if programme.snapshot() != before:
            log_change(actor=actor, instance=programme, action=ChangeAction.UPDATE, before=before)
    return programme


def programme_delete(*, actor: Any, programme: BigScienceProgramme) -> None:
    """Delete a programme with its participations; the history keeps them."""
    record_delete(actor=actor, record=programme)


@transaction.atomic
def participation_add(
    *, actor: Any, programme: BigScienceProgramme, **fields: Any
) -> ProgrammeParticipation:
    """Add a participant (any of :data:`PARTICIPATION_FIELDS`) to ``programme``.

    Raises:
        PermissionDenied: the actor may not change the programme.
        ValidationError: a field is invalid, the organisation is not one the actor may
            see, or the shares would add up to more than 100%.
    """
    require(actor, Action.CHANGE, programme)
    before = programme.snapshot()
    participation = _new_participation(actor, programme, fields)
    participation.save()
    _check_total_share(programme)
    log_change(actor=actor, instance=programme, action=ChangeAction.UPDATE, before=before)
    return participation


@transaction.atomic
def participation_update(
    *, actor: Any, participation: ProgrammeParticipation, **fields: Any
) -> ProgrammeParticipation:
    """Change some fields of a participation.

    Raises:
        PermissionDenied: the actor may not change the programme.
        ValidationError: a field is unknown or invalid.
    """
    _check_fields(fields, PARTICIPATION_FIELDS)
    programme = participation.programme
    require(actor, Action.CHANGE, programme)
    _check_organisations(actor, fields, "organisation")
    before = programme.snapshot()
    for name, value in fields.items():
        setattr(participation, name, value)
    participation.full_clean(exclude=["programme"])
    participation.save()
    _check_total_share(programme)
    log_change(actor=actor, instance=programme, action=ChangeAction.UPDATE, before=before)
    return participation


@transaction.atomic
def participation_remove(*, actor: Any, participation: ProgrammeParticipation) -> None:
    """Remove a participation from its programme.

    Raises:
        PermissionDenied: the actor may not change the programme.
    """
    programme = participation.programme
    require(actor, Action.CHANGE, programme)
    before = programme.snapshot()
    participation.delete()
    log_change(actor=actor, instance=programme, action=ChangeAction.UPDATE, before=before)
