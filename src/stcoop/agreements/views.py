"""Pages of agreements, mechanisms and their sessions: lists, details, forms.

Thin: reads via selectors, writes via services. A record the viewer may not see answers
404, like one that does not exist; one it sees but may not change answers 403 on the
pages that change it. Linked records the viewer may not see are left out.
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
from stcoop.core.views.records import (
    ChildAddView,
    ChildEditView,
    ChildRemoveView,
    RecordCreateView,
    RecordDeleteView,
    RecordEditView,
    RecordMixin,
)


def may_add_records(actor: Any) -> bool:
    """Whether ``actor`` may add an agreement or mechanism for at least one unit."""
    return owner_units(actor, OrganisationUnit.objects.all()).exists()


def _shared_with(record: Any) -> list[OrganisationUnit]:
    return list(record.shared_with.all()) if record.visibility == Visibility.SHARED else []


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


class _Agreement(RecordMixin):
    record_name = "agreement"
    selector = staticmethod(agreement_get)
    may_not_change = gettext_lazy("You may not change this agreement.")
    may_not_delete = gettext_lazy("You may not delete this agreement.")
    detail_url = "agreements:detail"


class _AgreementForm(_Agreement):
    form_class = AgreementForm
    template_name = "agreements/agreement_form.html"


class AgreementCreateView(_AgreementForm, RecordCreateView):
    """Add an agreement for one of the units the viewer may add for."""

    title = gettext_lazy("Add an agreement")
    may_add = staticmethod(may_add_records)
    may_not_add = gettext_lazy("You may not add records for any unit.")
    initial = {"visibility": Visibility.INTERNAL, "status": AgreementStatus.IN_FORCE}
    service = staticmethod(agreement_create)
    success_message = gettext_lazy("The agreement was added.")

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        if self.request.GET.get("parent", "").isdigit():
            initial["parent"] = int(self.request.GET["parent"])
            initial["kind"] = "protocol"
        return initial


class AgreementEditView(_AgreementForm, RecordEditView):
    """Change an agreement the viewer may change."""

    title = gettext_lazy("Edit agreement")
    service = staticmethod(agreement_update)
    success_message = gettext_lazy("The agreement was saved.")


class AgreementDeleteView(_Agreement, RecordDeleteView):
    """Ask, then delete an agreement the viewer may delete."""

    template_name = "agreements/agreement_confirm_delete.html"
    service = staticmethod(agreement_delete)
    success_message = gettext_lazy("The agreement was deleted.")
    list_url = "agreements:list"


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


class _Mechanism(RecordMixin):
    record_name = "mechanism"
    selector = staticmethod(mechanism_get)
    may_not_change = gettext_lazy("You may not change this mechanism.")
    may_not_delete = gettext_lazy("You may not delete this mechanism.")
    detail_url = "agreements:mechanism_detail"


class _MechanismForm(_Mechanism):
    form_class = MechanismForm
    template_name = "agreements/mechanism_form.html"


class MechanismCreateView(_MechanismForm, RecordCreateView):
    """Add a mechanism for one of the units the viewer may add for."""

    title = gettext_lazy("Add a mechanism")
    may_add = staticmethod(may_add_records)
    may_not_add = gettext_lazy("You may not add records for any unit.")
    initial = {"visibility": Visibility.INTERNAL, "status": MechanismStatus.ACTIVE}
    service = staticmethod(mechanism_create)
    success_message = gettext_lazy("The mechanism was added.")

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        if self.request.GET.get("agreement", "").isdigit():
            initial["agreement"] = int(self.request.GET["agreement"])
        return initial


class MechanismEditView(_MechanismForm, RecordEditView):
    """Change a mechanism the viewer may change."""

    title = gettext_lazy("Edit mechanism")
    service = staticmethod(mechanism_update)
    success_message = gettext_lazy("The mechanism was saved.")


class MechanismDeleteView(_Mechanism, RecordDeleteView):
    """Ask, then delete a mechanism (with its sessions) the viewer may delete."""

    template_name = "agreements/mechanism_confirm_delete.html"
    service = staticmethod(mechanism_delete)
    success_message = gettext_lazy("The mechanism was deleted.")
    list_url = "agreements:mechanism_list"


# ---------------------------------------------------------------- sessions
class _Meeting(_Mechanism):
    form_class = MeetingForm
    form_takes_actor = False
    template_name = "agreements/meeting_form.html"
    child_model = MechanismMeeting
    child_name = "meeting"
    child_pk = "meeting_pk"


class MeetingAddView(_Meeting, ChildAddView):
    """Record a session of a mechanism."""

    title = gettext_lazy("Add a session")
    service = staticmethod(meeting_add)
    success_message = gettext_lazy("The session was added.")

    def get_initial(self, record: Any) -> dict[str, Any]:
        numbers = [m.session_number for m in record.meetings.all()]
        return {"session_number": max(numbers, default=0) + 1}


class MeetingEditView(_Meeting, ChildEditView):
    """Change a session."""

    title = gettext_lazy("Edit session")
    service = staticmethod(meeting_update)
    success_message = gettext_lazy("The session was saved.")


class MeetingRemoveView(_Meeting, ChildRemoveView):
    """Remove a session recorded by mistake."""

    service = staticmethod(meeting_remove)
    success_message = gettext_lazy("The session was removed.")
