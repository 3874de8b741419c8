"""Shared-resource pages: list, detail, add, edit, delete.

Thin: reads via selectors, writes via services. A resource the viewer may not see
answers 404, like one that does not exist; one it sees but may not change answers 403
on the pages that change it. The contact appears only where
:func:`stcoop.core.permissions.may_see_contact` allows.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.urls import reverse_lazy
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
from stcoop.core.views.records import (
    RecordCreateView,
    RecordDeleteView,
    RecordEditView,
    RecordMixin,
)
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


class _Resource(RecordMixin):
    record_name = "resource"
    selector = staticmethod(resource_get)
    may_not_change = gettext_lazy("You may not change this resource.")
    may_not_delete = gettext_lazy("You may not delete this resource.")
    detail_url = "resources:detail"
    form_class = SharedResourceForm
    template_name = "resources/resource_form.html"


class ResourceCreateView(_Resource, RecordCreateView):
    """Add a resource for one of the units the viewer may add for."""

    title = gettext_lazy("Add a shared resource")
    may_add = staticmethod(may_add_resources)
    may_not_add = gettext_lazy("You may not add resources for any unit.")
    initial = {
        "visibility": Visibility.INTERNAL,
        "access_mode": AccessMode.APPLICATION,
        "status": ResourceStatus.AVAILABLE,
    }
    service = staticmethod(resource_create)
    success_message = gettext_lazy("The resource was added.")


class ResourceEditView(_Resource, RecordEditView):
    """Change a resource the viewer may change; the contact fields only for those who
    may see them."""

    title = gettext_lazy("Edit shared resource")
    service = staticmethod(resource_update)
    success_message = gettext_lazy("The resource was saved.")

    def get_form(self, *args: Any, **kwargs: Any) -> Any:
        form = super().get_form(*args, **kwargs)
        if not may_see_contact(self.request.user, self.record):
            # Whoever may not see the contact may not overwrite it unseen either.
            for name in CONTACT_FORM_FIELDS:
                form.fields.pop(name)
        return form


class ResourceDeleteView(_Resource, RecordDeleteView):
    """Ask, then delete a resource the viewer may delete."""

    template_name = "resources/resource_confirm_delete.html"
    service = staticmethod(resource_delete)
    success_message = gettext_lazy("The resource was deleted.")
    list_url = "resources:list"
