"""Command-line tools of the search app (see :mod:`stcoop.cli.registry`).

* ``stcoop search QUERY [--type T] [--json] [--limit N] [--mode hybrid|lexical|dense]
  [--as USERNAME]``: search every record type, as an anonymous visitor (public records)
  unless ``--as`` names a user.
* ``stcoop search-eval --queries FILE.jsonl [--mode M] [--k 10]``: Recall@k, MRR and
  nDCG@k of the platform index on judged queries.
* ``stcoop reindex`` rebuilds the index through :data:`search_indexes`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from stcoop.cli.django_setup import needs_django
from stcoop.cli.errors import CliError
from stcoop.cli.progress import ProgressCallback

MODES = ("hybrid", "lexical", "dense", "semantic")


def _searcher(username: str | None) -> Any:
    if not username:
        from django.contrib.auth.models import AnonymousUser

        return AnonymousUser()
    from stcoop.cli.actors import named_user

    return named_user(username)


@click.command("search")
@click.argument("query")
@click.option(
    "--type",
    "types",
    multiple=True,
    help="Only this record type (may be repeated): organisation, person, programme, project, "
    "agreement, mechanism, membership, bigscience, base, technology, policy, resource, notice.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON lines instead of a table.")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 1000))
@click.option("--mode", default="hybrid", show_default=True, type=click.Choice(MODES))
@click.option("--as", "username", default=None, help="Search as this user (default: anonymous).")
@needs_django
def search_command(
    query: str, types: tuple[str, ...], as_json: bool, limit: int, mode: str, username: str | None
) -> None:
    """Search every record type for QUERY (Chinese or English)."""
    from stcoop.search.documents import REGISTRY
    from stcoop.search.services import add_snippets, explanation_json, search_records

    unknown = sorted(set(types) - set(REGISTRY))
    if unknown:
        raise click.BadParameter(
            f"unknown type {', '.join(unknown)}; known: {', '.join(REGISTRY)}",
            param_hint="--type",
        )
    if not query.strip():
        raise CliError("the query is empty")
    user = _searcher(username)
    results = search_records(user=user, query=query, types=types or None, mode=mode, limit=limit)
    add_snippets(results.items, query, language="en", per_item=1)
    if as_json:
        for rank, item in enumerate(results.items, start=1):
            line = {
                "rank": rank,
                "id": item.id,
                "type": item.type,
                "title": item.title,
                "other_title": item.other_title,
                "url": item.url,
                "score": round(item.score, 6),
                "explanation": explanation_json(item.explanation),
            }
            click.echo(json.dumps(line, ensure_ascii=False))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{results.total} result(s) for {results.query!r} ({mode})")
    table.add_column("#", justify="right")
    table.add_column("type")
    table.add_column("title")
    table.add_column("score", justify="right")
    table.add_column("why")
    for rank, item in enumerate(results.items, start=1):
        explanation = item.explanation
        why = " ".join(sorted({m.term for m in explanation.matched_terms}))
        if explanation.semantic_similarity is not None:
            why = f"{why} sim={explanation.semantic_similarity:.2f}".strip()
        if explanation.cross_lingual:
            why += " cross-lingual"
        title = item.title + (f"\n{item.other_title}" if item.other_title else "")
        table.add_row(str(rank), item.type, title, f"{item.score:.4f}", why)
    Console().print(table)


@click.command("search-eval")
@click.option(
    "--queries",
    "queries_path",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help='JSONL: {"query": ..., "relevant": ["<type>:<pk>", ...]} per line.',
)
@click.option("--mode", default="hybrid", show_default=True, type=click.Choice(MODES))
@click.option("--k", "k", default=10, show_default=True, type=click.IntRange(1, 1000))
@click.option("--as", "username", default=None, help="Search as this user (default: anonymous).")
@needs_django
def search_eval(queries_path: Path, mode: str, k: int, username: str | None) -> None:
    """Evaluate the platform index on judged queries: Recall@k, MRR, nDCG@k."""
    from stcoop.search.evaluation import evaluate_platform

    report = evaluate_platform(queries_path, mode=mode, k=k, user=_searcher(username))
    for name, value in report.items():
        click.echo(f"{name}\t{value:.4f}" if isinstance(value, float) else f"{name}\t{value}")


def rebuild(progress: ProgressCallback) -> int:
    """``stcoop reindex``: recompute every search document from the records."""
    from stcoop.search.store import rebuild as run

    return run(progress)


commands = [search_command, search_eval]
search_indexes = {"search": rebuild}
