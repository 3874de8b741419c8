"""Writes to technology profiles: create, update, delete.

Each checks the actor's permission first, runs in one transaction and records the
change (through :mod:`stcoop.core.services`); the target countries and groupings are
written in the same transaction and appear in the history with the other fields.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from stcoop.accounts.models import OrganisationUnit
from stcoop.core.changelog import log_change
from stcoop.core.choices import ChangeAction, Visibility
from stcoop.core.services import record_create, record_delete, record_update
from stcoop.geo.models import Country, Grouping
from stcoop.technologies.models import TechnologyProfile

#: Fields :func:`profile_create` and :func:`profile_update` accept.
EDITABLE_FIELDS = frozenset(
    {
        "kind",
        "title_zh_hans",
        "title_en",
        "description_zh_hans",
        "description_en",
        "organisation",
        "contact_person",
        "trl",
        "ip_status",
        "patent_numbers",
        "sectors",
        "keywords",
        "cooperation",
        "languages",
        "publication_date",
        "expiry_date",
        "status",
        "owner_unit",
        "visibility",
    }
)


def _check_unknown(fields: dict[str, Any]) -> None:
    unknown = sorted(set(fields) - EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(
            {
                name: [_("This field cannot be changed: {name}").format(name=name)]
                for name in unknown
            }
        )


def _set_targets(
    profile: TechnologyProfile,
    countries: Iterable[Country] | None,
    groupings: Iterable[Grouping] | None,
) -> None:
    if countries is not None:
        profile.target_countries.set(list(countries))
    if groupings is not None:
        profile.target_groupings.set(list(groupings))


@transaction.atomic
def profile_create(
    *,
    actor: Any,
    owner_unit: OrganisationUnit,
    kind: str,
    visibility: str = Visibility.INTERNAL,
    shared_with: Iterable[OrganisationUnit | int] = (),
    target_countries: Iterable[Country] = (),
    target_groupings: Iterable[Grouping] = (),
    **fields: Any,
) -> TechnologyProfile:
    """Add a profile owned by ``owner_unit``; ``fields`` are any of :data:`EDITABLE_FIELDS`.

    Raises:
        PermissionDenied: the actor may not add records for ``owner_unit``.
        ValidationError: a field is invalid (messages keyed by field).
    """
    _check_unknown(fields)
    data = {"owner_unit": owner_unit, "kind": kind, "visibility": visibility, **fields}
    profile = record_create(
        actor=actor, model=TechnologyProfile, fields=data, shared_with=shared_with
    )
    countries, groupings = list(target_countries), list(target_groupings)
    if countries or groupings:
        before = profile.snapshot()
        _set_targets(profile, countries, groupings)
        log_change(actor=actor, instance=profile, action=ChangeAction.UPDATE, before=before)
    return profile


@transaction.atomic
def profile_update(
    *,
    actor: Any,
    profile: TechnologyProfile,
    shared_with: Iterable[OrganisationUnit | int] | None = None,
    target_countries: Iterable[Country] | None = None,
    target_groupings: Iterable[Grouping] | None = None,
    **fields: Any,
) -> TechnologyProfile:
    """Change some of a profile's :data:`EDITABLE_FIELDS` and, when given, its targets.

    The reference never changes, even when the kind does.

    Raises:
        PermissionDenied: the actor may not change it, or not move it to the new unit.
        ValidationError: a field is unknown or invalid (messages keyed by field).
    """
    _check_unknown(fields)
    profile = record_update(actor=actor, record=profile, fields=fields, shared_with=shared_with)
    if target_countries is not None or target_groupings is not None:
        before = profile.snapshot()
        _set_targets(profile, target_countries, target_groupings)
        log_change(actor=actor, instance=profile, action=ChangeAction.UPDATE, before=before)
    return profile


def profile_delete(*, actor: Any, profile: TechnologyProfile) -> None:
    """Delete a profile; its last values stay in the history."""
    record_delete(actor=actor, record=profile)
