"""The gold standard's loss, checked against hand-computed examples."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from stcoop.engines.affinity import mean_loss, pairwise_loss, read_evaluations
from stcoop.engines.affinity.loss import Scores

RATINGS: Scores = {"r1": {"a": 5.0, "b": 3.0, "c": 1.0}, "r2": {"x": 2.0, "y": 2.0, "z": 4.0}}
# Rating differences: r1: a-b 2, a-c 4, b-c 2; r2: x-z 2, y-z 2 (x-y tied, not counted).
# Total: 12.


def test_perfect_order_costs_nothing() -> None:
    scores: Scores = {"r1": {"a": 3, "b": 2, "c": 1}, "r2": {"x": 0, "y": 0.5, "z": 1}}
    assert pairwise_loss(scores, RATINGS) == 0.0


def test_reversed_order_costs_everything() -> None:
    scores: Scores = {"r1": {"a": 1, "b": 2, "c": 3}, "r2": {"x": 1, "y": 1, "z": 0}}
    assert pairwise_loss(scores, RATINGS) == 1.0


def test_constant_predictor_scores_one_half() -> None:
    scores: Scores = {"r1": dict.fromkeys("abc", 0.0), "r2": dict.fromkeys("xyz", 0.0)}
    assert pairwise_loss(scores, RATINGS) == 0.5


def test_hand_computed_mix_of_wrong_pairs_and_ties() -> None:
    # r1: a=1.5 < b=2 wrong (cost 2), a=1.5 < c=2 wrong (4), b == c tie (1): 7;
    # r2: x > z wrong (2), y < z right (0): 2. Loss (7 + 2) / 12.
    scores: Scores = {"r1": {"a": 1.5, "b": 2.0, "c": 2.0}, "r2": {"x": 5.0, "y": 0.0, "z": 1.0}}
    assert pairwise_loss(scores, RATINGS) == pytest.approx(9 / 12)


def test_missing_scores_count_as_ties() -> None:
    scores: Scores = {"r1": {"a": 2, "b": 1}}  # c missing for r1, r2 missing altogether
    # r1: a>b right; a-c tie 2; b-c tie 1; r2: both pairs tie: 1 + 1. Total 5 / 12.
    assert pairwise_loss(scores, RATINGS) == pytest.approx(5 / 12)


def test_no_informative_pair_gives_nan() -> None:
    assert math.isnan(pairwise_loss({}, {"r": {"a": 3.0, "b": 3.0}}))


def test_mean_over_samplings() -> None:
    perfect: Scores = {"r1": {"a": 3, "b": 2, "c": 1}, "r2": {"x": 0, "y": 0.5, "z": 1}}
    constant: Scores = {"r1": dict.fromkeys("abc", 0.0), "r2": dict.fromkeys("xyz", 0.0)}
    assert mean_loss([perfect, constant], RATINGS) == pytest.approx(0.25)


def test_read_evaluations(tmp_path: Path) -> None:
    path = tmp_path / "evaluations.tsv"
    path.write_text(
        "ParticipantID\tPaper1\tPaper2\tPaper3\tExpertise1\tExpertise2\tExpertise3\n"
        "17\tp1\tp2\t\t5.0\t2.5\t\n",
        encoding="utf-8",
    )
    assert read_evaluations(path) == {"17": {"p1": 5.0, "p2": 2.5}}
