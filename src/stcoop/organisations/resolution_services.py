"""Writes of organisation resolution: corrections, resolve-page jobs, the review queue of
uncertain importer links and dismissed duplicates.

Each checks the actor first (:func:`may_correct`, or the change permission on the
organisations it touches) and runs in one transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from stcoop.core.permissions import ADMIN_ROLES, UNIT_MEMBER_ROLES, Action, can, require, role_of
from stcoop.engines.orgmatch import correction_key
from stcoop.organisations.models import (
    DuplicateDismissal,
    Organisation,
    ResolutionCorrection,
    ResolutionJob,
    ResolutionReviewItem,
    ReviewStatus,
)
from stcoop.organisations.resolution import MAX_TEXT, resolve_for
from stcoop.organisations.services import organisation_merge

#: Lists up to this many rows are resolved during the request; longer ones in a task.
INLINE_ROWS = 200
#: Rows resolved between two progress updates of a background job.
JOB_BATCH = 50


def may_correct(actor: Any) -> bool:
    """Whether ``actor`` may save corrections and decide review items: administrators,
    and unit administrators and unit members who belong to a unit (the roles that
    change organisations of their unit; experts change only what they made)."""
    role = role_of(actor)
    if role in ADMIN_ROLES:
        return True
    if role == "unit_admin" or role in UNIT_MEMBER_ROLES:
        return getattr(actor, "unit_id", None) is not None
    return False


def _require_corrector(actor: Any) -> None:
    if not may_correct(actor):
        raise PermissionDenied(_("You may not correct organisation links."))


# ---------------------------------------------------------------- corrections
@transaction.atomic
def correction_save(
    *, actor: Any, text: str, organisation: Organisation | None
) -> ResolutionCorrection:
    """Record that ``text`` names ``organisation`` (``None``: no organisation); later
    resolutions of the same text (same normal form) give that answer.

    Raises:
        PermissionDenied: the actor may not correct links, or not see ``organisation``.
        ValidationError: the text is empty once normalised.
    """
    _require_corrector(actor)
    if organisation is not None:
        require(actor, Action.VIEW, organisation)
    key = correction_key((text or "")[:MAX_TEXT])
    if not key:
        raise ValidationError({"text": [_("There is no text to correct.")]})
    correction, _created = ResolutionCorrection.objects.update_or_create(
        key=key[:1000],
        defaults={
            "text": text[:MAX_TEXT],
            "organisation": organisation,
            "decided_by": actor,
            "decided_at": timezone.now(),
        },
    )
    return correction


# ---------------------------------------------------------------- resolve-page jobs
def job_create(
    *, actor: Any, header: Sequence[str], rows: Sequence[Sequence[str]], column: int, filename: str
) -> ResolutionJob:
    """Store a list to resolve for ``actor`` (any signed-in user)."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(_("Sign in to resolve organisations."))
    return ResolutionJob.objects.create(
        user=actor,
        header=list(header),
        rows=[list(r) for r in rows],
        column=column,
        filename=filename[:255],
        total=len(rows),
    )


def job_run(job: ResolutionJob) -> ResolutionJob:
    """Resolve every row of ``job`` (for its owner), counting progress in ``done``."""
    job.status = ResolutionJob.Status.RUNNING
    job.done = 0
    job.save(update_fields=["status", "done"])
    results: list[dict[str, Any]] = []
    try:
        texts = [row[job.column] if job.column < len(row) else "" for row in job.rows]
        for start in range(0, len(texts), JOB_BATCH):
            for answer in resolve_for(job.user, texts[start : start + JOB_BATCH]):
                chosen = answer.chosen
                results.append(
                    {
                        "text": answer.text,
                        "matches": answer.matches,
                        "chosen": chosen["org_id"] if chosen else None,
                        "corrected": False,
                    }
                )
            job.done = len(results)
            job.save(update_fields=["done"])
    except Exception as error:  # a background job must end in a state the page can show
        job.status = ResolutionJob.Status.FAILED
        job.error = str(error)[:2000]
        job.save(update_fields=["status", "error"])
        raise
    job.results = results
    job.status = ResolutionJob.Status.DONE
    job.save(update_fields=["results", "status", "done"])
    return job


@transaction.atomic
def job_correct_row(
    *, actor: Any, job: ResolutionJob, index: int, organisation: Organisation | None
) -> dict[str, Any]:
    """Set row ``index`` of ``job`` to ``organisation`` (``None``: none) and save the
    correction for its text. Returns the row's result.

    Raises:
        PermissionDenied: not the job's owner, or may not correct links.
        ValidationError: no such row.
    """
    if job.user_id != getattr(actor, "pk", None):
        raise PermissionDenied(_("This list belongs to someone else."))
    if not 0 <= index < len(job.results):
        raise ValidationError({"row": [_("There is no row {row}.").format(row=index + 1)]})
    result = job.results[index]
    correction_save(actor=actor, text=result["text"], organisation=organisation)
    result["chosen"] = str(organisation.pk) if organisation is not None else None
    result["corrected"] = True
    if organisation is not None and not any(
        m["org_id"] == result["chosen"] for m in result["matches"]
    ):
        result["matches"].append(
            {
                "org_id": result["chosen"],
                "score": 1.0,
                "chosen": True,
                "matching_type": "CORRECTION",
                "substring": result["text"],
                "reasons": ["corrected"],
            }
        )
    for match in result["matches"]:
        match["chosen"] = match["org_id"] == result["chosen"]
        if match["chosen"]:
            match["matching_type"] = "CORRECTION"
            match["score"] = 1.0
    job.save(update_fields=["results"])
    return dict(result)


