"""Dense similarity between papers with the multilingual sentence encoder.

The encoder was trained on sentences, so a paper is encoded sentence by sentence (its
title and each sentence of its abstract) and represented by the normalised mean of those
vectors; this ranks better than one vector of the whole text on the gold standard. Chinese
and English sentences share one vector space, so a Chinese abstract is compared with
English papers directly.
"""

from __future__ import annotations

import re
from collections.abc import Callable, MutableMapping, Sequence

import numpy as np
from numpy.typing import NDArray

from stcoop.engines.encoder import Encoder

from .documents import Paper

__all__ = ["dense_similarity", "paper_sentences", "paper_vectors", "text_vectors"]

Vector = NDArray[np.float32]
#: ``progress(description, done, total)``.
Progress = Callable[[str, int, int], None]

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|(?<=[。！？；])")
#: Shorter fragments ("et al.", "Fig. 2") are joined to the sentence before them.
MIN_SENTENCE_CHARS = 20
#: Sentences encoded per call, so that progress can be reported.
BATCH = 512


def paper_sentences(paper: Paper) -> list[str]:
    """The title and the sentences of the abstract of ``paper`` (empty ones left out)."""
    sentences: list[str] = [paper.title.strip()] if paper.title.strip() else []
    pieces: list[str] = []
    for piece in _SENTENCE_END.split(paper.abstract):
        piece = piece.strip()
        if not piece:
            continue
        if pieces and len(pieces[-1]) < MIN_SENTENCE_CHARS:
            pieces[-1] = f"{pieces[-1]} {piece}"
        else:
            pieces.append(piece)
    return sentences + pieces


def paper_vectors(
    papers: Sequence[Paper],
    encoder: Encoder,
    *,
    cache: MutableMapping[str, Vector] | None = None,
    progress: Progress | None = None,
) -> NDArray[np.float32]:
    """One unit vector per paper: the normalised mean of its sentence vectors.

    Args:
        papers: the papers to encode.
        encoder: the sentence encoder.
        cache: vectors already computed, keyed by the paper's text; filled in.
        progress: called as sentences are encoded.

    Returns:
        A ``(len(papers), encoder.dim)`` array; a paper with no text gets a zero row.
    """
    store: MutableMapping[str, Vector] = cache if cache is not None else {}
    todo = {paper.text: paper for paper in papers if paper.text not in store}
    spans: list[tuple[str, int, int]] = []
    sentences: list[str] = []
    for text, paper in todo.items():
        parts = paper_sentences(paper)
        spans.append((text, len(sentences), len(sentences) + len(parts)))
        sentences.extend(parts)
    encoded = np.zeros((len(sentences), encoder.dim), dtype=np.float32)
    for start in range(0, len(sentences), BATCH):
        encoded[start : start + BATCH] = encoder.encode(sentences[start : start + BATCH])
        if progress is not None:
            progress("Encoding sentences", min(start + BATCH, len(sentences)), len(sentences))
    for text, low, high in spans:
        vector = encoded[low:high].mean(axis=0) if high > low else np.zeros(encoder.dim)
        norm = float(np.linalg.norm(vector))
        store[text] = (vector / norm if norm > 0 else vector).astype(np.float32)
    out = np.zeros((len(papers), encoder.dim), dtype=np.float32)
    for row, paper in enumerate(papers):
        out[row] = store[paper.text]
    return out


def text_vectors(
    papers: Sequence[Paper],
    encoder: Encoder,
    *,
    cache: MutableMapping[str, Vector] | None = None,
    namespace: str = "e5",
    progress: Progress | None = None,
) -> NDArray[np.float32]:
    """One unit vector per paper from its whole text (for encoders of passages, like e5).

    Args:
        papers: the papers to encode.
        encoder: the passage encoder.
        cache: vectors already computed, keyed by ``namespace`` and the paper's text (so
            that one cache can also hold :func:`paper_vectors`' vectors); filled in.
        namespace: what tells this encoder's vectors apart in ``cache``.
        progress: called as papers are encoded.

    Returns:
        A ``(len(papers), encoder.dim)`` array; a paper with no text gets a zero row.
    """
    store: MutableMapping[str, Vector] = cache if cache is not None else {}
    keys = [f"\x00{namespace}\x00{paper.text}" for paper in papers]
    todo = list(dict.fromkeys(key for key in keys if key not in store))
    step = max(1, BATCH // 32)  # passages are long: report progress more often
    for start in range(0, len(todo), step):
        batch = todo[start : start + step]
        vectors = encoder.encode([key.split("\x00", 2)[2] for key in batch])
        for key, vector in zip(batch, vectors, strict=True):
            store[key] = vector.astype(np.float32)
        if progress is not None:
            progress("Encoding papers (e5)", min(start + step, len(todo)), len(todo))
    out = np.zeros((len(papers), encoder.dim), dtype=np.float32)
    for row, key in enumerate(keys):
        out[row] = store[key]
    return out


def dense_similarity(
    submissions: NDArray[np.float32], papers: NDArray[np.float32]
) -> NDArray[np.float64]:
    """Cosine similarity of every submission vector with every paper vector."""
    return np.asarray(submissions @ papers.T, dtype=np.float64)
