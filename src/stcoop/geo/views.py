"""Pages: country and grouping lists and details, and administrators' member maintenance."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from stcoop.core.permissions import Action, can, visible
from stcoop.core.views.lists import RecordListView
from stcoop.geo import selectors, services
from stcoop.geo.filtersets import CountryFilterSet, GroupingFilterSet
from stcoop.geo.forms import GroupingSourceForm, MemberAddForm, MemberFileForm, MemberRemoveForm
from stcoop.geo.imports import parse_day, read_member_file
from stcoop.geo.models import Country, Grouping
from stcoop.geo.tables import CountryTable, GroupingTable

IMPORT_MAX_AGE = 60 * 60  # seconds a previewed file stays valid for confirmation


# ---------------------------------------------------------------- lists
class CountryListView(RecordListView):
    """All countries and territories, filterable by name, region, income and grouping."""

    model = Country
    filterset_class = CountryFilterSet
    table_class = CountryTable
    title = gettext_lazy("Countries and territories")
    help_text = gettext_lazy(
        "ISO 3166-1 codes, UN M49 regions and World Bank income groups, loaded from "
        "reference-data packages."
    )
    default_columns = (
        "iso2",
        "iso3",
        "name_zh_hans",
        "name_en",
        "region",
        "sub_region",
        "income_group",
    )

    def get_queryset(self) -> QuerySet[Country]:
        return visible(self.request.user, selectors.country_list())


class GroupingListView(RecordListView):
    """All country groupings with their current member counts and sources."""

    model = Grouping
    filterset_class = GroupingFilterSet
    table_class = GroupingTable
    title = gettext_lazy("Country groupings")
    help_text = gettext_lazy(
        "Groupings are data with a source and a validity period; each page gives the rule "
        "that decides its members."
    )
    default_columns = ("acronym", "name", "kind", "member_count", "source_name", "valid_from")

    def get_queryset(self) -> QuerySet[Grouping]:
        return visible(self.request.user, selectors.grouping_list())


# ---------------------------------------------------------------- details
class CountryDetailView(TemplateView):
    """One country: names in both languages, codes, regions, income group, groupings."""

    template_name = "geo/country_detail.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        iso2 = kwargs["iso2"]
        if iso2 != iso2.upper():
            return redirect("geo:country_detail", iso2=iso2.upper(), permanent=True)
        country = selectors.country_get(iso2)
        if country is None:
            raise Http404(_("No country or territory has the code {code}.").format(code=iso2))
        memberships = list(selectors.country_memberships(country, history=True))
        today = timezone.localdate()
        from stcoop.collaboration.selectors import country_summary

        context = self.get_context_data(
            country=country,
            current=[m for m in memberships if m.is_member_on(today)],
            other=[m for m in memberships if not m.is_member_on(today)],
            coauthorship=country_summary(country.iso2),
        )
        return self.render_to_response(context)


def _day_param(request: HttpRequest) -> datetime.date | None:
    try:
        return parse_day(request.GET.get("on", ""))
    except ValueError:
        return None


def _grouping_or_404(code: str) -> Grouping:
    grouping = selectors.grouping_get(code)
    if grouping is None:
        raise Http404(_("No grouping has the code {code}.").format(code=code))
    return grouping


def grouping_page(
    request: HttpRequest, grouping: Grouping, *, add_form: Form | None = None, status: int = 200
) -> HttpResponse:
    """Render a grouping's page (also used to show a failed "add member" form)."""
    on = _day_param(request)
    history = request.GET.get("history") == "1"
    may_edit = grouping.is_editable and can(request.user, Action.CHANGE, grouping)
    context = {
        "grouping": grouping,
        "memberships": selectors.grouping_memberships(grouping, on=on, history=history),
        "on": on,
        "history": history,
        "may_edit": may_edit,
        "add_form": add_form if add_form is not None else (MemberAddForm() if may_edit else None),
    }
    return render(request, "geo/grouping_detail.html", context, status=status)


class GroupingDetailView(View):
    """One grouping: rule, source, validity and members (``?on=YYYY-MM-DD``, ``?history=1``)."""

    def get(self, request: HttpRequest, code: str) -> HttpResponse:
        return grouping_page(request, _grouping_or_404(code))


# ---------------------------------------------------------------- administrators
class GroupingEditMixin(LoginRequiredMixin):
    """Loads the grouping and refuses (403) a user who may not change it."""

    grouping: Grouping

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.grouping = _grouping_or_404(kwargs["code"])
        if not can(request.user, Action.CHANGE, self.grouping):
            raise PermissionDenied(_("Only platform and ministry administrators edit groupings."))
        if not self.grouping.is_editable:
            messages.error(
                request,
                _(
                    "The members of {name} are loaded from {source}; they cannot be edited here."
                ).format(name=self.grouping.name, source=self.grouping.source_name),
            )
            return redirect(self.detail_url())
        return super().dispatch(request, *args, **kwargs)

    def detail_url(self) -> str:
        return reverse("geo:grouping_detail", kwargs={"code": self.grouping.code})


