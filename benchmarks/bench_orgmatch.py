"""Organisation matching: precision, recall and F1 of the resolver against a baseline.

Data: the ROR registry subset and the affiliation dev sets under
``/work/shared/data`` (``STCOOP_DATA_DIR``); the benchmark is skipped when absent.

* ``crossref-train``, ``ror-logs-train``: scored as ROR scores its matcher (one chosen ID
  per string or none; TP chosen = gold; FP chosen ≠ gold; FN gold and not TP; ``NP``
  answered with none = TN); rows whose gold ID is not in the registry are left out.
* ``s2aff-train``, ``s2aff-val``: several gold IDs per string; precision, recall and F1
  over all gold IDs against every chosen match.
* ``chinese``: records with a Chinese (zh) name, that name taken out of a registry copy,
  queried with it, the record expected (ROR scoring).

The resolver is scored at its operating point (the confidence gate of
:mod:`stcoop.engines.orgmatch.confidence`, ``threshold=THRESHOLD``) and without the gate
(``threshold=None``, every candidate the name evidence chose). The gate's weights were
fitted (:func:`fit_confidence`, rerun here and compared) on the even rows of
``crossref-train`` and ``ror-logs-train``; the odd rows ("held_out") and both S2AFF sets
were not used, and are reported apart.

The baseline is a TF-IDF cosine over character 3-grams against every name (chosen when
the best cosine ≥ 0.8; the threshold is that of the usual "nearest name" matcher).
Throughput is strings per second (median of ``repeat`` runs over every set), plus the
registry load and index build times. ``STCOOP_BENCH_SCALE`` (0-1) samples the sets.
"""

from __future__ import annotations

import ast
import csv
import math
import os
import random
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from stcoop.engines.orgmatch import OrgName, Registry, Resolver
from stcoop.engines.orgmatch.confidence import FEATURES, THRESHOLD, WEIGHTS, features
from stcoop.engines.orgmatch.resolver import primary
from stcoop.engines.text import normalize

DATA = Path(os.environ.get("STCOOP_DATA_DIR", "/work/shared/data"))
REGISTRY = DATA / "ror" / "ror-records-subset.jsonl.gz"
SETS = ("crossref-train", "ror-logs-train", "s2aff-train", "s2aff-val")
BASELINE_THRESHOLD = 0.8
ROR_REFERENCE = {
    "crossref-train": {"precision": 0.910, "recall": 0.693, "f1": 0.787},
    "ror-logs-train": {"precision": 0.956, "recall": 0.613, "f1": 0.747},
}

Row = tuple[str, frozenset[str]]  # text, gold ids (empty = NP)
Answer = Callable[[str], list[str]]  # chosen ids, best first


def read_set(name: str) -> list[Row]:
    """The rows of one affiliation set."""
    rows: list[Row] = []
    with (DATA / "affiliations" / f"{name}.csv").open(encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            if "labels" in row:
                gold = frozenset(ast.literal_eval(row["labels"]))
                rows.append((row["original_affiliation"], gold))
            else:
                ror = row["ror_id"].strip()
                rows.append((row["affiliation"], frozenset() if ror == "NP" else {ror}))
    return rows


def score_single(rows: list[Row], answers: list[str | None]) -> dict[str, float]:
    """ROR's scoring: one chosen ID (or none) per string."""
    tp = fp = fn = tn = 0
    for (_, gold), answer in zip(rows, answers, strict=True):
        if answer is None:
            if gold:
                fn += 1
            else:
                tn += 1
        elif answer in gold:
            tp += 1
        else:
            fp += 1
            if gold:
                fn += 1
    return _figures(tp, fp, fn, {"tn": tn})


def score_multi(rows: list[Row], answers: list[list[str]]) -> dict[str, float]:
    """Over all gold IDs: every chosen ID is a TP or an FP, every missed gold an FN."""
    tp = fp = fn = 0
    for (_, gold), answer in zip(rows, answers, strict=True):
        chosen = set(answer)
        tp += len(chosen & gold)
        fp += len(chosen - gold)
        fn += len(gold - chosen)
    return _figures(tp, fp, fn, {})


def _figures(tp: int, fp: int, fn: int, extra: dict[str, int]) -> dict[str, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 3),
        "recall": round(recall, 3),
        "f1": round(f1, 3),
        "tp": tp,
        "fp": fp,
        "fn": fn,
        **extra,
    }


