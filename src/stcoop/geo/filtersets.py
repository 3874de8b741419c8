"""Filters shared by the list pages and the API (the same query parameters in both)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from stcoop.core.filters import YesNoFilter
from stcoop.geo.choices import GroupingKind, IncomeGroup, RegionLevel
from stcoop.geo.models import Country, Grouping, Region
from stcoop.geo.selectors import membership_on_q

NOT_CLASSIFIED = "none"


class CountryFilterSet(django_filters.FilterSet):
    """``q`` (name in either language, or code), ``region``/``sub_region`` (M49 codes),
    ``income_group`` (``none`` for unclassified), ``grouping`` (a grouping code: its
    current members), ``is_independent``."""

    q = django_filters.CharFilter(
        method="search",
        label=_("Search"),
        help_text=_("Name in Chinese or English, or an ISO code"),
    )
    region = django_filters.ModelChoiceFilter(
        queryset=Region.objects.filter(level=RegionLevel.REGION),
        to_field_name="code",
        label=_("Region"),
    )
    sub_region = django_filters.ModelChoiceFilter(
        queryset=Region.objects.filter(level=RegionLevel.SUB_REGION),
        to_field_name="code",
        label=_("Sub-region"),
    )
    income_group = django_filters.ChoiceFilter(
        choices=[*IncomeGroup.choices, (NOT_CLASSIFIED, _("Not classified"))],
        method="filter_income",
        label=_("Income group"),
    )
    grouping = django_filters.ModelChoiceFilter(
        queryset=Grouping.objects.all(),
        to_field_name="code",
        method="filter_grouping",
        label=_("Grouping"),
    )
    is_independent = YesNoFilter(label=_("Independent state"))

    class Meta:
        model = Country
        fields = ("q", "region", "sub_region", "income_group", "grouping", "is_independent")

    def search(self, queryset: QuerySet[Country], name: str, value: str) -> QuerySet[Country]:
        """Countries whose names (either language, other names) contain ``value``, or whose
        ISO code is ``value``."""
        text = value.strip()
        if not text:
            return queryset
        condition = (
            Q(name_zh_hans__icontains=text)
            | Q(name_en__icontains=text)
            | Q(official_name__icontains=text)
            | Q(alt_names__icontains=text)
            | Q(iso2__iexact=text)
            | Q(iso3__iexact=text)
        )
        if text.isdigit():
            condition |= Q(numeric=text.zfill(3))
        return queryset.filter(condition)

    def filter_income(
        self, queryset: QuerySet[Country], name: str, value: str
    ) -> QuerySet[Country]:
        """Countries of one income group, or (``none``) those the World Bank does not classify."""
        return queryset.filter(income_group="" if value == NOT_CLASSIFIED else value)

    def filter_grouping(
        self, queryset: QuerySet[Country], name: str, value: Any
    ) -> QuerySet[Country]:
        """Current members of the grouping ``value``."""
        if value is None:
            return queryset
        return queryset.filter(
            membership_on_q(prefix="memberships__"), memberships__grouping=value
        ).distinct()


class GroupingFilterSet(django_filters.FilterSet):
    """``q`` (name in either language, acronym or code) and ``kind``."""

    q = django_filters.CharFilter(method="search", label=_("Search"))
    kind = django_filters.ChoiceFilter(choices=GroupingKind.choices, label=_("Kind"))

    class Meta:
        model = Grouping
        fields = ("q", "kind")

    def search(self, queryset: QuerySet[Grouping], name: str, value: str) -> QuerySet[Grouping]:
        """Groupings whose name, acronym or code contains ``value``."""
        text = value.strip()
        if not text:
            return queryset
        return queryset.filter(
            Q(name_zh_hans__icontains=text)
            | Q(name_en__icontains=text)
            | Q(acronym__icontains=text)
            | Q(code__icontains=text)
        )
