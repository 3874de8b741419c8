"""Manual, AHP and entropy weights."""

from __future__ import annotations

import numpy as np
import pytest

from stcoop.engines.indicators.weights import (
    WeightError,
    ahp_weights,
    entropy_weights,
    manual_weights,
)


def test_manual_weights_summing_to_one_are_kept() -> None:
    weights = manual_weights({"a": 0.5, "b": 0.3, "c": 0.2})
    assert weights.values == {"a": 0.5, "b": 0.3, "c": 0.2}
    assert weights.warnings == ()


def test_manual_weights_not_summing_to_one_are_rescaled_with_a_warning() -> None:
    weights = manual_weights({"a": 2, "b": 2})
    assert weights.values == {"a": 0.5, "b": 0.5}
    assert weights.warnings == ("weights summed to 4; rescaled to sum to 1",)
    with pytest.raises(WeightError, match="weights sum to 4, not 1"):
        manual_weights({"a": 2, "b": 2}, normalise=False)
    with pytest.raises(WeightError, match="weight of 'b' is -1"):
        manual_weights({"a": 1, "b": -1})


def test_ahp_weights_of_a_consistent_matrix() -> None:
    # a is twice as important as b and four times c; b twice c: perfectly consistent.
    matrix = [[1, 2, 4], [1 / 2, 1, 2], [1 / 4, 1 / 2, 1]]
    weights = ahp_weights(["a", "b", "c"], matrix)
    assert weights.values == pytest.approx({"a": 4 / 7, "b": 2 / 7, "c": 1 / 7})
    assert weights.consistency_ratio == pytest.approx(0.0, abs=1e-9)
    assert weights.lambda_max == pytest.approx(3.0)


def test_ahp_saaty_example_is_accepted_with_its_ratio() -> None:
    matrix = [[1, 3, 5], [1 / 3, 1, 2], [1 / 5, 1 / 2, 1]]
    weights = ahp_weights(["a", "b", "c"], matrix)
    assert weights.values["a"] == pytest.approx(0.648, abs=1e-3)
    assert 0 < weights.consistency_ratio < 0.01


def test_inconsistent_ahp_matrix_is_refused_with_its_ratio() -> None:
    # a > b, b > c but c > a: circular preferences.
    matrix = [[1, 5, 1 / 5], [1 / 5, 1, 5], [5, 1 / 5, 1]]
    with pytest.raises(WeightError, match=r"consistency ratio 2\.759 is above 0\.1"):
        ahp_weights(["a", "b", "c"], matrix)


def test_ahp_matrix_must_be_reciprocal_and_square() -> None:
    with pytest.raises(WeightError, match=r"not reciprocal: \[a\]\[b\] = 3 but \[b\]\[a\] = 3"):
        ahp_weights(["a", "b"], [[1, 3], [3, 1]])
    with pytest.raises(WeightError, match="3 indicators need 3×3"):
        ahp_weights(["a", "b", "c"], [[1, 2], [0.5, 1]])


def test_entropy_weights_favour_indicators_that_vary() -> None:
    normalised = np.array([[0.0, 0.5], [1.0, 0.5], [0.5, 0.5], [np.nan, 0.5]])
    weights = entropy_weights(["varies", "flat"], normalised)
    assert weights.values == {"varies": 1.0, "flat": 0.0}
    with pytest.raises(WeightError, match="no indicator varies"):
        entropy_weights(["flat"], np.array([[0.5], [0.5]]))