def _form_errors(form: Form, error: ValidationError) -> None:
    """Attach a service's errors to the form fields they name (others to the form)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


class MemberAddView(GroupingEditMixin, View):
    """Add one member (POST from the grouping page)."""

    def get(self, request: HttpRequest, code: str) -> HttpResponse:
        return redirect(self.detail_url())

    def post(self, request: HttpRequest, code: str) -> HttpResponse:
        form = MemberAddForm(request.POST)
        if form.is_valid():
            try:
                services.grouping_member_add(
                    actor=request.user,
                    grouping=self.grouping,
                    country=form.cleaned_data["country"],
                    valid_from=form.cleaned_data["valid_from"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as error:
                _form_errors(form, error)
            else:
                messages.success(
                    request,
                    _("{country} was added to {grouping}.").format(
                        country=form.cleaned_data["country"].name, grouping=self.grouping.name
                    ),
                )
                return redirect(self.detail_url())
        return grouping_page(request, self.grouping, add_form=form, status=400)


class MemberRemoveView(GroupingEditMixin, TemplateView):
    """End a member's membership: a confirmation form, then the change."""

    template_name = "geo/member_remove.html"

    def _country(self) -> Country:
        country = selectors.country_get(self.kwargs["iso2"])
        if country is None:
            raise Http404(_("No country or territory has that code."))
        return country

    def get(self, request: HttpRequest, code: str, iso2: str) -> HttpResponse:
        return self.render_to_response(
            self.get_context_data(
                grouping=self.grouping, country=self._country(), form=MemberRemoveForm()
            )
        )

    def post(self, request: HttpRequest, code: str, iso2: str) -> HttpResponse:
        country = self._country()
        form = MemberRemoveForm(request.POST)
        if form.is_valid():
            try:
                services.grouping_member_remove(
                    actor=request.user,
                    grouping=self.grouping,
                    country=country,
                    valid_to=form.cleaned_data["valid_to"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as error:
                _form_errors(form, error)
            else:
                messages.success(
                    request,
                    _("{country} is no longer listed as a current member of {grouping}.").format(
                        country=country.name, grouping=self.grouping.name
                    ),
                )
                return redirect(self.detail_url())
        context = self.get_context_data(grouping=self.grouping, country=country, form=form)
        return self.render_to_response(context, status=400)


class MemberImportView(GroupingEditMixin, TemplateView):
    """Upload a member file, preview every row (with errors), then confirm."""

    template_name = "geo/member_import.html"

    def _salt(self) -> str:
        return f"geo.member-import:{self.grouping.code}:{self.request.user.pk}"

    def get(self, request: HttpRequest, code: str) -> HttpResponse:
        return self.render_to_response(
            self.get_context_data(grouping=self.grouping, form=MemberFileForm())
        )

    def post(self, request: HttpRequest, code: str) -> HttpResponse:
        if "payload" in request.POST:
            return self._confirm(request)
        form = MemberFileForm(request.POST, request.FILES)
        if not form.is_valid():
            return self._page(form=form, status=400)
        upload = form.cleaned_data["file"]
        try:
            rows = read_member_file(upload, upload.name)
            report = services.grouping_members_import(
                actor=request.user, grouping=self.grouping, rows=rows, dry_run=True
            )
        except ValidationError as error:
            _form_errors(form, error)
            return self._page(form=form, status=400)
        payload = signing.dumps(
            {"rows": rows, "name": upload.name}, salt=self._salt(), compress=True
        )
        return self._page(
            form=MemberFileForm(),
            report=report,
            payload=payload if report.ok else "",
            filename=upload.name,
        )

    def _confirm(self, request: HttpRequest) -> HttpResponse:
        try:
            data = signing.loads(request.POST["payload"], salt=self._salt(), max_age=IMPORT_MAX_AGE)
        except signing.BadSignature:
            messages.error(request, _("The preview has expired; upload the file again."))
            return redirect("geo:grouping_import", code=self.grouping.code)
        try:
            report = services.grouping_members_import(
                actor=request.user, grouping=self.grouping, rows=data["rows"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(self.detail_url())
        if not report.applied:
            return self._page(
                form=MemberFileForm(), report=report, filename=data["name"], status=400
            )
        messages.success(
            request,
            _("Import done: {created} added, {updated} updated, {unchanged} unchanged.").format(
                created=report.created, updated=report.updated, unchanged=report.unchanged
            ),
        )
        return redirect(self.detail_url())

    def _page(self, *, status: int = 200, **context: Any) -> HttpResponse:
        return self.render_to_response(
            self.get_context_data(grouping=self.grouping, **context), status=status
        )


class GroupingSourceEditView(GroupingEditMixin, TemplateView):
    """Edit the source and description of an administrator-maintained grouping."""

    template_name = "geo/grouping_source_form.html"

    def get(self, request: HttpRequest, code: str) -> HttpResponse:
        initial = {name: getattr(self.grouping, name) for name in services.SOURCE_FIELDS}
        return self._page(GroupingSourceForm(initial=initial))

    def post(self, request: HttpRequest, code: str) -> HttpResponse:
        form = GroupingSourceForm(request.POST)
        if form.is_valid():
            try:
                services.grouping_source_update(
                    actor=request.user, grouping=self.grouping, fields=form.cleaned_data
                )
            except ValidationError as error:
                _form_errors(form, error)
            else:
                messages.success(request, _("The source was saved."))
                return HttpResponseRedirect(self.detail_url())
        return self._page(form, status=400)

    def _page(self, form: Form, status: int = 200) -> HttpResponse:
        context = self.get_context_data(grouping=self.grouping, form=form)
        return self.render_to_response(context, status=status)
