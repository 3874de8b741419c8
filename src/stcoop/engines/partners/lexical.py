"""BM25 over tokenised documents, as one sparse matrix: scoring a query is a sum of
columns.

Documents are given as term lists (from :func:`stcoop.engines.text.tokens`, so Chinese
and English are read the same way at index and query time).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray
from scipy import sparse

__all__ = ["Bm25Matrix"]

FloatVector = NDArray[np.float64]


class Bm25Matrix:
    """Document × term BM25 weights (``k1``, ``b`` as usual); :meth:`scores` ranks
    documents for a query."""

    def __init__(self, documents: Sequence[Sequence[str]], k1: float = 1.2, b: float = 0.75):
        vocabulary: dict[str, int] = {}
        rows: list[int] = []
        cols: list[int] = []
        counts: list[float] = []
        lengths = np.zeros(len(documents), dtype=np.float64)
        for row, terms in enumerate(documents):
            lengths[row] = len(terms)
            tf: dict[int, int] = {}
            for term in terms:
                col = vocabulary.setdefault(term, len(vocabulary))
                tf[col] = tf.get(col, 0) + 1
            rows.extend([row] * len(tf))
            cols.extend(tf)
            counts.extend(float(v) for v in tf.values())
        self.vocabulary = vocabulary
        n_docs = len(documents)
        shape = (n_docs, len(vocabulary))
        tf_matrix = sparse.csr_matrix((counts, (rows, cols)), shape=shape, dtype=np.float64)
        df = np.bincount(np.asarray(cols, dtype=np.int64), minlength=len(vocabulary))
        self.idf: FloatVector = np.log1p((n_docs - df + 0.5) / (df + 0.5))
        average = float(lengths.mean()) if n_docs and lengths.mean() > 0 else 1.0
        norm = k1 * (1 - b + b * lengths / average)
        tf_matrix = tf_matrix.tocoo()
        data = tf_matrix.data * (k1 + 1) / (tf_matrix.data + norm[tf_matrix.row])
        data *= self.idf[tf_matrix.col]
        self.matrix = sparse.csc_matrix((data, (tf_matrix.row, tf_matrix.col)), shape=shape)

    def scores(self, query_terms: Sequence[str]) -> FloatVector:
        """BM25 score of every document for the query (a term repeated counts once)."""
        cols = sorted({self.vocabulary[t] for t in query_terms if t in self.vocabulary})
        if not cols:
            return np.zeros(self.matrix.shape[0], dtype=np.float64)
        return np.asarray(self.matrix[:, cols].sum(axis=1), dtype=np.float64).ravel()
