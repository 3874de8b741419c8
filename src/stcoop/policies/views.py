"""Policy document pages: list, detail, add, edit, delete.

Thin: reads via selectors, writes via services. A document the viewer may not see
answers 404, like one that does not exist; one it sees but may not change answers 403 on
the pages that change it.
"""

from __future__ import annotations

import re
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy
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
from stcoop.policies.choices import PolicyStatus
from stcoop.policies.filtersets import PolicyDocumentFilterSet
from stcoop.policies.forms import PolicyDocumentForm
from stcoop.policies.models import PolicyDocument
from stcoop.policies.selectors import policy_get, policy_list
from stcoop.policies.services import policy_create, policy_delete, policy_update
from stcoop.policies.tables import PolicyDocumentTable

#: Paragraphs of the full text shown before the rest is folded away.
LEADING_PARAGRAPHS = 8
#: Lines that head a section: "一、", "（二）", "第三章", "1.", "Article 4".
_HEADING = re.compile(
    r"^(?:[一二三四五六七八九十百]+、|（[一二三四五六七八九十]+）|第[一二三四五六七八九十百]+[章节条]"
    r"|\d+(?:\.\d+)*[.、]\s*\S|(?:Article|Chapter|Section)\s+\d+)"
)


def _blocks(paragraphs: list[str]) -> list[dict[str, Any]]:
    """Paragraphs with a flag for short lines that head a section."""
    return [
        {"text": text, "heading": len(text) <= 40 and bool(_HEADING.match(text))}
        for text in paragraphs
    ]


def may_add_policies(actor: Any) -> bool:
    """Whether ``actor`` may add a policy document for at least one unit."""
    return owner_units(actor, OrganisationUnit.objects.all()).exists()


class PolicyDocumentListView(RecordListView):
    """Policy documents the viewer may see, with filters, sorting, columns and export."""

    model = PolicyDocument
    filterset_class = PolicyDocumentFilterSet
    table_class = PolicyDocumentTable
    title = gettext_lazy("Policy documents")
    help_text = gettext_lazy(
        "Laws, regulations, plans and notices on science and technology cooperation, "
        "international, national, provincial and municipal. Search looks in the full texts "
        "too."
    )
    add_url = reverse_lazy("policies:create")  # type: ignore[assignment]
    import_spec = "policies"
    default_columns = ("title", "issuer", "document_number", "issue_date", "status", "level")

    def get_queryset(self) -> QuerySet[PolicyDocument]:
        return policy_list(actor=self.request.user).defer("full_text")

    def may_add(self) -> bool:
        return may_add_policies(self.request.user)


class PolicyDocumentDetailView(View):
    """One document: issuer, dates, jurisdiction, topics, summary and full text."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        policy = policy_get(actor=request.user, pk=pk)
        organisation = policy.issuing_organisation
        if organisation is not None and not can(request.user, Action.VIEW, organisation):
            organisation = None
        paragraphs = policy.paragraphs()
        context = {
            "policy": policy,
            "organisation": organisation,
            "leading_paragraphs": _blocks(paragraphs[:LEADING_PARAGRAPHS]),
            "more_paragraphs": _blocks(paragraphs[LEADING_PARAGRAPHS:]),
            "shared_with": list(policy.shared_with.all())
            if policy.visibility == Visibility.SHARED
            else [],
            "may_change": can(request.user, Action.CHANGE, policy),
            "may_delete": can(request.user, Action.DELETE, policy),
        }
        return render(request, "policies/policy_detail.html", context)


class _Policy(RecordMixin):
    record_name = "policy"
    selector = staticmethod(policy_get)
    may_not_change = gettext_lazy("You may not change this policy document.")
    may_not_delete = gettext_lazy("You may not delete this policy document.")
    detail_url = "policies:detail"
    form_class = PolicyDocumentForm
    template_name = "policies/policy_form.html"


class PolicyDocumentCreateView(_Policy, RecordCreateView):
    """Add a document for one of the units the viewer may add for."""

    title = gettext_lazy("Add a policy document")
    may_add = staticmethod(may_add_policies)
    may_not_add = gettext_lazy("You may not add policy documents for any unit.")
    initial = {"visibility": Visibility.PUBLIC, "status": PolicyStatus.IN_FORCE}
    service = staticmethod(policy_create)
    success_message = gettext_lazy("The policy document was added.")


class PolicyDocumentEditView(_Policy, RecordEditView):
    """Change a document the viewer may change."""

    title = gettext_lazy("Edit policy document")
    service = staticmethod(policy_update)
    success_message = gettext_lazy("The policy document was saved.")


class PolicyDocumentDeleteView(_Policy, RecordDeleteView):
    """Ask, then delete a document the viewer may delete."""

    template_name = "policies/policy_confirm_delete.html"
    service = staticmethod(policy_delete)
    success_message = gettext_lazy("The policy document was deleted.")
    list_url = "policies:list"
