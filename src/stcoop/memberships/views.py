"""Pages of memberships and big-science programmes: lists, details, add, edit, delete,
and the participations of a programme.

Thin: reads via selectors, writes via services. A record the viewer may not see answers
404, like one that does not exist; one it sees but may not change answers 403 on the
pages that change it.
"""

from __future__ import annotations

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
    ChildAddView,
    ChildEditView,
    ChildRemoveView,
    RecordCreateView,
    RecordDeleteView,
    RecordEditView,
    RecordMixin,
)
from stcoop.memberships.choices import MembershipRole, ProgrammeKind, ProgrammeStatus
from stcoop.memberships.filtersets import MembershipFilterSet, ProgrammeFilterSet
from stcoop.memberships.forms import MembershipForm, ParticipationForm, ProgrammeForm
from stcoop.memberships.models import (
    BigScienceProgramme,
    InternationalMembership,
    ProgrammeParticipation,
)
from stcoop.memberships.selectors import (
    membership_get,
    membership_labels,
    membership_list,
    programme_get,
    programme_list,
    visible_organisation_ids,
)
from stcoop.memberships.services import (
    membership_create,
    membership_delete,
    membership_update,
    participation_add,
    participation_remove,
    participation_update,
    programme_create,
    programme_delete,
    programme_update,
)
from stcoop.memberships.tables import MembershipTable, ProgrammeTable


def may_add_records(actor: Any) -> bool:
    """Whether ``actor`` may add a record for at least one unit."""
    return owner_units(actor, OrganisationUnit.objects.all()).exists()


def _shared_with(record: Any) -> list[Any]:
    return list(record.shared_with.all()) if record.visibility == Visibility.SHARED else []


# ---------------------------------------------------------------- memberships
class MembershipListView(RecordListView):
    """Memberships the viewer may see, with filters, sorting, columns and export."""

    model = InternationalMembership
    filterset_class = MembershipFilterSet
    table_class = MembershipTable
    title = gettext_lazy("International organisation memberships")
    help_text = gettext_lazy(
        "Which countries and organisations belong to which international organisations, "
        "in which role, since when and with what contribution."
    )
    add_url = reverse_lazy("memberships:create")  # type: ignore[assignment]
    import_spec = "memberships"
    default_columns = ("member", "organisation", "role", "since", "until", "annual_contribution")

    def get_queryset(self) -> QuerySet[InternationalMembership]:
        return membership_list(actor=self.request.user)

    def may_add(self) -> bool:
        return may_add_records(self.request.user)


