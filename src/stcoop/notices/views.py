"""Notice pages: list, detail, add, edit, delete. Thin: reads via selectors, writes via services.

A notice the viewer may not see answers 404, exactly like one that does not exist; one
the viewer sees but may not change answers 403 on the edit and delete pages.
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
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from stcoop.accounts.models import OrganisationUnit
from stcoop.core.choices import Visibility
from stcoop.core.permissions import Action, can, owner_units
from stcoop.core.views.lists import RecordListView
from stcoop.notices.filtersets import NoticeFilterSet
from stcoop.notices.forms import NoticeForm
from stcoop.notices.models import Notice
from stcoop.notices.selectors import notice_get, notice_list
from stcoop.notices.services import notice_create, notice_delete, notice_update
from stcoop.notices.tables import NoticeTable


def may_add_notices(actor: Any) -> bool:
    """Whether ``actor`` may add a notice for at least one unit."""
    return owner_units(actor, OrganisationUnit.objects.all()).exists()


class NoticeListView(RecordListView):
    """Notices the viewer may see, with filters, sorting, columns and export."""

    model = Notice
    filterset_class = NoticeFilterSet
    table_class = NoticeTable
    title = gettext_lazy("Notices")
    help_text = gettext_lazy(
        "Calls for proposals, policy news and events published by organisation units."
    )
    add_url = reverse_lazy("notices:create")  # type: ignore[assignment]

    def get_queryset(self) -> QuerySet[Notice]:
        return notice_list(actor=self.request.user)

    def may_add(self) -> bool:
        return may_add_notices(self.request.user)


class NoticeDetailView(View):
    """One notice in both languages, with its sharing and links to edit, delete, history."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        notice = notice_get(actor=request.user, pk=pk)
        context = {
            "notice": notice,
            "shared_with": list(notice.shared_with.all())
            if notice.visibility == Visibility.SHARED
            else [],
            "may_change": can(request.user, Action.CHANGE, notice),
            "may_delete": can(request.user, Action.DELETE, notice),
        }
        return render(request, "notices/notice_detail.html", context)


class _NoticeFormView(LoginRequiredMixin, View):
    """Shared handling of the add and edit forms."""

    title: Any = ""

    def render_form(
        self, request: HttpRequest, form: NoticeForm, notice: Notice | None
    ) -> HttpResponse:
        return render(
            request,
            "notices/notice_form.html",
            {"form": form, "notice": notice, "title": self.title},
            status=400 if form.is_bound else 200,
        )


class NoticeCreateView(_NoticeFormView):
    """Publish a notice for one of the units the viewer may add for."""

    title = gettext_lazy("Add a notice")

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated and not may_add_notices(request.user):
            raise PermissionDenied(_("You may not add notices for any unit."))
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest) -> HttpResponse:
        form = NoticeForm(
            actor=request.user,
            initial={
                "published_on": timezone.localdate(),
                "visibility": Visibility.INTERNAL,
                "owner_unit": getattr(request.user, "unit_id", None),
            },
        )
        return self.render_form(request, form, None)

    def post(self, request: HttpRequest) -> HttpResponse:
        form = NoticeForm(request.POST, actor=request.user)
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                notice = notice_create(actor=request.user, **data)
            except ValidationError as error:
                form.apply_errors(error)
            else:
                messages.success(request, _("The notice was published."))
                return HttpResponseRedirect(reverse("notices:detail", args=[notice.pk]))
        return self.render_form(request, form, None)


class NoticeEditView(_NoticeFormView):
    """Change a notice the viewer may change."""

    title = gettext_lazy("Edit notice")

    def _notice(self, request: HttpRequest, pk: int) -> Notice:
        notice = notice_get(actor=request.user, pk=pk)
        if not can(request.user, Action.CHANGE, notice):
            raise PermissionDenied(_("You may not change this notice."))
        return notice

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        notice = self._notice(request, pk)
        return self.render_form(request, NoticeForm(actor=request.user, notice=notice), notice)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        notice = self._notice(request, pk)
        form = NoticeForm(request.POST, actor=request.user, notice=notice)
        if form.is_valid():
            data = dict(form.cleaned_data)
            shared_with = data.pop("shared_with")
            try:
                notice_update(actor=request.user, notice=notice, shared_with=shared_with, **data)
            except ValidationError as error:
                form.apply_errors(error)
            else:
                messages.success(request, _("The notice was saved."))
                return HttpResponseRedirect(reverse("notices:detail", args=[notice.pk]))
        return self.render_form(request, form, notice)


class NoticeDeleteView(LoginRequiredMixin, View):
    """Ask, then delete a notice the viewer may delete."""

    def _notice(self, request: HttpRequest, pk: int) -> Notice:
        notice = notice_get(actor=request.user, pk=pk)
        if not can(request.user, Action.DELETE, notice):
            raise PermissionDenied(_("You may not delete this notice."))
        return notice

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        notice = self._notice(request, pk)
        return render(request, "notices/notice_confirm_delete.html", {"notice": notice})

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        notice = self._notice(request, pk)
        notice_delete(actor=request.user, notice=notice)
        messages.success(request, _("The notice was deleted."))
        return HttpResponseRedirect(reverse("notices:list"))
