"""The one FilterSet for shared resources, used by the list page and the API alike."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from stcoop.accounts.models import OrganisationUnit
from stcoop.core.choices import Visibility
from stcoop.core.filters import YesNoFilter
from stcoop.geo.models import Country
from stcoop.geo.provinces import Province
from stcoop.resources.choices import AccessMode, ResourceKind, ResourceStatus
from stcoop.resources.models import SharedResource


class SharedResourceFilterSet(django_filters.FilterSet):
    """Filters: ``q`` (words in a name or keyword), ``kind`` (one or more), ``province``,
    ``country`` (ISO alpha-2), ``discipline`` (one discipline, any case),
    ``access_mode`` (one or more), ``open_to_foreign``, ``status``,
    ``owner_organisation`` (ID), ``owner_unit``, ``visibility``."""

    q = django_filters.CharFilter(
        method="search", label=_("Search"), help_text=_("Words in a name or keyword.")
    )
    kind = django_filters.MultipleChoiceFilter(choices=ResourceKind.choices, label=_("Kind"))
    province = django_filters.ChoiceFilter(choices=Province.choices, label=_("Province"))
    country = django_filters.ModelChoiceFilter(
        queryset=Country.objects.all(), to_field_name="iso2", label=_("Country or territory")
    )
    discipline = django_filters.CharFilter(method="filter_discipline", label=_("Discipline"))
    access_mode = django_filters.MultipleChoiceFilter(choices=AccessMode.choices, label=_("Access"))
    open_to_foreign = YesNoFilter(label=_("Open to foreign users"))
    status = django_filters.ChoiceFilter(choices=ResourceStatus.choices, label=_("Status"))
    owner_organisation = django_filters.NumberFilter(
        field_name="owner_organisation_id", label=_("Owner organisation (ID)")
    )
    owner_unit = django_filters.ModelChoiceFilter(
        queryset=OrganisationUnit.objects.all(), label=_("Owning unit")
    )
    visibility = django_filters.ChoiceFilter(choices=Visibility.choices, label=_("Visibility"))

    class Meta:
        model = SharedResource
        fields = (
            "q",
            "kind",
            "province",
            "country",
            "discipline",
            "access_mode",
            "open_to_foreign",
            "status",
            "owner_organisation",
            "owner_unit",
            "visibility",
        )

    def search(
        self, queryset: QuerySet[SharedResource], name: str, value: str
    ) -> QuerySet[SharedResource]:
        """Every word must occur in a name or keyword (any case, either language)."""
        words = Q()
        for word in value.split():
            words &= Q(search_text__contains=word.casefold())
        return queryset.filter(words)

    def filter_discipline(
        self, queryset: QuerySet[SharedResource], name: str, value: str
    ) -> QuerySet[SharedResource]:
        text = value.strip().casefold()
        if not text:
            return queryset
        return queryset.filter(discipline_text__contains=f"\n{text}\n")
