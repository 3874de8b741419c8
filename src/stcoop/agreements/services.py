"""Writes to agreements, mechanisms and their sessions.

Each checks the actor's permission first (:mod:`stcoop.core.permissions`), runs in one
transaction and records one history entry per write, many-to-many links included;
sessions are recorded in their mechanism's history. Linked agreements and organisations
must be ones the actor may see.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from stcoop.accounts.models import OrganisationUnit
from stcoop.agreements.models import Agreement, Mechanism, MechanismMeeting
from stcoop.core.changelog import log_change
from stcoop.core.choices import ChangeAction, Visibility
from stcoop.core.models import OwnedRecord
from stcoop.core.permissions import Action, can, require, visible
from stcoop.core.services import _check_fields, _owner_in, _set_shared_with, record_delete
from stcoop.geo.models import Country
from stcoop.organisations.models import Organisation

R = TypeVar("R", bound=OwnedRecord)

#: Fields :func:`agreement_create` and :func:`agreement_update` accept besides the links.
AGREEMENT_FIELDS = frozenset(
    {
        "kind",
        "title_zh_hans",
        "title_en",
        "parent",
        "signed_date",
        "effective_date",
        "expiry_date",
        "status",
        "reference_number",
        "summary_zh_hans",
        "summary_en",
        "full_text",
        "link",
        "owner_unit",
        "visibility",
    }
)
#: Many-to-many links of an agreement: name → model of the linked records.
AGREEMENT_LINKS: dict[str, type[Any]] = {"countries": Country, "signatories": Organisation}

MECHANISM_FIELDS = frozenset(
    {
        "kind",
        "name_zh_hans",
        "name_en",
        "agreement",
        "established_date",
        "frequency",
        "status",
        "description_zh_hans",
        "description_en",
        "owner_unit",
        "visibility",
    }
)
MECHANISM_LINKS: dict[str, type[Any]] = {
    "countries": Country,
    "chinese_leads": Organisation,
    "partner_leads": Organisation,
}

#: Fields of a session.
MEETING_FIELDS = frozenset(
    {
        "session_number",
        "date",
        "city",
        "country",
        "outcomes_zh_hans",
        "outcomes_en",
        "documents_link",
    }
)


def _check_allowed(fields: Mapping[str, Any], allowed: Iterable[str]) -> None:
    unknown = sorted(set(fields) - set(allowed))
    if unknown:
        raise ValidationError(
            {
                name: [_("This field cannot be changed: {name}").format(name=name)]
                for name in unknown
            }
        )


def _check_links(actor: Any, links: Mapping[str, Iterable[Any] | None]) -> dict[str, list[Any]]:
    """The linked records as lists; organisations must be visible to the actor."""
    checked: dict[str, list[Any]] = {}
    for name, items in links.items():
        if items is None:
            continue
        records = list(dict.fromkeys(items))
        hidden = [r for r in records if isinstance(r, Organisation) and not can(actor, "view", r)]
        if hidden:
            ids = ", ".join(str(r.pk) for r in hidden)
            raise ValidationError({name: [_("No such organisation: {ids}").format(ids=ids)]})
        checked[name] = records
    return checked


def _check_related(actor: Any, fields: Mapping[str, Any], name: str) -> None:
    """A linked agreement (``parent``, ``agreement``) must be one the actor may see."""
    record = fields.get(name)
    if record is not None and not can(actor, Action.VIEW, record):
        raise ValidationError({name: [_("No such agreement.")]})


@transaction.atomic
def _create(
    *,
    actor: Any,
    model: type[R],
    fields: Mapping[str, Any],
    links: Mapping[str, list[Any]],
    shared_with: Iterable[Any] | None,
    then: Callable[[R], None] | None = None,
) -> R:
    _check_fields(model, fields)
    named, owner_unit = _owner_in(model, fields)
    if not named:
        raise ValidationError({"owner_unit": [_("Choose the unit that will own this record.")]})
    require(actor, Action.ADD, model, owner_unit=owner_unit)
    record = model(**fields)
    if getattr(actor, "pk", None):
        record.created_by = actor
    record.full_clean()
    record.save()
    _set_shared_with(record, shared_with)
    for name, items in links.items():
        getattr(record, name).set(items)
    if then is not None:
        then(record)
    log_change(actor=actor, instance=record, action=ChangeAction.CREATE)
    return record


@transaction.atomic
def _update(
    *,
    actor: Any,
    record: R,
    fields: Mapping[str, Any],
    links: Mapping[str, list[Any]],
    shared_with: Iterable[Any] | None,
    then: Callable[[R], None] | None = None,
) -> R:
    _check_fields(type(record), fields)
    require(actor, Action.CHANGE, record)
    named, new_owner = _owner_in(type(record), fields)
    if named and getattr(new_owner, "pk", None) != record.owner_unit_id:
        require(actor, Action.ADD, type(record), owner_unit=new_owner)
    before = record.snapshot()
    for name, value in fields.items():
        setattr(record, name, value)
    record.full_clean()
    record.save()
    _set_shared_with(record, shared_with)
    for name, items in links.items():
        getattr(record, name).set(items)
    if then is not None:
        then(record)
    log_change(actor=actor, instance=record, action=ChangeAction.UPDATE, before=before)
    return record


# ---------------------------------------------------------------- agreements
def agreement_create(
    *,
    actor: Any,
    owner_unit: OrganisationUnit,
    visibility: str = Visibility.INTERNAL,
    shared_with: Iterable[OrganisationUnit | int] = (),
    countries: Iterable[Country] = (),
    signatories: Iterable[Organisation] = (),
    **fields: Any,
) -> Agreement:
    """Add an agreement owned by ``owner_unit``; ``fields`` are any of
    :data:`AGREEMENT_FIELDS`; ``countries`` the partner countries, ``signatories`` the
    signing bodies.

    Raises:
        PermissionDenied: the actor may not add records for ``owner_unit``.
        ValidationError: a field is invalid (messages keyed by field).
    """
    _check_allowed(fields, AGREEMENT_FIELDS)
    _check_related(actor, fields, "parent")
    links = _check_links(actor, {"countries": countries, "signatories": signatories})
    data = {"owner_unit": owner_unit, "visibility": visibility, **fields}
    return _create(actor=actor, model=Agreement, fields=data, links=links, shared_with=shared_with)


def agreement_update(
    *,
    actor: Any,
    agreement: Agreement,
    shared_with: Iterable[OrganisationUnit | int] | None = None,
    countries: Iterable[Country] | None = None,
    signatories: Iterable[Organisation] | None = None,
    **fields: Any,
) -> Agreement:
    """Change some of an agreement's fields and links (``None``: leave them as they are).

    Raises:
        PermissionDenied: the actor may not change the agreement, or not move it there.
        ValidationError: a field is unknown or invalid (messages keyed by field).
    """
    _check_allowed(fields, AGREEMENT_FIELDS)
    require(actor, Action.CHANGE, agreement)
    if "parent" in fields and getattr(fields["parent"], "pk", None) != agreement.parent_id:
        _check_related(actor, fields, "parent")
    links = _check_links(actor, {"countries": countries, "signatories": signatories})
    return _update(
        actor=actor, record=agreement, fields=fields, links=links, shared_with=shared_with
    )


def agreement_delete(*, actor: Any, agreement: Agreement) -> None:
    """Delete an agreement; its protocols and mechanisms stay, without it. The history
    keeps its last values."""
    record_delete(actor=actor, record=agreement)


# ---------------------------------------------------------------- mechanisms
def _meeting_fields(fields: Mapping[str, Any]) -> dict[str, Any]:
    _check_allowed(fields, MEETING_FIELDS)
    return dict(fields)


def _save_meeting(meeting: MechanismMeeting, *, prefix: str = "") -> None:
    try:
        meeting.full_clean()
    except ValidationError as error:
        if not prefix or not hasattr(error, "error_dict"):
            raise
        raise ValidationError(
            {f"{prefix}.{key}": messages for key, messages in error.message_dict.items()}
        ) from None
    meeting.save()


def _replace_meetings(mechanism: Mechanism, meetings: Sequence[Mapping[str, Any]]) -> None:
    """Make the sessions exactly ``meetings`` (matched by session number)."""
    numbers = [m.get("session_number") for m in meetings]
    duplicates = sorted({n for n in numbers if n is not None and numbers.count(n) > 1})
    if duplicates:
        raise ValidationError(
            {"meetings": [_("Session {number} is listed twice.").format(number=duplicates[0])]}
        )
    existing = {m.session_number: m for m in mechanism.meetings.all()}
    mechanism.meetings.exclude(session_number__in=[n for n in numbers if n is not None]).delete()
    for index, values in enumerate(meetings):
        fields = _meeting_fields(values)
        meeting = existing.get(int(fields.get("session_number") or 0)) or MechanismMeeting()
        meeting.mechanism = mechanism
        for name in MEETING_FIELDS:
            setattr(meeting, name, fields.get(name, _meeting_default(name)))
        _save_meeting(meeting, prefix=f"meetings.{index}")


def _meeting_default(name: str) -> Any:
    return None if name in {"date", "country", "session_number"} else ""


def mechanism_create(
    *,
    actor: Any,
    owner_unit: OrganisationUnit,
    visibility: str = Visibility.INTERNAL,
    shared_with: Iterable[OrganisationUnit | int] = (),
    countries: Iterable[Country] = (),
    chinese_leads: Iterable[Organisation] = (),
    partner_leads: Iterable[Organisation] = (),
    meetings: Sequence[Mapping[str, Any]] = (),
    **fields: Any,
) -> Mechanism:
    """Add a mechanism owned by ``owner_unit`` with its sessions (``meetings``: field
    mappings of :data:`MEETING_FIELDS`), all in one history entry.

    Raises:
        PermissionDenied: the actor may not add records for ``owner_unit``.
        ValidationError: a field or session is invalid (sessions keyed ``meetings.N.field``).
    """
    _check_allowed(fields, MECHANISM_FIELDS)
    _check_related(actor, fields, "agreement")
    links = _check_links(
        actor,
        {"countries": countries, "chinese_leads": chinese_leads, "partner_leads": partner_leads},
    )
    data = {"owner_unit": owner_unit, "visibility": visibility, **fields}
    sessions = list(meetings)
    return _create(
        actor=actor,
        model=Mechanism,
        fields=data,
        links=links,
        shared_with=shared_with,
        then=(lambda record: _replace_meetings(record, sessions)) if sessions else None,
    )


def mechanism_update(
    *,
    actor: Any,
    mechanism: Mechanism,
    shared_with: Iterable[OrganisationUnit | int] | None = None,
    countries: Iterable[Country] | None = None,
    chinese_leads: Iterable[Organisation] | None = None,
    partner_leads: Iterable[Organisation] | None = None,
    meetings: Sequence[Mapping[str, Any]] | None = None,
    **fields: Any,
) -> Mechanism:
    """Change a mechanism; ``meetings`` (when given) replaces its sessions, matched by
    session number. One history entry records it all.

    Raises:
        PermissionDenied: the actor may not change it, or not move it to the new unit.
        ValidationError: a field or session is invalid.
    """
    _check_allowed(fields, MECHANISM_FIELDS)
    require(actor, Action.CHANGE, mechanism)
    if "agreement" in fields and getattr(fields["agreement"], "pk", None) != mechanism.agreement_id:
        _check_related(actor, fields, "agreement")
    links = _check_links(
        actor,
        {"countries": countries, "chinese_leads": chinese_leads, "partner_leads": partner_leads},
    )
    sessions = list(meetings) if meetings is not None else None
    return _update(
        actor=actor,
        record=mechanism,
        fields=fields,
        links=links,
        shared_with=shared_with,
        then=(lambda record: _replace_meetings(record, sessions)) if sessions is not None else None,
    )


def mechanism_delete(*, actor: Any, mechanism: Mechanism) -> None:
    """Delete a mechanism with its sessions; the history keeps them."""
    record_delete(actor=actor, record=mechanism)


# ---------------------------------------------------------------- sessions
@transaction.atomic
def meeting_add(*, actor: Any, mechanism: Mechanism, **fields: Any) -> MechanismMeeting:
    """Record a session of ``mechanism`` (fields of :data:`MEETING_FIELDS`).

    Raises:
        PermissionDenied: the actor may not change the mechanism.
        ValidationError: the number is taken, the date is missing or before the
            mechanism was established, or a value is invalid.
    """
    fields = _meeting_fields(fields)
    require(actor, Action.CHANGE, mechanism)
    before = mechanism.snapshot()
    meeting = MechanismMeeting(mechanism=mechanism, **fields)
    _save_meeting(meeting)
    log_change(actor=actor, instance=mechanism, action=ChangeAction.UPDATE, before=before)
    return meeting


@transaction.atomic
def meeting_update(*, actor: Any, meeting: MechanismMeeting, **fields: Any) -> MechanismMeeting:
    """Change a session.

    Raises:
        PermissionDenied: the actor may not change the mechanism.
        ValidationError: a value is invalid.
    """
    fields = _meeting_fields(fields)
    mechanism = meeting.mechanism
    require(actor, Action.CHANGE, mechanism)
    before = mechanism.snapshot()
    for name, value in fields.items():
        setattr(meeting, name, value)
    _save_meeting(meeting)
    log_change(actor=actor, instance=mechanism, action=ChangeAction.UPDATE, before=before)
    return meeting


@transaction.atomic
def meeting_remove(*, actor: Any, meeting: MechanismMeeting) -> None:
    """Remove a session recorded by mistake.

    Raises:
        PermissionDenied: the actor may not change the mechanism.
    """
    mechanism = meeting.mechanism
    require(actor, Action.CHANGE, mechanism)
    before = mechanism.snapshot()
    meeting.delete()
    log_change(actor=actor, instance=mechanism, action=ChangeAction.UPDATE, before=before)


def visible_agreements(actor: Any) -> Any:
    """Agreements ``actor`` may link a protocol or mechanism to."""
    return visible(actor, Agreement.objects.all())
