"""Lexical similarity between papers: BM25 over stemmed English and segmented Chinese terms.

Terms are words and pairs of neighbouring words (see :func:`paper_terms`).

BM25 is not symmetric: the query's length inflates its scores, and the document's length
is normalised away. A submission is compared with an expert's paper both ways (each as the
query once), each score divided by the square root of the query's number of distinct
terms so that long submissions do not outscore short ones for every expert, and the two
directions are averaged after scaling each to unit standard deviation.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from itertools import pairwise

import numpy as np
from numpy.typing import NDArray
from scipy.sparse import csr_matrix

from stcoop.engines.text import tokenize

__all__ = ["K1", "B", "bm25_matrix", "lexical_similarity", "paper_terms"]

#: BM25 term-frequency saturation.
K1 = 1.2
#: BM25 document-length normalisation.
B = 0.75

Matrix = NDArray[np.float64]


def paper_terms(text: str) -> list[str]:
    """The terms of a paper's text: its words and each pair of neighbouring words.

    Words come from :func:`stcoop.engines.text.tokenize` (stemmed English without stop
    words, segmented Chinese); a pair (``neural_network``) is added for two neighbours read
    in the same language, since technical phrases say more than their words alone.
    """
    words = tokenize(text)
    pairs = [
        f"{first.term}_{second.term}"
        for first, second in pairwise(words)
        if first.language == second.language
    ]
    return [word.term for word in words] + pairs


def _idf(collection: Sequence[Sequence[str]]) -> dict[str, float]:
    frequencies = Counter(term for terms in collection for term in set(terms))
    n = len(collection)
    return {t: math.log(1 + (n - df + 0.5) / (df + 0.5)) for t, df in frequencies.items()}


def _sparse(
    rows: Sequence[Sequence[str]], vocabulary: dict[str, int], weights: list[list[float]]
) -> csr_matrix:
    indices: list[int] = []
    columns: list[int] = []
    values: list[float] = []
    for row, (terms, row_weights) in enumerate(zip(rows, weights, strict=True)):
        for term, weight in zip(terms, row_weights, strict=True):
            indices.append(row)
            columns.append(vocabulary[term])
            values.append(weight)
    return csr_matrix((values, (indices, columns)), shape=(len(rows), len(vocabulary)))


def bm25_matrix(
    queries: Sequence[Sequence[str]],
    documents: Sequence[Sequence[str]],
    idf: dict[str, float],
    *,
    k1: float = K1,
    b: float = B,
) -> Matrix:
    """BM25 scores of every query against every document, divided by √(distinct query terms).

    Args:
        queries: the terms of each query.
        documents: the terms of each document.
        idf: inverse document frequency of every term of ``queries`` and ``documents``.

    Returns:
        A ``(len(queries), len(documents))`` array.
    """
    vocabulary = {term: j for j, term in enumerate(idf)}
    lengths = [len(d) for d in documents]
    average = (sum(lengths) / len(lengths)) if lengths else 0.0
    doc_terms: list[list[str]] = []
    doc_weights: list[list[float]] = []
    for terms, length in zip(documents, lengths, strict=True):
        counts = Counter(terms)
        scale = k1 * (1 - b + b * length / average) if average else k1
        doc_terms.append(list(counts))
        doc_weights.append([n * (k1 + 1) / (n + scale) for n in counts.values()])
    query_terms = [sorted(set(q)) for q in queries]
    query_weights = [[idf[t] / math.sqrt(len(q)) for t in q] for q in query_terms]
    queries_matrix = _sparse(query_terms, vocabulary, query_weights)
    documents_matrix = _sparse(doc_terms, vocabulary, doc_weights)
    return np.asarray((queries_matrix @ documents_matrix.T).toarray(), dtype=np.float64)


def _unit_spread(matrix: Matrix) -> Matrix:
    spread = float(matrix.std()) if matrix.size else 0.0
    return matrix / spread if spread > 0 else matrix


def lexical_similarity(
    submissions: Sequence[Sequence[str]], papers: Sequence[Sequence[str]]
) -> Matrix:
    """Symmetrised BM25 similarity of every submission with every expert paper.

    The inverse document frequencies come from both collections together.

    Returns:
        A ``(len(submissions), len(papers))`` array; 0 where no term is shared.
    """
    if not submissions or not papers:
        return np.zeros((len(submissions), len(papers)))
    idf = _idf([*submissions, *papers])
    forward = bm25_matrix(submissions, papers, idf)
    backward = bm25_matrix(papers, submissions, idf).T
    return (_unit_spread(forward) + _unit_spread(backward)) / 2