class NgramBaseline:
    """Nearest registry name by TF-IDF cosine over character 3-grams."""

    def __init__(self, registry: Registry, threshold: float = BASELINE_THRESHOLD) -> None:
        self.threshold = threshold
        self.ids: list[str] = []
        texts: list[str] = []
        for record in registry:
            for name in record.names:
                if name.kind != "acronym":
                    self.ids.append(record.id)
                    texts.append(name.text)
        self.vocabulary: dict[str, int] = {}
        grams = [self._grams(text, grow=True) for text in texts]
        df = np.zeros(len(self.vocabulary))
        for row in grams:
            for index in row:
                df[index] += 1
        self.idf = np.log((1 + len(texts)) / (1 + df)) + 1
        self.matrix = self._matrix(grams).T.tocsr()

    @staticmethod
    def _ngrams(text: str) -> Iterable[str]:
        padded = f"  {normalize(text)}  "
        return (padded[i : i + 3] for i in range(len(padded) - 2))

    def _grams(self, text: str, grow: bool = False) -> dict[int, int]:
        counts: dict[int, int] = defaultdict(int)
        for gram in self._ngrams(text):
            index = self.vocabulary.get(gram)
            if index is None:
                if not grow:
                    continue
                index = self.vocabulary[gram] = len(self.vocabulary)
            counts[index] += 1
        return counts

    def _matrix(self, rows: list[dict[int, int]]) -> sparse.csr_matrix:
        data: list[float] = []
        columns: list[int] = []
        pointers = [0]
        for row in rows:
            weights = {i: c * self.idf[i] for i, c in row.items()}
            norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
            for index, weight in weights.items():
                columns.append(index)
                data.append(weight / norm)
            pointers.append(len(columns))
        return sparse.csr_matrix((data, columns, pointers), shape=(len(rows), len(self.vocabulary)))

    def answer(self, text: str) -> list[str]:
        query = self._matrix([self._grams(text[:1000])])
        scores = (query @ self.matrix).toarray().ravel()
        if not scores.size:
            return []
        best = int(scores.argmax())
        return [self.ids[best]] if scores[best] >= self.threshold else []


def chinese_set(registry: Registry, limit: int | None) -> tuple[Registry, list[Row]]:
    """A registry copy without Chinese names, and (Chinese name, record) queries."""
    rows: list[Row] = []
    records = []
    for record in registry:
        chinese = [n for n in record.names if n.language == "zh"]
        if chinese:
            rows.append((chinese[0].text, frozenset({record.id})))
            kept: tuple[OrgName, ...] = tuple(n for n in record.names if n.language != "zh")
            record = replace(record, names=kept)
        records.append(record)
    if limit is not None:
        rows = rows[:limit]
    return Registry(records), rows


def evaluate(
    rows: list[Row], resolver_answer: Answer, multi: bool
) -> tuple[dict[str, float], float]:
    """Figures and seconds for one answer function over one set."""
    start = time.perf_counter()
    answers = [resolver_answer(text) for text, _ in rows]
    seconds = time.perf_counter() - start
    if multi:
        return score_multi(rows, answers), seconds
    return score_single(rows, [a[0] if a else None for a in answers]), seconds


def fit_confidence(
    registry: Registry, ungated: Resolver, sets: dict[str, list[Row]], l2: float = 1.0
) -> list[float]:
    """Logistic weights for :mod:`.confidence` from the even rows of the two ROR-scored
    sets: every chosen candidate of the ungated resolver, labelled right or wrong; the
    (smaller, hand-labelled) ROR-log rows count four times. Newton steps, L2 penalty."""
    x_rows: list[list[float]] = []
    y_rows: list[float] = []
    for name, copies in (("crossref-train", 1), ("ror-logs-train", 4)):
        for text, gold in sets[name][::2]:
            matches = ungated.resolve(text)
            for match in matches:
                if match.chosen:
                    vector = features(text, match, matches, registry)
                    x_rows.extend([vector] * copies)
                    y_rows.extend([float(match.org_id in gold)] * copies)
    x = np.array(x_rows)
    y = np.array(y_rows)
    penalty = np.diag(np.r_[0.0, np.ones(x.shape[1] - 1)]) * l2
    w = np.zeros(x.shape[1])
    for _ in range(50):
        p = 1 / (1 + np.exp(-(x @ w)))
        gradient = x.T @ (p - y) + penalty @ w
        hessian = (x * (p * (1 - p))[:, None]).T @ x + penalty
        w -= np.linalg.solve(hessian, gradient)
    return [round(float(v), 3) for v in w]


