"""Pages of memberships and big-science programmes: lists, details, add, edit, delete,
and the participations of a programme.

Thin: reads via selectors, writes via services. A record the viewer may not see answers
404, like one that does not exist; one it sees but may not change answers 403 on the
pages that change it.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.forms import Form
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from stcoop.accounts.models import OrganisationUnit
from stcoop.core.choices import Visibility
from stcoop.core.permissions import Action, can, owner_units
from stcoop.core.views.lists import RecordListView
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


def _membership(
    request: HttpRequest, pk: int, action: Action = Action.CHANGE
) -> InternationalMembership:
    membership = membership_get(actor=request.user, pk=pk)
    if not can(request.user, action, membership):
        if action == Action.DELETE:
            raise PermissionDenied(_("You may not delete this membership."))
        raise PermissionDenied(_("You may not change this membership."))
    return membership


def _render_form(
    request: HttpRequest, template: str, form: Form, title: Any, **context: Any
) -> HttpResponse:
    return render(
        request,
        template,
        {"form": form, "title": title, **context},
        status=400 if form.is_bound else 200,
    )


class _AddGuard(LoginRequiredMixin, View):
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated and not may_add_records(request.user):
            raise PermissionDenied(_("You may not add records for any unit."))
        return super().dispatch(request, *args, **kwargs)


class MembershipCreateView(_AddGuard):
    """Record a membership for one of the units the viewer may add for."""

    title = gettext_lazy("Add a membership")
    template = "memberships/membership_form.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        form = MembershipForm(
            actor=request.user,
            initial={
                "visibility": Visibility.INTERNAL,
                "role": MembershipRole.FULL,
                "owner_unit": getattr(request.user, "unit_id", None),
                "organisation": request.GET.get("organisation"),
            },
        )
        return _render_form(request, self.template, form, self.title, membership=None)

    def post(self, request: HttpRequest) -> HttpResponse:
        form = MembershipForm(request.POST, actor=request.user)
        if form.is_valid():
            try:
                membership = membership_create(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.apply_errors(error)
            else:
                messages.success(request, _("The membership was added."))
                return HttpResponseRedirect(reverse("memberships:detail", args=[membership.pk]))
        return _render_form(request, self.template, form, self.title, membership=None)


class MembershipEditView(LoginRequiredMixin, View):
    """Change a membership the viewer may change."""

    title = gettext_lazy("Edit membership")
    template = "memberships/membership_form.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        membership = _membership(request, pk)
        form = MembershipForm(actor=request.user, membership=membership)
        return _render_form(
            request,
            self.template,
            form,
            self.title,
            membership=membership,
            labels=membership_labels(actor=request.user, membership=membership),
        )

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        membership = _membership(request, pk)
        form = MembershipForm(request.POST, actor=request.user, membership=membership)
        if form.is_valid():
            data = dict(form.cleaned_data)
            shared_with = data.pop("shared_with")
            try:
                membership_update(
                    actor=request.user, membership=membership, shared_with=shared_with, **data
                )
            except ValidationError as error:
                form.apply_errors(error)
            else:
                messages.success(request, _("The membership was saved."))
                return HttpResponseRedirect(reverse("memberships:detail", args=[membership.pk]))
        return _render_form(
            request,
            self.template,
            form,
            self.title,
            membership=membership,
            labels=membership_labels(actor=request.user, membership=membership),
        )


class MembershipDeleteView(LoginRequiredMixin, View):
    """Ask, then delete a membership the viewer may delete."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        membership = _membership(request, pk, Action.DELETE)
        labels = membership_labels(actor=request.user, membership=membership)
        return render(
            request,
            "memberships/membership_confirm_delete.html",
            {"membership": membership, "labels": labels},
        )

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        membership = _membership(request, pk, Action.DELETE)
        membership_delete(actor=request.user, membership=membership)
        messages.success(request, _("The membership was deleted."))
        return HttpResponseRedirect(reverse("memberships:list"))


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


def _programme(
    request: HttpRequest, pk: int, action: Action = Action.CHANGE
) -> BigScienceProgramme:
    programme = programme_get(actor=request.user, pk=pk)
    if not can(request.user, action, programme):
        if action == Action.DELETE:
            raise PermissionDenied(_("You may not delete this programme."))
        raise PermissionDenied(_("You may not change this programme."))
    return programme


