"""Pages of agreements, mechanisms and their sessions: lists, details, forms.

Thin: reads via selectors, writes via services. A record the viewer may not see answers
404, like one that does not exist; one it sees but may not change answers 403 on the
pages that change it. Linked records the viewer may not see are left out.
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
from stcoop.agreements.choices import AgreementStatus, MechanismStatus
from stcoop.agreements.filtersets import AgreementFilterSet, MechanismFilterSet
from stcoop.agreements.forms import AgreementForm, MechanismForm, MeetingForm
from stcoop.agreements.models import Agreement, Mechanism, MechanismMeeting
from stcoop.agreements.selectors import (
    agreement_get,
    agreement_list,
    mechanism_get,
    mechanism_list,
    visible_or_none,
    visible_organisations,
)
from stcoop.agreements.services import (
    agreement_create,
    agreement_delete,
    agreement_update,
    mechanism_create,
    mechanism_delete,
    mechanism_update,
    meeting_add,
    meeting_remove,
    meeting_update,
)
from stcoop.agreements.tables import AgreementTable, MechanismTable
from stcoop.core.choices import Visibility
from stcoop.core.permissions import Action, can, owner_units, visible
from stcoop.core.views.lists import RecordListView


def may_add_records(actor: Any) -> bool:
    """Whether ``actor`` may add an agreement or mechanism for at least one unit."""
    return owner_units(actor, OrganisationUnit.objects.all()).exists()


def _shared_with(record: Any) -> list[OrganisationUnit]:
    return list(record.shared_with.all()) if record.visibility == Visibility.SHARED else []


def _render_form(
    request: HttpRequest, template: str, form: Form, title: Any, **context: Any
) -> HttpResponse:
    return render(
        request,
        template,
        {"form": form, "title": title, **context},
        status=400 if form.is_bound else 200,
    )


# ---------------------------------------------------------------- agreements
class AgreementListView(RecordListView):
    """Agreements the viewer may see, with filters, sorting, columns and export."""

    model = Agreement
    filterset_class = AgreementFilterSet
    table_class = AgreementTable
    title = gettext_lazy("Agreements")
    help_text = gettext_lazy(
        "Intergovernmental S&T cooperation agreements, memoranda of understanding, "
        "protocols and joint statements between China and partner countries. An agreement "
        "past its expiry date is shown as expired."
    )
    empty_text = gettext_lazy("No agreements match these filters.")
    add_url = reverse_lazy("agreements:create")  # type: ignore[assignment]
    import_spec = "agreements"
    default_columns = ("title", "kind", "countries", "signed_date", "status")

    def get_queryset(self) -> QuerySet[Agreement]:
        return agreement_list(actor=self.request.user)

    def may_add(self) -> bool:
        return may_add_records(self.request.user)


class AgreementDetailView(View):
    """One agreement: parties, dates, status, summary, protocols and mechanisms."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        agreement = agreement_get(actor=request.user, pk=pk)
        actor = request.user
        context = {
            "agreement": agreement,
            "parent": visible_or_none(actor, agreement.parent),
            "children": list(
                visible(actor, Agreement.objects.filter(parent=agreement)).prefetch_related(
                    "countries"
                )
            ),
            "mechanisms": list(
                mechanism_list(actor=actor).filter(agreement=agreement).order_by("name_en")
            ),
            "countries": list(agreement.countries.all()),
            "signatories": visible_organisations(
                actor=actor, organisations=list(agreement.signatories.all())
            ),
            "shared_with": _shared_with(agreement),
            "past_expiry": agreement.effective_status == AgreementStatus.EXPIRED
            and agreement.status != AgreementStatus.EXPIRED,
            "may_change": can(actor, Action.CHANGE, agreement),
            "may_delete": can(actor, Action.DELETE, agreement),
            "may_add_mechanism": may_add_records(actor),
        }
        return render(request, "agreements/agreement_detail.html", context)


def _changeable_agreement(
    request: HttpRequest, pk: int, action: Action = Action.CHANGE
) -> Agreement:
    agreement = agreement_get(actor=request.user, pk=pk)
    if not can(request.user, action, agreement):
        if action == Action.DELETE:
            raise PermissionDenied(_("You may not delete this agreement."))
        raise PermissionDenied(_("You may not change this agreement."))
    return agreement


class _AddGuard(LoginRequiredMixin, View):
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated and not may_add_records(request.user):
            raise PermissionDenied(_("You may not add records for any unit."))
        return super().dispatch(request, *args, **kwargs)


