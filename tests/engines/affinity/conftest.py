"""Shared helpers for the expert-affinity engine tests."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from stcoop.engines.encoder import FloatMatrix

DATA = Path("/work/shared/data/reviewer-expertise")


class BagOfWordsEncoder:
    """A fast, deterministic stand-in for the sentence encoder: hashed word counts."""

    dim = 64

    def __init__(self) -> None:
        self.calls = 0

    def encode(self, texts: Sequence[str]) -> FloatMatrix:
        self.calls += 1
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in text.lower().split():
                digest = hashlib.md5(word.strip(".,").encode(), usedforsecurity=False).digest()
                out[row, digest[0] % self.dim] += 1
            norm = np.linalg.norm(out[row])
            if norm:
                out[row] /= norm
        return out


@pytest.fixture
def bow_encoder() -> BagOfWordsEncoder:
    return BagOfWordsEncoder()


requires_data = pytest.mark.skipif(
    not DATA.is_dir(), reason=f"the reviewer-expertise data ({DATA}) is not here"
)
