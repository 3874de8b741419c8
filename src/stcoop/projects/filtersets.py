"""The FilterSets for programmes and projects, used by the list pages and the API alike."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from stcoop.accounts.models import OrganisationUnit
from stcoop.core.choices import Visibility
from stcoop.geo.models import Country
from stcoop.projects.choices import ProgrammeStatus, ProjectStatus
from stcoop.projects.models import Participation, Programme, Project


def programme_and_descendant_ids(pk: int) -> set[int]:
    """``pk`` and the IDs of every programme below it."""
    children: dict[int | None, list[int]] = {}
    for child, parent in Programme.objects.values_list("pk", "parent_id"):
        children.setdefault(parent, []).append(child)
    found: set[int] = set()
    pending = [pk]
    while pending:
        current = pending.pop()
        if current in found:
            continue
        found.add(current)
        pending.extend(children.get(current, []))
    return found


def _words(queryset: QuerySet[Any], value: str) -> QuerySet[Any]:
    words = Q()
    for word in value.split():
        words &= Q(search_text__contains=word.casefold())
    return queryset.filter(words)


class ProgrammeFilterSet(django_filters.FilterSet):
    """Filters: ``q`` (words in the code, names, short name or call), ``framework``,
    ``status``, ``parent`` (ID; ``top=true`` for programmes that are part of none),
    ``funder`` (organisation ID), ``owner_unit``, ``visibility``."""

    q = django_filters.CharFilter(
        method="search",
        label=_("Search"),
        help_text=_("Words in the code, the names, the short name or the call."),
    )
    framework = django_filters.CharFilter(
        field_name="framework", lookup_expr="iexact", label=_("Framework programme")
    )
    status = django_filters.ChoiceFilter(choices=ProgrammeStatus.choices, label=_("Status"))
    parent = django_filters.NumberFilter(field_name="parent_id", label=_("Part of programme (ID)"))
    top = django_filters.BooleanFilter(
        field_name="parent", lookup_expr="isnull", label=_("Top-level programmes only")
    )
    funder = django_filters.NumberFilter(field_name="funder_id", label=_("Funder (ID)"))
    owner_unit = django_filters.ModelChoiceFilter(
        queryset=OrganisationUnit.objects.all(), label=_("Owning unit")
    )
    visibility = django_filters.ChoiceFilter(choices=Visibility.choices, label=_("Visibility"))

    class Meta:
        model = Programme
        fields = (
            "q",
            "framework",
            "status",
            "parent",
            "top",
            "funder",
            "owner_unit",
            "visibility",
        )

    def search(self, queryset: QuerySet[Programme], name: str, value: str) -> QuerySet[Programme]:
        """Every word must occur in the code, a name, the short name or the call."""
        return _words(queryset, value)


class ProjectFilterSet(django_filters.FilterSet):
    """Filters: ``q`` (words in the project number, acronym, titles or keywords),
    ``programme`` (ID, with its sub-programmes), ``status``, ``country`` (ISO alpha-2
    code of a participant), ``organisation`` (ID of a participant), ``discipline`` (one
    discipline, any case), ``start_year_min``/``start_year_max``, ``owner_unit``,
    ``visibility``, ``source`` (where an imported record came from)."""

    q = django_filters.CharFilter(
        method="search",
        label=_("Search"),
        help_text=_("Words in the project number, acronym, titles or keywords."),
    )
    programme = django_filters.NumberFilter(
        method="filter_programme",
        label=_("Programme (ID)"),
        help_text=_("Includes its sub-programmes."),
    )
    status = django_filters.MultipleChoiceFilter(choices=ProjectStatus.choices, label=_("Status"))
    country = django_filters.ModelChoiceFilter(
        queryset=Country.objects.all(),
        to_field_name="iso2",
        method="filter_country",
        label=_("Participant country"),
    )
    organisation = django_filters.NumberFilter(
        method="filter_organisation", label=_("Participant organisation (ID)")
    )
    discipline = django_filters.CharFilter(method="filter_discipline", label=_("Discipline"))
    start_year_min = django_filters.NumberFilter(
        field_name="start_date__year", lookup_expr="gte", label=_("Starting in or after")
    )
    start_year_max = django_filters.NumberFilter(
        field_name="start_date__year", lookup_expr="lte", label=_("Starting in or before")
    )
    owner_unit = django_filters.ModelChoiceFilter(
        queryset=OrganisationUnit.objects.all(), label=_("Owning unit")
    )
    visibility = django_filters.ChoiceFilter(choices=Visibility.choices, label=_("Visibility"))
    source = django_filters.CharFilter(field_name="source", label=_("Imported from"))

    class Meta:
        model = Project
        fields = (
            "q",
            "programme",
            "status",
            "country",
            "organisation",
            "discipline",
            "start_year_min",
            "start_year_max",
            "owner_unit",
            "visibility",
            "source",
        )

    def search(self, queryset: QuerySet[Project], name: str, value: str) -> QuerySet[Project]:
        """Every word must occur in the number, acronym, a title or a keyword."""
        return _words(queryset, value)

    def filter_programme(
        self, queryset: QuerySet[Project], name: str, value: Any
    ) -> QuerySet[Project]:
        if value is None:
            return queryset
        return queryset.filter(programme_id__in=programme_and_descendant_ids(int(value)))

    def filter_country(
        self, queryset: QuerySet[Project], name: str, value: Country | None
    ) -> QuerySet[Project]:
        if value is None:
            return queryset
        found = Participation.objects.filter(project=OuterRef("pk"), country=value)
        return queryset.filter(Exists(found))

    def filter_organisation(
        self, queryset: QuerySet[Project], name: str, value: Any
    ) -> QuerySet[Project]:
        if value is None:
            return queryset
        found = Participation.objects.filter(project=OuterRef("pk"), organisation_id=int(value))
        return queryset.filter(Exists(found))

    def filter_discipline(
        self, queryset: QuerySet[Project], name: str, value: str
    ) -> QuerySet[Project]:
        text = value.strip().casefold()
        if not text:
            return queryset
        return queryset.filter(discipline_text__contains=f"\n{text}\n")
