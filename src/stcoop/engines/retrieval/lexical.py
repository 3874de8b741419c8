"""BM25 over weighted field terms, with cheap incremental updates.

Postings live in two segments:

* the **main** segment: one compressed-sparse-row array per field of data (term id →
  slots and weighted term frequencies), built in bulk with numpy and scored with
  vectorised arithmetic;
* the **delta** segment: plain dictionaries holding the documents written since the
  last merge.

Writing one document touches the delta only (and marks the document's old main postings
stale); the delta is merged into the main segment when it grows past
:data:`MERGE_MIN_DOCS` documents or :data:`MERGE_FRACTION` of the main segment, so a
single update of a large index costs a few dictionary operations, not a rebuild.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence

import numpy as np
from numpy.typing import NDArray

__all__ = ["BM25_B", "BM25_K1", "LexicalIndex", "LexicalState"]

BM25_K1 = 1.2
BM25_B = 0.75
#: The delta is merged once it holds this many documents...
MERGE_MIN_DOCS = 2_000
#: ... and at least this share of the main segment's documents.
MERGE_FRACTION = 0.05
#: A batch at least this large skips the delta and is merged into the main segment at once.
BULK_DOCS = 2_000

IntArray = NDArray[np.int32]
FloatArray = NDArray[np.float32]
BoolArray = NDArray[np.bool_]
LexicalState = dict[str, NDArray[np.generic]]


def _grow(array: NDArray[np.generic], size: int, fill: object) -> NDArray[np.generic]:
    if size <= len(array):
        return array
    grown = np.full(max(size, 2 * len(array), 1024), fill, dtype=array.dtype)
    grown[: len(array)] = array
    return grown


class LexicalIndex:
    """BM25 (k1=1.2, b=0.75) over slots; a slot is the caller's integer id of a document."""

    def __init__(self) -> None:
        self._vocab: dict[str, int] = {}
        self._terms: list[str] = []
        self._offsets: NDArray[np.int64] = np.zeros(1, dtype=np.int64)
        self._post_slots: IntArray = np.zeros(0, dtype=np.int32)
        self._post_tf: FloatArray = np.zeros(0, dtype=np.float32)
        # Per slot: the document is indexed; its current postings are in the main segment.
        self._live: BoolArray = np.zeros(0, dtype=np.bool_)
        self._main_valid: BoolArray = np.zeros(0, dtype=np.bool_)
        self._doc_len: FloatArray = np.zeros(0, dtype=np.float32)
        self._delta: dict[str, dict[int, float]] = {}
        self._delta_docs: dict[int, Mapping[str, float]] = {}
        self._df: dict[str, int] = {}
        self._count = 0
        self._total_len = 0.0
        self._main_docs = 0
        self._main_stale = 0

    # -- writing -----------------------------------------------------------------------

    def _reserve(self, slot: int) -> None:
        size = slot + 1
        self._live = _grow(self._live, size, False)  # type: ignore[assignment]
        self._main_valid = _grow(self._main_valid, size, False)  # type: ignore[assignment]
        self._doc_len = _grow(self._doc_len, size, 0.0)  # type: ignore[assignment]

    def _count_in(self, slot: int, terms: Mapping[str, float], length: float) -> None:
        self._reserve(slot)
        self._live[slot] = True
        self._doc_len[slot] = length
        self._count += 1
        self._total_len += length
        for term in terms:
            self._df[term] = self._df.get(term, 0) + 1
            if term not in self._vocab:
                self._vocab[term] = len(self._terms)
                self._terms.append(term)

    def add(self, slot: int, terms: Mapping[str, float], length: float) -> None:
        """Index a document under ``slot`` (which must not be indexed now)."""
        self._count_in(slot, terms, length)
        self._delta_docs[slot] = terms
        for term, tf in terms.items():
            self._delta.setdefault(term, {})[slot] = tf
        if len(self._delta_docs) >= max(MERGE_MIN_DOCS, MERGE_FRACTION * self._main_docs):
            self.merge()

    def add_many(self, items: Sequence[tuple[int, Mapping[str, float], float]]) -> None:
        """Index many documents; large batches go straight into the main segment."""
        if len(items) < BULK_DOCS:
            for slot, terms, length in items:
                self.add(slot, terms, length)
            return
        tids: list[int] = []
        slots: list[int] = []
        tfs: list[float] = []
        for slot, terms, length in items:
            self._count_in(slot, terms, length)
            vocab = self._vocab
            for term, tf in terms.items():
                tids.append(vocab[term])
                slots.append(slot)
                tfs.append(tf)
        self.merge(
            extra=(
                np.asarray(tids, dtype=np.int32),
                np.asarray(slots, dtype=np.int32),
                np.asarray(tfs, dtype=np.float32),
            ),
            extra_slots=[slot for slot, _, _ in items],
        )

    def discard(self, slot: int, terms: Callable[[], Mapping[str, float]]) -> None:
        """Remove the document at ``slot``; ``terms`` gives its terms (asked only when needed)."""
        if slot >= len(self._live) or not self._live[slot]:
            return
        in_delta = self._delta_docs.pop(slot, None)
        if in_delta is not None:
            old = in_delta
            for term in old:
                postings = self._delta.get(term)
                if postings is not None:
                    postings.pop(slot, None)
                    if not postings:
                        del self._delta[term]
        else:
            old = terms()
            self._main_valid[slot] = False
            self._main_docs -= 1
            self._main_stale += 1
        for term in old:
            left = self._df.get(term, 0) - 1
            if left > 0:
                self._df[term] = left
            else:
                self._df.pop(term, None)
        self._live[slot] = False
        self._count -= 1
        self._total_len -= float(self._doc_len[slot])
        if self._main_stale > max(MERGE_MIN_DOCS, 4 * MERGE_FRACTION * (self._main_docs + 1)):
            self.merge()

    def merge(
        self,
        extra: tuple[IntArray, IntArray, FloatArray] | None = None,
        extra_slots: Iterable[int] = (),
    ) -> None:
        """Fold the delta (and ``extra`` postings) into a fresh main segment."""
        n_main_terms = len(self._offsets) - 1
        counts = np.diff(self._offsets)
        main_tids = np.repeat(np.arange(n_main_terms, dtype=np.int32), counts)
        keep = self._main_valid[self._post_slots] if len(self._post_slots) else np.zeros(0, bool)
        tid_parts = [main_tids[keep]]
        slot_parts = [self._post_slots[keep]]
        tf_parts = [self._post_tf[keep]]
        if self._delta:
            d_tids: list[int] = []
            d_slots: list[int] = []
            d_tfs: list[float] = []
            for term, postings in self._delta.items():
                tid = self._vocab[term]
                d_tids.extend([tid] * len(postings))
                d_slots.extend(postings.keys())
                d_tfs.extend(postings.values())
            tid_parts.append(np.asarray(d_tids, dtype=np.int32))
            slot_parts.append(np.asarray(d_slots, dtype=np.int32))
            tf_parts.append(np.asarray(d_tfs, dtype=np.float32))
        if extra is not None:
            tid_parts.append(extra[0])
            slot_parts.append(extra[1])
            tf_parts.append(extra[2])
        tids = np.concatenate(tid_parts)
        order = np.argsort(tids, kind="stable")
        self._post_slots = np.ascontiguousarray(np.concatenate(slot_parts)[order])
        self._post_tf = np.ascontiguousarray(np.concatenate(tf_parts)[order])
        offsets = np.zeros(len(self._terms) + 1, dtype=np.int64)
        np.cumsum(np.bincount(tids, minlength=len(self._terms)), out=offsets[1:])
        self._offsets = offsets
        for slot in list(self._delta_docs) + list(extra_slots):
            self._main_valid[slot] = True
        self._delta.clear()
        self._delta_docs.clear()
        self._main_docs = int(
            np.count_nonzero(self._main_valid & self._live[: len(self._main_valid)])
        )
        self._main_stale = 0

    # -- reading -----------------------------------------------------------------------

    def __len__(self) -> int:
        return self._count

    def document_frequency(self, term: str) -> int:
        """How many indexed documents hold ``term``."""
        return self._df.get(term, 0)

    def idf(self, term: str) -> float:
        """BM25 inverse document frequency of ``term`` (0 when no document holds it)."""
        df = self._df.get(term, 0)
        if not df:
            return 0.0
        return math.log(1.0 + (self._count - df + 0.5) / (df + 0.5))

    def ceiling(self, query: Mapping[str, float]) -> float:
        """The BM25 score of a document of average length holding every query term with
        the weight of one title occurrence (3.0): a scale for "how much of the query" a
        score is. A term no document holds counts with the highest idf."""
        tf = 3.0
        per_term = tf * (BM25_K1 + 1.0) / (tf + BM25_K1)
        # A term no document holds still counts (as the rarest): the query asked for it.
        unseen = math.log(1.0 + (self._count + 0.5) / 0.5)
        return sum((self.idf(term) or unseen) * weight * per_term for term, weight in query.items())

    def top(
        self, query: Mapping[str, float], n: int, allowed: BoolArray | None = None
    ) -> tuple[IntArray, FloatArray]:
        """The ``n`` best slots for ``query`` (term → weight) and their BM25 scores, best first.

        Args:
            query: terms with their weights (query term frequency).
            n: how many to return at most.
            allowed: per slot, whether it may be returned (``None``: every slot).
        """
        empty = (np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32))
        if not self._count or n <= 0:
            return empty
        avgdl = max(self._total_len / self._count, 1e-6)
        n_main_terms = len(self._offsets) - 1
        slot_parts: list[IntArray] = []
        score_parts: list[FloatArray] = []
        for term, weight in query.items():
            idf = self.idf(term)
            if idf <= 0.0 or weight <= 0:
                continue
            tid = self._vocab.get(term)
            if tid is not None and tid < n_main_terms:
                start, end = int(self._offsets[tid]), int(self._offsets[tid + 1])
                if end > start:
                    slots = self._post_slots[start:end]
                    tf = self._post_tf[start:end]
                    if self._main_stale:
                        valid = self._main_valid[slots]
                        slots, tf = slots[valid], tf[valid]
                    slot_parts.append(slots)
                    score_parts.append(self._bm25(tf, slots, avgdl, idf * weight))
            delta = self._delta.get(term)
            if delta:
                slots = np.fromiter(delta.keys(), dtype=np.int32, count=len(delta))
                tf = np.fromiter(delta.values(), dtype=np.float32, count=len(delta))
                slot_parts.append(slots)
                score_parts.append(self._bm25(tf, slots, avgdl, idf * weight))
        if not slot_parts:
            return empty
        all_slots = np.concatenate(slot_parts)
        all_scores = np.concatenate(score_parts)
        if len(slot_parts) == 1:
            unique, sums = all_slots, all_scores.astype(np.float64)
        elif len(all_slots) * 8 > len(self._live):
            dense = np.asarray(
                np.bincount(all_slots, weights=all_scores, minlength=len(self._live)),
                dtype=np.float64,
            )
            unique = np.flatnonzero(dense).astype(np.int32)
            sums = dense[unique]
        else:
            unique_, inverse = np.unique(all_slots, return_inverse=True)
            unique = unique_.astype(np.int32)
            sums = np.asarray(np.bincount(inverse, weights=all_scores), dtype=np.float64)
        if allowed is not None:
            keep = allowed[unique]
            unique, sums = unique[keep], sums[keep]
        if len(unique) > n:
            best = np.argpartition(-sums, n - 1)[:n]
            unique, sums = unique[best], sums[best]
        order = np.lexsort((unique, -sums))
        return unique[order], sums[order].astype(np.float32)

    def _bm25(self, tf: FloatArray, slots: IntArray, avgdl: float, idf: float) -> FloatArray:
        norm = BM25_K1 * (1.0 - BM25_B + BM25_B * self._doc_len[slots] / avgdl)
        return (idf * tf * (BM25_K1 + 1.0) / (tf + norm)).astype(np.float32)

    # -- persistence -------------------------------------------------------------------

    def state(self) -> tuple[list[str], LexicalState]:
        """Vocabulary and arrays that :meth:`from_state` restores (merges the delta first)."""
        self.merge()
        arrays: LexicalState = {
            "offsets": self._offsets,
            "post_slots": self._post_slots,
            "post_tf": self._post_tf,
            "live": self._live,
            "doc_len": self._doc_len,
        }
        return list(self._terms), arrays

    @classmethod
    def from_state(
        cls, terms: list[str], arrays: Mapping[str, NDArray[np.generic]]
    ) -> LexicalIndex:
        """Rebuild an index saved with :meth:`state`."""
        index = cls()
        index._terms = list(terms)
        index._vocab = {term: i for i, term in enumerate(index._terms)}
        index._offsets = np.asarray(arrays["offsets"], dtype=np.int64)
        index._post_slots = np.asarray(arrays["post_slots"], dtype=np.int32)
        index._post_tf = np.asarray(arrays["post_tf"], dtype=np.float32)
        index._live = np.asarray(arrays["live"], dtype=np.bool_).copy()
        index._main_valid = index._live.copy()
        index._doc_len = np.asarray(arrays["doc_len"], dtype=np.float32).copy()
        counts = np.diff(index._offsets)
        index._df = {term: int(c) for term, c in zip(index._terms, counts, strict=True) if c}
        index._count = int(np.count_nonzero(index._live))
        index._total_len = float(index._doc_len[index._live].sum())
        index._main_docs = index._count
        return index
