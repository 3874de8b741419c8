"""Read-only API of the co-authorship figures: ``/api/coauthorship/``.

* ``GET /api/coauthorship/``: pairs of countries by year, with the list page's filters
  (``country``, ``partner``, ``grouping``, ``year_from``, ``year_to``), ``ordering`` by
  ``works`` or ``year``;
* ``GET /api/coauthorship/series/?country=CN[&partner=DE]``: one country's yearly
  internationally co-authored works, and with ``partner`` the pair's yearly works;
* ``GET /api/coauthorship/partners/?country=CN``: a country's top partners in the years.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from stcoop.collaboration import selectors
from stcoop.collaboration.filtersets import PairFilterSet
from stcoop.collaboration.models import CountryPairYear
from stcoop.geo.models import Country, Grouping


class PairSerializer(serializers.ModelSerializer[CountryPairYear]):
    """One pair of countries in one year (codes ISO alpha-2, the smaller first)."""

    country_a = serializers.CharField(source="country_a_id")
    country_b = serializers.CharField(source="country_b_id")

    class Meta:
        model = CountryPairYear
        fields = ("id", "year", "country_a", "country_b", "works", "source")


class YearPointSerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField()
    coauthored_works = serializers.IntegerField(allow_null=True)
    pair_works = serializers.IntegerField(allow_null=True)


class SeriesSerializer(serializers.Serializer[Any]):
    country = serializers.CharField()
    partner = serializers.CharField(allow_null=True)
    years = YearPointSerializer(many=True)


class PartnerSerializer(serializers.Serializer[Any]):
    country = serializers.CharField(source="country.iso2")
    name = serializers.CharField(source="country.name")
    works = serializers.IntegerField()
    share = serializers.FloatField(allow_null=True)


class PartnersSerializer(serializers.Serializer[Any]):
    country = serializers.CharField()
    year_from = serializers.IntegerField(allow_null=True)
    year_to = serializers.IntegerField(allow_null=True)
    partners = PartnerSerializer(many=True)


_COMMON = [
    OpenApiParameter("country", OpenApiTypes.STR, required=True, description="ISO alpha-2 code."),
    OpenApiParameter("year_from", OpenApiTypes.INT, description="First year."),
    OpenApiParameter("year_to", OpenApiTypes.INT, description="Last year."),
]


def _country(request: Request, name: str, *, required: bool) -> str | None:
    raw = request.query_params.get(name, "").strip().upper()
    if not raw:
        if required:
            raise ValidationError({name: [_("Give an ISO alpha-2 country code.")]})
        return None
    if not Country.objects.filter(iso2=raw).exists():
        raise ValidationError(
            {name: [_("'{value}' is not a known country code").format(value=raw)]}
        )
    return raw


def _year(request: Request, name: str) -> int | None:
    raw = request.query_params.get(name, "").strip()
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError:
        raise ValidationError({name: [_("'{value}' is not a year").format(value=raw)]}) from None


class CoauthorshipViewSet(viewsets.ReadOnlyModelViewSet[CountryPairYear]):
    """Works co-authored by two countries in a year (OpenAlex); read-only."""

    queryset = CountryPairYear.objects.all()
    serializer_class = PairSerializer
    filterset_class = PairFilterSet
    ordering_fields = ("works", "year", "country_a", "country_b")
    ordering = ("-year", "-works", "country_a", "country_b")

    @extend_schema(
        parameters=[
            *_COMMON,
            OpenApiParameter("partner", OpenApiTypes.STR, description="ISO alpha-2 code."),
        ],
        responses=SeriesSerializer,
    )
    @action(detail=False, filter_backends=[], pagination_class=None)
    def series(self, request: Request) -> Response:
        """A country's internationally co-authored works by year; with ``partner``, also
        the works of the pair by year."""
        country = _country(request, "country", required=True)
        partner = _country(request, "partner", required=False)
        assert country is not None
        if partner == country:
            raise ValidationError({"partner": [_("Choose a partner other than the country.")]})
        points = selectors.series(
            country,
            partner,
            year_from=_year(request, "year_from"),
            year_to=_year(request, "year_to"),
        )
        return Response(
            SeriesSerializer({"country": country, "partner": partner, "years": points}).data
        )

    @extend_schema(
        parameters=[
            *_COMMON,
            OpenApiParameter("grouping", OpenApiTypes.STR, description="Partners in it today."),
            OpenApiParameter("limit", OpenApiTypes.INT, description="How many (1-250, 20)."),
        ],
        responses=PartnersSerializer,
    )
    @action(detail=False, filter_backends=[], pagination_class=None)
    def partners(self, request: Request) -> Response:
        """A country's partners with the most co-authored works in the years."""
        country = _country(request, "country", required=True)
        assert country is not None
        grouping = request.query_params.get("grouping", "").strip() or None
        if grouping and not Grouping.objects.filter(code=grouping).exists():
            raise ValidationError(
                {"grouping": [_("'{value}' is not a known grouping code").format(value=grouping)]}
            )
        try:
            limit = int(request.query_params.get("limit", selectors.DEFAULT_TOP))
        except ValueError:
            limit = 0
        if not 1 <= limit <= 250:
            raise ValidationError({"limit": [_("Give a number from 1 to 250.")]})
        year_from, year_to = _year(request, "year_from"), _year(request, "year_to")
        partners = selectors.top_partners(
            country, year_from=year_from, year_to=year_to, grouping=grouping, limit=limit
        )
        data = {
            "country": country,
            "year_from": year_from,
            "year_to": year_to,
            "partners": partners,
        }
        return Response(PartnersSerializer(data).data)


def register(router: BaseRouter) -> None:
    """Add ``/api/coauthorship/``."""
    router.register("coauthorship", CoauthorshipViewSet, basename="coauthorship")
