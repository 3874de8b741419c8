"""Writes to cooperation bases and their self-reports.

Each checks the actor's permission first, runs in one transaction and records the change
(:func:`stcoop.core.changelog.log_change`). Two writes have rules of their own:

* a base's status changes only by a decision (:func:`base_status_change`), which
  :func:`stcoop.core.permissions.may_decide` allows (platform and ministry
  administrators), along :data:`stcoop.bases.choices.TRANSITIONS` only; the decision
  is kept in the base's timeline. Whoever may change a base (its own unit's manager
  included) edits its descriptive fields; the designation fields are the deciders'.
* a self-report is written by the base's unit (and the administrators above it) while
  it is a draft or returned, then submitted; a reviewer
  (:func:`stcoop.core.permissions.may_review`) accepts or returns it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stcoop.accounts.models import OrganisationUnit
from stcoop.bases.choices import (
    REASON_REQUIRED,
    REPORT_EDITABLE,
    TRANSITIONS,
    BaseStatus,
    ReportStatus,
)
from stcoop.bases.models import FIGURE_FIELDS, BaseStatusChange, CooperationBase, SelfReport
from stcoop.core.changelog import log_change
from stcoop.core.choices import ChangeAction, Visibility
from stcoop.core.models import ObjectChange
from stcoop.core.permissions import (
    ADMIN_ROLES,
    Action,
    can,
    may_decide,
    may_review,
    require,
    role_of,
    visible,
)
from stcoop.core.services import _owner_in, _set_shared_with
from stcoop.geo.models import Country
from stcoop.organisations.models import Organisation

#: Fields :func:`base_create` and :func:`base_update` accept.
EDITABLE_FIELDS = frozenset(
    {
        "kind",
        "name_zh_hans",
        "name_en",
        "acronym",
        "host_organisation",
        "province",
        "city",
        "country",
        "disciplines",
        "description_zh_hans",
        "description_en",
        "website",
        "designating_body",
        "designation_date",
        "designation_year",
        "batch",
        "owner_unit",
        "visibility",
    }
)
#: Fields that record a designation: set by those who decide on bases only.
DECISION_FIELDS = frozenset({"designating_body", "designation_date", "designation_year", "batch"})

#: Fields :func:`report_create` and :func:`report_update` accept.
REPORT_FIELDS = frozenset(
    {"year", *FIGURE_FIELDS, "narrative_zh_hans", "narrative_en", "visibility"}
)


def _check_fields(fields: Mapping[str, Any], allowed: frozenset[str]) -> None:
    unknown = sorted(set(fields) - allowed)
    if unknown:
        raise ValidationError(
            {
                name: [_("This field cannot be changed: {name}").format(name=name)]
                for name in unknown
            }
        )


def decision_refusal() -> str:
    """Why a status decision (or a designation field) is refused to someone else."""
    return _(
        "Only ministry and platform administrators may designate, evaluate, warn or "
        "revoke a cooperation base."
    )


def _require_decider(actor: Any, base: CooperationBase | None = None) -> None:
    if not may_decide(actor, base):
        raise PermissionDenied(decision_refusal())


def _resolve_partners(
    actor: Any,
    base: CooperationBase | None,
    countries: Iterable[Country] | None,
    organisations: Iterable[Organisation] | None,
) -> tuple[list[Country] | None, list[Organisation] | None]:
    """The partner lists to store. Organisations must be visible to the actor; those
    already linked that the actor cannot see are kept (they were not offered)."""
    found_orgs: list[Organisation] | None = None
    if organisations is not None:
        wanted = list(organisations)
        ids = {o.pk for o in wanted}
        seen = set(
            visible(actor, Organisation.objects.filter(pk__in=ids)).values_list("pk", flat=True)
        )
        hidden = sorted(ids - seen)
        if hidden:
            raise ValidationError(
                {
                    "partner_organisations": [
                        _("No such organisation: {ids}").format(
                            ids=", ".join(str(i) for i in hidden)
                        )
                    ]
                }
            )
        found_orgs = wanted
        if base is not None and base.pk is not None:
            linked = Organisation.objects.filter(partner_bases=base).exclude(pk__in=ids)
            found_orgs += [
                o for o in linked if not visible(actor, Organisation.objects.filter(pk=o.pk))
            ]
    return (list(countries) if countries is not None else None), found_orgs


def _check_host(actor: Any, fields: Mapping[str, Any], base: CooperationBase | None) -> None:
    host = fields.get("host_organisation")
    if host is None or (base is not None and base.host_organisation_id == host.pk):
        return
    if not can(actor, Action.VIEW, host):
        raise ValidationError({"host_organisation": [_("No such organisation.")]})


def _rewrite_create_entry(actor: Any, base: CooperationBase) -> None:
    """Put the partners and the first status into the base's "created" history entry."""
    entry = (
        ObjectChange.objects.filter(
            content_type=ContentType.objects.get_for_model(CooperationBase),
            object_id=str(base.pk),
            action=ChangeAction.CREATE,
        )
        .order_by("-pk")
        .first()
    )
    if entry is None:  # pragma: no cover - every create is logged
        log_change(actor=actor, instance=base, action=ChangeAction.CREATE)
        return
    entry.after = base.snapshot()
    entry.save(update_fields=["after"])


