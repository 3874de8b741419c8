"""Partner suggestions on the CORDIS FP7 sample: hide a partner, see if it comes back.

For each project with three or more participants, one participant that also takes part
in another project (organisations are identified by normalised name + country) is
hidden, chosen with a seeded random generator. The query is the project's title and
its remaining participants; the rest of the data is the history (the project itself
is left out of it: it counts for nothing in any score). Reported side by side:

* ``engine``: the combined ranking with the fitted weights (topic by BM25, network);
* ``engine_platform_weights``: the weights the platform uses (a share of multilingual
  sentence vectors in the topic, small track-record and new-country terms);
* ``popularity``: most projects first (the consortium excluded);
* ``text_only_bm25``: topic fit alone by BM25, and ``text_only_bm25_dense`` with vectors.

Recall@10 and MRR on every query, and on the two halves used to fit and to check
the weights (``python benchmarks/bench_partners.py --fit`` searches weights on the
even-numbered queries). Queries per second are measured for the whole ``suggest``
call (ranking and reasons). ``STCOOP_BENCH_SCALE`` (0..1) keeps a share of the queries.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import statistics
import sys
import time
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

import numpy as np

from stcoop.engines.encoder import default_encoder
from stcoop.engines.partners import (
    HistoryProject,
    Organisation,
    Participant,
    PartnerIndex,
    PartnerQuery,
    Weights,
    combine,
    mean,
    name_key,
    recall_at_k,
    reciprocal_rank,
    top_rows,
)

DATA = Path(os.environ.get("STCOOP_FP7_FILE", "/work/shared/data/cordis/fp7-projects-dev.json"))
SEED = 7
K = 10


def load(
    path: Path = DATA,
) -> tuple[list[Organisation], list[HistoryProject], list[dict[str, Any]]]:
    """Organisations (one per normalised name + country), projects, and the raw records."""
    records = json.loads(path.read_text())
    ids: dict[tuple[str, str], int] = {}
    organisations: list[Organisation] = []
    projects: list[HistoryProject] = []
    for record in records:
        members: list[int] = []
        for p in record.get("participants") or []:
            key = (name_key(p["name"]), (p.get("country") or "").upper())
            if key not in ids:
                ids[key] = len(ids)
                organisations.append(Organisation(id=ids[key], name=p["name"], country=key[1]))
            if ids[key] not in members:
                members.append(ids[key])
        projects.append(
            HistoryProject(id=int(record["id"]), title=record["title"], participants=tuple(members))
        )
    return organisations, projects, records


def held_out_queries(
    organisations: list[Organisation], projects: list[HistoryProject], seed: int = SEED
) -> list[tuple[PartnerQuery, int]]:
    """``(query, hidden organisation id)`` for every project that qualifies."""
    project_count: dict[int, int] = {}
    for project in projects:
        for o in project.participants:
            project_count[o] = project_count.get(o, 0) + 1
    rng = random.Random(seed)
    queries = []
    for project in sorted(projects, key=lambda p: p.id):
        if len(project.participants) < 3:
            continue
        candidates = [o for o in project.participants if project_count[o] > 1]
        if not candidates:
            continue
        hidden = rng.choice(candidates)
        rest = tuple(
            Participant(organisations[o].name, organisations[o].country)
            for o in project.participants
            if o != hidden
        )
        query = PartnerQuery(
            title=project.title, participants=rest, exclude_project_ids=frozenset({project.id})
        )
        queries.append((query, hidden))
    return queries


def _metrics(ranked: list[list[int]], hidden: list[int]) -> dict[str, float]:
    return {
        "recall_at_10": round(
            mean([recall_at_k(r, {h}, K) for r, h in zip(ranked, hidden, strict=True)]), 4
        ),
        "mrr": round(
            mean([reciprocal_rank(r, {h}) for r, h in zip(ranked, hidden, strict=True)]), 4
        ),
    }


def _rank(
    index: PartnerIndex, evidence: list[Any], weights: Weights, depth: int = 100
) -> list[list[int]]:
    return [
        [index.organisations[r].id for r in top_rows(combine(found, weights), depth)]
        for found in evidence
    ]


def evaluate(
    index: PartnerIndex, queries: list[tuple[PartnerQuery, int]], weights: Weights
) -> dict[str, dict[str, float]]:
    """Recall@10 and MRR of every method on ``queries`` (all, fit half, check half)."""
    evidence = [index.evidence(q, weights) for q, _ in queries]
    hidden = [h for _, h in queries]
    methods = {
        "engine": weights,
        "popularity": Weights(topic=0, track_record=1, network=0, network_2hop=0, new_country=0),
        "text_only": Weights(topic=1, track_record=0, network=0, network_2hop=0, new_country=0),
    }
    result: dict[str, dict[str, float]] = {}
    for name, w in methods.items():
        ranked = _rank(index, evidence, w)
        result[name] = {
            **_metrics(ranked, hidden),
            "fit_half": _metrics(ranked[0::2], hidden[0::2]),
            "check_half": _metrics(ranked[1::2], hidden[1::2]),
        }
    return result


LINEAR = ("topic", "track_record", "network", "network_2hop", "new_country")


def _hidden_ranks(index: PartnerIndex, evidence: Any, hidden: int, grid: np.ndarray) -> np.ndarray:
    """Rank (from 1) of the hidden organisation under every weight row of ``grid``."""
    components = np.vstack([getattr(evidence, name) for name in LINEAR])
    scores = grid @ components[:, evidence.eligible]
    row = index.org_row[hidden]
    if not evidence.eligible[row]:
        return np.full(len(grid), np.inf)
    own = grid @ components[:, row]
    return 1 + (scores > own[:, None]).sum(axis=1)


def fit(
    index: PartnerIndex, queries: list[tuple[PartnerQuery, int]]
) -> list[tuple[float, Weights]]:
    """Grid search of the weights on the even-numbered queries; best first (by MRR)."""
    train = queries[0::2]
    grid = np.array(
        list(
            itertools.product(
                (1.0,), (0.0, 0.1, 0.2, 0.4), (0.5, 1.0, 2.0, 4.0), (0.0, 0.1, 0.3, 0.6),
                (0.0, 0.02, 0.05, 0.2),
            )
        )
    )  # fmt: skip
    tried: list[tuple[float, Weights]] = []
    for share, power in itertools.product((0.0, 0.5), (1.0, 4.0)):
        base = Weights(dense_share=share, topic_power=power)
        ranks = np.vstack(
            [_hidden_ranks(index, index.evidence(q, base), h, grid) for q, h in train]
        )
        mrr = (1.0 / ranks).mean(axis=0)
        for row, value in zip(grid, mrr, strict=True):
            tried.append(
                (float(value), replace(base, **dict(zip(LINEAR, map(float, row), strict=True))))
            )
        best = int(mrr.argmax())
        print(share, power, round(float(mrr[best]), 4), grid[best], file=sys.stderr, flush=True)
    tried.sort(key=lambda item: -item[0])
    return tried


def _per_query_seconds(
    index: PartnerIndex, queries: list[PartnerQuery], weights: Weights, repeat: int
) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        for q in queries:
            index.suggest(q, k=20, weights=weights)
        runs.append((time.perf_counter() - start) / max(len(queries), 1))
    return statistics.median(runs)


def run(repeat: int = 3) -> dict[str, Any]:
    """Quality of every method and queries per second (see the module)."""
    if not DATA.exists():
        return {"description": "partner suggestions", "skipped": f"{DATA} not found"}
    organisations, projects, _ = load()
    queries = held_out_queries(organisations, projects)
    scale = float(os.environ.get("STCOOP_BENCH_SCALE", "1") or 1)
    if scale < 1:
        queries = queries[: max(10, int(len(queries) * scale))]
    start = time.perf_counter()
    dense = PartnerIndex.build(organisations, projects, encoder=default_encoder())
    build_s = time.perf_counter() - start
    start = time.perf_counter()
    lexical = PartnerIndex.build(organisations, projects)
    build_lexical_s = time.perf_counter() - start
    weights = Weights()  # the fitted defaults: BM25 alone for the topic
    platform = replace(weights, dense_share=0.3, new_country=0.05, track_record=0.1)
    quality = evaluate(lexical, queries, weights)
    quality["text_only_bm25"] = quality.pop("text_only")
    dense_quality = evaluate(dense, queries, platform)
    quality["engine_platform_weights"] = dense_quality["engine"]
    quality["text_only_bm25_dense"] = dense_quality["text_only"]
    plain = [q for q, _ in queries]
    speed = {
        "engine": _per_query_seconds(lexical, plain, weights, repeat),
        "engine_platform_weights": _per_query_seconds(dense, plain, platform, repeat),
    }
    return {
        "description": "partner suggestions: hide an FP7 participant, rank it back",
        "data": str(DATA),
        "organisations": len(organisations),
        "projects": len(projects),
        "queries": len(queries),
        "weights": asdict(weights),
        "platform_weights": asdict(platform),
        "quality": quality,
        "build_s": {"with_vectors": round(build_s, 3), "bm25_only": round(build_lexical_s, 3)},
        "queries_per_second": {name: round(1 / s, 1) for name, s in speed.items()},
        "results": {
            "per_query": {
                "baseline": "engine",
                "cases": {
                    name: {"median_s": s, "speedup_vs_baseline": round(speed["engine"] / s, 2)}
                    for name, s in speed.items()
                },
            }
        },
    }


if __name__ == "__main__":
    if "--fit" in sys.argv:
        orgs, projs, _ = load()
        qs = held_out_queries(orgs, projs)
        idx = PartnerIndex.build(orgs, projs, encoder=default_encoder())
        best = fit(idx, qs)
        for mrr, w in best[:10]:
            print(round(mrr, 4), w)
        print("check half with the best:", evaluate(idx, qs, best[0][1])["engine"])
    else:
        print(json.dumps(run(), indent=2))
