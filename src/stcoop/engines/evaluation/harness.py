"""Running a ranking method over a set of judged queries and summarising the metrics.

A query set is a JSONL file, one judged query a line::

    {"query": "量子计算", "relevant": ["project:1", "project:7"]}
    {"query": "solar cells", "relevant": {"technology:4": 2, "organisation:8": 1}}

:func:`evaluate` calls the ranking method once per query and reports Recall@k,
Precision@k and nDCG@k for each cut-off, and MRR, as means over the queries.
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .metrics import grades, ndcg_at_k, precision_at_k, recall_at_k, reciprocal_rank

__all__ = ["EvaluationReport", "Judgement", "QueryResult", "evaluate", "load_judgements"]

DEFAULT_CUTOFFS = (1, 5, 10, 20)


@dataclass(frozen=True)
class Judgement:
    """A query and the ids that answer it, with grades (1.0 unless graded)."""

    query: str
    relevant: Mapping[str, float]
    id: str | None = None


@dataclass(frozen=True)
class QueryResult:
    """The metrics of one query."""

    query: str
    ranked: tuple[str, ...]
    reciprocal_rank: float
    recall: Mapping[int, float]
    precision: Mapping[int, float]
    ndcg: Mapping[int, float]
    seconds: float


@dataclass
class EvaluationReport:
    """Mean metrics over a query set, plus each query's own figures."""

    cutoffs: tuple[int, ...]
    queries: list[QueryResult] = field(default_factory=list)

    def _mean(self, values: Iterable[float]) -> float:
        found = list(values)
        return statistics.fmean(found) if found else 0.0

    @property
    def mrr(self) -> float:
        """Mean reciprocal rank."""
        return self._mean(q.reciprocal_rank for q in self.queries)

    def recall_at(self, k: int) -> float:
        """Mean Recall@k."""
        return self._mean(q.recall[k] for q in self.queries)

    def precision_at(self, k: int) -> float:
        """Mean Precision@k."""
        return self._mean(q.precision[k] for q in self.queries)

    def ndcg_at(self, k: int) -> float:
        """Mean nDCG@k."""
        return self._mean(q.ndcg[k] for q in self.queries)

    def as_dict(self) -> dict[str, Any]:
        """The means as a flat JSON-ready dict (``recall@10``, ``mrr``, ...)."""
        result: dict[str, Any] = {"queries": len(self.queries), "mrr": round(self.mrr, 4)}
        for k in self.cutoffs:
            result[f"recall@{k}"] = round(self.recall_at(k), 4)
            result[f"precision@{k}"] = round(self.precision_at(k), 4)
            result[f"ndcg@{k}"] = round(self.ndcg_at(k), 4)
        seconds = [q.seconds for q in self.queries]
        result["median_query_s"] = round(statistics.median(seconds), 6) if seconds else None
        return result

    def table(self) -> str:
        """The means as a plain-text table, one row per cut-off."""
        lines = [
            f"queries: {len(self.queries)}   MRR: {self.mrr:.4f}",
            f"{'k':>4}  {'Recall@k':>9}  {'Precision@k':>11}  {'nDCG@k':>7}",
        ]
        for k in self.cutoffs:
            lines.append(
                f"{k:>4}  {self.recall_at(k):>9.4f}  {self.precision_at(k):>11.4f}  "
                f"{self.ndcg_at(k):>7.4f}"
            )
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.table()


def evaluate(
    rank: Callable[[str], Sequence[str]],
    queries: Iterable[Judgement],
    *,
    cutoffs: Sequence[int] = DEFAULT_CUTOFFS,
) -> EvaluationReport:
    """Run ``rank`` on every judged query and collect the metrics.

    Args:
        rank: the method under test: query text → ids, best first.
        queries: judged queries (e.g. from :func:`load_judgements`).
        cutoffs: the ``k`` of Recall@k, Precision@k and nDCG@k.

    Raises:
        ValueError: a cut-off is not positive.
    """
    cuts = tuple(sorted(set(cutoffs)))
    if not cuts or cuts[0] <= 0:
        raise ValueError(f"cut-offs must be positive integers, got {list(cutoffs)}")
    report = EvaluationReport(cutoffs=cuts)
    for judgement in queries:
        started = time.perf_counter()
        ranked = tuple(rank(judgement.query))
        seconds = time.perf_counter() - started
        relevant = judgement.relevant
        report.queries.append(
            QueryResult(
                query=judgement.query,
                ranked=ranked,
                reciprocal_rank=reciprocal_rank(ranked, relevant),
                recall={k: recall_at_k(ranked, relevant, k) for k in cuts},
                precision={k: precision_at_k(ranked, relevant, k) for k in cuts},
                ndcg={k: ndcg_at_k(ranked, relevant, k) for k in cuts},
                seconds=seconds,
            )
        )
    return report


def load_judgements(path: Path) -> list[Judgement]:
    """Read a JSONL query set (see the module docstring); blank lines are skipped.

    Raises:
        FileNotFoundError: ``path`` does not exist.
        ValueError: a line is not JSON or lacks a text ``query`` or a ``relevant`` list or
            object; the message names the file and line.
    """
    judgements: list[Judgement] = []
    with Path(path).open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                data = json.loads(line)
            except json.JSONDecodeError as error:
                raise ValueError(f"{where}: not JSON ({error.msg})") from error
            if not isinstance(data, dict):
                raise ValueError(f"{where}: expected an object with 'query' and 'relevant'")
            query = data.get("query")
            relevant = data.get("relevant")
            if not isinstance(query, str):
                raise ValueError(f"{where}: 'query' must be a string")
            if isinstance(relevant, dict):
                try:
                    graded = grades({str(k): float(v) for k, v in relevant.items()})
                except (TypeError, ValueError) as error:
                    raise ValueError(f"{where}: grades in 'relevant' must be numbers") from error
            elif isinstance(relevant, list):
                graded = grades([str(item) for item in relevant])
            else:
                raise ValueError(f"{where}: 'relevant' must be a list of ids or an id→grade object")
            raw_id = data.get("id")
            judgements.append(Judgement(query, graded, None if raw_id is None else str(raw_id)))
    return judgements
