"""Composite evaluation: normalise indicator values, weight them into a score, rank,
tier, explain each score and measure how much the ranking depends on the weights.

Missing values stay missing: an entity's score uses the indicators it has, with their
weights rescaled to sum to 1, and the missing ones are listed in its result.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import stats

NORMALISATIONS = ("min_max", "z_score", "percentile")
DEFAULT_TIERS = ("A", "B", "C", "D")

Matrix = npt.NDArray[np.float64]


class EvaluationError(ValueError):
    """An evaluation cannot be run (unknown method, no entities, weights for unknown
    indicators, ...)."""


def normalise(values: Sequence[float | None], method: str, direction: str) -> list[float | None]:
    """Normalise one indicator's values across entities.

    Args:
        values: one value per entity; ``None`` is missing and stays ``None``.
        method: ``min_max`` (0–1), ``z_score`` (mean 0, sd 1) or ``percentile`` (rank
            share 0–1, ties averaged).
        direction: ``higher`` or ``lower`` is better; for ``lower`` the result is
            flipped so that a larger normalised value is always better.

    Raises:
        EvaluationError: unknown method or direction.
    """
    column = np.array([np.nan if v is None else float(v) for v in values], dtype=float)
    result = normalise_column(column, method, direction)
    return [None if math.isnan(v) else float(v) for v in result]


def normalise_column(column: Matrix, method: str, direction: str) -> Matrix:
    """:func:`normalise` on a float array with NaN for missing values."""
    if method not in NORMALISATIONS:
        raise EvaluationError(f"unknown normalisation {method!r} (use {', '.join(NORMALISATIONS)})")
    if direction not in ("higher", "lower"):
        raise EvaluationError(f"unknown direction {direction!r} (use higher or lower)")
    x = np.where(np.isfinite(column), column, np.nan)
    if direction == "lower":
        x = -x
    present = np.isfinite(x)
    out = np.full_like(x, np.nan)
    if not present.any():
        return out
    values = x[present]
    if method == "min_max":
        low, high = values.min(), values.max()
        out[present] = 1.0 if high == low else (values - low) / (high - low)
    elif method == "z_score":
        sd = values.std()
        out[present] = 0.0 if sd == 0 else (values - values.mean()) / sd
    else:
        ranks = stats.rankdata(values, method="average")
        out[present] = 1.0 if len(values) == 1 else (ranks - 1) / (len(values) - 1)
    return out


@dataclass(frozen=True)
class Contribution:
    """How one indicator moved an entity's score: ``points`` it added (weight ×
    normalised value) and ``versus_average`` — the same compared with the average entity
    (positive pulled the score up, negative down)."""

    indicator: str
    value: float | None
    normalised: float | None
    weight: float
    points: float
    versus_average: float


@dataclass(frozen=True)
class EntityScore:
    """One entity's composite result; ``score``/``rank``/``tier`` are ``None`` when every
    indicator is missing for it."""

    entity_id: str
    score: float | None
    rank: int | None
    tier: str | None
    contributions: tuple[Contribution, ...]
    missing: tuple[str, ...]

    def pulled_up(self, n: int = 3) -> list[Contribution]:
        """The indicators that raised the score most above the average entity."""
        ups = [c for c in self.contributions if c.versus_average > 0]
        return sorted(ups, key=lambda c: -c.versus_average)[:n]

    def pulled_down(self, n: int = 3) -> list[Contribution]:
        """The indicators that lowered the score most below the average entity."""
        downs = [c for c in self.contributions if c.versus_average < 0]
        return sorted(downs, key=lambda c: c.versus_average)[:n]


@dataclass(frozen=True)
class Evaluation:
    """A composite evaluation: entity results best first, then the unscored ones."""

    indicators: tuple[str, ...]
    weights: dict[str, float]
    method: str
    results: tuple[EntityScore, ...]

    def by_entity(self) -> dict[str, EntityScore]:
        """Results keyed by entity id."""
        return {r.entity_id: r for r in self.results}


def _matrix(
    values: Mapping[str, Mapping[str, float | None]],
    entities: Sequence[str],
    indicators: Sequence[str],
) -> Matrix:
    x = np.full((len(entities), len(indicators)), np.nan)
    for i, entity in enumerate(entities):
        row = values.get(entity, {})
        for j, indicator in enumerate(indicators):
            value = row.get(indicator)
            if value is not None:
                x[i, j] = float(value)
    return x


def normalise_matrix(x: Matrix, directions: Sequence[str], method: str) -> Matrix:
    """Normalise each column of an entities × indicators matrix."""
    out = np.empty_like(x)
    for j, direction in enumerate(directions):
        out[:, j] = normalise_column(x[:, j], method, direction)
    return out


def composite_scores(normalised: Matrix, weights: npt.NDArray[np.float64]) -> Matrix:
    """Weighted scores; missing values drop out and the remaining weights are rescaled.
    Rows with nothing present get NaN."""
    present = np.isfinite(normalised)
    w = np.where(present, weights[np.newaxis, :], 0.0)
    totals = w.sum(axis=1)
    filled = np.where(present, normalised, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        scores = (filled * w).sum(axis=1) / totals
    return np.where(totals > 0, scores, np.nan)


def ranks_of(scores: Matrix) -> Matrix:
    """Competition ranks (1 = best; ties share the better rank); NaN stays NaN."""
    out = np.full_like(scores, np.nan)
    present = np.isfinite(scores)
    if present.any():
        out[present] = stats.rankdata(-scores[present], method="min")
    return out


def tiers_of(ranks: Matrix, labels: Sequence[str] = DEFAULT_TIERS) -> list[str | None]:
    """Quantile tiers by rank: the best ``1/len(labels)`` get the first label, and so on."""
    n = int(np.isfinite(ranks).sum())
    out: list[str | None] = []
    for rank in ranks:
        if not np.isfinite(rank):
            out.append(None)
            continue
        index = min(len(labels) - 1, int((rank - 1) * len(labels) // max(n, 1)))
        out.append(labels[index])
    return out


def evaluate(
    values: Mapping[str, Mapping[str, float | None]],
    directions: Mapping[str, str],
    weights: Mapping[str, float],
    *,
    method: str = "min_max",
    tiers: Sequence[str] = DEFAULT_TIERS,
) -> Evaluation:
    """Composite score, rank, tier and per-indicator contributions of each entity.

    Args:
        values: entity id → indicator id → raw value (``None`` or absent = missing).
        directions: indicator id → ``higher`` or ``lower`` (is better).
        weights: indicator id → weight (summing to 1; see :mod:`.weights`).
        method: the normalisation (see :func:`normalise`).
        tiers: tier labels, best first.

    Raises:
        EvaluationError: no entities, or a weighted indicator has no direction.
    """
    indicators = tuple(weights)
    missing_direction = [i for i in indicators if i not in directions]
    if missing_direction:
        raise EvaluationError(f"no direction for indicator(s) {', '.join(missing_direction)}")
    entities = sorted(values)
    if not entities:
        raise EvaluationError("there are no entities to evaluate")
    x = _matrix(values, entities, indicators)
    z = normalise_matrix(x, [directions[i] for i in indicators], method)
    w = np.array([weights[i] for i in indicators], dtype=float)
    scores = composite_scores(z, w)
    ranks = ranks_of(scores)
    tier_labels = tiers_of(ranks, tiers)
    present = np.isfinite(z)
    column_means = np.array(
        [z[present[:, j], j].mean() if present[:, j].any() else 0.0 for j in range(len(indicators))]
    )
    results: list[EntityScore] = []
    for i, entity in enumerate(entities):
        row_weights = np.where(present[i], w, 0.0)
        total = row_weights.sum()
        scaled = row_weights / total if total > 0 else row_weights
        contributions = tuple(
            Contribution(
                indicator=ident,
                value=None if np.isnan(x[i, j]) else float(x[i, j]),
                normalised=None if np.isnan(z[i, j]) else float(z[i, j]),
                weight=float(scaled[j]),
                points=float(scaled[j] * z[i, j]) if present[i, j] else 0.0,
                versus_average=float(scaled[j] * (z[i, j] - column_means[j]))
                if present[i, j]
                else 0.0,
            )
            for j, ident in enumerate(indicators)
        )
        results.append(
            EntityScore(
                entity_id=entity,
                score=None if np.isnan(scores[i]) else float(scores[i]),
                rank=None if np.isnan(ranks[i]) else int(ranks[i]),
                tier=tier_labels[i],
                contributions=contributions,
                missing=tuple(ident for j, ident in enumerate(indicators) if not present[i, j]),
            )
        )
    results.sort(key=lambda r: (r.rank is None, r.rank or 0, r.entity_id))
    return Evaluation(
        indicators=indicators, weights=dict(weights), method=method, results=tuple(results)
    )


@dataclass(frozen=True)
class Perturbation:
    """The ranking after one indicator's weight moved by ``change`` (e.g. +0.1 = +10%)."""

    indicator: str
    change: float
    spearman_rho: float
    max_rank_shift: int
    entities_moved: int