@transaction.atomic
def base_create(
    *,
    actor: Any,
    owner_unit: OrganisationUnit,
    kind: str,
    visibility: str = Visibility.INTERNAL,
    shared_with: Iterable[OrganisationUnit | int] = (),
    partner_countries: Iterable[Country] = (),
    partner_organisations: Iterable[Organisation] = (),
    status: str = BaseStatus.APPLIED,
    status_date: datetime.date | None = None,
    status_reason: str = "",
    **fields: Any,
) -> CooperationBase:
    """Record a base owned by ``owner_unit``; ``fields`` are any of :data:`EDITABLE_FIELDS`.

    A base starts as applied. Recording one already designated (or in another status),
    or with designation fields, is a decision: only :func:`may_decide` actors may. The
    first status is written to the timeline on ``status_date`` (the designation date,
    else today).

    Raises:
        PermissionDenied: the actor may not add bases for ``owner_unit``, or not decide.
        ValidationError: a field is invalid (messages keyed by field).
    """
    _check_fields(fields, EDITABLE_FIELDS)
    if status not in BaseStatus.values:
        raise ValidationError({"status": [_("Unknown status: {value}").format(value=status)]})
    require(actor, Action.ADD, CooperationBase, owner_unit=owner_unit)
    if status != BaseStatus.APPLIED or any(fields.get(name) for name in DECISION_FIELDS):
        _require_decider(actor)
    _check_host(actor, fields, None)
    countries, organisations = _resolve_partners(
        actor, None, partner_countries, partner_organisations
    )
    base = CooperationBase(
        owner_unit=owner_unit, kind=kind, visibility=visibility, status=status, **fields
    )
    if getattr(actor, "pk", None):
        base.created_by = actor
    base.full_clean()
    day = status_date or base.designation_date or timezone.localdate()
    if day > timezone.localdate():
        raise ValidationError(
            {"status_date": [_("The date of a decision cannot be in the future.")]}
        )
    base.save()
    _set_shared_with(base, shared_with)
    base.partner_countries.set(countries or [])
    base.partner_organisations.set(organisations or [])
    BaseStatusChange.objects.create(
        base=base,
        from_status="",
        to_status=status,
        date=day,
        reason=status_reason,
        decided_by=actor if getattr(actor, "pk", None) else None,
        decided_by_name=_actor_name(actor),
    )
    log_change(actor=actor, instance=base, action=ChangeAction.CREATE)
    return base


def _actor_name(actor: Any) -> str:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return "system"
    return str(getattr(actor, "display_name", "") or actor.get_username())


