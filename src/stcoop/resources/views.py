"""Shared-resource pages: list, detail, add, edit, delete.

Thin: reads via selectors, writes via services. A resource the viewer may not see
answers 404, like one that does not exist; one it sees but may not change answers 403
on the pages that change it. The contact appears only where
:func:`stcoop.core.permissions.may_see_contact` allows.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from stcoop.accounts.models import OrganisationUnit
from stcoop.core.choices import Visibility
from stcoop.core.permissions import (
    ADMIN_ROLES,
    Action,
    can,
    may_see_contact,
    owner_units,
    role_of,
)
from stcoop.core.views.lists import RecordListView
from stcoop.resources.choices import AccessMode, ResourceStatus
from stcoop.resources.filtersets import SharedResourceFilterSet
from stcoop.resources.forms import CONTACT_FORM_FIELDS, SharedResourceForm
from stcoop.resources.models import SharedResource
from stcoop.resources.selectors import resource_get, resource_list
from stcoop.resources.services import resource_create, resource_delete, resource_update
from stcoop.resources.tables import SharedResourceTable, SharedResourceTableNoContact


def may_add_resources(actor: Any) -> bool:
    """Whether ``actor`` may add a resource for at least one unit."""
    return owner_units(actor, OrganisationUnit.objects.all()).exists()


def may_see_any_resource_contact(actor: Any) -> bool:
    """Whether :func:`may_see_contact` can be true for ``actor`` and some resource
    (resources describe no person, so only administrators qualify)."""
    return role_of(actor) in ADMIN_ROLES | {"unit_admin"}


class _ResourceListView(RecordListView):
    model = SharedResource
    filterset_class = SharedResourceFilterSet
    table_class = SharedResourceTable
    title = gettext_lazy("Shared resources")
    help_text = gettext_lazy(
        "Instruments, facilities, data sets, collections and software that their owners "
        "open to partners, with the terms of access."
    )
    add_url = reverse_lazy("resources:create")  # type: ignore[assignment]
    import_spec = "shared-resources"
    default_columns = (
        "name",
        "kind",
        "owner_organisation",
        "province",
        "access_mode",
        "open_to_foreign",
        "status",
    )

    def get_queryset(self) -> QuerySet[SharedResource]:
        return resource_list(actor=self.request.user)

    def may_add(self) -> bool:
        return may_add_resources(self.request.user)


class _ResourceListViewNoContact(_ResourceListView):
    table_class = SharedResourceTableNoContact


def resource_list_view(request: HttpRequest) -> HttpResponseBase:
    """The resources list; viewers who may see no contact get a table without those
    columns."""
    view = (
        _ResourceListView
        if may_see_any_resource_contact(request.user)
        else _ResourceListViewNoContact
    )
    return view.as_view()(request)


class ResourceDetailView(View):
    """One resource: description, location, access terms, contact."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        resource = resource_get(actor=request.user, pk=pk)
        organisation = resource.owner_organisation
        if organisation is not None and not can(request.user, Action.VIEW, organisation):
            organisation = None
        others = []
        if resource.owner_organisation_id is not None:
            others = list(
                resource_list(actor=request.user)
                .filter(owner_organisation_id=resource.owner_organisation_id)
                .exclude(pk=resource.pk)[:20]
            )
        context = {
            "resource": resource,
            "organisation": organisation,
            "others": others,
            "may_see_contact": may_see_contact(request.user, resource),
            "shared_with": list(resource.shared_with.all())
            if resource.visibility == Visibility.SHARED
            else [],
            "may_change": can(request.user, Action.CHANGE, resource),
            "may_delete": can(request.user, Action.DELETE, resource),
        }
        return render(request, "resources/resource_detail.html", context)


def _changeable(request: HttpRequest, pk: int, action: Action = Action.CHANGE) -> SharedResource:
    resource = resource_get(actor=request.user, pk=pk)
    if not can(request.user, action, resource):
        if action == Action.DELETE:
            raise PermissionDenied(_("You may not delete this resource."))
        raise PermissionDenied(_("You may not change this resource."))
    return resource


def _render_form(
    request: HttpRequest, form: SharedResourceForm, resource: SharedResource | None, title: Any
) -> HttpResponse:
    return render(
        request,
        "resources/resource_form.html",
        {"form": form, "resource": resource, "title": title},
        status=400 if form.is_bound else 200,
    )


class ResourceCreateView(LoginRequiredMixin, View):
    """Add a resource for one of the units the viewer may add for."""

    title = gettext_lazy("Add a shared resource")

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated and not may_add_resources(request.user):
            raise PermissionDenied(_("You may not add resources for any unit."))
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest) -> HttpResponse:
        form = SharedResourceForm(
            actor=request.user,
            initial={
                "visibility": Visibility.INTERNAL,
                "access_mode": AccessMode.APPLICATION,
                "status": ResourceStatus.AVAILABLE,
                "owner_unit": getattr(request.user, "unit_id", None),
            },
        )
        return _render_form(request, form, None, self.title)

    def post(self, request: HttpRequest) -> HttpResponse:
        form = SharedResourceForm(request.POST, actor=request.user)
        if form.is_valid():
            try:
                resource = resource_create(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.apply_errors(error)
            else:
                messages.success(request, _("The resource was added."))
                return HttpResponseRedirect(reverse("resources:detail", args=[resource.pk]))
        return _render_form(request, form, None, self.title)


class ResourceEditView(LoginRequiredMixin, View):
    """Change a resource the viewer may change; the contact fields only for those who
    may see them."""

    title = gettext_lazy("Edit shared resource")

    def _form(
        self, request: HttpRequest, resource: SharedResource, *args: Any
    ) -> SharedResourceForm:
        form = SharedResourceForm(*args, actor=request.user, resource=resource)
        if not may_see_contact(request.user, resource):
            # Whoever may not see the contact may not overwrite it unseen either.
            for name in CONTACT_FORM_FIELDS:
                form.fields.pop(name)
        return form

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        resource = _changeable(request, pk)
        return _render_form(request, self._form(request, resource), resource, self.title)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        resource = _changeable(request, pk)
        form = self._form(request, resource, request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            shared_with = data.pop("shared_with")
            try:
                resource_update(
                    actor=request.user, resource=resource, shared_with=shared_with, **data
                )
            except ValidationError as error:
                form.apply_errors(error)
            else:
                messages.success(request, _("The resource was saved."))
                return HttpResponseRedirect(reverse("resources:detail", args=[resource.pk]))
        return _render_form(request, form, resource, self.title)


class ResourceDeleteView(LoginRequiredMixin, View):
    """Ask, then delete a resource the viewer may delete."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        resource = _changeable(request, pk, Action.DELETE)
        return render(request, "resources/resource_confirm_delete.html", {"resource": resource})

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        resource = _changeable(request, pk, Action.DELETE)
        resource_delete(actor=request.user, resource=resource)
        messages.success(request, _("The resource was deleted."))
        return HttpResponseRedirect(reverse("resources:list"))
