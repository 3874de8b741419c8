"""Nearest neighbours by cosine: exact numpy search for small collections, HNSW above.

Vectors are unit length, so cosine is the inner product. Below ``exact_limit`` live
documents every search is one matrix-vector product (exact, a few milliseconds). Above
it an HNSW graph (hnswlib, inner-product space) answers in well under a millisecond; it
is built once when the collection crosses the limit and then kept up to date: new and
changed vectors are added (an existing label is updated in place), removed ones marked
deleted. A filtered search over a small allowed subset runs exactly on that subset; a
broader filter goes through HNSW with the filter applied during the graph walk.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

__all__ = ["DenseIndex"]

IntArray = NDArray[np.int32]
FloatArray = NDArray[np.float32]
BoolArray = NDArray[np.bool_]

#: HNSW graph degree and build-time beam; query beam is at least :data:`HNSW_EF`.
HNSW_M = 16
HNSW_EF_CONSTRUCTION = 100
HNSW_EF = 96
#: A filter that allows at most this many documents is answered exactly on them.
EXACT_SUBSET_LIMIT = 20_000


class DenseIndex:
    """Unit vectors by slot, searchable by inner product."""

    def __init__(self, dim: int, *, exact_limit: int = 50_000, threads: int = 2) -> None:
        self.dim = dim
        self.exact_limit = exact_limit
        self.threads = threads
        self._vectors: FloatArray = np.zeros((0, dim), dtype=np.float32)
        self._live: BoolArray = np.zeros(0, dtype=np.bool_)
        self._size = 0  # slots in use (live or not)
        self._count = 0
        self._hnsw: Any = None

    def __len__(self) -> int:
        return self._count

    @property
    def uses_ann(self) -> bool:
        """Whether searches go through the HNSW graph."""
        return self._hnsw is not None

    def _reserve(self, size: int) -> None:
        if size <= len(self._vectors):
            return
        capacity = max(size, 2 * len(self._vectors), 1024)
        vectors = np.zeros((capacity, self.dim), dtype=np.float32)
        vectors[: self._size] = self._vectors[: self._size]
        live = np.zeros(capacity, dtype=np.bool_)
        live[: self._size] = self._live[: self._size]
        self._vectors, self._live = vectors, live

    def set(self, slots: IntArray, vectors: FloatArray) -> None:
        """Store (or replace) the vectors of ``slots``."""
        if not len(slots):
            return
        self._reserve(int(slots.max()) + 1)
        self._size = max(self._size, int(slots.max()) + 1)
        self._count += int(np.count_nonzero(~self._live[slots]))
        self._vectors[slots] = vectors
        self._live[slots] = True
        if self._hnsw is not None:
            self._hnsw_add(slots)
        elif self._count > self.exact_limit:
            self.build_ann()

    def discard(self, slot: int) -> None:
        """Forget the vector of ``slot`` (unknown slots are ignored)."""
        if slot >= self._size or not self._live[slot]:
            return
        self._live[slot] = False
        self._vectors[slot] = 0.0
        self._count -= 1
        if self._hnsw is not None:
            self._hnsw.mark_deleted(slot)

    def get(self, slot: int) -> FloatArray | None:
        """A copy of the vector at ``slot`` or ``None``."""
        if slot >= self._size or not self._live[slot]:
            return None
        vector: FloatArray = self._vectors[slot].copy()
        return vector

    def similarity(self, query: FloatArray, slots: IntArray) -> FloatArray:
        """Cosine of ``query`` with the vectors of ``slots``."""
        if not len(slots):
            return np.zeros(0, dtype=np.float32)
        return (self._vectors[slots] @ query).astype(np.float32)

    # -- ANN ---------------------------------------------------------------------------

    def build_ann(self) -> None:
        """Build the HNSW graph over every live vector."""
        import hnswlib

        slots = np.flatnonzero(self._live[: self._size]).astype(np.int32)
        index = hnswlib.Index(space="ip", dim=self.dim)
        index.init_index(
            max_elements=max(2 * len(slots), 1024),
            ef_construction=HNSW_EF_CONSTRUCTION,
            M=HNSW_M,
        )
        index.set_ef(HNSW_EF)
        self._hnsw = index
        self._hnsw_add(slots)

    def _hnsw_add(self, slots: IntArray) -> None:
        index = self._hnsw
        needed = index.get_current_count() + len(slots)
        if needed > index.get_max_elements():
            index.resize_index(max(needed, 2 * index.get_max_elements()))
        for start in range(0, len(slots), 50_000):
            chunk = slots[start : start + 50_000]
            index.add_items(self._vectors[chunk], chunk, num_threads=self.threads)

    # -- search ------------------------------------------------------------------------

    def top(
        self, query: FloatArray, n: int, allowed: BoolArray | None = None
    ) -> tuple[IntArray, FloatArray]:
        """The ``n`` nearest live slots to ``query`` (allowed ones only) and their cosines."""
        empty = (np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32))
        if not self._count or n <= 0 or not np.any(query):
            return empty
        live = self._live[: self._size]
        mask = live if allowed is None else live & allowed[: self._size]
        if self._hnsw is None:
            return self._exact(query, n, mask, everything=True)
        if allowed is not None:
            allowed_count = int(np.count_nonzero(mask))
            if allowed_count <= EXACT_SUBSET_LIMIT:
                return self._exact(query, n, mask, everything=False)
        return self._approximate(query, n, None if allowed is None else mask)

    def _exact(
        self, query: FloatArray, n: int, mask: BoolArray, *, everything: bool
    ) -> tuple[IntArray, FloatArray]:
        if everything:
            sims = self._vectors[: self._size] @ query
            sims[~mask] = -np.inf
            candidates = np.flatnonzero(mask)
            if len(candidates) > n:
                best = np.argpartition(-sims, n - 1)[:n]
            else:
                best = candidates
            slots = best.astype(np.int32)
            scores = sims[best]
        else:
            slots = np.flatnonzero(mask).astype(np.int32)
            scores = self._vectors[slots] @ query
            if len(slots) > n:
                best = np.argpartition(-scores, n - 1)[:n]
                slots, scores = slots[best], scores[best]
        order = np.lexsort((slots, -scores))
        return slots[order], scores[order].astype(np.float32)

    def _approximate(
        self, query: FloatArray, n: int, mask: BoolArray | None
    ) -> tuple[IntArray, FloatArray]:
        index = self._hnsw
        k = min(n, self._count)
        index.set_ef(max(HNSW_EF, k))
        predicate = None
        if mask is not None:
            allowed = mask

            def predicate(label: int) -> bool:
                return bool(label < len(allowed) and allowed[label])

        try:
            labels, distances = index.knn_query(query, k=k, filter=predicate, num_threads=1)
        except RuntimeError:
            # Too few reachable elements for k (many deleted or filtered): go exact.
            live = self._live[: self._size]
            return self._exact(query, n, live if mask is None else mask, everything=True)
        slots = labels[0].astype(np.int32)
        scores = (1.0 - distances[0]).astype(np.float32)
        order = np.lexsort((slots, -scores))
        return slots[order], scores[order]

    # -- persistence -------------------------------------------------------------------

    def save(self, directory: Path) -> None:
        """Write vectors (``vectors.npy``) and, if built, the graph (``hnsw.bin``)."""
        np.save(directory / "vectors.npy", self._vectors[: self._size])
        np.save(directory / "vector_live.npy", self._live[: self._size])
        if self._hnsw is not None:
            self._hnsw.save_index(str(directory / "hnsw.bin"))

    @classmethod
    def load(cls, directory: Path, dim: int, *, exact_limit: int, threads: int = 2) -> DenseIndex:
        """Read what :meth:`save` wrote."""
        index = cls(dim, exact_limit=exact_limit, threads=threads)
        vectors = np.load(directory / "vectors.npy")
        live = np.load(directory / "vector_live.npy")
        if vectors.shape[1:] != (dim,):
            raise ValueError(
                f"{directory / 'vectors.npy'}: vectors of width {vectors.shape[1:]}, expected {dim}"
            )
        index._vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        index._live = np.asarray(live, dtype=np.bool_).copy()
        index._size = len(vectors)
        index._count = int(np.count_nonzero(index._live))
        graph = directory / "hnsw.bin"
        if graph.exists():
            import hnswlib

            hnsw = hnswlib.Index(space="ip", dim=dim)
            hnsw.load_index(str(graph), max_elements=max(2 * index._size, 1024))
            hnsw.set_ef(HNSW_EF)
            index._hnsw = hnsw
        elif index._count > exact_limit:
            index.build_ann()
        return index
