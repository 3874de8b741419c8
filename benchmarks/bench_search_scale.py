"""Search at scale: build time, memory and query latency from 10k to 1M documents.

The documents are built from real texts (``search_data``): each combines two real texts
(an English project/topic title with another, a CSL Chinese title with a Chinese
abstract fragment, an organisation name with a title of the other language, ...), so
the vocabulary, lengths and language mix are those of the real records.

**Vectors are derived**, not encoded one by one: every distinct source text is encoded
for real with the multilingual USE, and a document's vector is the normalised mean of
its two source texts' vectors (encoding 1M documents takes far longer than the rest of
the benchmark; the encoder's own throughput is measured and the time for 1M documents
extrapolated). Queries are real fragments (2-4 words of an English title; 2 words of a
segmented Chinese title) and are encoded for real inside every dense/hybrid search.

Each size runs in its own process, whose peak RSS (``ru_maxrss``) gives the memory.
Latencies are single-threaded queries; the HNSW build uses 2 threads. Query vectors are
encoded once up front (their median encode time is reported as ``query_encode_median_ms``)
so that the search figures measure the index; a cold query costs both. Sizes honour
``STCOOP_BENCH_SCALE`` (0.01 → 100, 1,000 and 10,000 documents).

The fusion-quality part compares lexical, dense and the two hybrid fusions on labelled
queries from real data (ROR organisations named in Chinese and English; CSL papers
found by their keywords; ROR aliases), with the evaluation engine's metrics.
"""

from __future__ import annotations

import datetime
import multiprocessing
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

SIZES = (10_000, 100_000, 1_000_000)
QUERIES_PER_LANGUAGE = 100
COUNTRIES = ("CN", "DE", "FR", "IT", "ES", "NL", "GB", "SE", "PL", "TH", "VN", "ID", "MY", "SG")
TYPES = ("project", "technology", "policy", "organisation", "resource")


def _scale() -> float:
    return float(os.environ.get("STCOOP_BENCH_SCALE", "1") or 1)


def _rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _percentile(values: list[float], q: float) -> float:
    return float(np.percentile(np.asarray(values), q))


# -- sources -----------------------------------------------------------------------------


#: Source texts encoded at scale 1 (fewer below 0.1): English titles, organisation names,
#: Chinese titles and abstracts.
SOURCES = {"en": 3000, "org": 1500, "zh": 3000}


def _sources(pools: Any, scale: float) -> tuple[list[str], list[str]]:
    """Distinct source texts and their languages (en / zh), a fixed random sample."""
    rng = random.Random(4)
    share = min(1.0, max(scale * 10, 0.1))
    texts: list[str] = []
    languages: list[str] = []
    for pool, key, language in (
        (pools.en, "en", "en"),
        (pools.org_en, "org", "en"),
        (pools.zh, "zh", "zh"),
    ):
        for text in rng.sample(pool, min(len(pool), int(SOURCES[key] * share))):
            texts.append(text)
            languages.append(language)
    return texts, languages


class CachedEncoder:
    """The real encoder behind a cache of texts already encoded."""

    def __init__(self, inner: Any, known: dict[str, Any] | None = None) -> None:
        self.inner = inner
        self.dim = inner.dim
        self.known: dict[str, Any] = dict(known or {})

    def encode(self, texts: Any) -> Any:
        missing = [t for t in dict.fromkeys(texts) if t not in self.known]
        if missing:
            self.known.update(zip(missing, self.inner.encode(missing), strict=True))
        return np.stack([self.known[t] for t in texts]) if texts else self.inner.encode([])


def _documents(n: int, languages: list[str], seed: int = 1) -> list[tuple[int, int, str, int]]:
    """``n`` recipes (source a, source b, type, country index), deterministic."""
    rng = random.Random(seed)
    english = [i for i, lang in enumerate(languages) if lang == "en"]
    chinese = [i for i, lang in enumerate(languages) if lang == "zh"]
    recipes = []
    for _ in range(n):
        kind = rng.random()
        if kind < 0.45:
            a, b = rng.choice(english), rng.choice(english)
        elif kind < 0.85:
            a, b = rng.choice(chinese), rng.choice(chinese)
        else:  # bilingual record
            a, b = rng.choice(english), rng.choice(chinese)
        recipes.append((a, b, rng.choice(TYPES), rng.randrange(len(COUNTRIES))))
    return recipes