# ---------------------------------------------------------------- review queue
def review_file(
    *,
    source: str,
    source_ref: str,
    text: str,
    country: str,
    candidates: Sequence[dict[str, Any]],
    created_organisation: Organisation | None = None,
) -> ResolutionReviewItem:
    """File an uncertain link for a person to decide (importers call this; they have
    checked their actor already). An open item for the same source and text is
    updated instead of repeated."""
    item = ResolutionReviewItem.objects.filter(
        source=source, text=text, country=country, status=ReviewStatus.OPEN
    ).first()
    if item is None:
        item = ResolutionReviewItem(source=source, text=text, country=country)
    item.source_ref = source_ref[:300]
    item.candidates = [dict(c) for c in candidates]
    if created_organisation is not None:
        item.created_organisation = created_organisation
    item.save()
    return item


def _status_for(item: ResolutionReviewItem, organisation: Organisation | None) -> str:
    if organisation is None:
        return ReviewStatus.REJECTED
    candidate_ids = {str(c.get("org_id")) for c in item.candidates or [] if isinstance(c, dict)}
    return ReviewStatus.ACCEPTED if str(organisation.pk) in candidate_ids else ReviewStatus.LINKED


@transaction.atomic
def review_decide(
    *, actor: Any, item: ResolutionReviewItem, organisation: Organisation | None
) -> ResolutionReviewItem:
    """Decide an open review item: ``organisation`` is what the text names (one of the
    candidates: accepted; another: linked), ``None`` that it names none of them
    (rejected: the organisation the import created stands).

    Where the import created an organisation and another is chosen, the created one is
    merged into it (participations follow). The decision is also kept as a correction.

    Raises:
        PermissionDenied: the actor may not correct links or change the organisations.
        ValidationError: the item is already decided, or the merge is refused.
    """
    _require_corrector(actor)
    if item.status != ReviewStatus.OPEN:
        raise ValidationError({"status": [_("This item has already been decided.")]})
    created = item.created_organisation
    if organisation is not None:
        require(actor, Action.VIEW, organisation)
        if created is not None and created.pk != organisation.pk and created.merged_into_id is None:
            organisation_merge(actor=actor, keep=organisation, merge=created)
    item.status = _status_for(item, organisation)
    item.resolved_organisation = organisation if organisation is not None else created
    item.decided_by = actor
    item.decided_at = timezone.now()
    item.save()
    target = organisation if organisation is not None else created
    correction_save(actor=actor, text=item.text, organisation=target)
    return item


def review_bulk_accept(
    *, actor: Any, items: QuerySet[ResolutionReviewItem], min_score: float
) -> tuple[int, int]:
    """Accept the top candidate of every open item in ``items`` scoring at least
    ``min_score``. Returns ``(accepted, skipped)``; an item whose organisation the actor
    may not change, or that is gone, is skipped.

    Raises:
        PermissionDenied: the actor may not correct links.
    """
    _require_corrector(actor)
    accepted = skipped = 0
    for item in items.filter(status=ReviewStatus.OPEN).select_related("created_organisation"):
        candidates = sorted(
            (c for c in item.candidates or [] if isinstance(c, dict)),
            key=lambda c: -float(c.get("score", 0)),
        )
        if not candidates or float(candidates[0].get("score", 0)) < min_score:
            continue
        top = Organisation.objects.filter(pk=int(candidates[0]["org_id"])).first()
        if top is None or top.merged_into_id is not None:
            skipped += 1
            continue
        try:
            review_decide(actor=actor, item=item, organisation=top)
        except (PermissionDenied, ValidationError):
            skipped += 1
        else:
            accepted += 1
    return accepted, skipped


# ---------------------------------------------------------------- duplicates
def may_merge_pair(actor: Any, a: Organisation, b: Organisation) -> bool:
    """Whether ``actor`` may merge ``a`` and ``b`` (change both)."""
    return can(actor, Action.CHANGE, a) and can(actor, Action.CHANGE, b)


@transaction.atomic
def duplicate_dismiss(*, actor: Any, a: Organisation, b: Organisation) -> DuplicateDismissal:
    """Record that ``a`` and ``b`` are not the same organisation (the duplicate finder
    stops proposing them).

    Raises:
        PermissionDenied: the actor may not merge them.
        ValidationError: the two are one record.
    """
    if not may_merge_pair(actor, a, b):
        raise PermissionDenied(_("You may not change both organisations."))
    if a.pk == b.pk:
        raise ValidationError(_("An organisation is not a duplicate of itself."))
    low, high = (a, b) if a.pk < b.pk else (b, a)
    dismissal, _created = DuplicateDismissal.objects.get_or_create(
        low=low, high=high, defaults={"decided_by": actor}
    )
    return dismissal
