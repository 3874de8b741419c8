"""The one FilterSet for people, used by the list page and the API alike."""

from __future__ import annotations

import django_filters
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stcoop.accounts.models import OrganisationUnit
from stcoop.core.choices import Visibility
from stcoop.core.filters import YesNoFilter
from stcoop.geo.models import Country
from stcoop.people.models import Affiliation, Person


class PersonFilterSet(django_filters.FilterSet):
    """Filters: ``q`` (words in any name or keyword), ``nationality`` (ISO alpha-2
    code), ``discipline`` (one discipline, any case), ``is_expert``, ``organisation``
    (ID of a current affiliation), ``owner_unit``, ``visibility``."""

    q = django_filters.CharFilter(
        method="search", label=_("Search"), help_text=_("Words in any name or keyword.")
    )
    nationality = django_filters.ModelChoiceFilter(
        queryset=Country.objects.all(), to_field_name="iso2", label=_("Nationality")
    )
    discipline = django_filters.CharFilter(method="filter_discipline", label=_("Discipline"))
    is_expert = YesNoFilter(label=_("Expert"))
    organisation = django_filters.NumberFilter(
        method="filter_organisation",
        label=_("Current organisation (ID)"),
        help_text=_("People affiliated with it now."),
    )
    owner_unit = django_filters.ModelChoiceFilter(
        queryset=OrganisationUnit.objects.all(), label=_("Owning unit")
    )
    visibility = django_filters.ChoiceFilter(choices=Visibility.choices, label=_("Visibility"))

    class Meta:
        model = Person
        fields = (
            "q",
            "nationality",
            "discipline",
            "is_expert",
            "organisation",
            "owner_unit",
            "visibility",
        )

    def search(self, queryset: QuerySet[Person], name: str, value: str) -> QuerySet[Person]:
        """Every word must occur in some name or keyword (any case, either script)."""
        words = Q()
        for word in value.split():
            words &= Q(search_text__contains=word.casefold())
        return queryset.filter(words)

    def filter_discipline(
        self, queryset: QuerySet[Person], name: str, value: str
    ) -> QuerySet[Person]:
        text = value.strip().casefold()
        if not text:
            return queryset
        return queryset.filter(discipline_text__contains=f"\n{text}\n")

    def filter_organisation(
        self, queryset: QuerySet[Person], name: str, value: int | None
    ) -> QuerySet[Person]:
        if value is None:
            return queryset
        current = Affiliation.objects.filter(person=OuterRef("pk"), organisation_id=value).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=timezone.localdate())
        )
        return queryset.filter(Exists(current))
