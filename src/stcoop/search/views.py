"""The search page: one box over every record type, facets, explained results."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponseBase, QueryDict
from django.shortcuts import render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from stcoop.core.export import csv_response, xlsx_response
from stcoop.search.documents import REGISTRY
from stcoop.search.params import SearchRequest, parse_request
from stcoop.search.services import (
    FACETS,
    SearchResultItem,
    SearchResults,
    add_snippets,
    search_records,
)

PAGE_SIZE = 20
#: Values shown per facet before "more".
FACET_VALUES = 12

FACET_LABELS = {
    "type": gettext_lazy("Record type"),
    "country": gettext_lazy("Country"),
    "grouping": gettext_lazy("Country grouping"),
    "discipline": gettext_lazy("Discipline or sector"),
    "kind": gettext_lazy("Kind"),
    "status": gettext_lazy("Status"),
    "year": gettext_lazy("Year"),
}

FIELD_LABELS = {
    "title_zh": gettext_lazy("Chinese title"),
    "title_en": gettext_lazy("English title"),
    "summary_zh": gettext_lazy("Chinese description"),
    "summary_en": gettext_lazy("English description"),
    "names": gettext_lazy("other names"),
    "acronyms": gettext_lazy("acronyms"),
    "keywords": gettext_lazy("keywords"),
    "details": gettext_lazy("details"),
}

LANGUAGE_LABELS = {
    "zh": gettext_lazy("Chinese"),
    "en": gettext_lazy("English"),
    "other": gettext_lazy("other language"),
}

EXAMPLES = (
    "量子计算",
    "quantum computing",
    "清华大学",
    "renewable energy Indonesia",
    "人工智能 医疗",
    "technology transfer ASEAN",
)


def _choice_labels() -> dict[str, str]:
    """Labels of the ``kind``, ``status``, ``category``, ``level`` and ``role`` choices
    of every searchable model (value → label)."""
    labels: dict[str, str] = {}
    for search_type in REGISTRY.values():
        for name in ("kind", "status", "category", "level", "role"):
            try:
                model_field: Any = search_type.model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            for value, label in model_field.choices or ():
                labels.setdefault(str(value), str(label))
    return labels


def _value_labels(name: str, values: list[str]) -> dict[str, str]:
    if name == "type":
        return {v: str(REGISTRY[v].label) for v in values if v in REGISTRY}
    if name == "country":
        from stcoop.geo.models import Country

        return {c.iso2: str(c.name) for c in Country.objects.filter(iso2__in=values)}
    if name == "grouping":
        from stcoop.geo.models import Grouping

        return {g.code: g.acronym or str(g.name) for g in Grouping.objects.filter(code__in=values)}
    if name in ("kind", "status"):
        labels = _choice_labels()
        return {v: labels.get(v, v) for v in values}
    return {v: v for v in values}


def _toggle_url(params: QueryDict, name: str, value: str | None) -> str:
    """The query string with ``value`` of ``name`` switched on or off (page reset)."""
    query = params.copy()
    query.pop("page", None)
    current = query.getlist(name)
    if value is None:
        query.pop(name, None)
    elif value in current:
        query.setlist(name, [v for v in current if v != value])
    else:
        query.setlist(name, [*current, value])
    return "?" + query.urlencode()


def _facet_groups(
    results: SearchResults, request: SearchRequest, params: QueryDict
) -> list[dict[str, Any]]:
    groups: list[dict[str, Any]] = []
    for name in FACETS:
        counts = results.facet_counts.get(name, {})
        selected = request.facets.get(name, [])
        values = list(counts)[:FACET_VALUES]
        values += [v for v in selected if v not in values]
        if name == "year":
            values.sort(reverse=True)
        if not values:
            continue
        labels = _value_labels(name, values)
        groups.append(
            {
                "name": name,
                "label": FACET_LABELS[name],
                "values": [
                    {
                        "value": value,
                        "label": labels.get(value, value),
                        "count": counts.get(value, 0),
                        "selected": value in selected,
                        "url": _toggle_url(params, name, value),
                    }
                    for value in values
                ],
            }
        )
    return groups


def _type_tabs(
    results: SearchResults, request: SearchRequest, params: QueryDict
) -> list[dict[str, Any]]:
    counts = results.facet_counts.get("type", {})
    total = sum(counts.values())
    query = params.copy()
    query.pop("page", None)
    query.pop("type", None)
    tabs = [
        {
            "label": _("All"),
            "count": total,
            "active": not request.types,
            "url": "?" + query.urlencode(),
        }
    ]
    for name, search_type in REGISTRY.items():
        if name not in counts and name not in request.types:
            continue
        query.setlist("type", [name])
        tabs.append(
            {
                "label": search_type.label,
                "count": counts.get(name, 0),
                "active": request.types == [name],
                "url": "?" + query.urlencode(),
                "type": name,
            }
        )
    return tabs


def sort_items(items: list[SearchResultItem], sort: str) -> list[SearchResultItem]:
    """``items`` by relevance (as ranked) or by date, newest first (undated last)."""
    if sort != "date":
        return items
    dated = [i for i in items if i.date is not None]
    undated = [i for i in items if i.date is None]
    dated.sort(key=lambda i: i.date or datetime.date.min, reverse=True)
    return dated + undated


def _export(items: list[SearchResultItem], fmt: str, query: str) -> HttpResponseBase:
    header = [
        _("Type"),
        _("Title"),
        _("Other title"),
        _("Date"),
        _("Score"),
        _("Matched terms"),
        _("Semantic similarity"),
        _("Address"),
    ]
    rows: list[list[Any]] = [header]
    for item in items:
        explanation = item.explanation
        rows.append(
            [
                str(REGISTRY[item.type].label),
                item.title,
                item.other_title,
                item.date.isoformat() if item.date else "",
                round(item.score, 6),
                " ".join(sorted({m.term for m in explanation.matched_terms})),
                ""
                if explanation.semantic_similarity is None
                else round(explanation.semantic_similarity, 4),
                item.url,
            ]
        )
    filename = "search-results"
    if fmt == "xlsx":
        return xlsx_response(rows, filename)
    return csv_response(rows, filename)


def search_page(request: HttpRequest) -> HttpResponseBase:
    """``/search/?q=...``: results of every type the visitor may see."""
    params = request.GET
    search = parse_request(params)
    context: dict[str, Any] = {
        "search": search,
        "examples": EXAMPLES,
        "modes": [
            ("hybrid", _("Words and meaning (hybrid)")),
            ("lexical", _("Words only")),
            ("semantic", _("Meaning only")),
        ],
        "type_labels": {name: t.label for name, t in REGISTRY.items()},
        "field_labels": FIELD_LABELS,
        "language_labels": LANGUAGE_LABELS,
        "facet_labels": FACET_LABELS,
        "selected_facets": [
            {
                "label": FACET_LABELS[name],
                "value": _value_labels(name, values).get(value, value),
                "url": _toggle_url(params, name, value),
            }
            for name, values in search.facets.items()
            for value in values
        ],
    }
    if not search.query:
        return render(request, "search/search.html", context)
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
    fmt = str(params.get("format", "")).lower()
    if fmt in ("csv", "xlsx"):
        add_snippets(items, search.query, language=get_language() or "en", per_item=0)
        return _export(items, fmt, search.query)
    page = Paginator(items, PAGE_SIZE).get_page(search.page)
    add_snippets(page.object_list, search.query, language=get_language() or "en")
    context.update(
        {
            "results": results,
            "page_obj": page,
            "facet_groups": _facet_groups(results, search, params),
            "type_tabs": _type_tabs(results, search, params),
            "sort_relevance_url": _toggle_url(params, "sort", None),
            "export_csv_url": _with(params, format="csv"),
            "export_xlsx_url": _with(params, format="xlsx"),
            "save_search_url": _save_search_url(params),
        }
    )
    return render(request, "search/search.html", context)


def _save_search_url(params: QueryDict) -> str | None:
    """The matching app's "save this search" form, prefilled with this search."""
    from django.urls import NoReverseMatch, reverse

    try:
        base = reverse("matching:saved_create")
    except NoReverseMatch:
        return None
    query = params.copy()
    for name in ("page", "format", "sort"):
        query.pop(name, None)
    if query.get("mode") == "semantic":
        query["mode"] = "dense"
    return f"{base}?{query.urlencode()}"


def _with(params: QueryDict, **values: str) -> str:
    query = params.copy()
    query.pop("page", None)
    for name, value in values.items():
        query[name] = value
    return "?" + query.urlencode()
