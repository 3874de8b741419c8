"""Writes to organisation units and users. Each checks the actor's permission first,
runs in one transaction and records the change."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from stcoop.accounts.choices import Language, Role
from stcoop.accounts.models import OrganisationUnit, User
from stcoop.core.changelog import log_change
from stcoop.core.choices import ChangeAction
from stcoop.core.permissions import Action, grantable_roles, require

#: Fields :func:`unit_update` accepts.
UNIT_EDITABLE_FIELDS = frozenset(
    {
        "name_zh_hans",
        "name_en",
        "acronym",
        "kind",
        "country",
        "region",
        "description_zh_hans",
        "description_en",
        "is_active",
    }
)


def _sibling_name_clashes(
    unit: OrganisationUnit, parent: OrganisationUnit | None
) -> dict[str, str]:
    """By field, the names of ``unit`` that another unit directly under ``parent`` already
    has (as that unit spells them).

    Compared without regard to case or surrounding spaces; an empty name clashes with nothing.
    """
    siblings = OrganisationUnit.objects.filter(parent=parent)
    if unit.pk is not None:
        siblings = siblings.exclude(pk=unit.pk)
    clashes: dict[str, str] = {}
    for field in ("name_zh_hans", "name_en"):
        value = (getattr(unit, field) or "").strip()
        if not value:
            continue
        taken = siblings.filter(**{f"{field}__iexact": value}).values_list(field, flat=True)
        existing = taken.first()
        if existing is not None:
            clashes[field] = existing
    return clashes


def _unit_validate(unit: OrganisationUnit) -> None:
    """``full_clean`` plus the rule that siblings have different Chinese and English names.

    Raises:
        ValidationError: every problem found, keyed by field.
    """
    errors: dict[str, list[Any]] = {}
    try:
        unit.full_clean()
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    for field, name in _sibling_name_clashes(unit, unit.parent).items():
        message = _("Another unit under the same parent is already called “{name}”.")
        errors.setdefault(field, []).append(message.format(name=name))
    if errors:
        raise ValidationError(errors)


def _normalise_texts(fields: dict[str, Any]) -> None:
    """Names without surrounding spaces; an empty name or description as "" (not None)."""
    for key in ("name_zh_hans", "name_en"):
        if key in fields:
            fields[key] = (fields[key] or "").strip()
    for key in ("description_zh_hans", "description_en"):
        if key in fields:
            fields[key] = fields[key] or ""


def _lock_children_of(parent: OrganisationUnit | None) -> None:
    """Serialise writes under one parent (PostgreSQL), so two requests cannot both pass the
    sibling-name check; root units have no row to lock."""
    if parent is not None:
        list(OrganisationUnit.objects.select_for_update().filter(pk=parent.pk).values("pk"))


@transaction.atomic
def unit_create(
    *,
    actor: Any,
    name_zh_hans: str = "",
    name_en: str = "",
    kind: str,
    parent: OrganisationUnit | None = None,
    acronym: str = "",
    country: str = "CN",
    region: str = "",
    description_zh_hans: str = "",
    description_en: str = "",
) -> OrganisationUnit:
    """Create an organisation unit under ``parent`` (a root unit when ``parent`` is None).

    The name is required in Chinese, in English or in both; no other unit directly under
    ``parent`` may have the same Chinese or the same English name.

    Raises:
        PermissionDenied: the actor may not manage ``parent``'s sub-tree.
        ValidationError: a field is invalid or a name is taken under the same parent
            (messages keyed by field).
    """
    require(actor, Action.ADD, OrganisationUnit, owner_unit=parent)
    _lock_children_of(parent)
    unit = OrganisationUnit(
        name_zh_hans=(name_zh_hans or "").strip(),
        name_en=(name_en or "").strip(),
        kind=kind,
        parent=parent,
        acronym=acronym,
        country=country,
        region=region,
        description_zh_hans=description_zh_hans or "",
        description_en=description_en or "",
        path="/pending/",
    )
    _unit_validate(unit)
    unit.save()
    unit.path = f"{parent.path if parent else '/'}{unit.pk}/"
    unit.save(update_fields=["path"])
    log_change(actor=actor, instance=unit, action=ChangeAction.CREATE)
    return unit


@transaction.atomic
def unit_update(*, actor: Any, unit: OrganisationUnit, **fields: Any) -> OrganisationUnit:
    """Change some of a unit's :data:`UNIT_EDITABLE_FIELDS` (names and descriptions per
    language, acronym, kind, country, region, active flag).

    Moving a unit to another parent is :func:`unit_move`.

    Raises:
        PermissionDenied: the actor may not change the unit.
        ValidationError: an unknown field, an invalid value or a name another unit under
            the same parent has (messages keyed by field).
    """
    require(actor, Action.CHANGE, unit)
    unknown = set(fields) - UNIT_EDITABLE_FIELDS
    if unknown:
        raise ValidationError(
            _("Unknown field(s): {fields}").format(fields=", ".join(sorted(unknown)))
        )
    _normalise_texts(fields)
    _lock_children_of(unit.parent)
    before = unit.snapshot()
    for key, value in fields.items():
        setattr(unit, key, value)
    _unit_validate(unit)
    unit.save()
    log_change(actor=actor, instance=unit, action=ChangeAction.UPDATE, before=before)
    return unit


@transaction.atomic
def unit_move(
    *, actor: Any, unit: OrganisationUnit, new_parent: OrganisationUnit | None
) -> OrganisationUnit:
    """Move ``unit`` (and its sub-tree) under ``new_parent``, rewriting the tree paths.

    Making a unit a root unit (``new_parent`` None) is for platform administrators only,
    like creating one.
    """
    require(actor, Action.CHANGE, unit)
    if new_parent is None:
        require(actor, Action.ADD, OrganisationUnit, owner_unit=None)
    else:
        require(actor, Action.CHANGE, new_parent)
        if new_parent.path.startswith(unit.path):
            raise ValidationError({"parent": _("A unit cannot be moved under itself.")})
    _lock_children_of(new_parent)
    clashes = _sibling_name_clashes(unit, new_parent)
    if clashes:
        message = _("A unit called “{name}” is already under the new parent.")
        names = dict.fromkeys(clashes.values())  # the same name may clash in both languages
        raise ValidationError({"parent": [message.format(name=name) for name in names]})
    before = unit.snapshot()
    old_path = unit.path
    new_path = f"{new_parent.path if new_parent else '/'}{unit.pk}/"
    for node in OrganisationUnit.objects.filter(path__startswith=old_path).select_for_update():
        node.path = new_path + node.path[len(old_path) :]
        node.save(update_fields=["path"])
    unit.refresh_from_db()
    unit.parent = new_parent
    unit.save(update_fields=["parent", "last_updated"])
    log_change(actor=actor, instance=unit, action=ChangeAction.UPDATE, before=before)
    return unit


def _check_grantable(actor: Any, role: str) -> None:
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role: {role}").format(role=role)})
    if role not in grantable_roles(actor):
        if role == Role.PLATFORM_ADMIN:
            message = _("Only a platform administrator may grant that role.")
        else:
            message = _("You may not grant a role above your own.")
        raise ValidationError({"role": message})


@transaction.atomic
def user_create(
    *,
    actor: Any,
    username: str,
    password: str | None,
    role: str,
    unit: OrganisationUnit | None,
    email: str = "",
    display_name: str = "",
    language: str = Language.ZH_HANS,
) -> User:
    """Create a user account in ``unit`` with ``role``.

    Only a platform administrator may create another platform administrator; other
    administrators create accounts inside the sub-tree they manage, with a role no higher
    than their own (:func:`stcoop.core.permissions.grantable_roles`).
    """
    require(actor, Action.ADD, User, owner_unit=unit)
    _check_grantable(actor, role)
    user = User(
        username=username,
        role=role,
        unit=unit,
        email=email,
        display_name=display_name,
        language=language,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    log_change(actor=actor, instance=user, action=ChangeAction.CREATE)
    return user


@transaction.atomic
def user_set_language(*, actor: Any, user: User, language: str) -> User:
    """Remember ``language`` as ``user``'s interface language."""
    require(actor, Action.CHANGE, user)
    if language not in Language.values:
        raise ValidationError({"language": _("Unknown language: {code}").format(code=language)})
    before = user.snapshot()
    user.language = language
    user.save(update_fields=["language"])
    log_change(actor=actor, instance=user, action=ChangeAction.UPDATE, before=before)
    return user


