"""The one place that answers "may actor X do V on record R" and "which records may X see".

Rules by role (``accounts.Role``) for records owned by a unit (:class:`OwnedRecord`):

=================  ============================================  ==============================
role               sees                                          may add / change / delete
=================  ============================================  ==============================
platform admin     everything                                    everything
ministry admin     everything                                    everything
unit admin         public, shared with its unit or a unit        records owned by its unit or
                   above it, everything owned in its sub-tree,   any unit below it
                   what it created
base manager,      public, shared with its unit or above,        add and change records of its
organisation user  everything owned by its own unit, what it     own unit; delete what it made
                   created                                       while its unit owns it
expert             public, shared with its unit or above,        add records of its own unit;
                   what it created                               change/delete what it made
anonymous          public only                                   nothing
=================  ============================================  ==============================

A record whose model declares ``publication_status`` is seen as internal while it is
not published (a draft or a withdrawn offer): only inside its owning unit, by the
administrators above it and by its creator.

A record about a person linked to an account (a ``user`` field) is also seen by that
account. Signed-in users without a unit see public records and what they created, and write
nothing (administrators excepted). Whoever may change or delete a record may also see it.
"Shared with its unit or above" means a unit named in ``shared_with`` is the actor's own
unit or one of its ancestors; a record shared with a unit *below* an administrator's unit
is not thereby visible to that administrator. :func:`owner_units` lists the units an
actor may add records for.

Reference data (countries, groupings) is seen by everyone and edited by platform and
ministry administrators. Organisation units and user accounts are managed by platform
administrators, ministry administrators within the ministry's sub-tree, and unit
administrators within their own sub-tree; :func:`grantable_roles` says which roles an
administrator may give (nobody grants a role above their own).
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, Model, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from stcoop.core.choices import Visibility

if TYPE_CHECKING:
    from stcoop.accounts.models import OrganisationUnit

M = TypeVar("M", bound=Model)


class Action(StrEnum):
    """What an actor wants to do."""

    VIEW = "view"
    ADD = "add"
    CHANGE = "change"
    DELETE = "delete"


ADMIN_ROLES = frozenset({"platform_admin", "ministry_admin"})
UNIT_MEMBER_ROLES = frozenset({"base_manager", "org_user"})


def role_of(actor: Any) -> str:
    """The actor's role name; ``"anonymous"`` for a visitor who has not signed in."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return "anonymous"
    if actor.is_superuser:
        return "platform_admin"
    return str(actor.role)


def _unit(actor: Any) -> OrganisationUnit | None:
    return getattr(actor, "unit", None) if role_of(actor) != "anonymous" else None


def _unit_in_subtree(unit: OrganisationUnit | None, root: OrganisationUnit | None) -> bool:
    return unit is not None and root is not None and unit.path.startswith(root.path)


# ---------------------------------------------------------------- owned records
def _published_q(model: Any) -> Q:
    """Records of ``model`` that are published; every record when the model has no
    ``publication_status`` (``(field name, published value)``): an unpublished record
    (a draft) is seen as if it were internal, whatever its visibility."""
    rule = getattr(model, "publication_status", None)
    return Q(**{rule[0]: rule[1]}) if rule else Q()


def _is_published(record: Any) -> bool:
    rule = getattr(record, "publication_status", None)
    return not rule or getattr(record, rule[0]) == rule[1]


def _may_see_owned(actor: Any, record: Any) -> bool:
    role = role_of(actor)
    published = _is_published(record)
    if role in ADMIN_ROLES or (record.visibility == Visibility.PUBLIC and published):
        return True
    if role == "anonymous":
        return False
    unit = _unit(actor)
    if record.created_by_id is not None and record.created_by_id == actor.pk:
        return True
    if getattr(record, "user_id", None) == actor.pk:  # a record about the actor (a person)
        return True
    if record.visibility == Visibility.SHARED and published and unit is not None:
        ancestors = set(unit.ancestor_ids())
        if any(pk in ancestors for pk in record.shared_with.values_list("pk", flat=True)):
            return True
    owner = record.owner_unit
    if role == "unit_admin":
        return _unit_in_subtree(owner, unit)
    if role in UNIT_MEMBER_ROLES:
        return unit is not None and owner.pk == unit.pk
    return False


