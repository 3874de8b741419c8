"""The one FilterSet for technology profiles, used by the list page and the API alike."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stcoop.accounts.models import OrganisationUnit
from stcoop.core.choices import Visibility
from stcoop.core.filters import YesNoFilter
from stcoop.geo.models import Country, GroupingMembership
from stcoop.geo.selectors import membership_on_q
from stcoop.technologies.choices import (
    Cooperation,
    IpStatus,
    ProfileKind,
    ProfileStatus,
    ReadinessLevel,
    Sector,
)
from stcoop.technologies.models import TechnologyProfile


class TechnologyProfileFilterSet(django_filters.FilterSet):
    """Filters: ``q`` (words in a title, keyword, patent number or the reference, or in a
    description), ``kind`` (one or more), ``sector``, ``trl_min``/``trl_max``,
    ``ip_status`` (one or more), ``cooperation``, ``target_country`` (ISO alpha-2: named
    itself or through a grouping it belongs to), ``organisation_country``,
    ``organisation`` (ID), ``status``, ``include_expired`` (expired profiles are left out
    unless it is true), ``owner_unit``, ``visibility``."""

    q = django_filters.CharFilter(
        method="search",
        label=_("Search"),
        help_text=_("Words in the title, description or keywords, or a reference."),
    )
    kind = django_filters.MultipleChoiceFilter(choices=ProfileKind.choices, label=_("Kind"))
    sector = django_filters.ChoiceFilter(
        choices=Sector.choices, method="filter_sector", label=_("Sector")
    )
    trl_min = django_filters.TypedChoiceFilter(
        field_name="trl",
        lookup_expr="gte",
        choices=ReadinessLevel.choices,
        coerce=int,
        label=_("TRL at least"),
    )
    trl_max = django_filters.TypedChoiceFilter(
        field_name="trl",
        lookup_expr="lte",
        choices=ReadinessLevel.choices,
        coerce=int,
        label=_("TRL at most"),
    )
    ip_status = django_filters.MultipleChoiceFilter(
        choices=IpStatus.choices, label=_("Intellectual property")
    )
    cooperation = django_filters.ChoiceFilter(
        choices=Cooperation.choices, method="filter_cooperation", label=_("Cooperation sought")
    )
    target_country = django_filters.ModelChoiceFilter(
        queryset=Country.objects.all(),
        to_field_name="iso2",
        method="filter_target_country",
        label=_("Target country"),
        help_text=_("Named itself or through a country grouping it belongs to."),
    )
    organisation_country = django_filters.ModelChoiceFilter(
        queryset=Country.objects.all(),
        to_field_name="iso2",
        field_name="organisation__country",
        label=_("Country of the organisation"),
    )
    organisation = django_filters.NumberFilter(
        field_name="organisation_id", label=_("Organisation (ID)")
    )
    status = django_filters.ChoiceFilter(choices=ProfileStatus.choices, label=_("Status"))
    include_expired = YesNoFilter(
        method="filter_expired",
        label=_("Include expired profiles"),
        help_text=_("Expired profiles are hidden unless you include them."),
    )
    owner_unit = django_filters.ModelChoiceFilter(
        queryset=OrganisationUnit.objects.all(), label=_("Owning unit")
    )
    visibility = django_filters.ChoiceFilter(choices=Visibility.choices, label=_("Visibility"))

    class Meta:
        model = TechnologyProfile
        fields = (
            "q",
            "kind",
            "sector",
            "trl_min",
            "trl_max",
            "ip_status",
            "cooperation",
            "target_country",
            "organisation_country",
            "organisation",
            "status",
            "include_expired",
            "owner_unit",
            "visibility",
        )

    def __init__(self, data: Any = None, *args: Any, **kwargs: Any) -> None:
        # Without parameters the filters still apply, so expired profiles stay hidden.
        super().__init__(QueryDict() if data is None else data, *args, **kwargs)

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("include_expired"):
            queryset = queryset.exclude(expiry_date__lt=timezone.localdate())
        return queryset

    def search(
        self, queryset: QuerySet[TechnologyProfile], name: str, value: str
    ) -> QuerySet[TechnologyProfile]:
        """Every word must occur in a title, keyword, patent number or the reference (any
        case, any language) or in a description."""
        condition = Q()
        for word in value.split():
            condition &= (
                Q(search_text__contains=word.casefold())
                | Q(description_zh_hans__icontains=word)
                | Q(description_en__icontains=word)
            )
        return queryset.filter(condition)

    def filter_sector(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(sector_text__contains=f"\n{value}\n") if value else queryset

    def filter_cooperation(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(cooperation_text__contains=f"\n{value}\n") if value else queryset

    def filter_target_country(
        self, queryset: QuerySet[Any], name: str, value: Country | None
    ) -> QuerySet[Any]:
        if value is None:
            return queryset
        through = TechnologyProfile.target_groupings.through
        memberships = GroupingMembership.objects.filter(membership_on_q(), country=value).values(
            "grouping_id"
        )
        by_grouping = through.objects.filter(
            technologyprofile_id=OuterRef("pk"), grouping_id__in=memberships
        )
        countries = TechnologyProfile.target_countries.through.objects.filter(
            technologyprofile_id=OuterRef("pk"), country=value
        )
        return queryset.filter(Q(Exists(countries)) | Q(Exists(by_grouping)))

    def filter_expired(
        self, queryset: QuerySet[Any], name: str, value: bool | None
    ) -> QuerySet[Any]:
        return queryset  # applied in :meth:`filter_queryset`
