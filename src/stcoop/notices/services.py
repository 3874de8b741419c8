"""Writes to notices. Each checks the actor's permission first, runs in one transaction
and records the change (through :mod:`stcoop.core.services`)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from stcoop.accounts.models import OrganisationUnit
from stcoop.core.choices import Visibility
from stcoop.core.services import record_create, record_delete, record_update
from stcoop.notices.models import Notice

#: Fields :func:`notice_update` accepts.
EDITABLE_FIELDS = frozenset(
    {
        "title_zh_hans",
        "title_en",
        "body_zh_hans",
        "body_en",
        "category",
        "published_on",
        "expires_on",
        "link",
        "owner_unit",
        "visibility",
    }
)


def notice_create(
    *,
    actor: Any,
    owner_unit: OrganisationUnit,
    category: str,
    title_zh_hans: str = "",
    title_en: str = "",
    body_zh_hans: str = "",
    body_en: str = "",
    published_on: datetime.date | None = None,
    expires_on: datetime.date | None = None,
    link: str = "",
    visibility: str = Visibility.INTERNAL,
    shared_with: Iterable[OrganisationUnit | int] = (),
) -> Notice:
    """Publish a notice owned by ``owner_unit``.

    ``published_on`` defaults to today; ``shared_with`` is required when ``visibility``
    is ``shared``.

    Raises:
        PermissionDenied: the actor may not add notices for ``owner_unit``.
        ValidationError: a field is invalid (messages keyed by field).
    """
    fields: dict[str, Any] = {
        "owner_unit": owner_unit,
        "category": category,
        "title_zh_hans": title_zh_hans,
        "title_en": title_en,
        "body_zh_hans": body_zh_hans,
        "body_en": body_en,
        "expires_on": expires_on,
        "link": link,
        "visibility": visibility,
    }
    if published_on is not None:
        fields["published_on"] = published_on
    return record_create(actor=actor, model=Notice, fields=fields, shared_with=shared_with)


def notice_update(
    *,
    actor: Any,
    notice: Notice,
    shared_with: Iterable[OrganisationUnit | int] | None = None,
    **fields: Any,
) -> Notice:
    """Change some of a notice's :data:`EDITABLE_FIELDS`; ``shared_with=None`` keeps its units.

    Raises:
        PermissionDenied: the actor may not change the notice, or not move it to the new
            owning unit.
        ValidationError: a field is unknown or invalid (messages keyed by field).
    """
    unknown = sorted(set(fields) - EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(
            {
                name: [_("This field cannot be changed: {name}").format(name=name)]
                for name in unknown
            }
        )
    return record_update(actor=actor, record=notice, fields=fields, shared_with=shared_with)


def notice_delete(*, actor: Any, notice: Notice) -> None:
    """Delete a notice; its last values stay in the change history.

    Raises:
        PermissionDenied: the actor may not delete the notice.
    """
    record_delete(actor=actor, record=notice)
