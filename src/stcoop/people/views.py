"""People pages: list, detail, add, edit, delete, affiliations and publications.

Thin: reads via selectors, writes via services. A person the viewer may not see answers
404, like one that does not exist; one it sees but may not change answers 403 on the
pages that change it. Contact details appear only where
:func:`stcoop.core.permissions.may_see_contact` allows.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from stcoop.accounts.models import OrganisationUnit
from stcoop.core.choices import Visibility
from stcoop.core.permissions import (
    Action,
    can,
    may_see_any_contact,
    may_see_contact,
    owner_units,
)
from stcoop.core.views.lists import RecordListView
from stcoop.core.views.records import (
    ChildAddView,
    ChildMixin,
    ChildRemoveView,
    RecordCreateView,
    RecordDeleteView,
    RecordEditView,
    RecordMixin,
)
from stcoop.people.filtersets import PersonFilterSet
from stcoop.people.forms import AffiliationEndForm, AffiliationForm, PersonForm, PublicationForm
from stcoop.people.models import Affiliation, Person, Publication
from stcoop.people.selectors import person_get, person_list, visible_organisation_ids
from stcoop.people.services import (
    affiliation_add,
    affiliation_end,
    affiliation_remove,
    person_create,
    person_delete,
    person_update,
    publication_add,
    publication_remove,
)
from stcoop.people.tables import PersonTable, PersonTableNoContact


def may_add_people(actor: Any) -> bool:
    """Whether ``actor`` may add a person for at least one unit."""
    return owner_units(actor, OrganisationUnit.objects.all()).exists()


class _PersonListView(RecordListView):
    model = Person
    filterset_class = PersonFilterSet
    table_class = PersonTable
    title = gettext_lazy("People")
    help_text = gettext_lazy("Experts and other people taking part in cooperation.")
    add_url = reverse_lazy("people:create")  # type: ignore[assignment]
    import_spec = "people"
    default_columns = ("name", "nationality", "organisation", "keywords", "is_expert")

    def get_queryset(self) -> QuerySet[Person]:
        return person_list(actor=self.request.user)

    def may_add(self) -> bool:
        return may_add_people(self.request.user)


class _PersonListViewNoContact(_PersonListView):
    table_class = PersonTableNoContact


def person_list_view(request: HttpRequest) -> HttpResponseBase:
    """The people list; viewers who may see no contact get a table without those columns."""
    view = _PersonListView if may_see_any_contact(request.user) else _PersonListViewNoContact
    return view.as_view()(request)


class PersonDetailView(View):
    """One person: names, affiliations over time, publications, keywords, contact."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        person = person_get(actor=request.user, pk=pk)
        affiliations = list(person.affiliations.all())
        may_change = can(request.user, Action.CHANGE, person)
        context = {
            "person": person,
            "current_affiliations": [a for a in affiliations if a.is_current],
            "past_affiliations": [a for a in affiliations if not a.is_current],
            "visible_organisations": visible_organisation_ids(actor=request.user, person=person),
            "publications": list(person.publications.all()),
            "may_see_contact": may_see_contact(request.user, person),
            "shared_with": list(person.shared_with.all())
            if person.visibility == Visibility.SHARED
            else [],
            "may_change": may_change,
            "may_delete": can(request.user, Action.DELETE, person),
            "end_form": AffiliationEndForm() if may_change else None,
        }
        return render(request, "people/person_detail.html", context)


class _Person(RecordMixin):
    record_name = "person"
    selector = staticmethod(person_get)
    may_not_change = gettext_lazy("You may not change this person.")
    may_not_delete = gettext_lazy("You may not delete this person.")
    detail_url = "people:detail"
    template_name = "people/person_form.html"


class _PersonForm(_Person):
    form_class = PersonForm


class PersonCreateView(_PersonForm, RecordCreateView):
    """Add a person for one of the units the viewer may add for."""

    title = gettext_lazy("Add a person")
    may_add = staticmethod(may_add_people)
    may_not_add = gettext_lazy("You may not add people for any unit.")
    initial = {"visibility": Visibility.INTERNAL}
    service = staticmethod(person_create)
    success_message = gettext_lazy("The person was added.")


class PersonEditView(_PersonForm, RecordEditView):
    """Change a person the viewer may change."""

    title = gettext_lazy("Edit person")
    service = staticmethod(person_update)
    success_message = gettext_lazy("The person was saved.")

    def get_form(self, *args: Any, **kwargs: Any) -> Any:
        form = super().get_form(*args, **kwargs)
        if not may_see_contact(self.request.user, self.record):
            # Whoever may not see the contact may not overwrite it unseen either.
            form.fields.pop("email")
            form.fields.pop("phone")
        return form


class PersonDeleteView(_Person, RecordDeleteView):
    """Ask, then delete a person the viewer may delete."""

    template_name = "people/person_confirm_delete.html"
    service = staticmethod(person_delete)
    success_message = gettext_lazy("The person was deleted.")
    list_url = "people:list"


class _Affiliation(_Person):
    form_class = AffiliationForm
    child_model = Affiliation
    child_name = "affiliation"
    child_pk = "affiliation_pk"


class AffiliationAddView(_Affiliation, ChildAddView):
    """Add an affiliation to a person."""

    title = gettext_lazy("Add an affiliation")
    service = staticmethod(affiliation_add)
    success_message = gettext_lazy("The affiliation was added.")


class AffiliationEndView(_Affiliation, ChildMixin):
    """End an affiliation (from the form on the detail page)."""

    def post(self, request: HttpRequest, pk: int, affiliation_pk: int) -> HttpResponse:
        person, affiliation = self.get_child(pk)
        form = AffiliationEndForm(request.POST)
        if form.is_valid():
            try:
                affiliation_end(
                    actor=request.user,
                    affiliation=affiliation,
                    end_date=form.cleaned_data["end_date"],
                )
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
            else:
                messages.success(request, _("The affiliation was ended."))
        else:
            messages.error(request, _("Give a valid date."))
        return self.redirect_to_record(person.pk)


class AffiliationRemoveView(_Affiliation, ChildRemoveView):
    """Remove an affiliation entered by mistake."""

    service = staticmethod(affiliation_remove)
    success_message = gettext_lazy("The affiliation was removed.")


class _Publication(_Person):
    form_class = PublicationForm
    form_takes_actor = False
    child_model = Publication
    child_name = "publication"
    child_pk = "publication_pk"


class PublicationAddView(_Publication, ChildAddView):
    """Add a publication to a person."""

    title = gettext_lazy("Add a publication")
    service = staticmethod(publication_add)
    success_message = gettext_lazy("The publication was added.")


class PublicationRemoveView(_Publication, ChildRemoveView):
    """Remove a publication."""

    service = staticmethod(publication_remove)
    success_message = gettext_lazy("The publication was removed.")
