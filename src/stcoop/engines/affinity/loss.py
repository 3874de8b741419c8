"""The expertise-scoring loss of Stelmakh et al. (2023), as small pure functions.

Each researcher rated their own expertise (1–5) for some papers. For every researcher and
every pair of papers they rated with different ratings, a predictor that orders the pair
against the ratings costs the rating difference, and one that ties the pair costs half of
it. The loss is the total cost divided by the total of all rating differences: 0 is a
perfect ordering, 0.5 a constant predictor, 1 the reverse ordering. The published figure
is the mean of this loss over the ten ``d_20_i`` samplings of the profiles.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable, Mapping
from pathlib import Path

__all__ = ["Ratings", "Scores", "mean_loss", "pairwise_loss", "read_evaluations"]

#: ``{researcher: {paper: rating}}``.
Ratings = Mapping[str, Mapping[str, float]]
#: ``{researcher: {paper: score}}``; higher means more expertise.
Scores = Mapping[str, Mapping[str, float]]


def _pair_cost(score_a: float, score_b: float, rating_a: float, rating_b: float) -> float:
    weight = abs(rating_a - rating_b)
    if math.isnan(score_a) or math.isnan(score_b) or score_a == score_b:
        return weight / 2
    agrees = (score_a > score_b) == (rating_a > rating_b)
    return 0.0 if agrees else weight


def pairwise_loss(scores: Scores, ratings: Ratings) -> float:
    """The loss of ``scores`` against ``ratings`` (lower is better, constant = 0.5).

    A (researcher, paper) pair with no score counts as tied with every other paper.

    Args:
        scores: predicted affinity per researcher and paper.
        ratings: the researchers' own ratings per paper.

    Returns:
        Total cost over total rating difference; ``nan`` when no pair has different ratings.
    """
    cost = 0.0
    total = 0.0
    for researcher, rated in ratings.items():
        predicted = scores.get(researcher, {})
        items = list(rated.items())
        for i, (paper_a, rating_a) in enumerate(items):
            for paper_b, rating_b in items[i + 1 :]:
                if rating_a == rating_b:
                    continue
                total += abs(rating_a - rating_b)
                cost += _pair_cost(
                    predicted.get(paper_a, math.nan),
                    predicted.get(paper_b, math.nan),
                    rating_a,
                    rating_b,
                )
    return cost / total if total else math.nan


def mean_loss(scores_per_sampling: Iterable[Scores], ratings: Ratings) -> float:
    """The mean of :func:`pairwise_loss` over several samplings of the profiles."""
    losses = [pairwise_loss(scores, ratings) for scores in scores_per_sampling]
    return sum(losses) / len(losses) if losses else math.nan


def read_evaluations(path: Path) -> dict[str, dict[str, float]]:
    """Ratings from the gold standard's ``evaluations`` TSV.

    The file has a ``ParticipantID`` column, then ``Paper1..PaperN`` and
    ``Expertise1..ExpertiseN``; empty cells are skipped.
    """
    ratings: dict[str, dict[str, float]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            researcher = (row.get("ParticipantID") or "").strip()
            if not researcher:
                continue
            rated: dict[str, float] = {}
            index = 1
            while f"Paper{index}" in row:
                paper = (row[f"Paper{index}"] or "").strip()
                value = (row.get(f"Expertise{index}") or "").strip()
                if paper and value:
                    rated[paper] = float(value)
                index += 1
            ratings[researcher] = rated
    return ratings
