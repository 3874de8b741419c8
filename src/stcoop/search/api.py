"""``GET /api/search/?q=...``: the search page's results as JSON.

Parameters: ``q`` (required), ``type``, ``country``, ``grouping``, ``discipline``,
``kind``, ``status``, ``year`` (each repeatable or comma-separated), ``mode`` (hybrid,
lexical, dense/semantic), ``sort`` (relevance, date), ``date_from``/``date_to``
(YYYY-MM-DD), ``page`` and ``page_size`` (1-100, 20). An unknown parameter, type, mode or
facet value answers 400 naming it. Results are those the client may see.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from stcoop.search.documents import REGISTRY
from stcoop.search.params import BadSearchRequest, parse_request
from stcoop.search.services import add_snippets, explanation_json, search_records

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


class SearchItemSerializer(serializers.Serializer[dict[str, Any]]):
    """One result."""

    id = serializers.CharField(help_text="“<type>:<pk>”")
    type = serializers.CharField()
    type_label = serializers.CharField()
    title = serializers.CharField()
    other_title = serializers.CharField()
    url = serializers.CharField()
    date = serializers.DateField(allow_null=True)
    score = serializers.FloatField()
    explanation = serializers.DictField()
    snippets = serializers.ListField(
        child=serializers.ListField(), help_text="Snippets as [[text, is_match], ...]."
    )


class SearchResponseSerializer(serializers.Serializer[dict[str, Any]]):
    """A page of results with facet counts."""

    query = serializers.CharField()
    mode = serializers.CharField()
    total = serializers.IntegerField()
    page = serializers.IntegerField()
    page_size = serializers.IntegerField()
    truncated = serializers.BooleanField()
    facets = serializers.DictField()
    items = SearchItemSerializer(many=True)


_PARAMETERS = [
    OpenApiParameter("q", OpenApiTypes.STR, required=True, description="The query."),
    OpenApiParameter("type", OpenApiTypes.STR, description=", ".join(REGISTRY)),
    *(
        OpenApiParameter(name, OpenApiTypes.STR, description=f"Facet {name}.")
        for name in ("country", "grouping", "discipline", "kind", "status", "year")
    ),
    OpenApiParameter("mode", OpenApiTypes.STR, description="hybrid, lexical or dense."),
    OpenApiParameter("sort", OpenApiTypes.STR, description="relevance or date."),
    OpenApiParameter("date_from", OpenApiTypes.DATE),
    OpenApiParameter("date_to", OpenApiTypes.DATE),
    OpenApiParameter("page", OpenApiTypes.INT),
    OpenApiParameter("page_size", OpenApiTypes.INT, description="1-100 (20)."),
]


class SearchViewSet(viewsets.ViewSet):
    """Search every record type the client may see."""

    @extend_schema(parameters=_PARAMETERS, responses=SearchResponseSerializer)
    def list(self, request: Request) -> Response:
        from stcoop.search.views import sort_items

        try:
            search = parse_request(request.query_params, strict=True)
        except BadSearchRequest as error:
            raise ValidationError({"detail": str(error)}) from None
        if not search.query:
            raise ValidationError({"q": [_("Give a query in q.")]})
        raw_size = str(request.query_params.get("page_size", DEFAULT_PAGE_SIZE))
        if not raw_size.isdigit() or not 1 <= int(raw_size) <= MAX_PAGE_SIZE:
            raise ValidationError({"page_size": [_("Give a number from 1 to 100.")]})
        size = int(raw_size)
        results = search_records(
            user=request.user,
            query=search.query,
            types=search.types or None,
            facets=search.facets,
            date_from=search.date_from,
            date_to=search.date_to,
            mode=search.mode,
        )
        items = sort_items(results.items, search.sort)
        page_items = items[(search.page - 1) * size : search.page * size]
        add_snippets(page_items, search.query, language=get_language() or "en")
        data = {
            "query": search.query,
            "mode": search.mode,
            "total": results.total,
            "page": search.page,
            "page_size": size,
            "truncated": search.truncated,
            "facets": results.facet_counts,
            "items": [
                {
                    "id": item.id,
                    "type": item.type,
                    "type_label": str(REGISTRY[item.type].label),
                    "title": item.title,
                    "other_title": item.other_title,
                    "url": request.build_absolute_uri(item.url),
                    "date": item.date,
                    "score": item.score,
                    "explanation": explanation_json(item.explanation),
                    "snippets": [[list(seg) for seg in snippet] for snippet in item.snippets],
                }
                for item in page_items
            ],
        }
        return Response(SearchResponseSerializer(data).data)


def register(router: BaseRouter) -> None:
    """Add ``/api/search/``."""
    router.register("search", SearchViewSet, basename="search")