def run(repeat: int = 3) -> dict[str, Any]:
    """Score the resolver and the baseline on every set; time the resolver."""
    if not REGISTRY.exists():
        return {"description": __doc__.strip().splitlines()[0], "skipped": f"{DATA} absent"}
    scale = float(os.environ.get("STCOOP_BENCH_SCALE", "1"))
    rng = random.Random(5)
    start = time.perf_counter()
    registry = Registry.from_ror_dump(REGISTRY)
    load_s = time.perf_counter() - start
    start = time.perf_counter()
    resolver = Resolver(registry)
    index_s = time.perf_counter() - start
    ungated = Resolver(registry, threshold=None)
    baseline = NgramBaseline(registry)

    def single(which: Resolver) -> Answer:
        def answer(text: str) -> list[str]:
            match = primary(which.resolve(text), registry)
            return [match.org_id] if match else []

        return answer

    def multiple(which: Resolver) -> Answer:
        return lambda text: [m.org_id for m in which.resolve(text) if m.chosen]

    full: dict[str, list[Row]] = {}
    sets: dict[str, list[Row]] = {}
    for name in SETS:
        rows = [r for r in read_set(name) if all(g in registry for g in r[1])]
        full[name] = rows
        if scale < 1:
            rows = rng.sample(rows, max(20, int(len(rows) * scale)))
        sets[name] = rows
    results: dict[str, Any] = {}
    runs: list[float] = []
    all_texts = [text for rows in sets.values() for text, _ in rows]
    for _ in range(max(repeat, 1)):
        start = time.perf_counter()
        for text in all_texts:
            resolver.resolve(text)
        runs.append(len(all_texts) / (time.perf_counter() - start))
    baseline_runs: list[float] = []
    for _ in range(max(repeat, 1)):
        start = time.perf_counter()
        for text in all_texts:
            baseline.answer(text)
        baseline_runs.append(len(all_texts) / (time.perf_counter() - start))
    for name, rows in sets.items():
        multi = name.startswith("s2aff")
        pick = multiple if multi else single
        mine, _ = evaluate(rows, pick(resolver), multi)
        loose, _ = evaluate(rows, pick(ungated), multi)
        theirs, _ = evaluate(rows, baseline.answer, multi)
        results[name] = {
            "rows": len(rows),
            "resolver": mine,
            "resolver_ungated": loose,
            "baseline_char3_tfidf": theirs,
            **({"ror_published": ROR_REFERENCE[name]} if name in ROR_REFERENCE else {}),
        }
        if name in ROR_REFERENCE:  # fitting halves: even rows fitted, odd rows held out
            results[name]["fitted_even_rows"] = evaluate(full[name][::2], pick(resolver), multi)[0]
            results[name]["held_out_odd_rows"] = evaluate(full[name][1::2], pick(resolver), multi)[
                0
            ]
    refit = fit_confidence(registry, ungated, full)
    limit = None if scale >= 1 else max(50, int(1029 * scale))
    start = time.perf_counter()
    stripped, rows = chinese_set(registry, limit)
    zh_resolver = Resolver(stripped)
    zh_baseline = NgramBaseline(stripped)
    zh_build_s = time.perf_counter() - start

    def zh_ours(text: str) -> list[str]:
        match = primary(zh_resolver.resolve(text), stripped)
        return [match.org_id] if match else []

    zh_ungated = Resolver(stripped, threshold=None)

    def zh_loose(text: str) -> list[str]:
        match = primary(zh_ungated.resolve(text), stripped)
        return [match.org_id] if match else []

    results["chinese-cross-lingual"] = {
        "rows": len(rows),
        "resolver": evaluate(rows, zh_ours, False)[0],
        "resolver_ungated": evaluate(rows, zh_loose, False)[0],
        "baseline_char3_tfidf": evaluate(rows, zh_baseline.answer, False)[0],
        "build_s": round(zh_build_s, 2),
    }
    return {
        "description": __doc__.strip().splitlines()[0],
        "registry_records": len(registry),
        "registry_load_s": round(load_s, 2),
        "index_build_s": round(index_s, 2),
        "throughput_strings_per_s": {
            "resolver_median": round(statistics.median(runs), 1),
            "baseline_median": round(statistics.median(baseline_runs), 1),
            "strings": len(all_texts),
            "repeat": max(repeat, 1),
        },
        "scale": scale,
        "confidence_gate": {
            "threshold": THRESHOLD,
            "fitted_on": "even rows of crossref-train and ror-logs-train (ror-logs x4)",
            "weights_refit_max_abs_diff": round(
                max(abs(a - b) for a, b in zip(refit, WEIGHTS, strict=True)), 3
            ),
            "features": list(FEATURES),
        },
        "results": results,
    }


if __name__ == "__main__":
    import json

    print(json.dumps(run(repeat=1), indent=1))
