"""Normalisation, composite scores, ranks, tiers, contributions and sensitivity."""

from __future__ import annotations

import pytest

from stcoop.engines.indicators.composite import (
    EvaluationError,
    evaluate,
    normalise,
    weight_sensitivity,
)

VALUES = {
    "b1": {"papers": 10.0, "cost": 100.0},
    "b2": {"papers": 20.0, "cost": 300.0},
    "b3": {"papers": 30.0, "cost": 200.0},
    "b4": {"papers": None, "cost": 100.0},
    "b5": {"papers": None, "cost": None},
}
DIRECTIONS = {"papers": "higher", "cost": "lower"}


def test_normalisations_respect_direction_and_missing() -> None:
    assert normalise([10, 20, 30, None], "min_max", "higher") == [0.0, 0.5, 1.0, None]
    assert normalise([10, 20, 30, None], "min_max", "lower") == [1.0, 0.5, 0.0, None]
    z = normalise([1, 2, 3], "z_score", "higher")
    assert z[1] == 0.0 and z[0] == pytest.approx(-z[2])
    assert normalise([5, 1, 5, 3], "percentile", "higher") == [
        pytest.approx(5 / 6),
        0.0,
        pytest.approx(5 / 6),
        pytest.approx(1 / 3),
    ]
    with pytest.raises(EvaluationError, match="unknown normalisation 'rank'"):
        normalise([1.0], "rank", "higher")


def test_scores_ranks_tiers_and_missing() -> None:
    evaluation = evaluate(VALUES, DIRECTIONS, {"papers": 0.5, "cost": 0.5})
    by = evaluation.by_entity()
    # papers min-max: b1 0, b2 .5, b3 1; cost (lower better): b1 1, b2 0, b3 .5, b4 1
    assert by["b1"].score == pytest.approx(0.5)
    assert by["b2"].score == pytest.approx(0.25)
    assert by["b3"].score == pytest.approx(0.75)
    assert by["b4"].score == pytest.approx(1.0)  # only cost known: its weight becomes 1
    assert by["b4"].missing == ("papers",)
    assert by["b5"].score is None and by["b5"].rank is None and by["b5"].tier is None
    assert [r.entity_id for r in evaluation.results] == ["b4", "b3", "b1", "b2", "b5"]
    assert [r.tier for r in evaluation.results] == ["A", "B", "C", "D", None]


def test_contributions_explain_the_score() -> None:
    evaluation = evaluate(VALUES, DIRECTIONS, {"papers": 0.5, "cost": 0.5})
    b3 = evaluation.by_entity()["b3"]
    assert sum(c.points for c in b3.contributions) == pytest.approx(b3.score)
    assert [c.indicator for c in b3.pulled_up()] == ["papers"]
    b2 = evaluation.by_entity()["b2"]
    assert [c.indicator for c in b2.pulled_down()] == ["cost"]


def test_sensitivity_of_the_ranking() -> None:
    stable = weight_sensitivity(VALUES, DIRECTIONS, {"papers": 0.5, "cost": 0.5})
    assert len(stable.perturbations) == 4
    assert stable.max_rank_shift == 0 and stable.min_spearman_rho == 1.0
    close = {
        "x": {"a": 1.0, "b": 0.0},
        "y": {"a": 0.0, "b": 1.0},
        "z": {"a": 0.52, "b": 0.5},
    }
    fragile = weight_sensitivity(close, {"a": "higher", "b": "higher"}, {"a": 0.52, "b": 0.48})
    # -10% on a turns x, z, y into z, y, x.
    worst = next(p for p in fragile.perturbations if p.indicator == "a" and p.change < 0)
    assert worst.max_rank_shift == 2 and worst.entities_moved == 3
    assert worst.spearman_rho == pytest.approx(-0.5)
    assert fragile.max_rank_shift == 2
