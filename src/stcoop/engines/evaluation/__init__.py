"""Evaluation of ranking and matching methods: pure metrics and a query-set harness.

>>> recall_at_k(["a", "b", "c"], {"b", "z"}, 2)
0.5
"""

from .harness import EvaluationReport, Judgement, QueryResult, evaluate, load_judgements
from .metrics import (
    Relevance,
    f1,
    grades,
    mrr,
    ndcg_at_k,
    precision,
    precision_at_k,
    recall,
    recall_at_k,
    reciprocal_rank,
)

__all__ = [
    "EvaluationReport",
    "Judgement",
    "QueryResult",
    "Relevance",
    "evaluate",
    "f1",
    "grades",
    "load_judgements",
    "mrr",
    "ndcg_at_k",
    "precision",
    "precision_at_k",
    "recall",
    "recall_at_k",
    "reciprocal_rank",
]
