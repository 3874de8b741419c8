"""Metrics against figures worked out by hand, and the harness on a JSONL query set."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from stcoop.engines.evaluation import (
    Judgement,
    evaluate,
    f1,
    load_judgements,
    mrr,
    ndcg_at_k,
    precision,
    precision_at_k,
    recall,
    recall_at_k,
    reciprocal_rank,
)


def test_recall_and_precision_at_k() -> None:
    ranked = ["a", "x", "b", "y"]
    assert recall_at_k(ranked, {"a", "b", "c"}, 1) == pytest.approx(1 / 3)
    assert recall_at_k(ranked, {"a", "b", "c"}, 3) == pytest.approx(2 / 3)
    assert recall_at_k(ranked, set(), 3) == 0.0
    assert precision_at_k(ranked, {"a", "b"}, 2) == 0.5
    assert precision_at_k(["a"], {"a"}, 5) == 0.2  # short lists are not rewarded
    with pytest.raises(ValueError, match="k must be positive"):
        recall_at_k(ranked, {"a"}, 0)


def test_reciprocal_rank_and_mrr() -> None:
    assert reciprocal_rank(["x", "y", "a"], {"a"}) == pytest.approx(1 / 3)
    assert reciprocal_rank(["x"], {"a"}) == 0.0
    assert mrr([["a"], ["x", "a"], ["x"]], [{"a"}, {"a"}, {"a"}]) == pytest.approx(0.5)
    assert mrr([], []) == 0.0
    with pytest.raises(ValueError, match="2 rankings but 1"):
        mrr([["a"], ["b"]], [{"a"}])


def test_ndcg_binary_and_graded() -> None:
    assert ndcg_at_k(["a", "b"], {"a", "b"}, 2) == 1.0
    # One relevant item at rank 2: (1/log2 3) / 1.
    assert ndcg_at_k(["x", "a"], {"a"}, 2) == pytest.approx(1 / math.log2(3))
    graded = {"a": 3, "b": 1}
    worse = ndcg_at_k(["b", "a"], graded, 2)
    ideal = 7 + 1 / math.log2(3)
    assert worse == pytest.approx((1 + 7 / math.log2(3)) / ideal)
    assert ndcg_at_k(["a", "a", "a"], {"a"}, 3) == 1.0  # a repeated id gains once


def test_counts() -> None:
    assert precision(3, 1) == 0.75
    assert recall(3, 3) == 0.5
    assert f1(3, 1, 3) == pytest.approx(2 * 0.75 * 0.5 / 1.25)
    assert precision(0, 0) == recall(0, 0) == f1(0, 0, 0) == 0.0


def test_harness_reads_jsonl_and_reports(tmp_path: Path) -> None:
    path = tmp_path / "queries.jsonl"
    path.write_text(
        '{"query": "量子计算", "relevant": ["p1"]}\n'
        "\n"
        '{"query": "solar", "relevant": {"t4": 2, "o8": 1, "zero": 0}}\n',
        encoding="utf-8",
    )
    judgements = load_judgements(path)
    assert judgements[1] == Judgement("solar", {"t4": 2.0, "o8": 1.0})
    answers = {"量子计算": ["x", "p1"], "solar": ["t4", "o8"]}
    report = evaluate(lambda query: answers[query], judgements, cutoffs=(1, 2))
    assert report.mrr == pytest.approx(0.75)
    assert report.recall_at(1) == pytest.approx((0 + 0.5) / 2)
    assert report.as_dict()["recall@2"] == 1.0
    assert report.as_dict()["ndcg@2"] == pytest.approx((1 / math.log2(3) + 1.0) / 2, abs=1e-4)
    table = report.table()
    assert "MRR: 0.7500" in table and "Recall@k" in table
    assert str(report) == table


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{bad", "queries.jsonl:1: not JSON"),
        ('["q"]', "expected an object"),
        ('{"query": 1, "relevant": []}', "'query' must be a string"),
        ('{"query": "q", "relevant": "p1"}', "'relevant' must be a list"),
        ('{"query": "q", "relevant": {"p1": "high"}}', "grades in 'relevant' must be numbers"),
    ],
)
def test_bad_query_files_name_file_and_line(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "queries.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=message.replace("[", r"\[")):
        load_judgements(path)


def test_evaluate_rejects_bad_cutoffs() -> None:
    with pytest.raises(ValueError, match="cut-offs must be positive"):
        evaluate(lambda q: [], [], cutoffs=(0,))