def _may_write_owned(actor: Any, action: Action, owner: OrganisationUnit, record: Any) -> bool:
    role = role_of(actor)
    if role in ADMIN_ROLES:
        return True
    unit = _unit(actor)
    if role == "anonymous" or unit is None:
        return False
    mine = record is not None and record.created_by_id == actor.pk
    if role == "unit_admin":
        return _unit_in_subtree(owner, unit)
    if role in UNIT_MEMBER_ROLES:
        if action == Action.DELETE:
            return mine and owner.pk == unit.pk
        return owner.pk == unit.pk
    if role == "expert":
        if action == Action.ADD:
            return owner.pk == unit.pk
        return mine
    return False


def _visible_owned(actor: Any, queryset: QuerySet[M]) -> QuerySet[M]:
    role = role_of(actor)
    if role in ADMIN_ROLES:
        return queryset
    published = _published_q(queryset.model)
    public = Q(visibility=Visibility.PUBLIC) & published
    if role == "anonymous":
        return queryset.filter(public)
    unit = _unit(actor)
    condition = public | Q(created_by=actor)
    if any(f.name == "user" and f.concrete for f in queryset.model._meta.get_fields()):
        condition |= Q(user=actor)  # a record about the actor (a person)
    if unit is not None:
        shared_field: Any = queryset.model._meta.get_field("shared_with")
        through = shared_field.remote_field.through
        source = f"{queryset.model._meta.model_name}_id"
        shared = through.objects.filter(
            **{source: OuterRef("pk")}, organisationunit_id__in=unit.ancestor_ids()
        )
        condition |= Q(visibility=Visibility.SHARED) & Q(Exists(shared)) & published
        if role == "unit_admin":
            condition |= Q(owner_unit__path__startswith=unit.path)
        elif role in UNIT_MEMBER_ROLES:
            condition |= Q(owner_unit=unit)
    return queryset.filter(condition)


# ---------------------------------------------------------------- units and users
def _may_manage_unit(actor: Any, unit: OrganisationUnit | None) -> bool:
    role = role_of(actor)
    if role == "platform_admin":
        return True
    if role in {"ministry_admin", "unit_admin"}:
        return _unit_in_subtree(unit, _unit(actor))
    return False


# ---------------------------------------------------------------- public API
def can(actor: Any, action: Action | str, record: Any = None, *, owner_unit: Any = None) -> bool:
    """Whether ``actor`` may do ``action`` on ``record``.

    Args:
        actor: a user, an anonymous user or ``None``.
        action: view, add, change or delete.
        record: the record acted on; for ``add`` pass the model class (or an unsaved
            instance) and the unit that will own it as ``owner_unit``.
        owner_unit: for ``add`` of an owned record, the unit that will own it.

    Returns:
        ``True`` when the rules in this module's docstring allow it.
    """
    action = Action(action)
    scope = getattr(record, "permission_scope", "reference")
    if scope == "owned":
        if action == Action.VIEW:
            return _may_see_owned(actor, record)
        is_instance = isinstance(record, Model) and record.pk is not None
        owner = record.owner_unit if is_instance else owner_unit
        if owner is None:
            return role_of(actor) in ADMIN_ROLES
        return _may_write_owned(actor, action, owner, record if is_instance else None)
    if scope == "unit":
        if action == Action.VIEW:
            return True
        target: Any = record if isinstance(record, Model) and record.pk is not None else owner_unit
        if action == Action.ADD and target is None:
            return role_of(actor) == "platform_admin"
        return _may_manage_unit(actor, target)
    if scope == "user":
        if isinstance(record, Model) and record.pk is not None:
            if action in (Action.VIEW, Action.CHANGE) and record.pk == getattr(actor, "pk", None):
                return True
            return _may_manage_unit(actor, getattr(record, "unit", None)) or (
                role_of(actor) == "platform_admin"
            )
        return _may_manage_unit(actor, owner_unit)
    # Reference data.
    return action == Action.VIEW or role_of(actor) in ADMIN_ROLES


def require(
    actor: Any, action: Action | str, record: Any = None, *, owner_unit: Any = None
) -> None:
    """Raise :class:`PermissionDenied` with a translated reason unless :func:`can` allows it."""
    if not can(actor, action, record, owner_unit=owner_unit):
        raise PermissionDenied(
            _("You do not have permission to {action} this record.").format(
                action=ACTION_LABELS()[Action(action)]
            )
        )


def ACTION_LABELS() -> dict[Action, str]:  # reads like a constant, translated per call
    """Translated verbs for permission messages."""
    return {
        Action.VIEW: _("view"),
        Action.ADD: _("add"),
        Action.CHANGE: _("change"),
        Action.DELETE: _("delete"),
    }