@transaction.atomic
def base_update(
    *,
    actor: Any,
    base: CooperationBase,
    shared_with: Iterable[OrganisationUnit | int] | None = None,
    partner_countries: Iterable[Country] | None = None,
    partner_organisations: Iterable[Organisation] | None = None,
    **fields: Any,
) -> CooperationBase:
    """Change some of a base's :data:`EDITABLE_FIELDS` and, when given, its partners.

    The status is not among them (:func:`base_status_change`); changing a designation
    field needs the right to decide. Moving the base to another unit moves its reports.

    Raises:
        PermissionDenied: the actor may not change the base, move it there, or decide.
        ValidationError: a field is unknown or invalid (messages keyed by field).
    """
    if "status" in fields:
        raise ValidationError(
            {"status": [_("The status changes only by a decision (designate, warn, revoke).")]}
        )
    _check_fields(fields, EDITABLE_FIELDS)
    require(actor, Action.CHANGE, base)
    named, new_owner = _owner_in(CooperationBase, fields)
    moved = named and getattr(new_owner, "pk", None) != base.owner_unit_id
    if moved:
        require(actor, Action.ADD, CooperationBase, owner_unit=new_owner)
    if any(name in fields and fields[name] != getattr(base, name) for name in DECISION_FIELDS):
        _require_decider(actor, base)
    _check_host(actor, fields, base)
    countries, organisations = _resolve_partners(
        actor, base, partner_countries, partner_organisations
    )
    before = base.snapshot()
    for name, value in fields.items():
        setattr(base, name, value)
    if "designation_date" in fields and "designation_year" not in fields:
        base.designation_year = base.designation_date.year if base.designation_date else None
    base.full_clean()
    base.save()
    _set_shared_with(base, shared_with)
    if countries is not None:
        base.partner_countries.set(countries)
    if organisations is not None:
        base.partner_organisations.set(organisations)
    if moved:
        SelfReport.objects.filter(base=base).update(owner_unit=base.owner_unit)
    log_change(actor=actor, instance=base, action=ChangeAction.UPDATE, before=before)
    return base


@transaction.atomic
def base_delete(*, actor: Any, base: CooperationBase) -> None:
    """Delete a base with its timeline and reports; the history keeps its last values.

    Only a base still applied for may be deleted by its unit; once decided on, only a
    decider may delete it.

    Raises:
        PermissionDenied: the actor may not delete it.
    """
    require(actor, Action.DELETE, base)
    if base.status != BaseStatus.APPLIED and not may_decide(actor, base):
        raise PermissionDenied(
            _("A base that has been decided on can only be deleted by an administrator.")
        )
    before = base.snapshot()
    log_change(actor=actor, instance=base, action=ChangeAction.DELETE, before=before)
    base.delete()


def allowed_statuses(base: CooperationBase) -> tuple[str, ...]:
    """The statuses a decision may move ``base`` to now."""
    return TRANSITIONS.get(base.status, ())


def transition_refusal(base: CooperationBase, status: str) -> str | None:
    """Why ``base`` cannot move to ``status`` (translated), or ``None`` when it can."""
    labels = dict(BaseStatus.choices)
    if status not in labels:
        return _("Unknown status: {value}").format(value=status)
    if status in allowed_statuses(base):
        return None
    current = str(labels.get(base.status, base.status))
    if status == base.status:
        return _("The base is already {status}.").format(status=current.lower())
    allowed = [str(labels[s]).lower() for s in allowed_statuses(base)]
    if not allowed:
        return _("A base that is {current} cannot change status any more.").format(
            current=current.lower()
        )
    return _("A base that is {current} cannot become {target}; it can become: {allowed}.").format(
        current=current.lower(), target=str(labels[status]).lower(), allowed=", ".join(allowed)
    )


