"""The search index: BM25 and sentence vectors over the same documents, fused and explained."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, get_args

import numpy as np

from stcoop.engines.encoder import DIM, Encoder, FloatMatrix, default_encoder
from stcoop.engines.text import detect_language

from . import persistence
from .analysis import MAX_QUERY_CHARS, document_terms, embed_text, make_field_weights, query_terms
from .dense import DenseIndex
from .explain import explain
from .filters import FilterColumns
from .fusion import DEFAULT_FUSER, FUSERS
from .lexical import LexicalIndex
from .types import Document, Explanation, Hit, Mode, SearchFilter

__all__ = ["SearchIndex"]

#: Candidates each part hands to the fusion (at least; ``2 * k`` when larger).
CANDIDATES = 100
#: Terms of a document used as the lexical query of :meth:`SearchIndex.similar`.
SIMILAR_TERMS = 32
MODES = frozenset(get_args(Mode))


class SearchIndex:
    """Documents searchable by words (BM25) and by meaning (cross-lingual vectors).

    Args:
        encoder: turns texts into unit vectors; ``None`` uses the shared multilingual
            Universal Sentence Encoder (loaded on first use).
        field_weights: weight of each field's terms in BM25; fields not named here get
            3.0 when their name starts with ``title`` or ``name``, 2.0 for ``keywords``
            and 1.0 otherwise.
        exact_limit: up to this many documents the dense part searches exactly; above
            it, through an HNSW graph.

    Attributes:
        fuser: name of the fusion in :data:`~stcoop.engines.retrieval.fusion.FUSERS`.
        min_similarity: a document found only by the dense part must have at least this
            cosine with the query (anything lower is noise for this encoder).

    Every public method is safe to call from several threads.
    """

    min_similarity = 0.3

    def __init__(
        self,
        encoder: Encoder | None = None,
        *,
        field_weights: Mapping[str, float] | None = None,
        exact_limit: int = 50_000,
    ) -> None:
        self._encoder = encoder
        self.field_weights: dict[str, float] = dict(field_weights or {})
        self._weight = make_field_weights(self.field_weights)
        self.exact_limit = exact_limit
        self.fuser = DEFAULT_FUSER
        self._lock = threading.RLock()
        self._slot_of: dict[str, int] = {}
        self._docs: list[Document | None] = []
        self._lexical = LexicalIndex()
        self._dense = DenseIndex(self.dim, exact_limit=exact_limit)
        self._columns = FilterColumns()

    # -- properties --------------------------------------------------------------------

    @property
    def encoder(self) -> Encoder:
        """The encoder (the shared default one unless another was given)."""
        if self._encoder is None:
            self._encoder = default_encoder()
        return self._encoder

    @property
    def dim(self) -> int:
        """Width of the vectors."""
        return self._encoder.dim if self._encoder is not None else DIM

    @property
    def uses_ann(self) -> bool:
        """Whether dense searches go through the approximate (HNSW) index."""
        return self._dense.uses_ann

    def __len__(self) -> int:
        return len(self._slot_of)

    def __contains__(self, id: object) -> bool:
        return id in self._slot_of

    def ids(self) -> list[str]:
        """Ids of every indexed document."""
        with self._lock:
            return list(self._slot_of)

    def get(self, id: str) -> Document | None:
        """The indexed document ``id`` or ``None``."""
        slot = self._slot_of.get(id)
        return None if slot is None else self._docs[slot]

    def vector(self, id: str) -> FloatMatrix | None:
        """The stored ``(dim,)`` vector of ``id`` or ``None``."""
        with self._lock:
            slot = self._slot_of.get(id)
            return None if slot is None else self._dense.get(slot)

    # -- writing -----------------------------------------------------------------------

    def upsert(self, documents: Sequence[Document], vectors: FloatMatrix | None = None) -> None:
        """Add documents, or replace those whose id is already indexed.

        Args:
            documents: the documents; when an id repeats, the last one wins.
            vectors: one unit vector per document (row ``i`` for ``documents[i]``);
                ``None`` encodes :func:`embed_text` of each document.

        Raises:
            ValueError: ``vectors`` has the wrong shape.
        """
        documents = list(documents)
        if not documents:
            return
        if vectors is None:
            vectors = self.encoder.encode([embed_text(d) for d in documents])
        vectors = np.asarray(vectors, dtype=np.float32)
        if vectors.shape != (len(documents), self.dim):
            raise ValueError(
                f"upsert: vectors have shape {vectors.shape}, "
                f"expected ({len(documents)}, {self.dim}) for {len(documents)} documents"
            )
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        vectors = (vectors / np.where(norms > 0, norms, 1.0)).astype(np.float32)
        last = {doc.id: i for i, doc in enumerate(documents)}
        rows = sorted(last.values())
        with self._lock:
            items: list[tuple[int, Mapping[str, float], float]] = []
            slots: list[int] = []
            for row in rows:
                document = documents[row]
                slot = self._slot_of.get(document.id)
                if slot is None:
                    slot = len(self._docs)
                    self._docs.append(None)
                    self._slot_of[document.id] = slot
                else:
                    self._lexical.discard(slot, self._terms_of(slot))
                self._docs[slot] = document
                self._columns.set(slot, document)
                terms, length = document_terms(document, self._weight)
                items.append((slot, terms, length))
                slots.append(slot)
            self._lexical.add_many(items)
            self._dense.set(np.asarray(slots, dtype=np.int32), vectors[rows])

    def _terms_of(self, slot: int) -> Any:
        document = self._docs[slot]

        def terms() -> Mapping[str, float]:
            return {} if document is None else document_terms(document, self._weight)[0]

        return terms

    def remove(self, ids: Iterable[str]) -> None:
        """Remove documents by id (unknown ids are ignored)."""
        with self._lock:
            for doc_id in ids:
                slot = self._slot_of.pop(doc_id, None)
                if slot is None:
                    continue
                self._lexical.discard(slot, self._terms_of(slot))
                self._dense.discard(slot)
                self._columns.discard(slot)
                self._docs[slot] = None

    # -- searching ---------------------------------------------------------------------

    def search(
        self,
        query: str,
        *,
        k: int = 20,
        mode: Mode = "hybrid",
        filter: SearchFilter | None = None,
    ) -> list[Hit]:
        """The ``k`` best documents for ``query``, best first, each with its explanation.

        An empty query, or one without a word (only symbols or control characters),
        gives ``[]``; a query longer than 1,000 characters is cut.

        Raises:
            ValueError: ``mode`` is not ``"hybrid"``, ``"lexical"`` or ``"dense"``.
        """
        _check_mode(mode)
        query = (query or "")[:MAX_QUERY_CHARS]
        if not query.strip() or k <= 0:
            return []
        terms = {term: float(count) for term, count in query_terms(query).items()}
        if not terms:
            return []  # only punctuation, symbols or control characters: nothing to find
        vector = self._encode_query(query) if mode != "lexical" else None
        return self._rank(terms, vector, detect_language(query), k, mode, filter, None)

    def similar(
        self,
        id: str,
        *,
        k: int = 20,
        mode: Mode = "hybrid",
        filter: SearchFilter | None = None,
    ) -> list[Hit]:
        """Documents like the indexed document ``id`` (not itself); ``[]`` for an unknown id."""
        _check_mode(mode)
        with self._lock:
            slot = self._slot_of.get(id)
            document = None if slot is None else self._docs[slot]
            vector = None if slot is None else self._dense.get(slot)
        if document is None or slot is None:
            return []
        return self._rank_document(document, vector, k, mode, filter, slot)

    def search_document(
        self,
        document: Document,
        *,
        k: int = 20,
        mode: Mode = "hybrid",
        filter: SearchFilter | None = None,
    ) -> list[Hit]:
        """Documents like ``document`` (which need not be indexed; if it is, not itself)."""
        _check_mode(mode)
        vector = None
        if mode != "lexical":
            vector = self.encoder.encode([embed_text(document)])[0]
        slot = self._slot_of.get(document.id)
        return self._rank_document(document, vector, k, mode, filter, slot)

    def _rank_document(
        self,
        document: Document,
        vector: FloatMatrix | None,
        k: int,
        mode: Mode,
        filter: SearchFilter | None,
        own_slot: int | None,
    ) -> list[Hit]:
        if k <= 0:
            return []
        weighted, _ = document_terms(document, self._weight)
        with self._lock:
            ranked = sorted(
                weighted.items(), key=lambda item: -item[1] * self._lexical.idf(item[0])
            )
        terms = {term: 1.0 for term, _ in ranked[:SIMILAR_TERMS]}
        language = detect_language(embed_text(document))
        if mode == "lexical":
            vector = None
        return self._rank(terms, vector, language, k, mode, filter, own_slot)

    def _encode_query(self, query: str) -> FloatMatrix:
        vector: FloatMatrix = self.encoder.encode([query])[0]
        return vector

    def _rank(
        self,
        terms: Mapping[str, float],
        vector: FloatMatrix | None,
        language: str,
        k: int,
        mode: Mode,
        search_filter: SearchFilter | None,
        own_slot: int | None,
    ) -> list[Hit]:
        with self._lock:
            size = len(self._docs)
            allowed = None
            if search_filter is not None and not search_filter.is_empty:
                allowed = self._columns.mask(search_filter, size, self._slot_of)
            if own_slot is not None:
                if allowed is None:
                    allowed = np.ones(size, dtype=np.bool_)
                allowed[own_slot] = False
            wanted = max(CANDIDATES, 2 * k) if mode == "hybrid" else k
            lexical: dict[int, float] = {}
            dense: dict[int, float] = {}
            if mode != "dense" and terms:
                slots, scores = self._lexical.top(terms, wanted, allowed)
                lexical = dict(zip(slots.tolist(), scores.tolist(), strict=True))
            if mode != "lexical" and vector is not None:
                slots, sims = self._dense.top(vector, wanted, allowed)
                dense = {
                    s: c
                    for s, c in zip(slots.tolist(), sims.tolist(), strict=True)
                    if c >= self.min_similarity
                }
            lexical_rank = {slot: rank for rank, slot in enumerate(lexical, start=1)}
            dense_rank = {slot: rank for rank, slot in enumerate(dense, start=1)}
            if mode == "lexical":
                fused = lexical
                similarity: dict[int, float] = {}
            elif mode == "dense":
                fused = dense
                similarity = dense
            else:
                similarity = dict(dense)
                missing = np.asarray([s for s in lexical if s not in dense], dtype=np.int32)
                if vector is not None and len(missing):
                    extra = self._dense.similarity(vector, missing)
                    similarity.update(zip(missing.tolist(), extra.tolist(), strict=True))
                candidates = np.asarray(list(similarity), dtype=np.int32)
                fused = FUSERS[self.fuser](
                    lexical,
                    similarity,
                    self._lexical.ceiling(terms),
                    self._columns.without_language(candidates, language),
                )
            best = sorted(fused.items(), key=lambda item: (-item[1], item[0]))[:k]
            found = [(slot, score, self._docs[slot]) for slot, score in best]
        hits: list[Hit] = []
        for slot, score, document in found:
            if document is None:
                continue
            explanation: Explanation = explain(
                document,
                terms.keys(),
                language,
                self._weight,
                lexical_score=lexical.get(slot),
                lexical_rank=lexical_rank.get(slot),
                semantic_similarity=similarity.get(slot),
                dense_rank=dense_rank.get(slot),
            )
            hits.append(Hit(document.id, document.type, float(score), explanation))
        return hits

    # -- persistence -------------------------------------------------------------------

    def save(self, directory: Path) -> None:
        """Write the index to ``directory`` atomically (a temporary folder, then a rename)."""
        with self._lock:
            persistence.save(
                Path(directory),
                documents=self._docs,
                lexical=self._lexical,
                dense=self._dense,
                meta={
                    "field_weights": self.field_weights,
                    "exact_limit": self.exact_limit,
                    "fuser": self.fuser,
                    "dim": self.dim,
                },
            )

    @classmethod
    def load(cls, directory: Path, encoder: Encoder | None = None) -> SearchIndex:
        """Read an index written by :meth:`save`.

        Raises:
            FileNotFoundError: ``directory`` holds no saved index.
            ValueError: the files are damaged or from another version or encoder width.
        """
        stored = persistence.load(Path(directory))
        meta = stored.meta
        index = cls(
            encoder,
            field_weights=meta.get("field_weights") or None,
            exact_limit=int(meta.get("exact_limit", 50_000)),
        )
        if int(meta.get("dim", DIM)) != index.dim:
            raise ValueError(
                f"{directory}: index vectors have width {meta.get('dim')}, "
                f"the encoder gives {index.dim}"
            )
        index.fuser = str(meta.get("fuser", DEFAULT_FUSER))
        if index.fuser not in FUSERS:
            index.fuser = DEFAULT_FUSER
        index._docs = stored.documents
        index._slot_of = {doc.id: slot for slot, doc in enumerate(stored.documents) if doc}
        for slot, document in enumerate(stored.documents):
            if document is not None:
                index._columns.set(slot, document)
        index._lexical = LexicalIndex.from_state(stored.terms, stored.lexical_arrays)
        index._dense = DenseIndex.load(Path(directory), index.dim, exact_limit=index.exact_limit)
        return index


def _check_mode(mode: str) -> None:
    if mode not in MODES:
        raise ValueError(f"search mode {mode!r} is not one of {', '.join(sorted(MODES))}")
