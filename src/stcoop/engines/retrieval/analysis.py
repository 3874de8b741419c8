"""How documents and queries become terms (for BM25) and text (for the encoder).

Index and query go through the same :func:`stcoop.engines.text.tokenize`, so a
traditional-Chinese query meets simplified records and "computing" meets "computer".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping

from stcoop.engines.text import detect_language, tokenize

from .types import Document

__all__ = [
    "DEFAULT_FIELD_WEIGHT",
    "EMBED_MAX_CHARS",
    "MAX_QUERY_CHARS",
    "FieldWeights",
    "default_field_weight",
    "document_terms",
    "embed_text",
    "field_language",
    "query_terms",
]

#: Queries longer than this are cut (a pasted document needs no more to be understood).
MAX_QUERY_CHARS = 1000
#: Characters of a document handed to the encoder (titles first).
EMBED_MAX_CHARS = 1000
#: Weight of a field that is neither a title/name nor keywords.
DEFAULT_FIELD_WEIGHT = 1.0

FieldWeights = Callable[[str], float]


def default_field_weight(field: str) -> float:
    """Titles and names 3.0, keywords 2.0, every other field 1.0."""
    if field.startswith(("title", "name")):
        return 3.0
    if field.startswith("keywords"):
        return 2.0
    return DEFAULT_FIELD_WEIGHT


def make_field_weights(weights: Mapping[str, float] | None) -> FieldWeights:
    """A weight function: the explicit weight of a field, else the default rule."""
    if not weights:
        return default_field_weight
    explicit = dict(weights)

    def weight(field: str) -> float:
        found = explicit.get(field)
        return default_field_weight(field) if found is None else found

    return weight


def _ordered_fields(document: Document, weight: FieldWeights) -> list[tuple[str, str]]:
    items = [(name, text) for name, text in document.fields.items() if text and text.strip()]
    # Heaviest fields first; the original order breaks ties.
    return sorted(items, key=lambda item: -weight(item[0]))


def embed_text(document: Document) -> str:
    """The text the encoder sees for ``document``: titles and names, then keywords, then
    the other fields, joined and cut to :data:`EMBED_MAX_CHARS` characters."""
    parts = [text.strip() for _, text in _ordered_fields(document, default_field_weight)]
    return ". ".join(parts)[:EMBED_MAX_CHARS]


def document_terms(document: Document, weight: FieldWeights) -> tuple[dict[str, float], float]:
    """Weighted term frequencies of ``document`` and its weighted length (BM25F-style)."""
    frequencies: dict[str, float] = {}
    length = 0.0
    for name, text in document.fields.items():
        if not text:
            continue
        w = weight(name)
        if w <= 0:
            continue
        found = tokenize(text)
        length += w * len(found)
        for token in found:
            frequencies[token.term] = frequencies.get(token.term, 0.0) + w
    return frequencies, length


def query_terms(query: str) -> Counter[str]:
    """The terms of a query, with how often each occurs."""
    return Counter(token.term for token in tokenize(query[:MAX_QUERY_CHARS]))


def field_language(text: str) -> str:
    """``"zh"``, ``"en"`` or ``"other"`` for a field's text."""
    language = detect_language(text)
    return language if language in ("zh", "en") else "other"
