"""Notice pages: list, detail, add, edit, delete. Thin: reads via selectors, writes via services.

A notice the viewer may not see answers 404, exactly like one that does not exist; one
the viewer sees but may not change answers 403 on the edit and delete pages.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views import View

from stcoop.accounts.models import OrganisationUnit
from stcoop.core.choices import Visibility
from stcoop.core.permissions import Action, can, owner_units
from stcoop.core.views.lists import RecordListView
from stcoop.core.views.records import (
    RecordCreateView,
    RecordDeleteView,
    RecordEditView,
    RecordMixin,
)
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


class _Notice(RecordMixin):
    record_name = "notice"
    selector = staticmethod(notice_get)
    may_not_change = gettext_lazy("You may not change this notice.")
    may_not_delete = gettext_lazy("You may not delete this notice.")
    detail_url = "notices:detail"
    form_class = NoticeForm
    template_name = "notices/notice_form.html"


class NoticeCreateView(_Notice, RecordCreateView):
    """Publish a notice for one of the units the viewer may add for."""

    title = gettext_lazy("Add a notice")
    may_add = staticmethod(may_add_notices)
    may_not_add = gettext_lazy("You may not add notices for any unit.")
    initial = {"visibility": Visibility.INTERNAL}
    service = staticmethod(notice_create)
    success_message = gettext_lazy("The notice was published.")

    def get_initial(self) -> dict[str, Any]:
        return {**super().get_initial(), "published_on": timezone.localdate()}


class NoticeEditView(_Notice, RecordEditView):
    """Change a notice the viewer may change."""

    title = gettext_lazy("Edit notice")
    service = staticmethod(notice_update)
    success_message = gettext_lazy("The notice was saved.")


class NoticeDeleteView(_Notice, RecordDeleteView):
    """Ask, then delete a notice the viewer may delete."""

    template_name = "notices/notice_confirm_delete.html"
    service = staticmethod(notice_delete)
    success_message = gettext_lazy("The notice was deleted.")
    list_url = "notices:list"
