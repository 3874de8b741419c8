"""The one FilterSet for country co-authorship, used by the list page and the API alike."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from stcoop.collaboration import selectors
from stcoop.collaboration.models import CountryPairYear
from stcoop.geo.models import Country, Grouping


class PairFilterSet(django_filters.FilterSet):
    """Filters: ``country`` and ``partner`` (ISO alpha-2 codes), ``grouping`` (code of a
    grouping the partner belongs to), ``year_from`` and ``year_to``. With a country, the
    partner and grouping apply to the other country of each pair; without one, to either."""

    country = django_filters.ModelChoiceFilter(
        queryset=Country.objects.all(),
        to_field_name="iso2",
        method="noop",
        label=_("Country"),
        help_text=_("Pairs that include this country."),
    )
    partner = django_filters.ModelChoiceFilter(
        queryset=Country.objects.all(),
        to_field_name="iso2",
        method="noop",
        label=_("Partner country"),
    )
    grouping = django_filters.ModelChoiceFilter(
        queryset=Grouping.objects.all(),
        to_field_name="code",
        method="noop",
        label=_("Partner in grouping"),
        help_text=_("The partner is a member of this grouping today."),
    )
    year_from = django_filters.NumberFilter(method="noop", label=_("From year"))
    year_to = django_filters.NumberFilter(method="noop", label=_("To year"))

    class Meta:
        model = CountryPairYear
        fields = ("country", "partner", "grouping", "year_from", "year_to")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("year_from", "year_to"):
            self.form.fields[name].widget = forms.NumberInput(attrs={"min": 1900, "max": 2100})

    def noop(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        """Filters are applied together in :meth:`filter_queryset`."""
        return queryset

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        data = self.form.cleaned_data
        country = data.get("country")
        partner = data.get("partner")
        grouping = data.get("grouping")
        year_from = data.get("year_from")
        year_to = data.get("year_to")
        return selectors.pair_filter(
            queryset,
            country=country.iso2 if country else None,
            partner=partner.iso2 if partner else None,
            grouping=grouping.code if grouping else None,
            year_from=int(year_from) if year_from is not None else None,
            year_to=int(year_to) if year_to is not None else None,
        )
