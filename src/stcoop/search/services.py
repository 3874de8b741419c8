"""Searching the platform as one user: the engine ranks, the permission rules filter.

:func:`search_records` asks this process's index (:func:`get_index`) for the best
documents, keeps those the user may see (:func:`stcoop.core.permissions.visible` on the
hit ids of each type; anonymous visitors are pre-filtered to public, published records
inside the engine), and counts facets over what is left. :func:`similar_records` does the
same for a document instead of a query (matchmaking, partner suggestions).
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from django.db.models import Model

from stcoop.core.permissions import ADMIN_ROLES, role_of, visible
from stcoop.engines.retrieval import (
    Document,
    Explanation,
    Hit,
    SearchFilter,
    SearchIndex,
    highlight,
)
from stcoop.search.documents import REGISTRY, instances_for, split_id
from stcoop.search.store import get_index

__all__ = [
    "FACETS",
    "MAX_QUERY_CHARS",
    "MODES",
    "SearchResultItem",
    "SearchResults",
    "add_snippets",
    "explanation_json",
    "get_index",
    "search_records",
    "similar_records",
]

Mode = Literal["hybrid", "lexical", "dense"]
#: Accepted modes ("semantic" is another name for "dense").
MODES: dict[str, Mode] = {
    "hybrid": "hybrid",
    "lexical": "lexical",
    "dense": "dense",
    "semantic": "dense",
}
#: Facets a search may be narrowed by (besides ``type``).
FACETS = ("country", "grouping", "discipline", "kind", "status", "year")
#: Longer queries are cut to this many characters.
MAX_QUERY_CHARS = 1000
#: A hit found by meaning alone is kept when its cosine similarity reaches this.
MIN_DENSE_SIMILARITY = 0.3


@dataclass
class SearchResultItem:
    """One visible result."""

    id: str
    type: str
    instance: Model
    score: float
    explanation: Explanation
    snippets: list[list[tuple[str, bool]]]
    url: str
    title: str
    title_segments: list[tuple[str, bool]] = field(default_factory=list)
    other_title: str = ""
    other_title_segments: list[tuple[str, bool]] = field(default_factory=list)
    date: datetime.date | None = None


@dataclass
class SearchResults:
    """The visible results of a search, best first, and facet counts over them."""

    items: list[SearchResultItem]
    facet_counts: dict[str, dict[str, int]]
    total: int
    query: str = ""
    truncated: bool = False


def _is_admin(user: Any) -> bool:
    return role_of(user) in ADMIN_ROLES


def _engine_filter(
    user: Any,
    *,
    types: Collection[str] | None,
    facets: Mapping[str, Collection[str]] | None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    exclude_ids: Iterable[str] = (),
) -> SearchFilter:
    wanted = {name: frozenset(values) for name, values in (facets or {}).items() if values}
    if role_of(user) == "anonymous":
        wanted["access"] = frozenset({"public"})
    return SearchFilter(
        types=frozenset(types) if types else None,
        facets=wanted,
        date_from=date_from,
        date_to=date_to,
        exclude_ids=frozenset(exclude_ids),
    )


def _relevant(hit: Hit, mode: str) -> bool:
    """Drop hits that only the dense part found and that are not close in meaning."""
    if mode != "hybrid":
        return True
    explanation = hit.explanation
    if explanation.lexical_rank is not None:
        return True
    similarity = explanation.semantic_similarity
    return similarity is not None and similarity >= MIN_DENSE_SIMILARITY


def visible_ids(user: Any, doc_ids: Sequence[str]) -> set[str]:
    """Those of ``doc_ids`` whose records ``user`` may see (and that still exist)."""
    by_type: dict[str, list[int]] = {}
    for doc_id in doc_ids:
        parts = split_id(doc_id)
        if parts is not None and parts[1].isdigit():
            by_type.setdefault(parts[0], []).append(int(parts[1]))
    found: set[str] = set()
    for doc_type, pks in by_type.items():
        model = REGISTRY[doc_type].model
        queryset = model._default_manager.filter(pk__in=pks)
        if not _is_admin(user):
            queryset = visible(user, queryset)
        found.update(f"{doc_type}:{pk}" for pk in queryset.values_list("pk", flat=True))
    return found


def _items(user: Any, index: SearchIndex, hits: Sequence[Hit]) -> list[SearchResultItem]:
    ids = [hit.id for hit in hits]
    allowed = visible_ids(user, ids)
    kept = [hit for hit in hits if hit.id in allowed]
    instances = instances_for([hit.id for hit in kept])
    items: list[SearchResultItem] = []
    for hit in kept:
        instance = instances.get(hit.id)
        if instance is None:
            continue
        parts = split_id(hit.id)
        assert parts is not None
        document = index.get(hit.id)
        items.append(
            SearchResultItem(
                id=hit.id,
                type=hit.type,
                instance=instance,
                score=hit.score,
                explanation=hit.explanation,
                snippets=[],
                url=REGISTRY[parts[0]].url(instance.pk),
                title=str(instance),
                date=document.date if document else None,
            )
        )
    return items


def _count(index: SearchIndex, items: Sequence[SearchResultItem]) -> dict[str, dict[str, int]]:
    counts: dict[str, Counter[str]] = {name: Counter() for name in ("type", *FACETS)}
    for item in items:
        counts["type"][item.type] += 1
        document = index.get(item.id)
        if document is None:
            continue
        for name in FACETS:
            for value in document.facets.get(name, ()):
                counts[name][value] += 1
    return {name: dict(counter.most_common()) for name, counter in counts.items()}


def clean_query(query: str) -> tuple[str, bool]:
    """``query`` stripped and cut to :data:`MAX_QUERY_CHARS`; whether it was cut."""
    text = (query or "").replace("\x00", " ").strip()
    if len(text) > MAX_QUERY_CHARS:
        return text[:MAX_QUERY_CHARS], True
    return text, False


def search_records(
    *,
    user: Any,
    query: str,
    types: Collection[str] | None = None,
    facets: Mapping[str, Collection[str]] | None = None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    mode: str = "hybrid",
    limit: int = 200,
) -> SearchResults:
    """Search every record type as ``user``.

    Args:
        user: the searcher (anonymous: public, published records only).
        query: the text typed, in any language; cut to :data:`MAX_QUERY_CHARS`.
        types: record types to return (``None``: all).
        facets: facet name → accepted values (see :data:`FACETS`).
        date_from, date_to: the records' dates must lie in this range.
        mode: hybrid, lexical or dense (``semantic``).
        limit: at most this many items.

    Returns:
        The visible items, best first; ``facet_counts`` counts them by facet, except
        ``type``, which counts the results of the same search over every type.

    Raises:
        ValueError: an unknown mode.
    """
    engine_mode = MODES.get(mode)
    if engine_mode is None:
        raise ValueError(f"unknown search mode {mode!r}; use one of {', '.join(MODES)}")
    text, truncated = clean_query(query)
    if not text:
        return SearchResults([], {}, 0, "", truncated)
    index = get_index()
    # Candidates beyond ``limit``: some may be hidden from the user.
    k = limit if _is_admin(user) or role_of(user) == "anonymous" else limit * 2
    search_filter = _engine_filter(
        user, types=types, facets=facets, date_from=date_from, date_to=date_to
    )
    hits = [h for h in index.search(text, k=k, mode=engine_mode, filter=search_filter)]
    hits = [h for h in hits if _relevant(h, engine_mode)]
    items = _items(user, index, hits)[:limit]
    counts = _count(index, items)
    if types:
        all_types = _engine_filter(
            user, types=None, facets=facets, date_from=date_from, date_to=date_to
        )
        others = [
            h
            for h in index.search(text, k=k, mode=engine_mode, filter=all_types)
            if _relevant(h, engine_mode)
        ]
        allowed = visible_ids(user, [h.id for h in others])
        counts["type"] = dict(Counter(h.type for h in others if h.id in allowed).most_common())
    return SearchResults(items, counts, len(items), text, truncated)


def similar_records(
    *,
    user: Any,
    document: Document,
    types: Collection[str] | None = None,
    facets: Mapping[str, Collection[str]] | None = None,
    exclude_ids: Iterable[str] = (),
    limit: int = 50,
    mode: str = "hybrid",
) -> list[SearchResultItem]:
    """Records like ``document`` that ``user`` may see, best first (the document itself
    excluded)."""
    engine_mode = MODES.get(mode)
    if engine_mode is None:
        raise ValueError(f"unknown search mode {mode!r}; use one of {', '.join(MODES)}")
    index = get_index()
    search_filter = _engine_filter(
        user, types=types, facets=facets, exclude_ids={*exclude_ids, document.id}
    )
    k = limit if _is_admin(user) or role_of(user) == "anonymous" else limit * 2
    hits = index.search_document(document, k=k, mode=engine_mode, filter=search_filter)
    return _items(user, index, hits)[:limit]


# ---------------------------------------------------------------- presentation helpers

_BODY_FIELDS = ("summary", "keywords", "details", "names", "acronyms")


def _languages_first(query: str) -> tuple[str, str]:
    from stcoop.engines.text import detect_language

    return ("zh", "en") if detect_language(query) == "zh" else ("en", "zh")


def add_snippets(
    items: Iterable[SearchResultItem], query: str, *, language: str = "en", per_item: int = 2
) -> None:
    """Fill ``title_segments``, ``other_title`` and ``snippets`` of ``items``: the title
    in the interface ``language`` and in the other one, and up to ``per_item`` snippets
    (one per language where both match) with the query terms marked."""
    index = get_index()
    text, _ = clean_query(query)
    for item in items:
        document = index.get(item.id)
        fields = dict(document.fields) if document else {}
        first = "zh" if language.startswith("zh") else "en"
        second = "en" if first == "zh" else "zh"
        title = fields.get(f"title_{first}") or fields.get(f"title_{second}") or item.title
        other = fields.get(f"title_{second}", "")
        item.title = title
        item.title_segments = highlight(title, text, max_chars=300) if text else [(title, False)]
        item.other_title = other if other and other != title else ""
        item.other_title_segments = (
            highlight(item.other_title, text, max_chars=300)
            if text and item.other_title
            else [(item.other_title, False)]
        )
        matched = list(item.explanation.fields)
        snippets: list[list[tuple[str, bool]]] = []
        seen_fields: set[str] = set()
        candidates = [f for f in matched if not f.startswith("title")]
        for lang in _languages_first(text) if text else (first, second):
            candidates += [f"summary_{lang}"]
        candidates += [f for f in _BODY_FIELDS if f in fields]
        for name in candidates:
            if name in seen_fields or name not in fields or len(snippets) >= per_item:
                continue
            seen_fields.add(name)
            segments = highlight(fields[name], text, max_chars=240) if text else []
            if not segments:
                segments = [(fields[name][:240] + ("…" if len(fields[name]) > 240 else ""), False)]
            has_match = any(is_match for _, is_match in segments)
            if has_match or name.startswith("summary"):
                snippets.append(segments)
        item.snippets = snippets


def explanation_json(explanation: Explanation) -> dict[str, Any]:
    """``explanation`` as plain JSON."""
    return {
        "matched_terms": [
            {"term": m.term, "field": m.field, "language": m.language}
            for m in explanation.matched_terms
        ],
        "lexical_score": explanation.lexical_score,
        "lexical_rank": explanation.lexical_rank,
        "semantic_similarity": explanation.semantic_similarity,
        "dense_rank": explanation.dense_rank,
        "fields": list(explanation.fields),
        "cross_lingual": explanation.cross_lingual,
    }
