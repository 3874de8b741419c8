"""Pages of cooperation bases and their self-reports.

Thin: reads via selectors, writes via services. A base or report the viewer may not see
answers 404, like one that does not exist; one it sees but may not change answers 403 on
the pages that change it. Each page offers only the actions the viewer may take.
"""

from __future__ import annotations

import decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.forms import Form
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from stcoop.accounts.models import OrganisationUnit
from stcoop.bases.choices import REPORT_EDITABLE, BaseStatus, ReportStatus
from stcoop.bases.filtersets import BaseFilterSet, SelfReportFilterSet
from stcoop.bases.forms import BaseForm, ReviewForm, SelfReportForm, StatusChangeForm
from stcoop.bases.models import COUNT_FIELDS, CooperationBase, SelfReport, figure_label, sentence
from stcoop.bases.selectors import (
    base_get,
    base_list,
    base_summary,
    report_get,
    report_list,
    visible_partner_organisations,
)
from stcoop.bases.services import (
    allowed_statuses,
    base_create,
    base_delete,
    base_status_change,
    base_update,
    decision_refusal,
    report_create,
    report_delete,
    report_not_editable,
    report_review,
    report_submit,
    report_update,
)
from stcoop.bases.tables import BaseTable, SelfReportTable
from stcoop.core.choices import Visibility
from stcoop.core.permissions import (
    ADMIN_ROLES,
    Action,
    can,
    may_decide,
    may_review,
    owner_units,
    role_of,
)
from stcoop.core.views.lists import RecordListView
from stcoop.core.views.records import (
    RecordCreateView,
    RecordDeleteView,
    RecordEditView,
    RecordMixin,
)


def may_add_bases(actor: Any) -> bool:
    """Whether ``actor`` may record a base for at least one unit."""
    return owner_units(actor, OrganisationUnit.objects.all()).exists()


