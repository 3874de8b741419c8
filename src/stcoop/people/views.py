"""People pages: list, detail, add, edit, delete, affiliations and publications.

Thin: reads via selectors, writes via services. A person the viewer may not see answers
404, like one that does not exist; one it sees but may not change answers 403 on the
pages that change it. Contact details appear only where
:func:`stcoop.core.permissions.may_see_contact` allows.
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
from stcoop.core.permissions import (
    Action,
    can,
    may_see_any_contact,
    may_see_contact,
    owner_units,
)
from stcoop.core.views.lists import RecordListView
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


def _changeable(request: HttpRequest, pk: int, action: Action = Action.CHANGE) -> Person:
    person = person_get(actor=request.user, pk=pk)
    if not can(request.user, action, person):
        if action == Action.DELETE:
            raise PermissionDenied(_("You may not delete this person."))
        raise PermissionDenied(_("You may not change this person."))
    return person


def _render_form(
    request: HttpRequest, form: Form, person: Person | None, title: Any
) -> HttpResponse:
    return render(
        request,
        "people/person_form.html",
        {"form": form, "person": person, "title": title},
        status=400 if form.is_bound else 200,
    )


class PersonCreateView(LoginRequiredMixin, View):
    """Add a person for one of the units the viewer may add for."""

    title = gettext_lazy("Add a person")

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated and not may_add_people(request.user):
            raise PermissionDenied(_("You may not add people for any unit."))
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest) -> HttpResponse:
        form = PersonForm(
            actor=request.user,
            initial={
                "visibility": Visibility.INTERNAL,
                "owner_unit": getattr(request.user, "unit_id", None),
            },
        )
        return _render_form(request, form, None, self.title)

    def post(self, request: HttpRequest) -> HttpResponse:
        form = PersonForm(request.POST, actor=request.user)
        if form.is_valid():
            try:
                person = person_create(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.apply_errors(error)
            else:
                messages.success(request, _("The person was added."))
                return HttpResponseRedirect(reverse("people:detail", args=[person.pk]))
        return _render_form(request, form, None, self.title)


class PersonEditView(LoginRequiredMixin, View):
    """Change a person the viewer may change."""

    title = gettext_lazy("Edit person")

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        person = _changeable(request, pk)
        form = PersonForm(actor=request.user, person=person)
        if not may_see_contact(request.user, person):
            form.fields.pop("email")
            form.fields.pop("phone")
        return _render_form(request, form, person, self.title)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        person = _changeable(request, pk)
        form = PersonForm(request.POST, actor=request.user, person=person)
        if not may_see_contact(request.user, person):
            # Whoever may not see the contact may not overwrite it unseen either.
            form.fields.pop("email")
            form.fields.pop("phone")
        if form.is_valid():
            data = dict(form.cleaned_data)
            shared_with = data.pop("shared_with")
            try:
                person_update(actor=request.user, person=person, shared_with=shared_with, **data)
            except ValidationError as error:
                form.apply_errors(error)
            else:
                messages.success(request, _("The person was saved."))
                return HttpResponseRedirect(reverse("people:detail", args=[person.pk]))
        return _render_form(request, form, person, self.title)


class PersonDeleteView(LoginRequiredMixin, View):
    """Ask, then delete a person the viewer may delete."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        person = _changeable(request, pk, Action.DELETE)
        return render(request, "people/person_confirm_delete.html", {"person": person})

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        person = _changeable(request, pk, Action.DELETE)
        person_delete(actor=request.user, person=person)
        messages.success(request, _("The person was deleted."))
        return HttpResponseRedirect(reverse("people:list"))


class AffiliationAddView(LoginRequiredMixin, View):
    """Add an affiliation to a person."""

    title = gettext_lazy("Add an affiliation")

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        person = _changeable(request, pk)
        return _render_form(request, AffiliationForm(actor=request.user), person, self.title)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        person = _changeable(request, pk)
        form = AffiliationForm(request.POST, actor=request.user)
        if form.is_valid():
            try:
                affiliation_add(actor=request.user, person=person, **form.cleaned_data)
            except ValidationError as error:
                form.apply_errors(error)
            else:
                messages.success(request, _("The affiliation was added."))
                return HttpResponseRedirect(reverse("people:detail", args=[person.pk]))
        return _render_form(request, form, person, self.title)


class AffiliationEndView(LoginRequiredMixin, View):
    """End an affiliation (from the form on the detail page)."""

    def post(self, request: HttpRequest, pk: int, affiliation_pk: int) -> HttpResponse:
        person = _changeable(request, pk)
        affiliation = get_object_or_404(Affiliation, pk=affiliation_pk, person=person)
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
        return HttpResponseRedirect(reverse("people:detail", args=[person.pk]))


class AffiliationRemoveView(LoginRequiredMixin, View):
    """Remove an affiliation entered by mistake."""

    def post(self, request: HttpRequest, pk: int, affiliation_pk: int) -> HttpResponse:
        person = _changeable(request, pk)
        affiliation = get_object_or_404(Affiliation, pk=affiliation_pk, person=person)
        affiliation_remove(actor=request.user, affiliation=affiliation)
        messages.success(request, _("The affiliation was removed."))
        return HttpResponseRedirect(reverse("people:detail", args=[person.pk]))


class PublicationAddView(LoginRequiredMixin, View):
    """Add a publication to a person."""

    title = gettext_lazy("Add a publication")

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        person = _changeable(request, pk)
        return _render_form(request, PublicationForm(), person, self.title)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        person = _changeable(request, pk)
        form = PublicationForm(request.POST)
        if form.is_valid():
            try:
                publication_add(actor=request.user, person=person, **form.cleaned_data)
            except ValidationError as error:
                form.apply_errors(error)
            else:
                messages.success(request, _("The publication was added."))
                return HttpResponseRedirect(reverse("people:detail", args=[person.pk]))
        return _render_form(request, form, person, self.title)


class PublicationRemoveView(LoginRequiredMixin, View):
    """Remove a publication."""

    def post(self, request: HttpRequest, pk: int, publication_pk: int) -> HttpResponse:
        person = _changeable(request, pk)
        publication = get_object_or_404(Publication, pk=publication_pk, person=person)
        publication_remove(actor=request.user, publication=publication)
        messages.success(request, _("The publication was removed."))
        return HttpResponseRedirect(reverse("people:detail", args=[person.pk]))
