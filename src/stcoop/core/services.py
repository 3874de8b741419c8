"""Generic writes for registry records: permission first, one transaction, history logged.

Domain services call these after their own validation so every model gets the same
create/update/delete behaviour; they are not a substitute for a domain service where
a write has rules of its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from stcoop.core.changelog import log_change
from stcoop.core.choices import ChangeAction, Visibility
from stcoop.core.models import ChangeLoggedModel
from stcoop.core.permissions import Action, require

R = TypeVar("R", bound=ChangeLoggedModel)


def _check_fields(model: type[ChangeLoggedModel], fields: Mapping[str, Any]) -> None:
    names = {f.name for f in model._meta.get_fields()} | {
        f.attname for f in model._meta.concrete_fields
    }
    unknown = sorted(set(fields) - names)
    if unknown:
        raise ValidationError(
            {key: [_("Unknown field: {name}").format(name=key)] for key in unknown}
        )


def _set_shared_with(record: Any, shared_with: Iterable[Any] | None) -> None:
    if shared_with is not None:
        record.shared_with.set(list(shared_with))
    if record.visibility == Visibility.SHARED and not record.shared_with.exists():
        raise ValidationError(
            {"shared_with": [_("Name at least one unit to share a record with.")]}
        )


@transaction.atomic
def record_create(
    *,
    actor: Any,
    model: type[R],
    fields: Mapping[str, Any],
    shared_with: Iterable[Any] | None = None,
) -> R:
    """Create a ``model`` record from ``fields`` on behalf of ``actor``.

    For owned records, ``fields`` must include ``owner_unit``; ``created_by`` is set to
    the actor.

    Raises:
        PermissionDenied: the actor may not add such a record for that unit.
        ValidationError: a field is unknown or invalid (messages keyed by field).
    """
    _check_fields(model, fields)
    owner_unit = fields.get("owner_unit")
    require(actor, Action.ADD, model, owner_unit=owner_unit)
    record = model(**fields)
    if getattr(model, "permission_scope", "") == "owned" and getattr(actor, "pk", None):
        record.created_by = actor  # type: ignore[attr-defined]
    record.full_clean()
    record.save()
    if hasattr(record, "shared_with"):
        _set_shared_with(record, shared_with)
    log_change(actor=actor, instance=record, action=ChangeAction.CREATE)
    return record


@transaction.atomic
def record_update(
    *,
    actor: Any,
    record: R,
    fields: Mapping[str, Any],
    shared_with: Iterable[Any] | None = None,
) -> R:
    """Change ``record``'s ``fields`` on behalf of ``actor``.

    Moving an owned record to another unit needs the right to change it now and the
    right to add records for the new unit.
    """
    _check_fields(type(record), fields)
    require(actor, Action.CHANGE, record)
    new_owner = fields.get("owner_unit")
    if new_owner is not None and new_owner != getattr(record, "owner_unit", None):
        require(actor, Action.ADD, type(record), owner_unit=new_owner)
    before = record.snapshot()
    for name, value in fields.items():
        setattr(record, name, value)
    record.full_clean()
    record.save()
    if hasattr(record, "shared_with"):
        _set_shared_with(record, shared_with)
    log_change(actor=actor, instance=record, action=ChangeAction.UPDATE, before=before)
    return record


@transaction.atomic
def record_delete(*, actor: Any, record: ChangeLoggedModel) -> None:
    """Delete ``record`` on behalf of ``actor``, keeping its last values in the history."""
    require(actor, Action.DELETE, record)
    before = record.snapshot()
    log_change(actor=actor, instance=record, action=ChangeAction.DELETE, before=before)
    record.delete()