class MembershipDetailView(View):
    """One membership: member, international organisation, period, contribution."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        membership = membership_get(actor=request.user, pk=pk)
        others = list(
            membership_list(actor=request.user)
            .filter(organisation_id=membership.organisation_id)
            .exclude(pk=membership.pk)[:100]
        )
        ids = [membership.organisation_id, membership.member_organisation_id]
        context = {
            "membership": membership,
            "labels": membership_labels(actor=request.user, membership=membership),
            "visible_organisations": visible_organisation_ids(
                actor=request.user, ids=ids + [o.member_organisation_id for o in others]
            ),
            "others": others,
            "shared_with": _shared_with(membership),
            "may_change": can(request.user, Action.CHANGE, membership),
            "may_delete": can(request.user, Action.DELETE, membership),
        }
        return render(request, "memberships/membership_detail.html", context)


class _Membership(RecordMixin):
    record_name = "membership"
    selector = staticmethod(membership_get)
    may_not_change = gettext_lazy("You may not change this membership.")
    may_not_delete = gettext_lazy("You may not delete this membership.")
    detail_url = "memberships:detail"
    form_class = MembershipForm
    template_name = "memberships/membership_form.html"

    def record_context(self, record: Any) -> dict[str, Any]:
        if record is None:
            return {"membership": None}
        labels = membership_labels(actor=self.request.user, membership=record)
        return {"membership": record, "labels": labels}


class MembershipCreateView(_Membership, RecordCreateView):
    """Record a membership for one of the units the viewer may add for."""

    title = gettext_lazy("Add a membership")
    may_add = staticmethod(may_add_records)
    may_not_add = gettext_lazy("You may not add records for any unit.")
    initial = {"visibility": Visibility.INTERNAL, "role": MembershipRole.FULL}
    service = staticmethod(membership_create)
    success_message = gettext_lazy("The membership was added.")

    def get_initial(self) -> dict[str, Any]:
        return {**super().get_initial(), "organisation": self.request.GET.get("organisation")}


class MembershipEditView(_Membership, RecordEditView):
    """Change a membership the viewer may change."""

    title = gettext_lazy("Edit membership")
    service = staticmethod(membership_update)
    success_message = gettext_lazy("The membership was saved.")


class MembershipDeleteView(_Membership, RecordDeleteView):
    """Ask, then delete a membership the viewer may delete."""

    template_name = "memberships/membership_confirm_delete.html"
    service = staticmethod(membership_delete)
    success_message = gettext_lazy("The membership was deleted.")
    list_url = "memberships:list"


# ---------------------------------------------------------------- programmes
class ProgrammeListView(RecordListView):
    """Big-science programmes the viewer may see."""

    model = BigScienceProgramme
    filterset_class = ProgrammeFilterSet
    table_class = ProgrammeTable
    title = gettext_lazy("Big-science programmes")
    help_text = gettext_lazy(
        "International big-science programmes, large facilities and research "
        "infrastructure networks, with the countries and organisations taking part."
    )
    add_url = reverse_lazy("memberships:bigscience_create")  # type: ignore[assignment]
    import_spec = "big-science-programmes"
    default_columns = ("name", "acronym", "kind", "status", "host_country", "participants")

    def get_queryset(self) -> QuerySet[BigScienceProgramme]:
        return programme_list(actor=self.request.user)

    def may_add(self) -> bool:
        return may_add_records(self.request.user)


class ProgrammeDetailView(View):
    """One programme: names, description, participants with their contributions."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        programme = programme_get(actor=request.user, pk=pk)
        participations = list(programme.participations.all())
        current = [p for p in participations if p.is_current]
        context = {
            "programme": programme,
            "current_participations": current,
            "past_participations": [p for p in participations if not p.is_current],
            "visible_organisations": visible_organisation_ids(
                actor=request.user, ids=(p.organisation_id for p in participations)
            ),
            "total_share": sum(p.share for p in current if p.share is not None)
            if any(p.share is not None for p in current)
            else None,
            "shared_with": _shared_with(programme),
            "may_change": can(request.user, Action.CHANGE, programme),
            "may_delete": can(request.user, Action.DELETE, programme),
        }
        return render(request, "memberships/programme_detail.html", context)


class _Programme(RecordMixin):
    record_name = "programme"
    selector = staticmethod(programme_get)
    may_not_change = gettext_lazy("You may not change this programme.")
    may_not_delete = gettext_lazy("You may not delete this programme.")
    detail_url = "memberships:bigscience_detail"
    template_name = "memberships/programme_form.html"


class _ProgrammeForm(_Programme):
    form_class = ProgrammeForm


class ProgrammeCreateView(_ProgrammeForm, RecordCreateView):
    """Add a programme for one of the units the viewer may add for."""

    title = gettext_lazy("Add a big-science programme")
    may_add = staticmethod(may_add_records)
    may_not_add = gettext_lazy("You may not add records for any unit.")
    initial = {
        "visibility": Visibility.INTERNAL,
        "kind": ProgrammeKind.PROGRAMME,
        "status": ProgrammeStatus.OPERATING,
    }
    service = staticmethod(programme_create)
    success_message = gettext_lazy("The programme was added.")


class ProgrammeEditView(_ProgrammeForm, RecordEditView):
    """Change a programme the viewer may change."""

    title = gettext_lazy("Edit big-science programme")
    service = staticmethod(programme_update)
    success_message = gettext_lazy("The programme was saved.")


class ProgrammeDeleteView(_Programme, RecordDeleteView):
    """Ask, then delete a programme the viewer may delete."""

    template_name = "memberships/programme_confirm_delete.html"
    service = staticmethod(programme_delete)
    success_message = gettext_lazy("The programme was deleted.")
    list_url = "memberships:bigscience_list"


class _Participation(_Programme):
    form_class = ParticipationForm
    child_model = ProgrammeParticipation
    child_name = "participation"
    child_pk = "participation_pk"


class ParticipationAddView(_Participation, ChildAddView):
    """Add a participant to a programme."""

    title = gettext_lazy("Add a participant")
    service = staticmethod(participation_add)
    success_message = gettext_lazy("The participant was added.")


class ParticipationEditView(_Participation, ChildEditView):
    """Change a participation of a programme."""

    title = gettext_lazy("Edit participant")
    service = staticmethod(participation_update)
    success_message = gettext_lazy("The participant was saved.")


class ParticipationRemoveView(_Participation, ChildRemoveView):
    """Remove a participation entered by mistake."""

    service = staticmethod(participation_remove)
    success_message = gettext_lazy("The participant was removed.")