@transaction.atomic
def base_status_change(
    *,
    actor: Any,
    base: CooperationBase,
    status: str,
    date: datetime.date | None = None,
    reason: str = "",
) -> BaseStatusChange:
    """Decide on ``base``: designate, start an evaluation, warn, lift a warning or revoke.

    The decision is dated ``date`` (today if not given; not in the future, not before the
    previous decision), gives a reason (required to warn or revoke) and is written to
    the base's timeline and history. Designating an applied base without a designation
    date sets it to the decision's date.

    Raises:
        PermissionDenied: the actor may not see the base or may not decide.
        ValidationError: the move is not allowed, or the date or reason is missing or wrong.
    """
    require(actor, Action.VIEW, base)
    _require_decider(actor, base)
    base = CooperationBase.objects.select_for_update().get(pk=base.pk)
    errors: dict[str, list[str]] = {}
    refusal = transition_refusal(base, status)
    if refusal:
        errors["status"] = [refusal]
    day = date or timezone.localdate()
    last = base.status_changes.order_by("-date", "-pk").first()
    if day > timezone.localdate():
        errors["date"] = [_("The date of a decision cannot be in the future.")]
    elif last is not None and day < last.date:
        errors["date"] = [
            _("The previous decision is dated {date}; this one cannot be earlier.").format(
                date=last.date.isoformat()
            )
        ]
    reason = (reason or "").strip()
    if status in REASON_REQUIRED and not reason:
        errors["reason"] = [_("Say why the base is warned or revoked.")]
    if errors:
        raise ValidationError(errors)
    before = base.snapshot()
    change = BaseStatusChange.objects.create(
        base=base,
        from_status=base.status,
        to_status=status,
        date=day,
        reason=reason,
        decided_by=actor if getattr(actor, "pk", None) else None,
        decided_by_name=_actor_name(actor),
    )
    if (
        status == BaseStatus.DESIGNATED
        and base.status == BaseStatus.APPLIED
        and not base.designation_date
    ):
        base.designation_date = day
        base.designation_year = base.designation_year or day.year
    base.status = status
    base.save()
    log_change(actor=actor, instance=base, action=ChangeAction.UPDATE, before=before)
    return change


# ---------------------------------------------------------------- self-reports
def _visible_base(actor: Any, base: CooperationBase) -> CooperationBase:
    found = visible(actor, CooperationBase.objects.filter(pk=base.pk)).first()
    if found is None:
        raise ValidationError({"base": [_("No such cooperation base.")]})
    return found


def _validate_report(report: SelfReport) -> None:
    # The one-per-year rule is checked (with a clear message) by SelfReport.clean.
    report.full_clean(validate_constraints=False, validate_unique=False)


def report_not_editable() -> str:
    """Why an author may not change a submitted or accepted report."""
    return _(
        "This report has been submitted and can no longer be changed; a reviewer may "
        "return it for changes."
    )


@transaction.atomic
def report_create(
    *,
    actor: Any,
    base: CooperationBase,
    year: int,
    visibility: str = Visibility.INTERNAL,
    **fields: Any,
) -> SelfReport:
    """Start ``base``'s report for ``year`` as a draft, owned by the base's unit.

    Raises:
        PermissionDenied: the actor may not write records of the base's unit.
        ValidationError: the base is not visible, the year is in the future or already
            reported, or a figure is negative (messages keyed by field).
    """
    _check_fields(fields, REPORT_FIELDS)
    base = _visible_base(actor, base)
    require(actor, Action.ADD, SelfReport, owner_unit=base.owner_unit)
    report = SelfReport(
        base=base, owner_unit=base.owner_unit, year=year, visibility=visibility, **fields
    )
    if getattr(actor, "pk", None):
        report.created_by = actor
    _validate_report(report)
    report.save()
    log_change(actor=actor, instance=report, action=ChangeAction.CREATE)
    return report


@transaction.atomic
def report_update(*, actor: Any, report: SelfReport, **fields: Any) -> SelfReport:
    """Change a draft or returned report's figures, year or narrative.

    Raises:
        PermissionDenied: the actor may not change it, or it is submitted or accepted.
        ValidationError: a field is unknown or invalid (messages keyed by field).
    """
    _check_fields(fields, REPORT_FIELDS)
    require(actor, Action.CHANGE, report)
    if report.status not in REPORT_EDITABLE:
        raise PermissionDenied(report_not_editable())
    before = report.snapshot()
    for name, value in fields.items():
        setattr(report, name, value)
    _validate_report(report)
    report.save()
    log_change(actor=actor, instance=report, action=ChangeAction.UPDATE, before=before)
    return report


@transaction.atomic
def report_delete(*, actor: Any, report: SelfReport) -> None:
    """Delete a draft or returned report (administrators: any report).

    Raises:
        PermissionDenied: the actor may not delete it.
    """
    require(actor, Action.DELETE, report)
    if report.status not in REPORT_EDITABLE and role_of(actor) not in ADMIN_ROLES:
        raise PermissionDenied(report_not_editable())
    before = report.snapshot()
    log_change(actor=actor, instance=report, action=ChangeAction.DELETE, before=before)
    report.delete()