def owner_units(actor: Any, units: QuerySet[M]) -> QuerySet[M]:
    """Narrow ``units`` to those ``actor`` may add owned records for.

    Same rules as ``can(actor, "add", Model, owner_unit=unit)``; forms use it to offer only
    the owning units the actor may choose.
    """
    role = role_of(actor)
    if role in ADMIN_ROLES:
        return units
    unit = _unit(actor)
    if unit is None:
        return units.none()
    if role == "unit_admin":
        return units.filter(path__startswith=unit.path)
    if role in UNIT_MEMBER_ROLES or role == "expert":
        return units.filter(pk=unit.pk)
    return units.none()


_ALL_ROLES = (
    "platform_admin",
    "ministry_admin",
    "unit_admin",
    "base_manager",
    "org_user",
    "expert",
)


def grantable_roles(actor: Any) -> frozenset[str]:
    """The roles ``actor`` may give to an account it creates or changes.

    A platform administrator grants any role, a ministry administrator any but platform
    administrator, a unit administrator its own role and those below it; nobody else
    manages accounts.
    """
    role = role_of(actor)
    if role == "platform_admin":
        return frozenset(_ALL_ROLES)
    if role == "ministry_admin":
        return frozenset(_ALL_ROLES[1:])
    if role == "unit_admin":
        return frozenset(_ALL_ROLES[2:])
    return frozenset()


def visible(actor: Any, queryset: QuerySet[M]) -> QuerySet[M]:
    """Narrow ``queryset`` to the records ``actor`` may see (same rules as ``can(VIEW)``)."""
    scope = getattr(queryset.model, "permission_scope", "reference")
    if scope == "owned":
        return _visible_owned(actor, queryset)
    if scope == "user":
        role = role_of(actor)
        if role == "platform_admin":
            return queryset
        if role == "anonymous":
            return queryset.none()
        unit = _unit(actor)
        if role in {"ministry_admin", "unit_admin"} and unit is not None:
            return queryset.filter(Q(unit__path__startswith=unit.path) | Q(pk=actor.pk))
        return queryset.filter(pk=actor.pk)
    return queryset


def may_see_contact(actor: Any, record: Any) -> bool:
    """Whether ``actor`` may see the contact details (email, phone) of ``record``.

    ``record`` is an owned record with an optional ``user`` (the account of the person it
    describes). Allowed: platform and ministry administrators, unit administrators
    whose sub-tree contains the owning unit, and the person's own account. Everyone
    else, the record's creator and the owning unit's members included, sees the contact
    as hidden; pages, exports and the API all ask this function.
    """
    role = role_of(actor)
    if role == "anonymous":
        return False
    if role in ADMIN_ROLES:
        return True
    user_id = getattr(record, "user_id", None)
    if user_id is not None and user_id == actor.pk:
        return True
    if role == "unit_admin":
        return _unit_in_subtree(record.owner_unit, _unit(actor))
    return False


def may_see_any_contact(actor: Any) -> bool:
    """Whether :func:`may_see_contact` can be true for ``actor`` and some record: lists
    and exports leave the contact columns out altogether for everyone else."""
    role = role_of(actor)
    if role == "anonymous":
        return False
    if role in ADMIN_ROLES or role == "unit_admin":
        return True
    return hasattr(actor, "person") and actor.person is not None


# ---------------------------------------------------------------- decisions and reviews
def may_decide(actor: Any, record: Any = None) -> bool:
    """Whether ``actor`` takes decisions on a designated record (designating, warning or
    revoking a cooperation base): platform and ministry administrators only. Whoever
    may change the record's descriptive fields does not thereby decide its status."""
    return role_of(actor) in ADMIN_ROLES


def may_review(actor: Any, record: Any) -> bool:
    """Whether ``actor`` reviews (accepts or returns) a report owned by
    ``record.owner_unit``: platform and ministry administrators, and unit administrators
    of a unit *above* the owning unit (a province above its bases). The owning unit's
    own members and administrator write the report; they do not review it."""
    role = role_of(actor)
    if role in ADMIN_ROLES:
        return True
    if role != "unit_admin":
        return False
    unit = _unit(actor)
    owner = getattr(record, "owner_unit", None)
    return (
        unit is not None
        and owner is not None
        and owner.pk != unit.pk
        and _unit_in_subtree(owner, unit)
    )
