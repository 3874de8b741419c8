"""The pair table of the co-authorship list page (columns, sorting, export)."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from stcoop.collaboration.models import CountryPairYear


def _country_link(country: Any) -> Any:
    url = reverse("collaboration:country") + f"?country={country.iso2}"
    return format_html(
        '<a href="{}">{}</a> <span class="text-body-secondary">{}</span>',
        url,
        country.name,
        country.iso2,
    )


class PairTable(tables.Table):
    """One row per pair of countries and year."""

    year = tables.Column(verbose_name=_("Year"))
    country_a = tables.Column(verbose_name=_("Country"), order_by=("country_a_id",))
    country_b = tables.Column(verbose_name=_("Partner country"), order_by=("country_b_id",))
    works = tables.Column(verbose_name=_("Co-authored works"), attrs={"td": {"class": "text-end"}})
    source = tables.Column(verbose_name=_("Source"))

    class Meta:
        model = CountryPairYear
        fields: tuple[str, ...] = ("year", "country_a", "country_b", "works", "source")
        order_by = ("-works",)
        attrs = {"class": "table table-sm table-hover"}

    def render_country_a(self, value: Any) -> Any:
        return _country_link(value)

    def render_country_b(self, value: Any) -> Any:
        return _country_link(value)

    def value_country_a(self, value: Any) -> str:
        return str(value.iso2)

    def value_country_b(self, value: Any) -> str:
        return str(value.iso2)