def _queries(texts: list[str], languages: list[str], seed: int = 2) -> list[str]:
    from stcoop.engines.text import tokens

    rng = random.Random(seed)
    english = [t for t, lang in zip(texts, languages, strict=True) if lang == "en"]
    chinese = [t for t, lang in zip(texts, languages, strict=True) if lang == "zh" and len(t) < 60]
    queries = []
    while len(queries) < QUERIES_PER_LANGUAGE:
        words = [w for w in rng.choice(english).split() if len(w) > 3]
        if len(words) >= 2:
            start = rng.randrange(max(1, len(words) - 2))
            queries.append(" ".join(words[start : start + rng.choice((2, 3, 4))]))
    while len(queries) < 2 * QUERIES_PER_LANGUAGE:
        words = [w for w in tokens(rng.choice(chinese)) if len(w) >= 2]
        if len(words) >= 2:
            queries.append("".join(rng.sample(words, 2)))
    return queries


# -- one size, in a child process --------------------------------------------------------


def _latency(index: Any, queries: list[str], **options: Any) -> dict[str, float]:
    for query in queries[:5]:
        index.search(query, **options)
    times = []
    for query in queries:
        start = time.perf_counter()
        index.search(query, **options)
        times.append((time.perf_counter() - start) * 1000)
    return {
        "median_ms": round(statistics.median(times), 3),
        "p95_ms": round(_percentile(times, 95), 3),
        "queries": len(times),
    }


def measure_size(n: int, work: str) -> dict[str, Any]:
    """Build an index of ``n`` documents and time queries (runs in a fresh process)."""
    from stcoop.engines.encoder import default_encoder
    from stcoop.engines.retrieval import Document, SearchFilter, SearchIndex
    from stcoop.engines.retrieval import dense as dense_module

    texts: list[str] = np.load(Path(work) / "texts.npy", allow_pickle=False).tolist()
    languages: list[str] = np.load(Path(work) / "languages.npy", allow_pickle=False).tolist()
    base = np.load(Path(work) / "vectors.npy")
    queries: list[str] = np.load(Path(work) / "queries.npy", allow_pickle=False).tolist()
    query_vectors = np.load(Path(work) / "query_vectors.npy")
    encoder = CachedEncoder(default_encoder(), dict(zip(queries, query_vectors, strict=True)))
    recipes = _documents(n, languages)
    day0 = datetime.date(2000, 1, 1)
    rng = random.Random(3)
    documents = []
    for i, (a, b, kind, country) in enumerate(recipes):
        fields: dict[str, str]
        if languages[a] == languages[b]:
            suffix = languages[a]
            fields = {f"title_{suffix}": texts[a], f"summary_{suffix}": texts[b]}
        else:
            fields = {"title_en": texts[a], "title_zh": texts[b]}
        documents.append(
            Document(
                f"{kind}:{i}",
                kind,
                fields,
                {"country": (COUNTRIES[country],)},
                day0 + datetime.timedelta(days=rng.randrange(9000)),
            )
        )
    pairs = np.asarray([(a, b) for a, b, _, _ in recipes], dtype=np.int64)
    vectors = base[pairs[:, 0]] + base[pairs[:, 1]]
    vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    vectors = vectors.astype(np.float32)
    del pairs, recipes

    rss_before = _rss_mb()
    index = SearchIndex(encoder, exact_limit=10**9)  # exact first; HNSW timed apart
    started = time.perf_counter()
    chunk = 100_000
    for start in range(0, n, chunk):
        index.upsert(documents[start : start + chunk], vectors[start : start + chunk])
    build_s = time.perf_counter() - started
    result: dict[str, Any] = {
        "documents": n,
        "build_s": round(build_s, 2),
        "build_docs_per_s": round(n / build_s),
        "rss_before_build_mb": round(rss_before),
    }
    del vectors
    result["lexical"] = _latency(index, queries, mode="lexical")
    result["exact"] = {
        "dense": _latency(index, queries, mode="dense"),
        "hybrid": _latency(index, queries, mode="hybrid"),
    }
    china = SearchFilter(facets={"country": frozenset({"CN"})}, types=frozenset({"project"}))
    started = time.perf_counter()
    index._dense.build_ann()
    hnsw_s = time.perf_counter() - started
    result["hnsw"] = {
        "build_s": round(hnsw_s, 2),
        "M": dense_module.HNSW_M,
        "ef_construction": dense_module.HNSW_EF_CONSTRUCTION,
        "ef": dense_module.HNSW_EF,
        "dense": _latency(index, queries, mode="dense"),
        "hybrid": _latency(index, queries, mode="hybrid"),
        "hybrid_filtered_cn_projects": _latency(index, queries, mode="hybrid", filter=china),
    }
    # Recall of the graph against exact search for the same query vectors.
    sample = [index.encoder.encode([q])[0] for q in queries[::4]]
    overlap = []
    for vector in sample:
        exact_slots, _ = index._dense._exact(
            vector,
            10,
            index._dense._live[: index._dense._size],
            everything=True,
        )
        ann_slots, _ = index._dense.top(vector, 10)
        overlap.append(len(set(exact_slots.tolist()) & set(ann_slots.tolist())) / 10)
    result["hnsw"]["recall_at_10_vs_exact"] = round(statistics.fmean(overlap), 4)
    # One write in a full index: replace a document, then remove one.
    replacement = Document("project:0", "project", {"title_en": "Replaced quantum sensor"})
    started = time.perf_counter()
    index.upsert([replacement], np.ones((1, index.dim), dtype=np.float32))
    result["single_upsert_ms"] = round((time.perf_counter() - started) * 1000, 3)
    started = time.perf_counter()
    index.remove([documents[1].id])
    result["single_remove_ms"] = round((time.perf_counter() - started) * 1000, 3)
    if n <= 200_000:
        with tempfile.TemporaryDirectory() as folder:
            started = time.perf_counter()
            index.save(Path(folder) / "index")
            result["save_s"] = round(time.perf_counter() - started, 2)
            started = time.perf_counter()
            SearchIndex.load(Path(folder) / "index", encoder=index.encoder)
            result["load_s"] = round(time.perf_counter() - started, 2)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result["peak_rss_mb"] = round(peak)
    result["index_memory_mb"] = round(peak - rss_before)
    return result


