"""Writes to organisations: create, update, delete, external IDs and merging.

Each checks the actor's permission first, runs in one transaction and records the change
(through :mod:`stcoop.core.services` and :func:`stcoop.core.changelog.log_change`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from stcoop.accounts.models import OrganisationUnit
from stcoop.core.changelog import log_change
from stcoop.core.choices import ChangeAction, Visibility
from stcoop.core.permissions import Action, require
from stcoop.core.services import record_create, record_delete, record_update
from stcoop.organisations.choices import OrganisationStatus
from stcoop.organisations.models import ExternalId, Organisation, ancestor_ids

#: Fields :func:`organisation_update` accepts.
EDITABLE_FIELDS = frozenset(
    {
        "name_zh_hans",
        "name_en",
        "name_original",
        "name_language",
        "acronyms",
        "aliases",
        "kind",
        "service_kinds",
        "country",
        "city",
        "address",
        "website",
        "parent",
        "status",
        "established",
        "owner_unit",
        "visibility",
    }
)

#: ``(model label, field name)`` of foreign keys to :class:`Organisation` that a merge
#: moves to the record kept. Apps with such keys add theirs with
#: :func:`register_merge_reference` (e.g. in their ``AppConfig.ready``).
MERGE_REFERENCES: list[tuple[str, str]] = []


def register_merge_reference(model_label: str, field_name: str) -> None:
    """Have :func:`organisation_merge` move ``model_label.field_name`` (a foreign key or a
    many-to-many field) to the kept record."""
    if (model_label, field_name) not in MERGE_REFERENCES:
        MERGE_REFERENCES.append((model_label, field_name))


def _check_unknown(fields: dict[str, Any]) -> None:
    unknown = sorted(set(fields) - EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(
            {
                name: [_("This field cannot be changed: {name}").format(name=name)]
                for name in unknown
            }
        )


def organisation_create(
    *,
    actor: Any,
    owner_unit: OrganisationUnit,
    kind: str,
    visibility: str = Visibility.INTERNAL,
    shared_with: Iterable[OrganisationUnit | int] = (),
    external_ids: Iterable[tuple[str, str]] = (),
    **fields: Any,
) -> Organisation:
    """Add an organisation owned by ``owner_unit``; ``fields`` are any of
    :data:`EDITABLE_FIELDS`; ``external_ids`` are ``(scheme, value)`` pairs added with it.

    Raises:
        PermissionDenied: the actor may not add records for ``owner_unit``.
        ValidationError: a field or identifier is invalid (messages keyed by field).
    """
    _check_unknown(fields)
    data = {"owner_unit": owner_unit, "kind": kind, "visibility": visibility, **fields}
    organisation = record_create(
        actor=actor, model=Organisation, fields=data, shared_with=shared_with
    )
    pairs = list(external_ids)
    if pairs:
        before = organisation.snapshot()
        for scheme, value in pairs:
            _add_id(organisation, scheme, value)
        log_change(actor=actor, instance=organisation, action=ChangeAction.UPDATE, before=before)
    return organisation


def organisation_update(
    *,
    actor: Any,
    organisation: Organisation,
    shared_with: Iterable[OrganisationUnit | int] | None = None,
    **fields: Any,
) -> Organisation:
    """Change some of an organisation's :data:`EDITABLE_FIELDS`.

    Raises:
        PermissionDenied: the actor may not change it, or not move it to the new unit.
        ValidationError: a field is unknown or invalid (messages keyed by field).
    """
    _check_unknown(fields)
    return record_update(actor=actor, record=organisation, fields=fields, shared_with=shared_with)


def organisation_delete(*, actor: Any, organisation: Organisation) -> None:
    """Delete an organisation (its IDs with it); its last values stay in the history.

    Sub-organisations lose their parent; records merged into it keep pointing nowhere.
    """
    record_delete(actor=actor, record=organisation)


def _add_id(organisation: Organisation, scheme: str, value: str) -> ExternalId:
    external_id = ExternalId(organisation=organisation, scheme=scheme, value=value)
    external_id.full_clean(
        exclude=["organisation"], validate_unique=False, validate_constraints=False
    )
    holder = (
        ExternalId.objects.filter(scheme=external_id.scheme, value=external_id.value)
        .select_related("organisation")
        .first()
    )
    if holder is not None:
        raise ValidationError(
            {
                "value": [
                    _("This identifier already belongs to {organisation}.").format(
                        organisation=holder.organisation
                    )
                ]
            }
        )
    try:
        with transaction.atomic():
            external_id.save()
    except IntegrityError:
        raise ValidationError({"value": [_("This identifier is already in use.")]}) from None
    return external_id


@transaction.atomic
def external_id_add(
    *, actor: Any, organisation: Organisation, scheme: str, value: str
) -> ExternalId:
    """Give ``organisation`` an identifier (normalised and checked per scheme).

    Raises:
        PermissionDenied: the actor may not change the organisation.
        ValidationError: the value is invalid or belongs to another organisation.
    """
    require(actor, Action.CHANGE, organisation)
    before = organisation.snapshot()
    external_id = _add_id(organisation, scheme, value)
    log_change(actor=actor, instance=organisation, action=ChangeAction.UPDATE, before=before)
    return external_id


@transaction.atomic
def external_id_remove(*, actor: Any, external_id: ExternalId) -> None:
    """Remove an identifier from its organisation.

    Raises:
        PermissionDenied: the actor may not change the organisation.
    """
    organisation = external_id.organisation
    require(actor, Action.CHANGE, organisation)
    before = organisation.snapshot()
    external_id.delete()
    log_change(actor=actor, instance=organisation, action=ChangeAction.UPDATE, before=before)


def merge_preview(*, keep: Organisation, merge: Organisation) -> dict[str, Any]:
    """What :func:`organisation_merge` would move from ``merge`` to ``keep``."""
    references = []
    for label, field_name in MERGE_REFERENCES:
        model = apps.get_model(label)
        count = model._default_manager.filter(**{field_name: merge}).count()
        if count:
            references.append((str(model._meta.verbose_name_plural), count))
    return {
        "external_ids": list(merge.external_ids.all()),
        "names": [n for n in merge.all_names() if n not in keep.all_names()],
        "acronyms": [a for a in merge.acronyms or [] if a not in (keep.acronyms or [])],
        "children": list(merge.children.all()),
        "merged_records": list(merge.merged_records.all()),
        "references": references,
    }


def _move_reference(model: Any, field_name: str, merge: Organisation, keep: Organisation) -> None:
    """Point ``model.field_name`` at ``keep`` wherever it points at ``merge``.

    A many-to-many field loses ``merge`` and gains ``keep`` (once, even where both were
    linked); a foreign key is updated in place.
    """
    field = model._meta.get_field(field_name)
    if not field.many_to_many:
        model._default_manager.filter(**{field_name: merge}).update(**{field_name: keep})
        return
    through = field.remote_field.through
    source = field.m2m_field_name()
    target = field.m2m_reverse_field_name()
    rows = through._default_manager.filter(**{target: merge})
    owners = set(rows.values_list(f"{source}_id", flat=True))
    already = set(
        through._default_manager.filter(**{target: keep, f"{source}_id__in": owners}).values_list(
            f"{source}_id", flat=True
        )
    )
    rows.delete()
    through._default_manager.bulk_create(
        [through(**{f"{source}_id": pk, f"{target}_id": keep.pk}) for pk in owners - already]
    )


def _merge_refusal(keep: Organisation, merge: Organisation) -> str | None:
    if keep.pk == merge.pk:
        return _("An organisation cannot be merged into itself.")
    if merge.merged_into_id is not None:
        return _("This organisation has already been merged into another.")
    if keep.merged_into_id is not None:
        return _("The organisation to keep has itself been merged into another.")
    if merge.pk in ancestor_ids(keep.pk):
        return _("An organisation cannot be merged into one of its own sub-organisations.")
    return None


@transaction.atomic
def organisation_merge(*, actor: Any, keep: Organisation, merge: Organisation) -> Organisation:
    """Merge ``merge`` into ``keep``: they are the same organisation.

    ``keep`` receives ``merge``'s external IDs, its names (as aliases) and acronyms, its
    sub-organisations, the records earlier merged into it, empty fields it lacks
    (country, city, address, website, year) and every registered reference
    (:data:`MERGE_REFERENCES`). ``merge`` stays, withdrawn, with ``merged_into = keep``;
    both changes are in the history.

    Raises:
        PermissionDenied: the actor may not change both records.
        ValidationError: merging into itself, into a sub-organisation of ``merge``, or a
            record already merged.
    """
    require(actor, Action.CHANGE, keep)
    require(actor, Action.CHANGE, merge)
    refusal = _merge_refusal(keep, merge)
    if refusal:
        raise ValidationError({"keep": [refusal]})
    keep_before = keep.snapshot()
    merge_before = merge.snapshot()

    known_names = set(keep.all_names())
    aliases = list(keep.aliases or [])
    for name, language in (
        (merge.name_zh_hans, "zh"),
        (merge.name_en, "en"),
        (merge.name_original, merge.name_language),
        *((a.get("name"), a.get("language", "")) for a in merge.aliases or []),
    ):
        if name and name not in known_names:
            aliases.append({"name": name, "language": language or ""})
            known_names.add(name)
    keep.aliases = aliases
    keep.acronyms = list(keep.acronyms or []) + [
        a for a in merge.acronyms or [] if a not in (keep.acronyms or [])
    ]
    for field_name in ("country_id", "city", "address", "website", "established"):
        if not getattr(keep, field_name) and getattr(merge, field_name):
            setattr(keep, field_name, getattr(merge, field_name))
    if keep.parent_id == merge.pk:
        keep.parent_id = merge.parent_id

    ExternalId.objects.filter(organisation=merge).update(organisation=keep)
    Organisation.objects.filter(parent=merge).exclude(pk=keep.pk).update(parent=keep)
    Organisation.objects.filter(merged_into=merge).update(merged_into=keep)
    for label, field_name in MERGE_REFERENCES:
        _move_reference(apps.get_model(label), field_name, merge, keep)

    keep.full_clean()
    keep.save()
    merge.merged_into = keep
    merge.status = OrganisationStatus.WITHDRAWN
    merge.parent = None
    merge.save()
    log_change(actor=actor, instance=keep, action=ChangeAction.UPDATE, before=keep_before)
    log_change(actor=actor, instance=merge, action=ChangeAction.UPDATE, before=merge_before)
    return keep
