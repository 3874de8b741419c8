"""Technology profile pages: list, detail, add, edit, delete.

Thin: reads via selectors, writes via services. A profile the viewer may not see (a
draft of another unit included) answers 404, like one that does not exist; one it sees
but may not change answers 403 on the pages that change it. The contact person's email
and phone appear only where :func:`stcoop.core.permissions.may_see_contact` allows.
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
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from stcoop.accounts.models import OrganisationUnit
from stcoop.core.choices import Visibility
from stcoop.core.permissions import Action, can, may_see_contact, owner_units
from stcoop.core.views.lists import RecordListView
from stcoop.technologies.choices import ProfileStatus
from stcoop.technologies.filtersets import TechnologyProfileFilterSet
from stcoop.technologies.forms import TechnologyProfileForm
from stcoop.technologies.models import TechnologyProfile
from stcoop.technologies.selectors import profile_get, profile_list
from stcoop.technologies.services import profile_create, profile_delete, profile_update
from stcoop.technologies.tables import TechnologyProfileTable


def may_add_profiles(actor: Any) -> bool:
    """Whether ``actor`` may add a profile for at least one unit."""
    return owner_units(actor, OrganisationUnit.objects.all()).exists()


class TechnologyProfileListView(RecordListView):
    """Profiles the viewer may see, current ones unless expired ones are asked for."""

    model = TechnologyProfile
    filterset_class = TechnologyProfileFilterSet
    table_class = TechnologyProfileTable
    title = gettext_lazy("Technology offers and requests")
    help_text = gettext_lazy(
        "Technologies and business cooperation that organisations offer or seek, with "
        "readiness level, intellectual property and the cooperation wanted. Expired "
        "profiles are hidden unless you include them."
    )
    empty_text = gettext_lazy(
        "No profiles match these filters. Expired profiles are hidden unless you include them."
    )
    add_url = reverse_lazy("technologies:create")  # type: ignore[assignment]
    import_spec = "technologies"
    default_columns = (
        "reference",
        "title",
        "kind",
        "organisation",
        "sectors",
        "trl",
        "status",
        "expiry_date",
    )

    def get_queryset(self) -> QuerySet[TechnologyProfile]:
        return profile_list(actor=self.request.user)

    def may_add(self) -> bool:
        return may_add_profiles(self.request.user)


class TechnologyProfileDetailView(View):
    """One profile: texts, organisation, contact, readiness, IP, targets."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        profile = profile_get(actor=request.user, pk=pk)
        organisation = profile.organisation
        if organisation is not None and not can(request.user, Action.VIEW, organisation):
            organisation = None
        person = profile.contact_person
        if person is not None and not can(request.user, Action.VIEW, person):
            person = None
        context = {
            "profile": profile,
            "organisation": organisation,
            "person": person,
            "may_see_contact": person is not None and may_see_contact(request.user, person),
            "target_countries": list(profile.target_countries.all()),
            "target_groupings": list(profile.target_groupings.all()),
            "shared_with": list(profile.shared_with.all())
            if profile.visibility == Visibility.SHARED
            else [],
            "is_published": profile.status == ProfileStatus.PUBLISHED,
            "may_change": can(request.user, Action.CHANGE, profile),
            "may_delete": can(request.user, Action.DELETE, profile),
        }
        return render(request, "technologies/profile_detail.html", context)


def _changeable(request: HttpRequest, pk: int, action: Action = Action.CHANGE) -> TechnologyProfile:
    profile = profile_get(actor=request.user, pk=pk)
    if not can(request.user, action, profile):
        if action == Action.DELETE:
            raise PermissionDenied(_("You may not delete this profile."))
        raise PermissionDenied(_("You may not change this profile."))
    return profile


def _render_form(
    request: HttpRequest, form: TechnologyProfileForm, profile: TechnologyProfile | None, title: Any
) -> HttpResponse:
    return render(
        request,
        "technologies/profile_form.html",
        {"form": form, "profile": profile, "title": title},
        status=400 if form.is_bound else 200,
    )


class TechnologyProfileCreateView(LoginRequiredMixin, View):
    """Add a profile for one of the units the viewer may add for."""

    title = gettext_lazy("Add a technology profile")

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated and not may_add_profiles(request.user):
            raise PermissionDenied(_("You may not add technology profiles for any unit."))
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest) -> HttpResponse:
        form = TechnologyProfileForm(
            actor=request.user,
            initial={
                "visibility": Visibility.PUBLIC,
                "status": ProfileStatus.DRAFT,
                "owner_unit": getattr(request.user, "unit_id", None),
                "organisation": request.GET.get("organisation"),
            },
        )
        return _render_form(request, form, None, self.title)

    def post(self, request: HttpRequest) -> HttpResponse:
        form = TechnologyProfileForm(request.POST, actor=request.user)
        if form.is_valid():
            try:
                profile = profile_create(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.apply_errors(error)
            else:
                messages.success(
                    request,
                    _("The profile {reference} was added.").format(reference=profile.reference),
                )
                return HttpResponseRedirect(reverse("technologies:detail", args=[profile.pk]))
        return _render_form(request, form, None, self.title)


class TechnologyProfileEditView(LoginRequiredMixin, View):
    """Change a profile the viewer may change."""

    title = gettext_lazy("Edit technology profile")

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        profile = _changeable(request, pk)
        form = TechnologyProfileForm(actor=request.user, profile=profile)
        return _render_form(request, form, profile, self.title)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        profile = _changeable(request, pk)
        form = TechnologyProfileForm(request.POST, actor=request.user, profile=profile)
        if form.is_valid():
            data = dict(form.cleaned_data)
            shared_with = data.pop("shared_with")
            try:
                profile_update(actor=request.user, profile=profile, shared_with=shared_with, **data)
            except ValidationError as error:
                form.apply_errors(error)
            else:
                messages.success(request, _("The profile was saved."))
                return HttpResponseRedirect(reverse("technologies:detail", args=[profile.pk]))
        return _render_form(request, form, profile, self.title)


class TechnologyProfileDeleteView(LoginRequiredMixin, View):
    """Ask, then delete a profile the viewer may delete."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        profile = _changeable(request, pk, Action.DELETE)
        return render(request, "technologies/profile_confirm_delete.html", {"profile": profile})

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        profile = _changeable(request, pk, Action.DELETE)
        profile_delete(actor=request.user, profile=profile)
        messages.success(request, _("The profile was deleted."))
        return HttpResponseRedirect(reverse("technologies:list"))
