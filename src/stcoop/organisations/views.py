"""Organisation pages: list, detail, add, edit, delete, identifiers and merge.

Thin: reads via selectors, writes via services. An organisation the viewer may not see
answers 404, like one that does not exist; one it sees but may not change answers 403 on
the pages that change it.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from stcoop.accounts.models import OrganisationUnit
from stcoop.core.choices import Visibility
from stcoop.core.permissions import Action, can, owner_units
from stcoop.core.views.lists import RecordListView
from stcoop.core.views.records import (
    ChildRemoveView,
    RecordCreateView,
    RecordDeleteView,
    RecordEditView,
    RecordMixin,
)
from stcoop.memberships.selectors import organisation_related as memberships_related
from stcoop.organisations.choices import OrganisationStatus
from stcoop.organisations.filtersets import OrganisationFilterSet
from stcoop.organisations.forms import ExternalIdForm, MergeForm, OrganisationForm
from stcoop.organisations.models import ExternalId, Organisation
from stcoop.organisations.selectors import (
    organisation_children,
    organisation_get,
    organisation_list,
    organisation_merged_records,
)
from stcoop.organisations.services import (
    external_id_add,
    external_id_remove,
    merge_preview,
    organisation_create,
    organisation_delete,
    organisation_merge,
    organisation_update,
)
from stcoop.organisations.tables import OrganisationTable
from stcoop.projects.selectors import organisation_projects_summary
from stcoop.resources.selectors import organisation_related as resources_related


def may_add_organisations(actor: Any) -> bool:
    """Whether ``actor`` may add an organisation for at least one unit."""
    return owner_units(actor, OrganisationUnit.objects.all()).exists()


class OrganisationListView(RecordListView):
    """Organisations the viewer may see, with filters, sorting, columns and export."""

    model = Organisation
    filterset_class = OrganisationFilterSet
    table_class = OrganisationTable
    title = gettext_lazy("Organisations")
    help_text = gettext_lazy(
        "Universities, institutes, companies, government bodies, funders and other partners."
    )
    add_url = reverse_lazy("organisations:create")  # type: ignore[assignment]
    import_spec = "organisations"
    default_columns = ("name", "acronyms", "kind", "country", "city", "status", "ror")
    template_name = "organisations/organisation_list.html"

    def get_queryset(self) -> QuerySet[Organisation]:
        return organisation_list(actor=self.request.user)

    def may_add(self) -> bool:
        return may_add_organisations(self.request.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from stcoop.organisations.resolution_views import may_view_resolution_pages

        context = super().get_context_data(**kwargs)
        context["resolution_links"] = may_view_resolution_pages(self.request.user)
        return context


class OrganisationDetailView(View):
    """One organisation: names, identifiers, parent, sub-organisations, merged records."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        organisation = organisation_get(actor=request.user, pk=pk)
        parent = organisation.parent
        if parent is not None and not can(request.user, Action.VIEW, parent):
            parent = None
        merged_into = organisation.merged_into
        if merged_into is not None and not can(request.user, Action.VIEW, merged_into):
            merged_into = None
        may_change = can(request.user, Action.CHANGE, organisation)
        context = {
            "organisation": organisation,
            "parent": parent,
            "merged_into": merged_into,
            "children": list(organisation_children(actor=request.user, organisation=organisation)),
            "merged_records": list(
                organisation_merged_records(actor=request.user, organisation=organisation)
            ),
            "external_ids": list(organisation.external_ids.all()),
            "shared_with": list(organisation.shared_with.all())
            if organisation.visibility == Visibility.SHARED
            else [],
            "may_change": may_change,
            "may_delete": can(request.user, Action.DELETE, organisation),
            "id_form": ExternalIdForm() if may_change else None,
            "organisation_projects": organisation_projects_summary(
                actor=request.user, organisation=organisation
            ),
            **memberships_related(actor=request.user, organisation=organisation),
            **resources_related(actor=request.user, organisation=organisation),
        }
        return render(request, "organisations/organisation_detail.html", context)


