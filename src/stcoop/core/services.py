"""Generic writes for registry records: permission first, one transaction, history logged.

Domain services call these after their own validation so every model gets the same
create/update/delete behaviour; they are not a substitute for a domain service where
a write has rules of its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar, cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from stcoop.core.changelog import log_change
from stcoop.core.choices import ChangeAction, Visibility
from stcoop.core.models import ChangeLoggedModel
from stcoop.core.permissions import Action, require

R = TypeVar("R", bound=ChangeLoggedModel)


# Set by the services themselves, never by callers.
_PROTECTED_FIELDS = frozenset({"created_by"})


def _check_fields(model: type[ChangeLoggedModel], fields: Mapping[str, Any]) -> None:
    """Reject names that are not fields, or not fields a caller may set, keyed by name."""
    writable: set[str] = set()
    for field in model._meta.concrete_fields:
        if field.editable and not field.primary_key and field.name not in _PROTECTED_FIELDS:
            writable |= {field.name, field.attname}
    known = {f.name for f in model._meta.get_fields()} | {
        f.attname for f in model._meta.concrete_fields
    }
    errors: dict[str, list[str]] = {}
    for key in sorted(set(fields) - writable):
        if key in known:
            errors[key] = [_("This field cannot be set here: {name}").format(name=key)]
        else:
            errors[key] = [_("Unknown field: {name}").format(name=key)]
    if errors:
        raise ValidationError(errors)


def _owner_in(model: type[ChangeLoggedModel], fields: Mapping[str, Any]) -> tuple[bool, Any]:
    """Whether ``fields`` names an owning unit (as ``owner_unit`` or ``owner_unit_id``), and which.

    An ID that matches no unit gives ``(True, None)``; the permission check then treats
    the record as unowned and validation reports the bad ID.
    """
    if "owner_unit" in fields:
        return True, fields["owner_unit"]
    if "owner_unit_id" in fields:
        related: Any = cast(Any, model)._meta.get_field("owner_unit").related_model
        return True, related._default_manager.filter(pk=fields["owner_unit_id"]).first()
    return False, None


def _resolve_units(record: Any, shared_with: Iterable[Any]) -> list[Any]:
    """Turn units or unit IDs into units, naming every ID that matches none."""
    unit_model = record._meta.get_field("shared_with").related_model
    items = list(shared_with)
    ids = [str(item) for item in items if not isinstance(item, unit_model)]
    found = {
        str(unit.pk): unit
        for unit in unit_model._default_manager.filter(pk__in=[i for i in ids if i.isdigit()])
    }
    missing = [i for i in ids if i not in found]
    if missing:
        raise ValidationError(
            {"shared_with": [_("Unknown unit: {ids}").format(ids=", ".join(missing))]}
        )
    return [item if isinstance(item, unit_model) else found[str(item)] for item in items]


def _set_shared_with(record: Any, shared_with: Iterable[Any] | None) -> None:
    if shared_with is not None:
        record.shared_with.set(_resolve_units(record, shared_with))
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

    For owned records, ``fields`` must include ``owner_unit`` (or ``owner_unit_id``);
    ``created_by`` is set to the actor and may not be given. ``shared_with`` takes units
    or unit IDs.

    Raises:
        PermissionDenied: the actor may not add such a record for that unit.
        ValidationError: a field is unknown or invalid (messages keyed by field).
    """
    _check_fields(model, fields)
    owned = getattr(model, "permission_scope", "") == "owned"
    named, owner_unit = _owner_in(model, fields) if owned else (False, None)
    if owned and not named:
        raise ValidationError({"owner_unit": [_("Choose the unit that will own this record.")]})
    require(actor, Action.ADD, model, owner_unit=owner_unit)
    record = model(**fields)
    if owned and getattr(actor, "pk", None):
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

    Moving an owned record to another unit (by ``owner_unit`` or ``owner_unit_id``) needs
    the right to change it now and the right to add records for the new unit.
    ``shared_with`` (units or unit IDs) replaces the units an owned record is shared with;
    ``None`` leaves them as they are.

    Raises:
        PermissionDenied: the actor may not change the record, or not move it there.
        ValidationError: a field is unknown, not settable or invalid (keyed by field).
    """
    _check_fields(type(record), fields)
    require(actor, Action.CHANGE, record)
    if getattr(record, "permission_scope", "") == "owned":
        named, new_owner = _owner_in(type(record), fields)
        if named and getattr(new_owner, "pk", None) != record.owner_unit_id:  # type: ignore[attr-defined]
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
