"""Saving and loading, the HNSW path above ``exact_limit``, and cheap incremental updates."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from stcoop.engines.retrieval import Document, SearchFilter, SearchIndex
from stcoop.engines.retrieval import lexical as lexical_module
from stcoop.engines.retrieval.lexical import BM25_B, BM25_K1, LexicalIndex


class HashEncoder:
    """A deterministic stand-in encoder: random unit vectors seeded by the text."""

    dim = 512

    def encode(self, texts: list[str]) -> np.ndarray:  # type: ignore[type-arg]
        rows = []
        for text in texts:
            seed = abs(hash(text)) % (2**32)
            vector = np.random.default_rng(seed).standard_normal(self.dim)
            rows.append(vector / np.linalg.norm(vector))
        return np.asarray(rows, dtype=np.float32).reshape(len(texts), self.dim)


def summary(index: SearchIndex, query: str, **options: object) -> list[tuple[str, float]]:
    return [(hit.id, round(hit.score, 5)) for hit in index.search(query, **options)]  # type: ignore[arg-type]


def test_save_load_round_trip_gives_identical_results(index: SearchIndex, tmp_path: Path) -> None:
    target = tmp_path / "index"
    index.save(target)
    index.save(target)  # replacing an existing folder works too
    loaded = SearchIndex.load(target, encoder=index.encoder)
    assert len(loaded) == len(index)
    assert loaded.get("organisation:2") == index.get("organisation:2")
    np.testing.assert_array_equal(loaded.vector("project:1"), index.vector("project:1"))  # type: ignore[arg-type]
    china = SearchFilter(facets={"country": frozenset({"CN"})})
    for query in ("量子计算", "solar energy", "清華大學", "battery"):
        for mode in ("hybrid", "lexical", "dense"):
            assert summary(loaded, query, mode=mode) == summary(index, query, mode=mode)
            assert summary(loaded, query, mode=mode, filter=china) == summary(
                index, query, mode=mode, filter=china
            )
    assert [p.name for p in tmp_path.iterdir()] == ["index"]  # no temporary folders left


def test_saved_index_keeps_removals_and_accepts_writes(
    fresh_index: SearchIndex, tmp_path: Path
) -> None:
    fresh_index.remove(["technology:4"])
    fresh_index.save(tmp_path / "ix")
    loaded = SearchIndex.load(tmp_path / "ix", encoder=fresh_index.encoder)
    assert "technology:4" not in loaded
    assert "technology:4" not in [h.id for h in loaded.search("photovoltaic")]
    loaded.upsert([Document("technology:9", "technology", {"title_en": "Photovoltaic glass"})])
    assert [h.id for h in loaded.search("photovoltaic", mode="lexical")] == ["technology:9"]


def test_load_reports_missing_or_damaged_folder(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no saved search index"):
        SearchIndex.load(tmp_path / "nothing")
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "meta.json").write_text("{not json")
    with pytest.raises(ValueError, match=r"meta\.json: not JSON"):
        SearchIndex.load(broken)


def _collection(n: int) -> list[Document]:
    words = "solar wind battery quantum membrane robot vaccine satellite grid sensor".split()
    rng = np.random.default_rng(7)
    return [
        Document(
            f"project:{i}",
            "project",
            {"title_en": " ".join(rng.choice(words, 3)) + f" item{i}"},
            {"country": ("CN",) if i % 3 == 0 else ("DE",)},
        )
        for i in range(n)
    ]


def test_hnsw_above_exact_limit_agrees_with_exact_search(tmp_path: Path) -> None:
    documents = _collection(600)
    exact = SearchIndex(HashEncoder(), exact_limit=10_000)
    approximate = SearchIndex(HashEncoder(), exact_limit=100)
    exact.upsert(documents[:50])
    approximate.upsert(documents[:50])
    assert not approximate.uses_ann
    exact.upsert(documents[50:])
    approximate.upsert(documents[50:])
    assert approximate.uses_ann and not exact.uses_ann
    exact.min_similarity = approximate.min_similarity = -1.0
    for doc in documents[:20]:
        query_vector = approximate.vector(doc.id)
        assert query_vector is not None
        want = [h.id for h in exact.similar(doc.id, k=10, mode="dense")]
        got = [h.id for h in approximate.similar(doc.id, k=10, mode="dense")]
        assert len(set(want) & set(got)) >= 9
    # Removals, replacements and filters on the graph.
    approximate.remove(["project:1", "project:2"])
    approximate.upsert([Document("project:3", "project", {"title_en": "replaced"})])
    germany = SearchFilter(facets={"country": frozenset({"DE"})})
    hits = approximate.similar("project:4", k=30, mode="dense", filter=germany)
    assert len(hits) == 30
    assert all(approximate.get(h.id).facets["country"] == ("DE",) for h in hits)  # type: ignore[union-attr]
    assert {"project:1", "project:2", "project:4"}.isdisjoint(h.id for h in hits)
    approximate.save(tmp_path / "ann")
    assert (tmp_path / "ann" / "hnsw.bin").exists()
    loaded = SearchIndex.load(tmp_path / "ann", encoder=HashEncoder())
    loaded.min_similarity = -1.0
    assert loaded.uses_ann
    assert [h.id for h in loaded.similar("project:4", k=30, mode="dense", filter=germany)] == [
        h.id for h in hits
    ]


def _brute_bm25(docs: dict[int, dict[str, float]], query: list[str]) -> dict[int, float]:
    count = len(docs)
    avgdl = sum(sum(terms.values()) for terms in docs.values()) / count
    scores: dict[int, float] = {}
    for term in query:
        df = sum(1 for terms in docs.values() if term in terms)
        if not df:
            continue
        idf = np.log(1 + (count - df + 0.5) / (df + 0.5))
        for slot, terms in docs.items():
            tf = terms.get(term)
            if tf:
                dl = sum(terms.values())
                norm = BM25_K1 * (1 - BM25_B + BM25_B * dl / avgdl)
                scores[slot] = scores.get(slot, 0.0) + idf * tf * (BM25_K1 + 1) / (tf + norm)
    return scores


def test_incremental_bm25_matches_a_rebuild(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lexical_module, "MERGE_MIN_DOCS", 7)
    monkeypatch.setattr(lexical_module, "BULK_DOCS", 30)
    rng = np.random.default_rng(3)
    vocabulary = [f"t{i}" for i in range(25)]
    index = LexicalIndex()
    live: dict[int, dict[str, float]] = {}
    next_slot = 0
    for step in range(400):
        action = rng.random()
        if action < 0.05:  # a bulk batch
            batch = []
            for _ in range(40):
                terms = {str(t): float(rng.integers(1, 4)) for t in rng.choice(vocabulary, 4)}
                batch.append((next_slot, terms, sum(terms.values())))
                live[next_slot] = terms
                next_slot += 1
            index.add_many(batch)
        elif action < 0.7 or not live:
            terms = {str(t): float(rng.integers(1, 4)) for t in rng.choice(vocabulary, 3)}
            index.add(next_slot, terms, sum(terms.values()))
            live[next_slot] = terms
            next_slot += 1
        else:
            slot = int(rng.choice(list(live)))
            index.discard(slot, lambda slot=slot: live[slot])  # type: ignore[misc]
            del live[slot]
        if step % 25 == 0 and live:
            query = [str(t) for t in rng.choice(vocabulary, 2, replace=False)]
            slots, scores = index.top(dict.fromkeys(query, 1.0), n=10_000)
            want = _brute_bm25(live, query)
            assert dict(zip(slots.tolist(), scores.tolist(), strict=True)) == pytest.approx(
                want, rel=1e-4
            )
    assert len(index) == len(live)


def test_single_update_of_a_large_index_does_not_rebuild(monkeypatch: pytest.MonkeyPatch) -> None:
    index = LexicalIndex()
    index.add_many([(i, {f"t{i % 97}": 1.0, "all": 1.0}, 2.0) for i in range(20_000)])
    merges = []
    original = LexicalIndex.merge
    monkeypatch.setattr(
        LexicalIndex, "merge", lambda self, *a, **k: merges.append(1) or original(self, *a, **k)
    )
    index.discard(5, lambda: {"t5": 1.0, "all": 1.0})
    index.add(5, {"new": 1.0}, 1.0)
    assert merges == []
    slots, _ = index.top({"new": 1.0}, 10)
    assert slots.tolist() == [5]
    slots, _ = index.top({"t5": 1.0}, 1000)
    assert 5 not in slots.tolist() and len(slots) == 206  # 207 held t5, slot 5 no more