class _Organisation(RecordMixin):
    record_name = "organisation"
    selector = staticmethod(organisation_get)
    may_not_change = gettext_lazy("You may not change this organisation.")
    may_not_delete = gettext_lazy("You may not delete this organisation.")
    detail_url = "organisations:detail"
    form_class = OrganisationForm
    template_name = "organisations/organisation_form.html"


class OrganisationCreateView(_Organisation, RecordCreateView):
    """Add an organisation for one of the units the viewer may add for."""

    title = gettext_lazy("Add an organisation")
    may_add = staticmethod(may_add_organisations)
    may_not_add = gettext_lazy("You may not add organisations for any unit.")
    initial = {"visibility": Visibility.INTERNAL, "status": OrganisationStatus.ACTIVE}
    service = staticmethod(organisation_create)
    success_message = gettext_lazy("The organisation was added.")


class OrganisationEditView(_Organisation, RecordEditView):
    """Change an organisation the viewer may change."""

    title = gettext_lazy("Edit organisation")
    service = staticmethod(organisation_update)
    success_message = gettext_lazy("The organisation was saved.")


class OrganisationDeleteView(_Organisation, RecordDeleteView):
    """Ask, then delete an organisation the viewer may delete."""

    template_name = "organisations/organisation_confirm_delete.html"
    service = staticmethod(organisation_delete)
    success_message = gettext_lazy("The organisation was deleted.")
    list_url = "organisations:list"


class ExternalIdAddView(_Organisation):
    """Add an identifier (from the form on the detail page)."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        organisation = self.get_record(pk)
        form = ExternalIdForm(request.POST)
        if form.is_valid():
            try:
                external_id_add(actor=request.user, organisation=organisation, **form.cleaned_data)
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
            else:
                messages.success(request, _("The identifier was added."))
        else:
            messages.error(request, _("Choose a scheme and give the identifier."))
        return self.redirect_to_record(organisation.pk)


class ExternalIdRemoveView(_Organisation, ChildRemoveView):
    """Remove an identifier."""

    child_model = ExternalId
    child_name = "external_id"
    child_pk = "id_pk"
    service = staticmethod(external_id_remove)
    success_message = gettext_lazy("The identifier was removed.")


class OrganisationMergeView(_Organisation):
    """Merge this record and another that are the same organisation.

    First the viewer names the other record and which one to keep; the page then shows
    what moves; a second post with ``confirm`` merges.
    """

    def _render(
        self, request: HttpRequest, organisation: Organisation, form: MergeForm, **extra: Any
    ) -> HttpResponse:
        context = {"organisation": organisation, "form": form, **extra}
        status = 400 if form.is_bound and form.errors else 200
        return render(request, "organisations/organisation_merge.html", context, status=status)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        organisation = self.get_record(pk)
        initial = {"other": request.GET.get("other", "")} if request.GET.get("other") else {}
        return self._render(request, organisation, MergeForm(actor=request.user, initial=initial))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        organisation = self.get_record(pk)
        form = MergeForm(request.POST, actor=request.user)
        if not form.is_valid():
            return self._render(request, organisation, form)
        other = form.cleaned_data["other"]
        keep, merge = (
            (organisation, other) if form.cleaned_data["keep"] == "this" else (other, organisation)
        )
        if not can(request.user, Action.CHANGE, other):
            form.add_error("other", _("You may not change the other record."))
            return self._render(request, organisation, form)
        if not form.cleaned_data.get("confirm"):
            return self._render(
                request,
                organisation,
                form,
                keep=keep,
                merge=merge,
                preview=merge_preview(keep=keep, merge=merge),
            )
        try:
            organisation_merge(actor=request.user, keep=keep, merge=merge)
        except ValidationError as error:
            form.apply_errors(error)
            return self._render(request, organisation, form)
        messages.success(
            request,
            _("“{merge}” was merged into “{keep}”.").format(merge=merge, keep=keep),
        )
        return HttpResponseRedirect(reverse("organisations:detail", args=[keep.pk]))
