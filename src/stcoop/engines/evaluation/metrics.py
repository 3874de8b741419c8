"""Ranking and classification metrics as small pure functions.

``ranked`` is a result list, best first; ``relevant`` maps each relevant id to its grade
(a set means grade 1 for each). Ids in ``ranked`` that are not relevant count as grade 0.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence

__all__ = [
    "Relevance",
    "f1",
    "grades",
    "mrr",
    "ndcg_at_k",
    "precision",
    "precision_at_k",
    "recall",
    "recall_at_k",
    "reciprocal_rank",
]

#: Relevant ids, either as a set (all grade 1) or with graded relevance.
Relevance = Collection[str] | Mapping[str, float]


def grades(relevant: Relevance) -> dict[str, float]:
    """Relevance as ``{id: grade}`` (grade 1.0 for a plain collection); grades <= 0 dropped."""
    if isinstance(relevant, Mapping):
        return {str(k): float(v) for k, v in relevant.items() if float(v) > 0}
    return dict.fromkeys((str(item) for item in relevant), 1.0)


def _check_k(k: int) -> None:
    if k <= 0:
        raise ValueError(f"k must be positive, got {k}")


def recall_at_k(ranked: Sequence[str], relevant: Relevance, k: int) -> float:
    """Share of the relevant ids found in the top ``k`` (0.0 when nothing is relevant)."""
    _check_k(k)
    wanted = grades(relevant)
    if not wanted:
        return 0.0
    return len(set(ranked[:k]) & wanted.keys()) / len(wanted)


def precision_at_k(ranked: Sequence[str], relevant: Relevance, k: int) -> float:
    """Share of the top ``k`` positions holding a relevant id (missing positions count 0)."""
    _check_k(k)
    wanted = grades(relevant)
    return sum(1 for item in ranked[:k] if item in wanted) / k


def reciprocal_rank(ranked: Sequence[str], relevant: Relevance) -> float:
    """1 / rank of the first relevant id, 0.0 when none is ranked."""
    wanted = grades(relevant)
    for rank, item in enumerate(ranked, start=1):
        if item in wanted:
            return 1.0 / rank
    return 0.0


def mrr(rankings: Sequence[Sequence[str]], relevants: Sequence[Relevance]) -> float:
    """Mean reciprocal rank over several queries (0.0 for none).

    Raises:
        ValueError: the two sequences differ in length.
    """
    if len(rankings) != len(relevants):
        raise ValueError(f"mrr: {len(rankings)} rankings but {len(relevants)} relevance sets")
    if not rankings:
        return 0.0
    return sum(reciprocal_rank(r, g) for r, g in zip(rankings, relevants, strict=True)) / len(
        rankings
    )


def ndcg_at_k(ranked: Sequence[str], relevant: Relevance, k: int) -> float:
    """Normalised discounted cumulative gain at ``k`` (gain ``2^grade - 1``, log2 discount)."""
    _check_k(k)
    wanted = grades(relevant)
    if not wanted:
        return 0.0
    seen: set[str] = set()
    dcg = 0.0
    for position, item in enumerate(ranked[:k]):
        if item in wanted and item not in seen:
            seen.add(item)
            dcg += (2.0 ** wanted[item] - 1.0) / math.log2(position + 2)
    ideal_grades = sorted(wanted.values(), reverse=True)[:k]
    ideal = sum((2.0**g - 1.0) / math.log2(i + 2) for i, g in enumerate(ideal_grades))
    return dcg / ideal if ideal > 0 else 0.0


def precision(true_positives: int, false_positives: int) -> float:
    """TP / (TP + FP); 0.0 when nothing was predicted."""
    predicted = true_positives + false_positives
    return true_positives / predicted if predicted else 0.0


def recall(true_positives: int, false_negatives: int) -> float:
    """TP / (TP + FN); 0.0 when nothing was to be found."""
    actual = true_positives + false_negatives
    return true_positives / actual if actual else 0.0


def f1(true_positives: int, false_positives: int, false_negatives: int) -> float:
    """Harmonic mean of precision and recall; 0.0 when both are 0."""
    p = precision(true_positives, false_positives)
    r = recall(true_positives, false_negatives)
    return 2 * p * r / (p + r) if p + r else 0.0