@dataclass(frozen=True)
class Sensitivity:
    """How stable the ranking is under weight perturbations (a perturbation's rho is NaN
    when one of the rankings is all ties; the minimum ignores those)."""

    perturbations: tuple[Perturbation, ...]
    min_spearman_rho: float
    max_rank_shift: int


def weight_sensitivity(
    values: Mapping[str, Mapping[str, float | None]],
    directions: Mapping[str, str],
    weights: Mapping[str, float],
    *,
    method: str = "min_max",
    change: float = 0.1,
) -> Sensitivity:
    """Move each weight by ±``change`` (relative), rescale to sum 1, and compare rankings.

    Returns:
        Per perturbation the Spearman rank correlation with the base ranking and the
        largest rank shift of any entity, plus the worst of each.
    """
    indicators = tuple(weights)
    entities = sorted(values)
    x = _matrix(values, entities, indicators)
    z = normalise_matrix(x, [directions[i] for i in indicators], method)
    base_w = np.array([weights[i] for i in indicators], dtype=float)
    base_ranks = ranks_of(composite_scores(z, base_w))
    ranked = np.isfinite(base_ranks)
    perturbations: list[Perturbation] = []
    for j, ident in enumerate(indicators):
        for sign in (1.0, -1.0):
            w = base_w.copy()
            w[j] *= 1.0 + sign * change
            w = w / w.sum()
            ranks = ranks_of(composite_scores(z, w))
            shift = np.abs(ranks[ranked] - base_ranks[ranked])
            if np.array_equal(ranks[ranked], base_ranks[ranked]):
                rho = 1.0
            elif np.ptp(base_ranks[ranked]) > 0 and np.ptp(ranks[ranked]) > 0:
                rho = float(stats.spearmanr(base_ranks[ranked], ranks[ranked]).statistic)
            else:  # one ranking is all ties: the correlation is undefined
                rho = float("nan")
            perturbations.append(
                Perturbation(
                    indicator=ident,
                    change=sign * change,
                    spearman_rho=rho,
                    max_rank_shift=int(shift.max()) if shift.size else 0,
                    entities_moved=int((shift > 0).sum()),
                )
            )
    return Sensitivity(
        perturbations=tuple(perturbations),
        min_spearman_rho=min(
            (p.spearman_rho for p in perturbations if not math.isnan(p.spearman_rho)),
            default=1.0,
        ),
        max_rank_shift=max((p.max_rank_shift for p in perturbations), default=0),
    )