@transaction.atomic
def report_submit(*, actor: Any, report: SelfReport) -> SelfReport:
    """Send a draft or returned report for review; it is read-only to its authors then.

    Raises:
        PermissionDenied: the actor may not change it.
        ValidationError: it is not a draft or returned.
    """
    require(actor, Action.CHANGE, report)
    if report.status not in REPORT_EDITABLE:
        raise ValidationError(
            {"status": [_("Only a draft or a returned report can be submitted.")]}
        )
    before = report.snapshot()
    report.status = ReportStatus.SUBMITTED
    report.submitted_at = timezone.now()
    report.submitted_by = actor if getattr(actor, "pk", None) else None
    report.save()
    log_change(actor=actor, instance=report, action=ChangeAction.UPDATE, before=before)
    return report


@transaction.atomic
def report_review(*, actor: Any, report: SelfReport, accept: bool, comment: str = "") -> SelfReport:
    """Accept a submitted report, or return it to its authors with a comment.

    Raises:
        PermissionDenied: the actor is not a reviewer of this report.
        ValidationError: it is not submitted, or a return lacks a comment.
    """
    require(actor, Action.VIEW, report)
    if not may_review(actor, report):
        raise PermissionDenied(
            _(
                "Only the administrators above a base (its province, the ministry) may "
                "review its reports."
            )
        )
    errors: dict[str, list[str]] = {}
    if report.status != ReportStatus.SUBMITTED:
        errors["status"] = [_("Only a submitted report can be accepted or returned.")]
    comment = (comment or "").strip()
    if not accept and not comment:
        errors["review_comment"] = [_("Say what should be changed when returning a report.")]
    if errors:
        raise ValidationError(errors)
    before = report.snapshot()
    report.status = ReportStatus.ACCEPTED if accept else ReportStatus.RETURNED
    report.review_comment = comment
    report.reviewed_at = timezone.now()
    report.reviewed_by = actor if getattr(actor, "pk", None) else None
    report.save()
    log_change(actor=actor, instance=report, action=ChangeAction.UPDATE, before=before)
    return report


#: For :func:`report_set_status`: the steps from one status to another.
_REPORT_PATHS: dict[tuple[str, str], tuple[str, ...]] = {
    (ReportStatus.DRAFT, ReportStatus.SUBMITTED): ("submit",),
    (ReportStatus.DRAFT, ReportStatus.ACCEPTED): ("submit", "accept"),
    (ReportStatus.DRAFT, ReportStatus.RETURNED): ("submit", "return"),
    (ReportStatus.RETURNED, ReportStatus.SUBMITTED): ("submit",),
    (ReportStatus.RETURNED, ReportStatus.ACCEPTED): ("submit", "accept"),
    (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED): ("accept",),
    (ReportStatus.SUBMITTED, ReportStatus.RETURNED): ("return",),
}


def report_status_refusal(current: str, target: str) -> str | None:
    """Why a report cannot go from ``current`` to ``target`` (``None``: it can)."""
    if current == target or (current, target) in _REPORT_PATHS:
        return None
    labels = dict(ReportStatus.choices)
    return _("A report that is {current} cannot become {target}.").format(
        current=str(labels.get(current, current)).lower(),
        target=str(labels.get(target, target)).lower(),
    )


def report_needs_review(current: str, target: str) -> bool:
    """Whether going from ``current`` to ``target`` includes accepting or returning."""
    steps = _REPORT_PATHS.get((current, target), ())
    return "accept" in steps or "return" in steps


def report_set_status(
    *, actor: Any, report: SelfReport, status: str, comment: str = ""
) -> SelfReport:
    """Bring ``report`` to ``status`` through submit, accept and return (bulk imports).

    Raises:
        PermissionDenied, ValidationError: as the steps do, or the move is not possible.
    """
    refusal = report_status_refusal(report.status, status)
    if refusal:
        raise ValidationError({"status": [refusal]})
    for step in _REPORT_PATHS.get((report.status, status), ()):
        if step == "submit":
            report = report_submit(actor=actor, report=report)
        else:
            report = report_review(
                actor=actor, report=report, accept=step == "accept", comment=comment
            )
    return report
