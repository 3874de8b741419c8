"""Writes to organisation units and users. Each checks the actor's permission first,
runs in one transaction and records the change."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from stcoop.accounts.choices import Language, Role
from stcoop.accounts.models import OrganisationUnit, User
from stcoop.core.changelog import log_change
from stcoop.core.choices import ChangeAction
from stcoop.core.permissions import Action, require


@transaction.atomic
def unit_create(
    *,
    actor: Any,
    name: str,
    kind: str,
    parent: OrganisationUnit | None = None,
    acronym: str = "",
    country: str = "CN",
    region: str = "",
    description: str = "",
) -> OrganisationUnit:
    """Create an organisation unit under ``parent`` (a root unit when ``parent`` is None).

    Raises:
        PermissionDenied: the actor may not manage ``parent``'s sub-tree.
        ValidationError: a field is invalid or the name is taken under the same parent.
    """
    require(actor, Action.ADD, OrganisationUnit, owner_unit=parent)
    unit = OrganisationUnit(
        name=name,
        kind=kind,
        parent=parent,
        acronym=acronym,
        country=country,
        region=region,
        description=description,
        path="/pending/",
    )
    unit.full_clean()
    unit.save()
    unit.path = f"{parent.path if parent else '/'}{unit.pk}/"
    unit.save(update_fields=["path"])
    log_change(actor=actor, instance=unit, action=ChangeAction.CREATE)
    return unit


@transaction.atomic
def unit_update(*, actor: Any, unit: OrganisationUnit, **fields: Any) -> OrganisationUnit:
    """Change a unit's descriptive fields (name, acronym, kind, country, region, ...).

    Moving a unit to another parent is :func:`unit_move`.
    """
    require(actor, Action.CHANGE, unit)
    allowed = {"name", "acronym", "kind", "country", "region", "description", "is_active"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError(
            _("Unknown field(s): {fields}").format(fields=", ".join(sorted(unknown)))
        )
    before = unit.snapshot()
    for key, value in fields.items():
        setattr(unit, key, value)
    unit.full_clean()
    unit.save()
    log_change(actor=actor, instance=unit, action=ChangeAction.UPDATE, before=before)
    return unit


@transaction.atomic
def unit_move(
    *, actor: Any, unit: OrganisationUnit, new_parent: OrganisationUnit | None
) -> OrganisationUnit:
    """Move ``unit`` (and its sub-tree) under ``new_parent``, rewriting the tree paths."""
    require(actor, Action.CHANGE, unit)
    if new_parent is not None:
        require(actor, Action.CHANGE, new_parent)
        if new_parent.path.startswith(unit.path):
            raise ValidationError({"parent": _("A unit cannot be moved under itself.")})
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
    administrators create accounts inside the sub-tree they manage.
    """
    require(actor, Action.ADD, User, owner_unit=unit)
    if role == Role.PLATFORM_ADMIN and not getattr(actor, "is_superuser", False):
        if getattr(actor, "role", None) != Role.PLATFORM_ADMIN:
            raise ValidationError({"role": _("Only a platform administrator may grant that role.")})
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
