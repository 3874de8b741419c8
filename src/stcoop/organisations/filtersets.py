"""The one FilterSet for organisations, used by the list page and the API alike."""

from __future__ import annotations

import django_filters
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from stcoop.accounts.models import OrganisationUnit
from stcoop.core.choices import Visibility
from stcoop.core.filters import YesNoFilter
from stcoop.geo.models import Country
from stcoop.organisations.choices import IdScheme, OrganisationKind, OrganisationStatus
from stcoop.organisations.models import ExternalId, Organisation


class OrganisationFilterSet(django_filters.FilterSet):
    """Filters: ``q`` (words in any name, acronym, alias or an external ID), ``kind`` (one
    or more), ``country`` (ISO alpha-2 code), ``status``, ``has_ror``, ``merged``,
    ``owner_unit``, ``visibility``, ``parent`` (ID)."""

    q = django_filters.CharFilter(
        method="search",
        label=_("Search"),
        help_text=_("Words in any name, acronym or other name, or an identifier."),
    )
    kind = django_filters.MultipleChoiceFilter(choices=OrganisationKind.choices, label=_("Kind"))
    country = django_filters.ModelChoiceFilter(
        queryset=Country.objects.all(),
        to_field_name="iso2",
        label=_("Country or territory"),
    )
    status = django_filters.ChoiceFilter(choices=OrganisationStatus.choices, label=_("Status"))
    has_ror = YesNoFilter(method="filter_has_ror", label=_("Has a ROR ID"))
    merged = YesNoFilter(
        method="filter_merged",
        label=_("Merged"),
        help_text=_("Records merged into another organisation."),
    )
    owner_unit = django_filters.ModelChoiceFilter(
        queryset=OrganisationUnit.objects.all(), label=_("Owning unit")
    )
    visibility = django_filters.ChoiceFilter(choices=Visibility.choices, label=_("Visibility"))
    parent = django_filters.NumberFilter(
        field_name="parent_id", label=_("Parent organisation (ID)")
    )

    class Meta:
        model = Organisation
        fields = (
            "q",
            "kind",
            "country",
            "status",
            "has_ror",
            "merged",
            "owner_unit",
            "visibility",
            "parent",
        )

    def search(
        self, queryset: QuerySet[Organisation], name: str, value: str
    ) -> QuerySet[Organisation]:
        """Every word must occur in some name, acronym or other name (any case, any
        language), or the whole text be an identifier."""
        text = value.strip()
        if not text:
            return queryset
        id_match = ExternalId.objects.filter(
            organisation=OuterRef("pk"), value__iexact=text.removeprefix("https://ror.org/")
        )
        words = Q()
        for word in text.split():
            words &= Q(search_text__contains=word.casefold())
        return queryset.filter(words | Q(Exists(id_match)))

    def filter_has_ror(
        self, queryset: QuerySet[Organisation], name: str, value: bool | None
    ) -> QuerySet[Organisation]:
        if value is None:
            return queryset
        ror = ExternalId.objects.filter(organisation=OuterRef("pk"), scheme=IdScheme.ROR)
        return queryset.filter(Exists(ror)) if value else queryset.exclude(Exists(ror))

    def filter_merged(
        self, queryset: QuerySet[Organisation], name: str, value: bool | None
    ) -> QuerySet[Organisation]:
        if value is None:
            return queryset
        return queryset.filter(merged_into__isnull=not value)
