"""``stcoop search-eval``: the engine's evaluation harness over the platform index."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from stcoop.cli.errors import CliError


def evaluate_platform(
    queries_path: Path, *, mode: str = "hybrid", k: int = 10, user: Any = None
) -> dict[str, Any]:
    """Recall@k, Precision@k, nDCG@k and MRR of :func:`search_records` on the judged
    queries in ``queries_path`` (JSONL ``{"query", "relevant"}``), searching as ``user``.

    Raises:
        CliError: the file cannot be read or a line is malformed (file and line named).
    """
    from django.contrib.auth.models import AnonymousUser

    from stcoop.engines.evaluation import evaluate, load_judgements
    from stcoop.search.services import search_records

    try:
        judgements = load_judgements(queries_path)
    except (OSError, ValueError, UnicodeDecodeError) as error:
        raise CliError(str(error)) from error
    if not judgements:
        raise CliError(f"{queries_path}: no queries")
    searcher = user if user is not None else AnonymousUser()
    limit = max(k, 20)

    def rank(query: str) -> list[str]:
        results = search_records(user=searcher, query=query, mode=mode, limit=limit)
        return [item.id for item in results.items]

    cutoffs = sorted({1, 5, k})
    report = evaluate(rank, judgements, cutoffs=cutoffs)
    out = report.as_dict()
    return {"mode": mode, **out}