# Fields a user may change on their own account; the rest need an administrator.
_SELF_SERVICE_FIELDS = frozenset({"display_name", "email", "first_name", "last_name", "language"})
_ADMIN_FIELDS = frozenset({"role", "unit", "is_active"})


def _require_manages(actor: Any, user: User) -> None:
    """An administrator of the user's unit, whose own role is not below the user's."""
    require(actor, Action.ADD, User, owner_unit=user.unit)
    if user.role not in grantable_roles(actor):
        raise PermissionDenied(_("You may not change an account whose role is above yours."))


@transaction.atomic
def user_update(*, actor: Any, user: User, **fields: Any) -> User:
    """Change a user account: ``display_name``, ``email``, names, ``language``, and, for
    the user's administrators, ``role``, ``unit`` and ``is_active``.

    Rules: users change their own contact fields and language, never their own role, unit
    or active flag; anyone else's account only an administrator of its unit changes, and
    only if its role is one that administrator may grant; a new role must be one the actor
    may grant and a new unit one the actor manages.

    Raises:
        PermissionDenied: the actor may not change this account or these fields.
        ValidationError: an unknown field or an invalid value (messages keyed by field).
    """
    require(actor, Action.CHANGE, user)
    unknown = set(fields) - _SELF_SERVICE_FIELDS - _ADMIN_FIELDS
    if unknown:
        raise ValidationError(
            {key: [_("Unknown field: {name}").format(name=key)] for key in sorted(unknown)}
        )
    changing = {k for k in _ADMIN_FIELDS & set(fields) if fields[k] != getattr(user, k)}
    if user.pk == getattr(actor, "pk", None):
        if changing:
            raise ValidationError(
                _("You cannot change your own role, unit or status; ask another administrator.")
            )
    else:
        _require_manages(actor, user)
        if "role" in changing:
            _check_grantable(actor, fields["role"])
        if "unit" in changing:
            require(actor, Action.ADD, User, owner_unit=fields["unit"])
    before = user.snapshot()
    for key, value in fields.items():
        setattr(user, key, value)
    user.full_clean(exclude=["password"])
    user.save()
    log_change(actor=actor, instance=user, action=ChangeAction.UPDATE, before=before)
    return user


@transaction.atomic
def user_set_password(*, actor: Any, user: User, password: str) -> User:
    """Give ``user`` a new password chosen by an administrator of the account.

    Users change their own password with the password-change page, which asks for the
    old one; this service is for administrators resetting someone else's.

    Raises:
        PermissionDenied: the actor does not administer this account, or it is the actor's own.
        ValidationError: the password fails the configured password validators.
    """
    if user.pk == getattr(actor, "pk", None):
        raise PermissionDenied(_("Change your own password on the password page."))
    _require_manages(actor, user)
    password_validation.validate_password(password, user=user)
    user.set_password(password)
    user.save(update_fields=["password"])
    return user
