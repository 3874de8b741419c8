"""Why a hit ranked: the query terms it holds (by field), its scores and ranks."""

from __future__ import annotations

from collections.abc import Collection
from functools import lru_cache

from stcoop.engines.text import Token, tokenize

from .analysis import FieldWeights, field_language
from .types import Document, Explanation, TermMatch

__all__ = ["explain"]


@lru_cache(maxsize=20_000)
def _field_tokens(text: str) -> tuple[Token, ...]:
    # The same popular records come back query after query: tokenise each text once.
    return tuple(tokenize(text))


def explain(
    document: Document,
    query_terms: Collection[str],
    query_language: str,
    weight: FieldWeights,
    *,
    lexical_score: float | None,
    lexical_rank: int | None,
    semantic_similarity: float | None,
    dense_rank: int | None,
) -> Explanation:
    """The :class:`Explanation` of ``document`` for a query with ``query_terms``.

    ``cross_lingual`` is true when the query is Chinese or English and no field that
    matched (or, with no matched term, no field of the document) is in that language.
    Terms are looked for only when the lexical part found the document (a document it
    did not return shares no term with the query, or too little to count).
    """
    matches: list[TermMatch] = []
    field_scores: dict[str, float] = {}
    languages_seen: set[str] = set()
    matched_languages: set[str] = set()
    wanted = set(query_terms) if lexical_score is not None else set()
    for name, text in document.fields.items():
        if not text or not text.strip():
            continue
        language = field_language(text)
        languages_seen.add(language)
        if not wanted:
            continue
        seen_here: set[str] = set()
        for token in _field_tokens(text):
            if token.term in wanted and token.term not in seen_here:
                seen_here.add(token.term)
                matches.append(TermMatch(token.term, name, token.language))
        if seen_here:
            matched_languages.add(language)
            field_scores[name] = weight(name) * len(seen_here)
    fields = tuple(sorted(field_scores, key=lambda name: (-field_scores[name], name)))
    basis = matched_languages or languages_seen
    cross_lingual = query_language in ("zh", "en") and bool(basis) and query_language not in basis
    return Explanation(
        matched_terms=tuple(matches),
        lexical_score=lexical_score,
        lexical_rank=lexical_rank,
        semantic_similarity=semantic_similarity,
        dense_rank=dense_rank,
        fields=fields,
        cross_lingual=cross_lingual,
    )
