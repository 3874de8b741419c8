"""Fusing a lexical and a dense ranking into one list.

Two fusers, chosen by name from :data:`FUSERS`:

* ``"rrf"``: reciprocal-rank fusion, ``Σ 1 / (60 + rank)``; ignores score scales.
* ``"blend"``: a weighted sum of the BM25 score divided by the query's ceiling (the
  score of an average document holding every query term once in a title, so a match
  on one common word of a long query counts little) and the cosine similarity rescaled
  from [:data:`COSINE_FLOOR`, 1] to [0, 1]; keeps how far apart two candidates are,
  which ranks alone lose.

A document with no text in the query's language cannot match it by words, so for it
the lexical evidence is **imputed** from the semantic one (blend: the rescaled cosine
stands in for the missing BM25 share; RRF: its dense rank counts twice). Without this, a
Chinese query's English target loses to any Chinese record sharing one common word.

``benchmarks/bench_search_scale.py`` measures the fusions on labelled real queries
(ROR organisations named in Chinese and English, CSL papers and their keywords, ROR
aliases); the default (:data:`DEFAULT_FUSER`) is the better one there.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping

__all__ = ["DEFAULT_FUSER", "FUSERS", "Fuser", "blend", "reciprocal_rank_fusion"]

#: Scores of the candidates of one query, by slot: BM25 (absent when the lexical part did
#: not return it), cosine (known for every candidate), the query's BM25 ceiling and the
#: candidates without text in the query's language.
Fuser = Callable[
    [Mapping[int, float], Mapping[int, float], float, Collection[int]], dict[int, float]
]

RRF_K = 60
#: Share of the lexical part in the blend.
LEXICAL_WEIGHT = 0.5
#: Cosine at or below this counts as no semantic evidence in the blend.
COSINE_FLOOR = 0.15


def _ranks(scores: Mapping[int, float]) -> dict[int, int]:
    ordered = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
    return {slot: rank for rank, (slot, _) in enumerate(ordered, start=1)}


def reciprocal_rank_fusion(
    lexical: Mapping[int, float],
    dense: Mapping[int, float],
    ceiling: float = 0.0,
    other_language: Collection[int] = (),
) -> dict[int, float]:
    """Reciprocal-rank fusion of the two score maps (higher is better)."""
    fused: dict[int, float] = {}
    lexical_ranks = _ranks(lexical)
    for slot, rank in lexical_ranks.items():
        fused[slot] = 1.0 / (RRF_K + rank)
    for slot, rank in _ranks(dense).items():
        share = 1.0 / (RRF_K + rank)
        if slot in other_language and slot not in lexical_ranks:
            share *= 2.0
        fused[slot] = fused.get(slot, 0.0) + share
    return fused


def blend(
    lexical: Mapping[int, float],
    dense: Mapping[int, float],
    ceiling: float = 0.0,
    other_language: Collection[int] = (),
) -> dict[int, float]:
    """Normalised-score blend of the two score maps (in [0, 1], higher is better)."""
    scale = ceiling if ceiling > 0 else max(lexical.values(), default=0.0)
    fused: dict[int, float] = {}
    for slot in set(lexical) | set(dense):
        lex = min(1.0, lexical.get(slot, 0.0) / scale) if scale > 0 else 0.0
        cos = dense.get(slot, COSINE_FLOOR)
        sem = max(0.0, (cos - COSINE_FLOOR) / (1.0 - COSINE_FLOOR))
        if slot in other_language:
            lex = max(lex, sem)
        fused[slot] = LEXICAL_WEIGHT * lex + (1.0 - LEXICAL_WEIGHT) * sem
    return fused


FUSERS: dict[str, Fuser] = {"rrf": reciprocal_rank_fusion, "blend": blend}
DEFAULT_FUSER = "blend"
