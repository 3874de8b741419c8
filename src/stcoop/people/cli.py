"""Command-line tools of the people app (see :mod:`stcoop.cli.registry`).

* ``stcoop affinity --archives DIR --submissions FILE --output SCORES.json``: expert
  affinity from files alone (OpenReview expertise format); no database is needed.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import click

from stcoop.cli.errors import CliError

_AFFINITY_HELP = """Score how well each expert's papers fit each submission.

\b
DIR holds one file per expert, ~<expert_id>.jsonl (OpenReview expertise format), one of
the expert's papers per line: {"id": ..., "content": {"title": ..., "abstract": ...}}.
Title and abstract may be strings or {"value": ...} objects.
FILE is a JSON object {paper_id: {"content": {...}}} or JSON lines {"id", "content"}.

\b
The output is a JSON object {expert_id: {paper_id: score}}, higher meaning more
expertise. expert_id is the archive file name without the leading "~" and the ".jsonl"
(~1737249.jsonl gives "1737249", the ParticipantID of the gold standard's
evaluations file). With --method combined (the default) a score is the expert's
standardised affinity (a z-score over this run's submissions): it ranks the submissions
for one expert. Texts may be Chinese or English: a Chinese abstract is matched with
English papers through the multilingual encoders. The e5 encoder is the slow part: about
two abstracts a second on two cores (vectors are computed once per paper and run).
"""


def _write_atomically(path: Path, data: object) -> None:
    """Write ``data`` as JSON to ``path`` through a temporary file in the same folder."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise CliError(f"{path}: the output folder {folder} does not exist")
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(data, out, ensure_ascii=False, indent=1, sort_keys=True)
            out.write("\n")
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@click.command("affinity", help=_AFFINITY_HELP)
@click.option(
    "--archives",
    "archives_dir",
    required=True,
    type=click.Path(path_type=Path),
    help="Folder of ~<expert_id>.jsonl archive files.",
)
@click.option(
    "--submissions",
    "submissions_file",
    required=True,
    type=click.Path(path_type=Path),
    help="Submissions: JSON object {paper_id: {content}} or JSON lines.",
)
@click.option(
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write {expert_id: {paper_id: score}} (written atomically).",
)
@click.option(
    "--method",
    type=click.Choice(["combined", "lexical", "dense", "e5"]),
    default="combined",
    show_default=True,
    help="lexical (BM25), dense (multilingual sentence encoder), e5 (multilingual-e5-small), "
    "or all three combined.",
)
def affinity(archives_dir: Path, submissions_file: Path, output: Path, method: str) -> None:
    from stcoop.cli.progress import ProgressReporter
    from stcoop.engines.affinity import (
        AffinityInputError,
        affinity_scores,
        load_archives,
        load_submissions,
    )

    try:
        archives = load_archives(archives_dir)
        submissions = load_submissions(submissions_file)
    except AffinityInputError as exc:
        raise CliError(str(exc)) from exc
    with ProgressReporter() as progress:
        scores = affinity_scores(archives, submissions, method=method, progress=progress)
    _write_atomically(output, scores)
    papers = sum(len(papers) for papers in archives.values())
    click.echo(
        f"{len(archives)} experts ({papers} papers) x {len(submissions)} submissions "
        f"scored ({method}); written to {output}",
        err=True,
    )


commands = [affinity]