def _in_child(n: int, work: str) -> dict[str, Any]:
    context = multiprocessing.get_context("spawn")
    with context.Pool(1) as pool:
        return pool.apply(measure_size, (n, work))


# -- fusion quality ----------------------------------------------------------------------


def fusion_quality(pools: Any, encoder: Any, share: float) -> dict[str, Any]:
    """Lexical, dense and both fusions on labelled real queries (MRR, Recall@10)."""
    from stcoop.engines.evaluation import Judgement, evaluate
    from stcoop.engines.retrieval import Document, SearchIndex, fusion

    rng = random.Random(5)
    documents: list[Document] = []
    sets: dict[str, list[Judgement]] = {
        "zh->en": [],
        "en->zh": [],
        "zh keywords": [],
        "en alias": [],
    }
    pairs = list(pools.org_pairs)
    rng.shuffle(pairs)
    pairs = pairs[: int(len(pairs) * share)]
    for i, (english, chinese) in enumerate(pairs):
        doc_id = f"organisation:p{i}"
        if i % 2 == 0:
            documents.append(Document(doc_id, "organisation", {"name_en": english}))
            sets["zh->en"].append(Judgement(chinese, {doc_id: 1.0}))
        else:
            documents.append(Document(doc_id, "organisation", {"name_zh": chinese}))
            sets["en->zh"].append(Judgement(english, {doc_id: 1.0}))
    for i, (title, abstract, keywords) in enumerate(pools.papers_zh[: int(200 * share)]):
        doc_id = f"project:k{i}"
        documents.append(Document(doc_id, "project", {"title_zh": title, "summary_zh": abstract}))
        sets["zh keywords"].append(Judgement(keywords, {doc_id: 1.0}))
    aliases = list(pools.org_aliases)
    rng.shuffle(aliases)
    for i, (alias, display) in enumerate(aliases[: int(200 * share)]):
        doc_id = f"organisation:a{i}"
        documents.append(Document(doc_id, "organisation", {"name_en": display}))
        sets["en alias"].append(Judgement(alias, {doc_id: 1.0}))
    distractors = rng.sample(pools.org_en, int(1000 * share)) + rng.sample(
        pools.en, int(500 * share)
    )
    distractors += rng.sample(pools.zh, int(1000 * share))
    for i, text in enumerate(distractors):
        field = "title_zh" if any("\u4e00" <= ch <= "\u9fff" for ch in text) else "title_en"
        documents.append(Document(f"resource:d{i}", "resource", {field: text}))
    index = SearchIndex(CachedEncoder(encoder))
    index.upsert(documents)
    methods: dict[str, tuple[str, str | None, float | None]] = {
        "lexical": ("lexical", None, None),
        "dense": ("dense", None, None),
        "hybrid_rrf": ("hybrid", "rrf", None),
        "hybrid_blend_0.3": ("hybrid", "blend", 0.3),
        "hybrid_blend_0.5": ("hybrid", "blend", 0.5),
        "hybrid_blend_0.7": ("hybrid", "blend", 0.7),
    }
    results: dict[str, Any] = {
        "documents": len(index),
        "queries": {name: len(judgements) for name, judgements in sets.items()},
    }
    default_weight = fusion.LEXICAL_WEIGHT
    default_fuser = index.fuser
    for method, (mode, fuser, weight) in methods.items():
        index.fuser = fuser or default_fuser
        fusion.LEXICAL_WEIGHT = weight if weight is not None else default_weight
        per_set = {}
        for name, judgements in sets.items():
            report = evaluate(
                lambda q, mode=mode: [h.id for h in index.search(q, k=10, mode=mode)],
                judgements,
                cutoffs=(1, 10),
            )
            per_set[name] = {
                "mrr": round(report.mrr, 4),
                "recall@10": round(report.recall_at(10), 4),
            }
        per_set["mean_mrr"] = round(statistics.fmean(v["mrr"] for v in per_set.values()), 4)
        results[method] = per_set
    fusion.LEXICAL_WEIGHT = default_weight
    results["default"] = f"{default_fuser} (lexical weight {default_weight})"
    return results


