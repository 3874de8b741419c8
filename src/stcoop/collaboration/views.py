"""Pages of the co-authorship figures, under ``/collaboration/``."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from stcoop.collaboration import selectors
from stcoop.collaboration.charts import bar_chart
from stcoop.collaboration.filtersets import PairFilterSet
from stcoop.collaboration.forms import CountryViewForm
from stcoop.collaboration.models import CountryPairYear
from stcoop.collaboration.tables import PairTable
from stcoop.core.views.lists import RecordListView
from stcoop.geo.models import Country


class PairListView(RecordListView):
    """Every pair of countries and year, filtered, sorted by works, exportable."""

    model = CountryPairYear
    filterset_class = PairFilterSet
    table_class = PairTable
    title = gettext_lazy("Co-authorship between countries")
    help_text = gettext_lazy(
        "Works with authors in both countries, by year, from OpenAlex. Choose a country to "
        "see its partners; the grouping filter keeps partners that belong to it today."
    )
    empty_text = gettext_lazy(
        "No figures match these filters. Figures are loaded with "
        "`stcoop import openalex-coauthorship FILE`."
    )

    def get_queryset(self) -> QuerySet[Any]:
        return selectors.pair_list()


class CountryView(TemplateView):
    """One country's top partners over a span of years, and its yearly series (China by
    default)."""

    template_name = "collaboration/country.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = CountryViewForm(request.GET or None)
        data = form.cleaned_data if form.is_bound and form.is_valid() else {}
        first, last = selectors.year_bounds()
        country = (
            data.get("country") or Country.objects.filter(iso2=selectors.DEFAULT_COUNTRY).first()
        )
        partner = data.get("partner")
        grouping = data.get("grouping")
        year_from = data.get("year_from") or first
        year_to = data.get("year_to") or last
        top = data.get("top") or selectors.DEFAULT_TOP
        partners: list[selectors.Partner] = []
        points: list[selectors.YearPoint] = []
        if country is not None:
            partners = selectors.top_partners(
                country.iso2,
                year_from=year_from,
                year_to=year_to,
                grouping=grouping.code if grouping else None,
                limit=top,
            )
            points = selectors.series(
                country.iso2,
                partner.iso2 if partner else None,
                year_from=year_from,
                year_to=year_to,
            )
        most = max((p.works for p in partners), default=0)
        series_values = [(p.year, p.pair_works if partner else p.coauthored_works) for p in points]
        if partner:
            chart_title = _("Works of {country} with {partner}, by year").format(
                country=country.name if country else "", partner=partner.name
            )
        else:
            chart_title = _("Internationally co-authored works of {country}, by year").format(
                country=country.name if country else ""
            )
        context = self.get_context_data(
            form=form,
            country=country,
            partner=partner,
            grouping=grouping,
            year_from=year_from,
            year_to=year_to,
            partners=partners,
            most=most,
            points=points,
            chart=bar_chart(series_values, title=chart_title),
            chart_title=chart_title,
            other_sources=selectors.other_sources(country.iso2) if country else [],
        )
        return self.render_to_response(context)
