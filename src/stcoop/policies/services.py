"""Writes to policy documents: create, update, delete.

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
from stcoop.core.services import record_create, record_delete, record_update
from stcoop.policies.models import PolicyDocument

#: Fields :func:`policy_create` and :func:`policy_update` accept.
EDITABLE_FIELDS = frozenset(
    {
        "title_zh_hans",
        "title_en",
        "summary_zh_hans",
        "summary_en",
        "issuer_zh_hans",
        "issuer_en",
        "issuing_organisation",
        "document_number",
        "issue_date",
        "effective_date",
        "repeal_date",
        "status",
        "level",
        "country",
        "province",
        "topics",
        "keywords",
        "full_text",
        "link",
        "language",
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


def policy_create(
    *,
    actor: Any,
    owner_unit: OrganisationUnit,
    level: str,
    visibility: str = Visibility.INTERNAL,
    shared_with: Iterable[OrganisationUnit | int] = (),
    **fields: Any,
) -> PolicyDocument:
    """Add a policy document owned by ``owner_unit``; ``fields`` are any of
    :data:`EDITABLE_FIELDS`.

    Raises:
        PermissionDenied: the actor may not add records for ``owner_unit``.
        ValidationError: a field is invalid (messages keyed by field).
    """
    _check_unknown(fields)
    data = {"owner_unit": owner_unit, "level": level, "visibility": visibility, **fields}
    return record_create(actor=actor, model=PolicyDocument, fields=data, shared_with=shared_with)


def policy_update(
    *,
    actor: Any,
    policy: PolicyDocument,
    shared_with: Iterable[OrganisationUnit | int] | None = None,
    **fields: Any,
) -> PolicyDocument:
    """Change some of a document's :data:`EDITABLE_FIELDS`.

    Raises:
        PermissionDenied: the actor may not change it, or not move it to the new unit.
        ValidationError: a field is unknown or invalid (messages keyed by field).
    """
    _check_unknown(fields)
    return record_update(actor=actor, record=policy, fields=fields, shared_with=shared_with)


def policy_delete(*, actor: Any, policy: PolicyDocument) -> None:
    """Delete a policy document; its last values stay in the history."""
    record_delete(actor=actor, record=policy)
