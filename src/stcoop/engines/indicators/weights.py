"""Indicator weights: set by hand, from AHP pairwise comparisons, or by entropy.

Each function returns weights that sum to 1, in the order of the indicators given.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

#: Saaty's random consistency index for matrices of order 1..15.
RANDOM_INDEX = (
    0.0,
    0.0,
    0.0,
    0.58,
    0.90,
    1.12,
    1.24,
    1.32,
    1.41,
    1.45,
    1.49,
    1.51,
    1.48,
    1.56,
    1.57,
    1.59,
)
#: Above this consistency ratio an AHP matrix is refused (Saaty's rule).
MAX_CONSISTENCY_RATIO = 0.1


class WeightError(ValueError):
    """Weights cannot be derived (bad values, inconsistent AHP matrix, ...)."""


@dataclass(frozen=True)
class Weights:
    """Weights by indicator id, summing to 1, with any warnings raised on the way."""

    values: dict[str, float]
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class AhpWeights(Weights):
    """AHP weights plus the consistency figures they were accepted with."""

    lambda_max: float = 0.0
    consistency_index: float = 0.0
    consistency_ratio: float = 0.0


def manual_weights(
    weights: Mapping[str, float], *, tolerance: float = 1e-6, normalise: bool = True
) -> Weights:
    """Weights set by hand.

    Args:
        weights: indicator id → weight (non-negative, at least one positive).
        tolerance: how far from 1 the sum may be without comment.
        normalise: rescale weights that do not sum to 1 (with a warning) instead of
            refusing them.

    Raises:
        WeightError: a weight is negative or not finite, all are zero, or (when
            ``normalise`` is false) they do not sum to 1.
    """
    if not weights:
        raise WeightError("no weights given")
    for ident, value in weights.items():
        if not np.isfinite(value) or value < 0:
            raise WeightError(f"weight of {ident!r} is {value}; weights must be 0 or more")
    total = float(sum(weights.values()))
    if total <= 0:
        raise WeightError("all weights are zero")
    if abs(total - 1.0) <= tolerance:
        return Weights(values={k: float(v) for k, v in weights.items()})
    if not normalise:
        raise WeightError(f"weights sum to {total:.6g}, not 1")
    warning = f"weights summed to {total:.6g}; rescaled to sum to 1"
    return Weights(values={k: float(v) / total for k, v in weights.items()}, warnings=(warning,))


def ahp_weights(indicators: Sequence[str], matrix: Sequence[Sequence[float]]) -> AhpWeights:
    """Weights from an AHP pairwise comparison matrix (principal eigenvector).

    ``matrix[i][j]`` says how much more important indicator ``i`` is than ``j`` (Saaty's
    1–9 scale); it must be positive and reciprocal (``m[j][i] == 1 / m[i][j]``).

    Raises:
        WeightError: the matrix has the wrong shape, is not positive and reciprocal, or
            its consistency ratio is above 0.1 (the ratio is in the message).
    """
    n = len(indicators)
    a = np.asarray(matrix, dtype=float)
    if a.shape != (n, n):
        raise WeightError(f"the AHP matrix is {a.shape}; {n} indicators need {n}×{n}")
    if not np.all(np.isfinite(a)) or np.any(a <= 0):
        raise WeightError("every AHP comparison must be a positive number")
    if not np.allclose(a * a.T, 1.0, rtol=1e-3):
        i, j = np.argwhere(~np.isclose(a * a.T, 1.0, rtol=1e-3))[0]
        raise WeightError(
            f"the AHP matrix is not reciprocal: [{indicators[i]}][{indicators[j]}] = {a[i, j]:g} "
            f"but [{indicators[j]}][{indicators[i]}] = {a[j, i]:g}"
        )
    eigenvalues, eigenvectors = np.linalg.eig(a)
    index = int(np.argmax(eigenvalues.real))
    lambda_max = float(eigenvalues[index].real)
    vector = np.abs(eigenvectors[:, index].real)
    vector = vector / vector.sum()
    ci = (lambda_max - n) / (n - 1) if n > 2 else 0.0
    ri = RANDOM_INDEX[n] if n < len(RANDOM_INDEX) else RANDOM_INDEX[-1]
    cr = ci / ri if ri > 0 else 0.0
    if cr > MAX_CONSISTENCY_RATIO:
        raise WeightError(
            f"the AHP comparisons are inconsistent: consistency ratio {cr:.3f} is above "
            f"{MAX_CONSISTENCY_RATIO} (revise the comparisons)"
        )
    return AhpWeights(
        values={ident: float(w) for ident, w in zip(indicators, vector, strict=True)},
        lambda_max=lambda_max,
        consistency_index=ci,
        consistency_ratio=cr,
    )


def entropy_weights(indicators: Sequence[str], normalised: npt.NDArray[np.float64]) -> Weights:
    """Entropy weights from normalised values (entities × indicators, 0–1, NaN = missing).

    An indicator whose values vary more across entities carries more information and
    gets more weight; one that is the same for everyone gets none.

    Raises:
        WeightError: the shape does not match, or no indicator varies at all.
    """
    x = np.asarray(normalised, dtype=float)
    if x.ndim != 2 or x.shape[1] != len(indicators):
        raise WeightError(f"values are {x.shape}; expected (entities, {len(indicators)})")
    divergence = np.zeros(len(indicators))
    for j in range(len(indicators)):
        column = x[:, j]
        column = column[np.isfinite(column)]
        if len(column) < 2 or column.sum() <= 0:
            continue
        p = column / column.sum()
        nonzero = p[p > 0]
        entropy = float(-(nonzero * np.log(nonzero)).sum() / np.log(len(column)))
        divergence[j] = max(0.0, 1.0 - entropy)
    if divergence.sum() <= 0:
        raise WeightError("no indicator varies across entities; entropy weights are undefined")
    w = divergence / divergence.sum()
    return Weights(values={ident: float(v) for ident, v in zip(indicators, w, strict=True)})
