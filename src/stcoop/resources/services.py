"""Writes to shared resources: create, update, delete.

Each checks the actor's permission first, runs in one transaction and records the change
(through :mod:`stcoop.core.services`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from stcoop.accounts.models import OrganisationUnit
from stcoop.core.choices import Visibility
from stcoop.core.permissions import Action, can, require
from stcoop.core.services import record_create, record_delete, record_update
from stcoop.resources.models import SharedResource

#: Fields :func:`resource_create` and :func:`resource_update` accept.
EDITABLE_FIELDS = frozenset(
    {
        "kind",
        "name_zh_hans",
        "name_en",
        "description_zh_hans",
        "description_en",
        "owner_organisation",
        "country",
        "province",
        "city",
        "disciplines",
        "keywords",
        "access_mode",
        "access_conditions_zh_hans",
        "access_conditions_en",
        "open_to_foreign",
        "contact_name",
        "contact_email",
        "contact_phone",
        "link",
        "status",
        "owner_unit",
        "visibility",
    }
)


def _check(actor: Any, fields: dict[str, Any]) -> None:
    unknown = sorted(set(fields) - EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(
            {
                name: [_("This field cannot be changed: {name}").format(name=name)]
                for name in unknown
            }
        )
    organisation = fields.get("owner_organisation")
    if organisation is not None and not can(actor, Action.VIEW, organisation):
        raise ValidationError({"owner_organisation": [_("No such organisation.")]})


def resource_create(
    *,
    actor: Any,
    owner_unit: OrganisationUnit,
    kind: str,
    visibility: str = Visibility.INTERNAL,
    shared_with: Iterable[OrganisationUnit | int] = (),
    **fields: Any,
) -> SharedResource:
    """Add a resource owned by ``owner_unit``; ``fields`` are any of
    :data:`EDITABLE_FIELDS`.

    Raises:
        PermissionDenied: the actor may not add records for ``owner_unit``.
        ValidationError: a field is invalid (messages keyed by field).
    """
    _check(actor, fields)
    data = {"owner_unit": owner_unit, "kind": kind, "visibility": visibility, **fields}
    return record_create(actor=actor, model=SharedResource, fields=data, shared_with=shared_with)


def resource_update(
    *,
    actor: Any,
    resource: SharedResource,
    shared_with: Iterable[OrganisationUnit | int] | None = None,
    **fields: Any,
) -> SharedResource:
    """Change some of a resource's :data:`EDITABLE_FIELDS`.

    Raises:
        PermissionDenied: the actor may not change it, or not move it to the new unit.
        ValidationError: a field is unknown or invalid (messages keyed by field).
    """
    _check(actor, fields)
    require(actor, Action.CHANGE, resource)
    return record_update(actor=actor, record=resource, fields=fields, shared_with=shared_with)


def resource_delete(*, actor: Any, resource: SharedResource) -> None:
    """Delete a resource; its last values stay in the history."""
    record_delete(actor=actor, record=resource)