class AgreementCreateView(_AddGuard):
    """Add an agreement for one of the units the viewer may add for."""

    title = gettext_lazy("Add an agreement")
    template = "agreements/agreement_form.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        initial: dict[str, Any] = {
            "visibility": Visibility.INTERNAL,
            "status": AgreementStatus.IN_FORCE,
            "owner_unit": getattr(request.user, "unit_id", None),
        }
        if request.GET.get("parent", "").isdigit():
            initial["parent"] = int(request.GET["parent"])
            initial["kind"] = "protocol"
        form = AgreementForm(actor=request.user, initial=initial)
        return _render_form(request, self.template, form, self.title, agreement=None)

    def post(self, request: HttpRequest) -> HttpResponse:
        form = AgreementForm(request.POST, actor=request.user)
        if form.is_valid():
            try:
                agreement = agreement_create(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.apply_errors(error)
            else:
                messages.success(request, _("The agreement was added."))
                return HttpResponseRedirect(reverse("agreements:detail", args=[agreement.pk]))
        return _render_form(request, self.template, form, self.title, agreement=None)


class AgreementEditView(LoginRequiredMixin, View):
    """Change an agreement the viewer may change."""

    title = gettext_lazy("Edit agreement")
    template = "agreements/agreement_form.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        agreement = _changeable_agreement(request, pk)
        form = AgreementForm(actor=request.user, agreement=agreement)
        return _render_form(request, self.template, form, self.title, agreement=agreement)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        agreement = _changeable_agreement(request, pk)
        form = AgreementForm(request.POST, actor=request.user, agreement=agreement)
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                agreement_update(actor=request.user, agreement=agreement, **data)
            except ValidationError as error:
                form.apply_errors(error)
            else:
                messages.success(request, _("The agreement was saved."))
                return HttpResponseRedirect(reverse("agreements:detail", args=[agreement.pk]))
        return _render_form(request, self.template, form, self.title, agreement=agreement)


class AgreementDeleteView(LoginRequiredMixin, View):
    """Ask, then delete an agreement the viewer may delete."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        agreement = _changeable_agreement(request, pk, Action.DELETE)
        return render(request, "agreements/agreement_confirm_delete.html", {"agreement": agreement})

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        agreement = _changeable_agreement(request, pk, Action.DELETE)
        agreement_delete(actor=request.user, agreement=agreement)
        messages.success(request, _("The agreement was deleted."))
        return HttpResponseRedirect(reverse("agreements:list"))


# ---------------------------------------------------------------- mechanisms
class MechanismListView(RecordListView):
    """Mechanisms the viewer may see, with when they last met and will meet next."""

    model = Mechanism
    filterset_class = MechanismFilterSet
    table_class = MechanismTable
    title = gettext_lazy("Cooperation mechanisms")
    help_text = gettext_lazy(
        "Innovation dialogues, joint committees, forums, innovation funds and S&T "
        "partnership programmes, with their sessions. The next session is the one "
        "scheduled, or else estimated from the last one and how often they meet."
    )
    empty_text = gettext_lazy("No mechanisms match these filters.")
    add_url = reverse_lazy("agreements:mechanism_create")  # type: ignore[assignment]
    import_spec = "mechanisms"
    default_columns = ("name", "kind", "countries", "status", "last_met", "next_expected")

    def get_queryset(self) -> QuerySet[Mechanism]:
        return mechanism_list(actor=self.request.user)

    def may_add(self) -> bool:
        return may_add_records(self.request.user)


class MechanismDetailView(View):
    """One mechanism: sides, agreement, sessions, last and next session."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        mechanism = mechanism_get(actor=request.user, pk=pk)
        actor = request.user
        next_date, scheduled = mechanism.next_expected()
        context = {
            "mechanism": mechanism,
            "agreement": visible_or_none(actor, mechanism.agreement),
            "countries": list(mechanism.countries.all()),
            "chinese_leads": visible_organisations(
                actor=actor, organisations=list(mechanism.chinese_leads.all())
            ),
            "partner_leads": visible_organisations(
                actor=actor, organisations=list(mechanism.partner_leads.all())
            ),
            "sessions": mechanism.sessions(),
            "last_meeting": mechanism.last_meeting(),
            "next_date": next_date,
            "next_scheduled": scheduled,
            "ended": mechanism.status == MechanismStatus.ENDED,
            "shared_with": _shared_with(mechanism),
            "may_change": can(actor, Action.CHANGE, mechanism),
            "may_delete": can(actor, Action.DELETE, mechanism),
        }
        return render(request, "agreements/mechanism_detail.html", context)


def _changeable_mechanism(
    request: HttpRequest, pk: int, action: Action = Action.CHANGE
) -> Mechanism:
    mechanism = mechanism_get(actor=request.user, pk=pk)
    if not can(request.user, action, mechanism):
        if action == Action.DELETE:
            raise PermissionDenied(_("You may not delete this mechanism."))
        raise PermissionDenied(_("You may not change this mechanism."))
    return mechanism


class MechanismCreateView(_AddGuard):
    """Add a mechanism for one of the units the viewer may add for."""

    title = gettext_lazy("Add a mechanism")
    template = "agreements/mechanism_form.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        initial: dict[str, Any] = {
            "visibility": Visibility.INTERNAL,
            "status": MechanismStatus.ACTIVE,
            "owner_unit": getattr(request.user, "unit_id", None),
        }
        if request.GET.get("agreement", "").isdigit():
            initial["agreement"] = int(request.GET["agreement"])
        form = MechanismForm(actor=request.user, initial=initial)
        return _render_form(request, self.template, form, self.title, mechanism=None)

    def post(self, request: HttpRequest) -> HttpResponse:
        form = MechanismForm(request.POST, actor=request.user)
        if form.is_valid():
            try:
                mechanism = mechanism_create(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.apply_errors(error)
            else:
                messages.success(request, _("The mechanism was added."))
                return HttpResponseRedirect(
                    reverse("agreements:mechanism_detail", args=[mechanism.pk])
                )
        return _render_form(request, self.template, form, self.title, mechanism=None)


class MechanismEditView(LoginRequiredMixin, View):
    """Change a mechanism the viewer may change."""

    title = gettext_lazy("Edit mechanism")
    template = "agreements/mechanism_form.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        mechanism = _changeable_mechanism(request, pk)
        form = MechanismForm(actor=request.user, mechanism=mechanism)
        return _render_form(request, self.template, form, self.title, mechanism=mechanism)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        mechanism = _changeable_mechanism(request, pk)
        form = MechanismForm(request.POST, actor=request.user, mechanism=mechanism)
        if form.is_valid():
            try:
                mechanism_update(actor=request.user, mechanism=mechanism, **form.cleaned_data)
            except ValidationError as error:
                form.apply_errors(error)
            else:
                messages.success(request, _("The mechanism was saved."))
                return HttpResponseRedirect(
                    reverse("agreements:mechanism_detail", args=[mechanism.pk])
                )
        return _render_form(request, self.template, form, self.title, mechanism=mechanism)


class MechanismDeleteView(LoginRequiredMixin, View):
    """Ask, then delete a mechanism (with its sessions) the viewer may delete."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        mechanism = _changeable_mechanism(request, pk, Action.DELETE)
        return render(request, "agreements/mechanism_confirm_delete.html", {"mechanism": mechanism})

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        mechanism = _changeable_mechanism(request, pk, Action.DELETE)
        mechanism_delete(actor=request.user, mechanism=mechanism)
        messages.success(request, _("The mechanism was deleted."))
        return HttpResponseRedirect(reverse("agreements:mechanism_list"))


# ---------------------------------------------------------------- sessions
class MeetingAddView(LoginRequiredMixin, View):
    """Record a session of a mechanism."""

    title = gettext_lazy("Add a session")
    template = "agreements/meeting_form.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        mechanism = _changeable_mechanism(request, pk)
        numbers = [m.session_number for m in mechanism.meetings.all()]
        form = MeetingForm(initial={"session_number": max(numbers, default=0) + 1})
        return _render_form(request, self.template, form, self.title, mechanism=mechanism)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        mechanism = _changeable_mechanism(request, pk)
        form = MeetingForm(request.POST)
        if form.is_valid():
            try:
                meeting_add(actor=request.user, mechanism=mechanism, **form.cleaned_data)
            except ValidationError as error:
                form.apply_errors(error)
            else:
                messages.success(request, _("The session was added."))
                return HttpResponseRedirect(
                    reverse("agreements:mechanism_detail", args=[mechanism.pk])
                )
        return _render_form(request, self.template, form, self.title, mechanism=mechanism)


class MeetingEditView(LoginRequiredMixin, View):
    """Change a session."""

    title = gettext_lazy("Edit session")
    template = "agreements/meeting_form.html"

    def _meeting(self, request: HttpRequest, pk: int, meeting_pk: int) -> MechanismMeeting:
        mechanism = _changeable_mechanism(request, pk)
        meeting = get_object_or_404(MechanismMeeting, pk=meeting_pk, mechanism=mechanism)
        meeting.mechanism = mechanism
        return meeting

    def get(self, request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
        meeting = self._meeting(request, pk, meeting_pk)
        form = MeetingForm(meeting=meeting)
        return _render_form(request, self.template, form, self.title, mechanism=meeting.mechanism)

    def post(self, request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
        meeting = self._meeting(request, pk, meeting_pk)
        form = MeetingForm(request.POST, meeting=meeting)
        if form.is_valid():
            try:
                meeting_update(actor=request.user, meeting=meeting, **form.cleaned_data)
            except ValidationError as error:
                form.apply_errors(error)
            else:
                messages.success(request, _("The session was saved."))
                return HttpResponseRedirect(reverse("agreements:mechanism_detail", args=[pk]))
        return _render_form(request, self.template, form, self.title, mechanism=meeting.mechanism)


class MeetingRemoveView(LoginRequiredMixin, View):
    """Remove a session recorded by mistake."""

    def post(self, request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
        mechanism = _changeable_mechanism(request, pk)
        meeting = get_object_or_404(MechanismMeeting, pk=meeting_pk, mechanism=mechanism)
        meeting.mechanism = mechanism
        meeting_remove(actor=request.user, meeting=meeting)
        messages.success(request, _("The session was removed."))
        return HttpResponseRedirect(reverse("agreements:mechanism_detail", args=[pk]))