# -- entry point -------------------------------------------------------------------------


def run(
    repeat: int | None = None, *, sizes: list[int] | None = None, quality: bool = True
) -> dict[str, Any]:
    """Encoder throughput, fusion quality, and build/memory/latency at each size.

    ``sizes`` (default: 10k, 100k, 1M times ``STCOOP_BENCH_SCALE``) and ``quality`` let a
    run measure part of it (e.g. 1M alone on another machine).
    """
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from search_data import load_pools

    from stcoop.engines.encoder import default_encoder
    from stcoop.engines.retrieval import Document, embed_text

    pools = load_pools()
    scale = _scale()
    texts, languages = _sources(pools, scale)
    encoder = default_encoder()
    encoder.encode(["warm up"])
    started = time.perf_counter()
    base = encoder.encode(texts)
    encode_s = time.perf_counter() - started
    sample = _documents(300, languages, seed=9)
    doc_texts = [
        embed_text(Document("x:1", "x", {"title": texts[a], "summary": texts[b]}))
        for a, b, _, _ in sample
    ]
    started = time.perf_counter()
    encoder.encode(doc_texts)
    doc_rate = len(doc_texts) / (time.perf_counter() - started)
    sizes = sizes or [max(100, int(size * scale)) for size in SIZES]
    share = 1.0 if scale >= 0.1 else 0.3
    result: dict[str, Any] = {
        "scale": scale,
        "cpu_count": os.cpu_count(),
        "load_average_at_start": os.getloadavg(),
        "vectors": (
            f"derived: each document's vector is the normalised mean of the real USE vectors "
            f"of its two source texts ({len(texts)} distinct real texts encoded)"
        ),
        "encoder": {
            "source_texts": len(texts),
            "source_texts_per_s": round(len(texts) / encode_s, 1),
            "document_texts_per_s": round(doc_rate, 1),
            "extrapolated_encode_1m_documents_s": round(1_000_000 / doc_rate),
            "threads": getattr(encoder, "threads", None),
        },
    }
    if quality:
        result["fusion_quality"] = fusion_quality(pools, encoder, share)
    queries = _queries(texts, languages)
    encode_times = []
    query_vectors = []
    for query in queries:
        begin = time.perf_counter()
        query_vectors.append(encoder.encode([query])[0])
        encode_times.append((time.perf_counter() - begin) * 1000)
    result["query_encode_median_ms"] = round(statistics.median(encode_times), 3)
    result["query_encode_p95_ms"] = round(_percentile(encode_times, 95), 3)
    with tempfile.TemporaryDirectory() as work:
        np.save(Path(work) / "texts.npy", np.asarray(texts))
        np.save(Path(work) / "languages.npy", np.asarray(languages))
        np.save(Path(work) / "vectors.npy", base)
        np.save(Path(work) / "queries.npy", np.asarray(queries))
        np.save(Path(work) / "query_vectors.npy", np.stack(query_vectors))
        result["sizes"] = {str(n): _in_child(n, work) for n in sizes}
    result["load_average_at_end"] = os.getloadavg()
    return result
