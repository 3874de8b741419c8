"""Ranking metrics for held-out partners, as small pure functions."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

__all__ = ["mean", "recall_at_k", "reciprocal_rank"]

T = TypeVar("T")


def recall_at_k(ranked: Sequence[T], relevant: set[T], k: int) -> float:
    """Share of ``relevant`` found among the first ``k`` of ``ranked`` (0 when none is
    relevant)."""
    if not relevant:
        return 0.0
    return len(relevant.intersection(ranked[:k])) / len(relevant)


def reciprocal_rank(ranked: Sequence[T], relevant: set[T]) -> float:
    """``1 / rank`` of the first relevant item of ``ranked`` (ranks from 1), 0 if none."""
    for position, item in enumerate(ranked, start=1):
        if item in relevant:
            return 1.0 / position
    return 0.0


def mean(values: Sequence[float]) -> float:
    """The arithmetic mean, 0 for no values."""
    return sum(values) / len(values) if values else 0.0