class BaseListView(RecordListView):
    """Bases the viewer may see, with counts by kind and status above the table."""

    model = CooperationBase
    filterset_class = BaseFilterSet
    table_class = BaseTable
    template_name = "bases/base_list.html"
    title = gettext_lazy("Cooperation bases")
    help_text = gettext_lazy(
        "International innovation parks, joint research centres, technology transfer "
        "centres, demonstration bases, joint laboratories and overseas R&D centres, with "
        "their designation and yearly self-reports."
    )
    empty_text = gettext_lazy("No cooperation bases match these filters.")
    add_url = reverse_lazy("bases:create")  # type: ignore[assignment]
    import_spec = "bases"
    default_columns = ("name", "kind", "status", "host", "location", "partner_countries")

    def get_queryset(self) -> QuerySet[CooperationBase]:
        return base_list(actor=self.request.user)

    def may_add(self) -> bool:
        return may_add_bases(self.request.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        filterset = kwargs.get("filterset")
        if filterset is not None:
            summary = base_summary(filterset.qs)
            params = [(k, v) for k, v in self.request.GET.lists() if k not in ("page",)]
            context["summary"] = {
                name: [
                    (code, label, count, _filter_url(self.request.path, params, name, code))
                    for code, label, count in rows
                ]
                for name, rows in summary.items()
            }
        context["reports_url"] = reverse("bases:reports")
        return context


def _filter_url(path: str, params: list[tuple[str, list[str]]], name: str, value: str) -> str:
    """The list narrowed to ``name=value`` (replacing that filter), other filters kept."""
    kept = [(k, item) for k, values in params if k != name for item in values]
    return f"{path}?{urlencode([*kept, (name, value)])}"


#: Figures drawn as a small trend on a base's page.
TREND_FIELDS: tuple[str, ...] = (
    "projects_running",
    "new_international_projects",
    "foreign_experts_hosted",
    "people_trained",
    "joint_publications",
    "patents_granted",
    "transfer_contracts",
)


def _sparkline(values: list[decimal.Decimal | int]) -> str:
    """SVG polyline points for ``values`` in a 60×16 box (empty for fewer than two)."""
    if len(values) < 2:
        return ""
    top = max(values) or 1
    step = 60 / (len(values) - 1)
    return " ".join(
        f"{round(i * step, 1)},{round(15 - 14 * float(v) / float(top), 1)}"
        for i, v in enumerate(values)
    )


def figure_rows(reports: list[SelfReport]) -> list[dict[str, Any]]:
    """One row per figure: its label, the value of each report (oldest year first) and
    the points of its trend."""
    rows: list[dict[str, Any]] = []
    fields = [*COUNT_FIELDS, "transfer_value", "funding_total"]
    for name in fields:
        if name == "funding_total":
            label: Any = _("Funding received, total (CNY)")
            values: list[Any] = [r.funding_total for r in reports]
        else:
            label = figure_label(name)
            values = [getattr(r, name) for r in reports]
        trend = name in TREND_FIELDS or name in ("transfer_value", "funding_total")
        rows.append(
            {
                "name": name,
                "label": sentence(label),
                "values": values,
                "money": name in ("transfer_value", "funding_total"),
                "points": _sparkline(values) if trend else "",
            }
        )
    return rows


class BaseDetailView(View):
    """One base: host, place, partners, designation, timeline and reports by year."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        base = base_get(actor=request.user, pk=pk)
        host = base.host_organisation
        if host is not None and not can(request.user, Action.VIEW, host):
            host = None
        reports = list(report_list(actor=request.user).filter(base=base).order_by("year", "pk"))
        may_change = can(request.user, Action.CHANGE, base)
        deciding = may_decide(request.user, base) and bool(allowed_statuses(base))
        context = {
            "base": base,
            "host": host,
            "partner_countries": list(base.partner_countries.all()),
            "partner_organisations": visible_partner_organisations(actor=request.user, base=base),
            "timeline": list(base.status_changes.order_by("date", "pk")),
            "reports": list(reversed(reports)),
            "report_years": [r.year for r in reports],
            "figures": figure_rows(reports),
            "shared_with": list(base.shared_with.all())
            if base.visibility == Visibility.SHARED
            else [],
            "may_change": may_change,
            "may_delete": can(request.user, Action.DELETE, base)
            and (base.status == BaseStatus.APPLIED or may_decide(request.user, base)),
            "may_add_report": can(request.user, Action.ADD, SelfReport, owner_unit=base.owner_unit),
            "status_form": StatusChangeForm(base=base) if deciding else None,
        }
        return render(request, "bases/base_detail.html", context)


class _Base(RecordMixin):
    record_name = "base"
    selector = staticmethod(base_get)
    may_not_change = gettext_lazy("You may not change this base.")
    may_not_delete = gettext_lazy("You may not delete this base.")
    detail_url = "bases:detail"
    form_class = BaseForm
    template_name = "bases/base_form.html"

    def service_data(self, form: Any) -> dict[str, Any]:
        return dict(form.service_fields())


class BaseCreateView(_Base, RecordCreateView):
    """Record a base (an application) for a unit the viewer may add records for."""

    title = gettext_lazy("Add a cooperation base")
    may_add = staticmethod(may_add_bases)
    may_not_add = gettext_lazy("You may not add bases for any unit.")
    initial = {"visibility": Visibility.INTERNAL, "status": BaseStatus.APPLIED}
    service = staticmethod(base_create)
    success_message = gettext_lazy("The base was added.")


class BaseEditView(_Base, RecordEditView):
    """Change a base's descriptive fields (and, for deciders, its designation)."""

    title = gettext_lazy("Edit cooperation base")
    service = staticmethod(base_update)
    success_message = gettext_lazy("The base was saved.")


class BaseDeleteView(_Base, RecordDeleteView):
    """Ask, then delete a base the viewer may delete."""

    template_name = "bases/base_confirm_delete.html"
    service = staticmethod(base_delete)
    success_message = gettext_lazy("The base was deleted.")
    list_url = "bases:list"


class BaseStatusView(LoginRequiredMixin, View):
    """Decide on a base's status (designate, evaluate, warn, lift a warning, revoke)."""

    title = gettext_lazy("Decide on the status")

    def _base(self, request: HttpRequest, pk: int) -> CooperationBase:
        base = base_get(actor=request.user, pk=pk)
        if not may_decide(request.user, base):
            raise PermissionDenied(decision_refusal())
        return base

    def _render(self, request: HttpRequest, form: Form, base: CooperationBase) -> HttpResponse:
        return render(
            request,
            "bases/base_status_form.html",
            {"form": form, "base": base, "title": self.title},
            status=400 if form.is_bound else 200,
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        base = self._base(request, pk)
        return self._render(request, StatusChangeForm(base=base), base)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        base = self._base(request, pk)
        form = StatusChangeForm(request.POST, base=base)
        if form.is_valid():
            try:
                base_status_change(actor=request.user, base=base, **form.cleaned_data)
            except ValidationError as error:
                form.apply_errors(error)
            else:
                messages.success(request, _("The decision was recorded."))
                return HttpResponseRedirect(reverse("bases:detail", args=[base.pk]))
        elif "status" in form.errors and not allowed_statuses(base):
            form.errors["status"] = form.error_class(
                [_("A base that is revoked cannot change status any more.")]
            )
        return self._render(request, form, base)


# ---------------------------------------------------------------- self-reports
class ReportListView(RecordListView):
    """Self-reports the viewer may see, e.g. those submitted and waiting for review."""

    model = SelfReport
    filterset_class = SelfReportFilterSet
    table_class = SelfReportTable
    title = gettext_lazy("Self-reports of cooperation bases")
    help_text = gettext_lazy(
        "Yearly figures and narratives of the bases. Filter by status to find the reports "
        "waiting for review."
    )
    empty_text = gettext_lazy("No self-reports match these filters.")
    import_spec = "base-reports"
    default_columns = (
        "report",
        "year",
        "status",
        "new_international_projects",
        "people_trained",
        "funding_total",
        "submitted_at",
    )

    def get_queryset(self) -> QuerySet[SelfReport]:
        return report_list(actor=self.request.user)


def _report_form_page(
    request: HttpRequest,
    form: Form,
    base: CooperationBase,
    report: SelfReport | None,
    title: Any,
) -> HttpResponse:
    return render(
        request,
        "bases/report_form.html",
        {"form": form, "base": base, "report": report, "title": title},
        status=400 if form.is_bound else 200,
    )


class ReportCreateView(LoginRequiredMixin, View):
    """Start a base's self-report for a year."""

    title = gettext_lazy("Add a self-report")

    def _base(self, request: HttpRequest, pk: int) -> CooperationBase:
        base = base_get(actor=request.user, pk=pk)
        if not can(request.user, Action.ADD, SelfReport, owner_unit=base.owner_unit):
            raise PermissionDenied(_("You may not write reports for this base."))
        return base

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        base = self._base(request, pk)
        taken = set(base.self_reports.values_list("year", flat=True))
        year = timezone.localdate().year - 1
        while year in taken:
            year -= 1
        form = SelfReportForm(initial={"year": year, "visibility": Visibility.INTERNAL})
        return _report_form_page(request, form, base, None, self.title)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        base = self._base(request, pk)
        form = SelfReportForm(request.POST)
        if form.is_valid():
            try:
                report = report_create(actor=request.user, base=base, **form.cleaned_data)
            except ValidationError as error:
                form.apply_errors(error)
            else:
                messages.success(request, _("The report was saved as a draft."))
                return HttpResponseRedirect(reverse("bases:report_detail", args=[report.pk]))
        return _report_form_page(request, form, base, None, self.title)


class ReportDetailView(View):
    """One report: figures, narrative, review, and the actions the viewer may take."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        report = report_get(actor=request.user, pk=pk)
        user = request.user
        writable = can(user, Action.CHANGE, report) and report.status in REPORT_EDITABLE
        reviewing = may_review(user, report) and report.status == ReportStatus.SUBMITTED
        context = {
            "report": report,
            "base": report.base,
            "figures": figure_rows([report]),
            "report_years": [report.year],
            "may_change": writable,
            "may_submit": writable,
            "may_delete": can(user, Action.DELETE, report)
            and (report.status in REPORT_EDITABLE or role_of(user) in ADMIN_ROLES),
            "review_form": ReviewForm() if reviewing else None,
        }
        return render(request, "bases/report_detail.html", context)


class _Report(RecordMixin):
    """A report the viewer may change while it is a draft or returned."""

    record_name = "report"
    selector = staticmethod(report_get)
    may_not_change = gettext_lazy("You may not change this report.")
    detail_url = "bases:report_detail"

    def get_record(self, pk: int, action: Action | None = None) -> Any:
        report = super().get_record(pk, action)
        if report.status not in REPORT_EDITABLE:
            raise PermissionDenied(report_not_editable())
        return report

    def record_context(self, record: Any) -> dict[str, Any]:
        return {"base": record.base, "report": record}


class ReportEditView(_Report, RecordEditView):
    """Change a draft or returned report."""

    title = gettext_lazy("Edit self-report")
    form_class = SelfReportForm
    form_takes_actor = False
    template_name = "bases/report_form.html"
    service = staticmethod(report_update)
    success_message = gettext_lazy("The report was saved.")


class ReportSubmitView(_Report):
    """Send a report for review (a button on the report's page)."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        report = self.get_record(pk)
        report_submit(actor=request.user, report=report)
        messages.success(request, _("The report was submitted for review."))
        return self.redirect_to_record(report.pk)


class ReportReviewView(LoginRequiredMixin, View):
    """Accept or return a submitted report (the form on the report's page)."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        report = report_get(actor=request.user, pk=pk)
        if not may_review(request.user, report):
            raise PermissionDenied(_("You may not review this report."))
        form = ReviewForm(request.POST)
        if form.is_valid():
            try:
                report_review(
                    actor=request.user,
                    report=report,
                    accept=form.cleaned_data["decision"] == "accept",
                    comment=form.cleaned_data["comment"],
                )
            except ValidationError as error:
                form.apply_errors(error)
            else:
                accepted = report.status == ReportStatus.ACCEPTED
                messages.success(
                    request,
                    _("The report was accepted.") if accepted else _("The report was returned."),
                )
                return HttpResponseRedirect(reverse("bases:report_detail", args=[report.pk]))
        context = {
            "report": report,
            "base": report.base,
            "figures": figure_rows([report]),
            "report_years": [report.year],
            "review_form": form,
        }
        return render(request, "bases/report_detail.html", context, status=400)


class ReportDeleteView(LoginRequiredMixin, View):
    """Ask, then delete a report."""

    def _report(self, request: HttpRequest, pk: int) -> SelfReport:
        report = report_get(actor=request.user, pk=pk)
        if not can(request.user, Action.DELETE, report):
            raise PermissionDenied(_("You may not delete this report."))
        if report.status not in REPORT_EDITABLE and role_of(request.user) not in ADMIN_ROLES:
            raise PermissionDenied(report_not_editable())
        return report

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        report = self._report(request, pk)
        return render(request, "bases/report_confirm_delete.html", {"report": report})

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        report = self._report(request, pk)
        base_pk = report.base_id
        report_delete(actor=request.user, report=report)
        messages.success(request, _("The report was deleted."))
        return HttpResponseRedirect(reverse("bases:detail", args=[base_pk]))
