"""Reading a search request's parameters (page and API alike).

The page ignores values it cannot use and says so; the API (``strict``) refuses them
with a message naming the parameter.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from stcoop.search.documents import REGISTRY
from stcoop.search.services import FACETS, MAX_QUERY_CHARS, MODES

#: Parameters a search request may carry.
KNOWN_PARAMETERS = frozenset(
    {"q", "type", *FACETS, "mode", "sort", "page", "page_size", "date_from", "date_to", "format"}
)
SORTS = ("relevance", "date")


class BadSearchRequest(ValueError):
    """A parameter the API cannot accept; the message names it."""


@dataclass
class SearchRequest:
    """What to search for."""

    query: str = ""
    types: list[str] = field(default_factory=list)
    facets: dict[str, list[str]] = field(default_factory=dict)
    mode: str = "hybrid"
    sort: str = "relevance"
    page: int = 1
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    truncated: bool = False
    problems: list[str] = field(default_factory=list)


def _values(data: Any, name: str) -> list[str]:
    getlist = getattr(data, "getlist", None)
    raw = getlist(name) if getlist else ([data[name]] if name in data else [])
    out: list[str] = []
    for item in raw:
        for piece in str(item).split(","):
            piece = piece.strip()
            if piece and piece not in out:
                out.append(piece)
    return out


def _known_values(name: str) -> set[str] | None:
    """The values a facet may take, where the platform knows them (``None``: any)."""
    if name == "country":
        from stcoop.geo.models import Country

        return set(Country.objects.values_list("iso2", flat=True))
    if name == "grouping":
        from stcoop.geo.models import Grouping

        return set(Grouping.objects.values_list("code", flat=True))
    return None


def _date(data: Any, name: str, request: SearchRequest, strict: bool) -> datetime.date | None:
    values = _values(data, name)
    if not values:
        return None
    try:
        return datetime.date.fromisoformat(values[0])
    except ValueError:
        message = _("“{value}” is not a date (YYYY-MM-DD) in {name}; it was ignored.").format(
            value=values[0][:40], name=name
        )
        if strict:
            raise BadSearchRequest(message) from None
        request.problems.append(message)
        return None


def parse_request(data: Mapping[str, Any], *, strict: bool = False) -> SearchRequest:
    """Read ``data`` (a QueryDict or a dict).

    Raises:
        BadSearchRequest: with ``strict``, an unknown parameter, type, mode, sort or
            facet value.
    """
    request = SearchRequest()
    if strict:
        unknown = sorted(set(data) - KNOWN_PARAMETERS)
        if unknown:
            raise BadSearchRequest(
                _("Unknown parameter {names}; known parameters: {known}.").format(
                    names=", ".join(unknown), known=", ".join(sorted(KNOWN_PARAMETERS))
                )
            )
    raw_query = " ".join(_values(data, "q")) if strict else str(data.get("q", "") or "")
    raw_query = raw_query.replace("\x00", " ").strip()
    if len(raw_query) > MAX_QUERY_CHARS:
        raw_query = raw_query[:MAX_QUERY_CHARS]
        request.truncated = True
        request.problems.append(
            _(
                "Your query was longer than {limit} characters; only the first {limit} were used."
            ).format(limit=MAX_QUERY_CHARS)
        )
    request.query = raw_query

    for value in _values(data, "type"):
        if value in REGISTRY:
            request.types.append(value)
            continue
        message = _("Unknown record type “{value}”; known types: {known}.").format(
            value=value[:40], known=", ".join(REGISTRY)
        )
        if strict:
            raise BadSearchRequest(message)
        request.problems.append(message)

    for name in FACETS:
        values = _values(data, name)
        if not values:
            continue
        known = _known_values(name)
        if name == "country":
            values = [v.upper() for v in values]
        good: list[str] = []
        for value in values:
            valid = (known is None or value in known) and (name != "year" or value.isdigit())
            if valid:
                good.append(value)
                continue
            message = _("Unknown value “{value}” for {name}; it was ignored.").format(
                value=value[:40], name=name
            )
            if strict:
                raise BadSearchRequest(message)
            request.problems.append(message)
        if good:
            request.facets[name] = good

    mode = str(data.get("mode", "") or "hybrid").strip().lower()
    if mode not in MODES:
        message = _("Unknown search mode “{value}”; use one of {known}.").format(
            value=mode[:40], known=", ".join(MODES)
        )
        if strict:
            raise BadSearchRequest(message)
        request.problems.append(message)
        mode = "hybrid"
    request.mode = mode

    sort = str(data.get("sort", "") or "relevance").strip().lower()
    if sort not in SORTS:
        message = _("Unknown sort order “{value}”; use one of {known}.").format(
            value=sort[:40], known=", ".join(SORTS)
        )
        if strict:
            raise BadSearchRequest(message)
        request.problems.append(message)
        sort = "relevance"
    request.sort = sort

    page = str(data.get("page", "") or "1").strip()
    if page.isdigit() and int(page) >= 1:
        request.page = min(int(page), 10_000)
    elif strict:
        raise BadSearchRequest(_("page must be a positive whole number."))
    request.date_from = _date(data, "date_from", request, strict)
    request.date_to = _date(data, "date_to", request, strict)
    return request