class ProgrammeCreateView(_AddGuard):
    """Add a programme for one of the units the viewer may add for."""

    title = gettext_lazy("Add a big-science programme")
    template = "memberships/programme_form.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        form = ProgrammeForm(
            actor=request.user,
            initial={
                "visibility": Visibility.INTERNAL,
                "kind": ProgrammeKind.PROGRAMME,
                "status": ProgrammeStatus.OPERATING,
                "owner_unit": getattr(request.user, "unit_id", None),
            },
        )
        return _render_form(request, self.template, form, self.title, programme=None)

    def post(self, request: HttpRequest) -> HttpResponse:
        form = ProgrammeForm(request.POST, actor=request.user)
        if form.is_valid():
            try:
                programme = programme_create(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.apply_errors(error)
            else:
                messages.success(request, _("The programme was added."))
                return HttpResponseRedirect(
                    reverse("memberships:bigscience_detail", args=[programme.pk])
                )
        return _render_form(request, self.template, form, self.title, programme=None)


class ProgrammeEditView(LoginRequiredMixin, View):
    """Change a programme the viewer may change."""

    title = gettext_lazy("Edit big-science programme")
    template = "memberships/programme_form.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        programme = _programme(request, pk)
        form = ProgrammeForm(actor=request.user, programme=programme)
        return _render_form(request, self.template, form, self.title, programme=programme)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        programme = _programme(request, pk)
        form = ProgrammeForm(request.POST, actor=request.user, programme=programme)
        if form.is_valid():
            data = dict(form.cleaned_data)
            shared_with = data.pop("shared_with")
            try:
                programme_update(
                    actor=request.user, programme=programme, shared_with=shared_with, **data
                )
            except ValidationError as error:
                form.apply_errors(error)
            else:
                messages.success(request, _("The programme was saved."))
                return HttpResponseRedirect(
                    reverse("memberships:bigscience_detail", args=[programme.pk])
                )
        return _render_form(request, self.template, form, self.title, programme=programme)


class ProgrammeDeleteView(LoginRequiredMixin, View):
    """Ask, then delete a programme the viewer may delete."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        programme = _programme(request, pk, Action.DELETE)
        return render(
            request, "memberships/programme_confirm_delete.html", {"programme": programme}
        )

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        programme = _programme(request, pk, Action.DELETE)
        programme_delete(actor=request.user, programme=programme)
        messages.success(request, _("The programme was deleted."))
        return HttpResponseRedirect(reverse("memberships:bigscience_list"))


class ParticipationAddView(LoginRequiredMixin, View):
    """Add a participant to a programme."""

    title = gettext_lazy("Add a participant")
    template = "memberships/programme_form.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        programme = _programme(request, pk)
        form = ParticipationForm(actor=request.user)
        return _render_form(request, self.template, form, self.title, programme=programme)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        programme = _programme(request, pk)
        form = ParticipationForm(request.POST, actor=request.user)
        if form.is_valid():
            try:
                participation_add(actor=request.user, programme=programme, **form.cleaned_data)
            except ValidationError as error:
                form.apply_errors(error)
            else:
                messages.success(request, _("The participant was added."))
                return HttpResponseRedirect(
                    reverse("memberships:bigscience_detail", args=[programme.pk])
                )
        return _render_form(request, self.template, form, self.title, programme=programme)


class ParticipationEditView(LoginRequiredMixin, View):
    """Change a participation of a programme."""

    title = gettext_lazy("Edit participant")
    template = "memberships/programme_form.html"

    def _get(self, request: HttpRequest, pk: int, participation_pk: int) -> tuple[Any, Any]:
        programme = _programme(request, pk)
        participation = get_object_or_404(
            ProgrammeParticipation, pk=participation_pk, programme=programme
        )
        return programme, participation

    def get(self, request: HttpRequest, pk: int, participation_pk: int) -> HttpResponse:
        programme, participation = self._get(request, pk, participation_pk)
        form = ParticipationForm(actor=request.user, participation=participation)
        return _render_form(request, self.template, form, self.title, programme=programme)

    def post(self, request: HttpRequest, pk: int, participation_pk: int) -> HttpResponse:
        programme, participation = self._get(request, pk, participation_pk)
        form = ParticipationForm(request.POST, actor=request.user, participation=participation)
        if form.is_valid():
            try:
                participation_update(
                    actor=request.user, participation=participation, **form.cleaned_data
                )
            except ValidationError as error:
                form.apply_errors(error)
            else:
                messages.success(request, _("The participant was saved."))
                return HttpResponseRedirect(
                    reverse("memberships:bigscience_detail", args=[programme.pk])
                )
        return _render_form(request, self.template, form, self.title, programme=programme)


class ParticipationRemoveView(LoginRequiredMixin, View):
    """Remove a participation entered by mistake."""

    def post(self, request: HttpRequest, pk: int, participation_pk: int) -> HttpResponse:
        programme = _programme(request, pk)
        participation = get_object_or_404(
            ProgrammeParticipation, pk=participation_pk, programme=programme
        )
        participation_remove(actor=request.user, participation=participation)
        messages.success(request, _("The participant was removed."))
        return HttpResponseRedirect(reverse("memberships:bigscience_detail", args=[programme.pk]))
