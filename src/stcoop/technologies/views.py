"""Technology profile pages: list, detail, add, edit, delete.

Thin: reads via selectors, writes via services. A profile the viewer may not see (a
draft of another unit included) answers 404, like one that does not exist; one it sees
but may not change answers 403 on the pages that change it. The contact person's email
and phone appear only where :func:`stcoop.core.permissions.may_see_contact` allows.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from stcoop.accounts.models import OrganisationUnit
from stcoop.core.choices import Visibility
from stcoop.core.permissions import Action, can, may_see_contact, owner_units
from stcoop.core.views.lists import RecordListView
from stcoop.core.views.records import (
    RecordCreateView,
    RecordDeleteView,
    RecordEditView,
    RecordMixin,
)
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


class _Profile(RecordMixin):
    record_name = "profile"
    selector = staticmethod(profile_get)
    may_not_change = gettext_lazy("You may not change this profile.")
    may_not_delete = gettext_lazy("You may not delete this profile.")
    detail_url = "technologies:detail"
    form_class = TechnologyProfileForm
    template_name = "technologies/profile_form.html"


class TechnologyProfileCreateView(_Profile, RecordCreateView):
    """Add a profile for one of the units the viewer may add for."""

    title = gettext_lazy("Add a technology profile")
    may_add = staticmethod(may_add_profiles)
    may_not_add = gettext_lazy("You may not add technology profiles for any unit.")
    initial = {"visibility": Visibility.PUBLIC, "status": ProfileStatus.DRAFT}
    service = staticmethod(profile_create)

    def get_initial(self) -> dict[str, Any]:
        return {**super().get_initial(), "organisation": self.request.GET.get("organisation")}

    def get_success_message(self, result: Any) -> str:
        return _("The profile {reference} was added.").format(reference=result.reference)


class TechnologyProfileEditView(_Profile, RecordEditView):
    """Change a profile the viewer may change."""

    title = gettext_lazy("Edit technology profile")
    service = staticmethod(profile_update)
    success_message = gettext_lazy("The profile was saved.")


class TechnologyProfileDeleteView(_Profile, RecordDeleteView):
    """Ask, then delete a profile the viewer may delete."""

    template_name = "technologies/profile_confirm_delete.html"
    service = staticmethod(profile_delete)
    success_message = gettext_lazy("The profile was deleted.")
    list_url = "technologies:list"
