"""Pages of organisation resolution: the resolve page (paste or upload a list, see and
correct the links, download), the duplicate finder and the review queue of uncertain
importer links.

Anyone signed in may resolve; corrections and review decisions need
:func:`~stcoop.organisations.resolution_services.may_correct`; the duplicate finder shows
pairs the viewer may merge.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views import View

from stcoop.core.export import csv_response, xlsx_response
from stcoop.core.permissions import can, visible
from stcoop.organisations.duplicates import cached_duplicates
from stcoop.organisations.models import (
    Organisation,
    ResolutionJob,
    ResolutionReviewItem,
    ReviewStatus,
)
from stcoop.organisations.resolution import organisations_by_id, ror_of
from stcoop.organisations.resolution_forms import BulkAcceptForm, ResolveForm
from stcoop.organisations.resolution_services import (
    INLINE_ROWS,
    duplicate_dismiss,
    job_correct_row,
    job_create,
    job_run,
    may_correct,
    may_merge_pair,
    review_bulk_accept,
    review_decide,
)

ROWS_PER_PAGE = 100
PAIRS_PER_PAGE = 25
ITEMS_PER_PAGE = 50


def _organisation_choice(actor: Any, raw: str) -> tuple[bool, Organisation | None]:
    """``(valid, organisation)`` for a posted choice: ``none``, or the pk of an
    organisation the actor may see."""
    raw = (raw or "").strip()
    if raw == "none":
        return True, None
    if not raw.isdigit():
        return False, None
    organisation = visible(actor, Organisation.objects.filter(pk=int(raw))).first()
    return organisation is not None, organisation


# ---------------------------------------------------------------- resolve page
class ResolveView(LoginRequiredMixin, View):
    """GET: the form and the viewer's recent lists; POST: resolve a list."""

    def _render(self, request: HttpRequest, form: ResolveForm, status: int = 200) -> HttpResponse:
        jobs = ResolutionJob.objects.filter(user_id=request.user.pk or 0).only(
            "pk", "filename", "total", "status", "created"
        )[:10]
        context = {"form": form, "jobs": jobs, "inline_rows": INLINE_ROWS}
        return render(request, "organisations/resolve.html", context, status=status)

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(request, ResolveForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = ResolveForm(request.POST, request.FILES)
        if not form.is_valid() or form.table is None:
            return self._render(request, form, status=400)
        header, rows, column, filename = form.table
        job = job_create(
            actor=request.user, header=header, rows=rows, column=column, filename=filename
        )
        if job.total <= INLINE_ROWS:
            job_run(job)
        else:
            from stcoop.organisations.tasks import resolve_job

            resolve_job.enqueue(job.pk)
        return HttpResponseRedirect(reverse("organisations:resolve_job", args=[job.pk]))


class _JobMixin(LoginRequiredMixin):
    def get_job(self, request: HttpRequest, job_id: int) -> ResolutionJob:
        job = ResolutionJob.objects.filter(pk=job_id, user_id=request.user.pk or 0).first()
        if job is None:
            raise Http404(_("There is no such list."))
        return job


def _row_context(
    job: ResolutionJob, indices: list[int], organisations: dict[str, Organisation]
) -> list[dict[str, Any]]:
    rows = []
    for index in indices:
        result = job.results[index]
        matches = [
            {**m, "organisation": organisations.get(m["org_id"])}
            for m in result["matches"]
            if m["org_id"] in organisations
        ]
        chosen = next((m for m in matches if m["org_id"] == result["chosen"]), None)
        rows.append(
            {
                "index": index,
                "number": index + 1,
                "text": result["text"],
                "chosen": chosen,
                "alternatives": [m for m in matches if m is not chosen],
                "corrected": result.get("corrected", False),
            }
        )
    return rows


class ResolveJobView(_JobMixin, View):
    """A resolved list: each text with its organisation, score, method, alternatives
    and reasons; a progress bar while a background job runs."""

    def get(self, request: HttpRequest, job_id: int) -> HttpResponse:
        job = self.get_job(request, job_id)
        context: dict[str, Any] = {"job": job, "may_correct": may_correct(request.user)}
        if job.status == ResolutionJob.Status.DONE:
            page = Paginator(range(len(job.results)), ROWS_PER_PAGE).get_page(
                request.GET.get("page")
            )
            indices = list(page.object_list)
            ids = {m["org_id"] for i in indices for m in job.results[i]["matches"]}
            context["page_obj"] = page
            context["rows"] = _row_context(job, indices, organisations_by_id(ids))
            context["found"] = sum(1 for r in job.results if r["chosen"])
        return render(request, "organisations/resolve_job.html", context)


class ResolveProgressView(_JobMixin, View):
    """The progress bar (polled with htmx); once the job ends, the page reloads."""

    def get(self, request: HttpRequest, job_id: int) -> HttpResponse:
        job = self.get_job(request, job_id)
        response = render(request, "organisations/_resolve_progress.html", {"job": job})
        if job.status in (ResolutionJob.Status.DONE, ResolutionJob.Status.FAILED):
            response["HX-Redirect"] = reverse("organisations:resolve_job", args=[job.pk])
        return response


class ResolveCorrectView(_JobMixin, View):
    """POST ``choice`` (an organisation pk or ``none``) for one row: saves a correction."""

    def post(self, request: HttpRequest, job_id: int, index: int) -> HttpResponse:
        job = self.get_job(request, job_id)
        if not may_correct(request.user):
            raise PermissionDenied(_("You may not correct organisation links."))
        raw = request.POST.get("other") or request.POST.get("choice", "")
        valid, organisation = _organisation_choice(request.user, raw)
        if not valid:
            return HttpResponse(_("Choose an organisation or “none”."), status=400)
        try:
            result = job_correct_row(
                actor=request.user, job=job, index=index, organisation=organisation
            )
        except ValidationError as error:
            return HttpResponse("; ".join(error.messages), status=400)
        if request.headers.get("HX-Request"):
            ids = {m["org_id"] for m in result["matches"]}
            row = _row_context(job, [index], organisations_by_id(ids))[0]
            context = {"row": row, "job": job, "may_correct": True, "saved": True}
            return render(request, "organisations/_resolve_row.html", context)
        messages.success(request, _("The correction was saved."))
        return HttpResponseRedirect(reverse("organisations:resolve_job", args=[job.pk]))


class ResolveDownloadView(_JobMixin, View):
    """The list as CSV or XLSX: the input columns plus the organisation found."""

    def get(self, request: HttpRequest, job_id: int, fmt: str) -> HttpResponse:
        job = self.get_job(request, job_id)
        if job.status != ResolutionJob.Status.DONE or fmt not in ("csv", "xlsx"):
            raise Http404(_("This list cannot be downloaded yet."))
        organisations = organisations_by_id(r["chosen"] for r in job.results if r["chosen"])
        values: list[list[Any]] = [[*job.header, "org_id", "ror_id", "org_name", "score", "method"]]
        for row, result in zip(job.rows, job.results, strict=True):
            organisation = organisations.get(result["chosen"] or "")
            match = next((m for m in result["matches"] if m["org_id"] == result["chosen"]), None)
            if organisation is None or match is None:
                values.append([*row, "", "", "", "", ""])
                continue
            values.append(
                [
                    *row,
                    organisation.pk,
                    ror_of(organisation),
                    str(organisation),
                    match["score"],
                    match["matching_type"],
                ]
            )
        name = slugify(job.filename.rsplit(".", 1)[0]) if job.filename else "organisations"
        filename = f"{name or 'organisations'}-resolved"
        if fmt == "csv":
            return csv_response(values, filename)  # type: ignore[return-value]
        return xlsx_response(values, filename)


class OrganisationSearchView(LoginRequiredMixin, View):
    """``<option>`` elements of visible organisations whose names contain ``q``."""

    def get(self, request: HttpRequest) -> HttpResponse:
        query = (request.GET.get("q") or request.GET.get("other_q") or "").strip()[:200]
        found: list[Organisation] = []
        if len(query) >= 2:
            found = list(
                visible(request.user, Organisation.objects.filter(merged_into__isnull=True))
                .filter(search_text__contains=query.casefold())
                .select_related("country")
                .order_by("name_en", "pk")[:20]
            )
        return render(
            request, "organisations/_organisation_options.html", {"found": found, "query": query}
        )


# ---------------------------------------------------------------- duplicates
class DuplicatesView(LoginRequiredMixin, View):
    """Likely duplicate pairs the viewer may merge, with evidence, score and a link to
    the merge page; POST ``low`` and ``high`` dismisses a pair."""

    def get(self, request: HttpRequest) -> HttpResponse:
        if not may_correct(request.user):
            raise PermissionDenied(_("You may not merge organisations."))
        pairs = cached_duplicates()
        ids = {str(pk) for pair in pairs for pk in (pair.low, pair.high)}
        allowed = set(
            visible(
                request.user, Organisation.objects.filter(pk__in=[int(i) for i in ids])
            ).values_list("pk", flat=True)
        )
        shown = [p for p in pairs if p.low in allowed and p.high in allowed]
        page = Paginator(shown, PAIRS_PER_PAGE).get_page(request.GET.get("page"))
        organisations = organisations_by_id(
            str(pk) for pair in page.object_list for pk in (pair.low, pair.high)
        )
        rows = []
        for pair in page.object_list:
            low, high = organisations.get(str(pair.low)), organisations.get(str(pair.high))
            if low is None or high is None:
                continue
            rows.append(
                {
                    "pair": pair,
                    "low": low,
                    "high": high,
                    "may_merge": may_merge_pair(request.user, low, high),
                }
            )
        context = {"rows": rows, "page_obj": page, "total": len(shown)}
        return render(request, "organisations/duplicates.html", context)

    def post(self, request: HttpRequest) -> HttpResponse:
        low = (
            visible(request.user, Organisation.objects.all())
            .filter(pk=_int(request.POST.get("low")))
            .first()
        )
        high = (
            visible(request.user, Organisation.objects.all())
            .filter(pk=_int(request.POST.get("high")))
            .first()
        )
        if low is None or high is None:
            raise Http404(_("No such organisation."))
        try:
            duplicate_dismiss(actor=request.user, a=low, b=high)
        except ValidationError as error:
            messages.error(request, "; ".join(error.messages))
        else:
            messages.success(
                request,
                _("“{a}” and “{b}” will no longer be proposed as duplicates.").format(
                    a=low, b=high
                ),
            )
        return HttpResponseRedirect(reverse("organisations:duplicates"))


def _int(raw: Any) -> int:
    try:
        return int(raw)
    except (TypeError, ValueError):
        return 0


# ---------------------------------------------------------------- review queue
class ReviewView(LoginRequiredMixin, View):
    """Uncertain importer links: decide one (a candidate, another organisation, none)
    or accept the top candidate of every open item above a score."""

    def _check(self, request: HttpRequest) -> None:
        if not may_correct(request.user):
            raise PermissionDenied(_("You may not correct organisation links."))

    def get(self, request: HttpRequest) -> HttpResponse:
        self._check(request)
        status = request.GET.get("status", ReviewStatus.OPEN)
        if status not in ReviewStatus.values:
            status = ReviewStatus.OPEN
        items = ResolutionReviewItem.objects.filter(status=status).select_related(
            "created_organisation", "resolved_organisation", "decided_by"
        )
        page = Paginator(items, ITEMS_PER_PAGE).get_page(request.GET.get("page"))
        ids = {
            str(c.get("org_id"))
            for item in page.object_list
            for c in item.candidates or []
            if isinstance(c, dict)
        }
        organisations = organisations_by_id(ids)
        allowed = {
            str(pk)
            for pk in visible(
                request.user, Organisation.objects.filter(pk__in=[int(i) for i in organisations])
            ).values_list("pk", flat=True)
        }
        rows = []
        for item in page.object_list:
            candidates = [
                {**c, "organisation": organisations[str(c.get("org_id"))]}
                for c in item.candidates or []
                if isinstance(c, dict) and str(c.get("org_id")) in allowed
            ]
            rows.append({"item": item, "candidates": candidates})
        context = {
            "rows": rows,
            "page_obj": page,
            "status": status,
            "statuses": ReviewStatus.choices,
            "bulk_form": BulkAcceptForm(),
            "open_count": ResolutionReviewItem.objects.filter(status=ReviewStatus.OPEN).count(),
        }
        return render(request, "organisations/review.html", context)


class ReviewDecideView(LoginRequiredMixin, View):
    """POST ``choice`` (an organisation pk or ``none``; ``other`` wins when given)."""

    def post(self, request: HttpRequest, item_id: int) -> HttpResponse:
        if not may_correct(request.user):
            raise PermissionDenied(_("You may not correct organisation links."))
        item = ResolutionReviewItem.objects.filter(pk=item_id).first()
        if item is None:
            raise Http404(_("There is no such review item."))
        raw = request.POST.get("other") or request.POST.get("choice", "")
        valid, organisation = _organisation_choice(request.user, raw)
        if not valid:
            messages.error(request, _("Choose an organisation or “none”."))
            return HttpResponseRedirect(reverse("organisations:review"))
        try:
            review_decide(actor=request.user, item=item, organisation=organisation)
        except ValidationError as error:
            messages.error(request, "; ".join(error.messages))
        else:
            messages.success(request, _("The decision was saved."))
        return HttpResponseRedirect(reverse("organisations:review"))


class ReviewBulkAcceptView(LoginRequiredMixin, View):
    """POST ``min_score``: accept the top candidate of every open item at or above it."""

    def post(self, request: HttpRequest) -> HttpResponse:
        if not may_correct(request.user):
            raise PermissionDenied(_("You may not correct organisation links."))
        form = BulkAcceptForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Give a score between 0 and 1."))
            return HttpResponseRedirect(reverse("organisations:review"))
        accepted, skipped = review_bulk_accept(
            actor=request.user,
            items=ResolutionReviewItem.objects.all(),
            min_score=form.cleaned_data["min_score"],
        )
        messages.success(
            request,
            _("{accepted} items accepted, {skipped} skipped.").format(
                accepted=accepted, skipped=skipped
            ),
        )
        return HttpResponseRedirect(reverse("organisations:review"))


def may_view_resolution_pages(actor: Any) -> dict[str, bool]:
    """Which of the three pages to link from the organisations list."""
    signed_in = bool(getattr(actor, "is_authenticated", False))
    editor = signed_in and may_correct(actor)
    return {"resolve": signed_in, "duplicates": editor, "review": editor}


__all__ = [
    "DuplicatesView",
    "OrganisationSearchView",
    "ResolveCorrectView",
    "ResolveDownloadView",
    "ResolveJobView",
    "ResolveProgressView",
    "ResolveView",
    "ReviewBulkAcceptView",
    "ReviewDecideView",
    "can",
    "may_view_resolution_pages",
]
