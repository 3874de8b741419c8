"""The matcher on the real ROR registry subset and the hand-labelled ROR API log set.

Skipped when ``/work/shared/data`` (``STCOOP_DATA_DIR``) is absent. The confidence gate
(:mod:`stcoop.engines.orgmatch.confidence`) was fitted on the even rows of the ROR-log and
Crossref sets; the odd ROR-log rows and S2AFF-val were not used. Measured: ROR logs
0.961 / 0.687 / 0.801 (odd rows 0.958 / 0.708 / 0.814; ROR's own matcher 0.956 / 0.613 /
0.747), S2AFF-val precision 0.963, recall 0.735. Floors sit a little under these, so a
change that costs precision fails here.
"""

from __future__ import annotations

import ast
import csv
import os
from pathlib import Path

import pytest

from stcoop.engines.orgmatch import Registry, Resolver, primary

DATA = Path(os.environ.get("STCOOP_DATA_DIR", "/work/shared/data"))
REGISTRY = DATA / "ror" / "ror-records-subset.jsonl.gz"
LOGS = DATA / "affiliations" / "ror-logs-train.csv"
S2AFF_VAL = DATA / "affiliations" / "s2aff-val.csv"

pytestmark = pytest.mark.skipif(
    not (REGISTRY.exists() and LOGS.exists()), reason=f"real data not found under {DATA}"
)


@pytest.fixture(scope="module")
def real() -> tuple[Registry, Resolver]:
    registry = Registry.from_ror_dump(REGISTRY)
    return registry, Resolver(registry)


def test_registry_reads_both_schemas(real: tuple[Registry, Resolver]) -> None:
    registry, _ = real
    assert len(registry) > 45_000
    v1 = registry.get("https://ror.org/000050t83")  # schema v1 record
    assert v1 is not None and v1.display_name == "Electronic Navigation Research Institute"
    assert v1.country == "JP" and v1.city == "Tokyo"
    v2 = registry.get("https://ror.org/000025p04")  # schema v2 record
    assert v2 is not None and v2.display_name == "Thailand Science Research and Innovation"
    assert any(n.kind == "acronym" and n.text == "TSRI" for n in v2.names)


def _ror_scores(
    registry: Registry, resolver: Resolver, rows: list[tuple[str, str]]
) -> tuple[float, float, float]:
    tp = fp = fn = 0
    for text, gold in rows:
        match = primary(resolver.resolve(text), registry)
        if match is None:
            fn += gold != "NP"
        elif match.org_id == gold:
            tp += 1
        else:
            fp += 1
            fn += gold != "NP"
    precision = tp / (tp + fp)
    recall = tp / (tp + fn)
    return precision, recall, 2 * precision * recall / (precision + recall)


def test_ror_logs_precision_first(real: tuple[Registry, Resolver]) -> None:
    registry, resolver = real
    with LOGS.open(encoding="utf-8-sig", newline="") as handle:
        rows = [
            (row["affiliation"], row["ror_id"])
            for row in csv.DictReader(handle)
            if row["ror_id"] == "NP" or row["ror_id"] in registry
        ]
    precision, recall, f1 = _ror_scores(registry, resolver, rows)
    assert precision >= 0.95, (precision, recall)  # the aim
    assert f1 > 0.747, (precision, recall)  # ROR's published F1 on this kind of data
    held_out = rows[1::2]  # rows the confidence weights were not fitted on
    precision, recall, f1 = _ror_scores(registry, resolver, held_out)
    assert precision >= 0.95, (precision, recall)
    assert f1 > 0.747, (precision, recall)


def test_s2aff_val_precision_first(real: tuple[Registry, Resolver]) -> None:
    """S2AFF-val (never used for fitting): every chosen ID against every gold ID."""
    if not S2AFF_VAL.exists():
        pytest.skip(f"{S2AFF_VAL} not found")
    registry, resolver = real
    tp = fp = fn = 0
    with S2AFF_VAL.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            gold = set(ast.literal_eval(row["labels"]))
            if not all(g in registry for g in gold):
                continue
            chosen = {m.org_id for m in resolver.resolve(row["original_affiliation"]) if m.chosen}
            tp += len(chosen & gold)
            fp += len(chosen - gold)
            fn += len(gold - chosen)
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    assert precision >= 0.95, (precision, recall)
    assert recall >= 0.7, (precision, recall)


def test_chinese_and_english_names_find_the_record(real: tuple[Registry, Resolver]) -> None:
    registry, resolver = real
    for text in ("清华大学", "Tsinghua University", "Dept. of Physics, Tsinghua Univ., Beijing"):
        match = primary(resolver.resolve(text), registry)
        assert match is not None and match.org_id == "https://ror.org/03cve4549", text
