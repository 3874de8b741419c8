"""The multilingual sentence encoder puts Chinese and English texts in one space."""

from __future__ import annotations

import numpy as np

from stcoop.engines.encoder import DIM, default_encoder


def test_vectors_are_unit_length_and_empty_text_is_zero() -> None:
    vectors = default_encoder().encode(["quantum computing", "", "   "])
    assert vectors.shape == (3, DIM)
    assert vectors.dtype == np.float32
    assert abs(float(np.linalg.norm(vectors[0])) - 1.0) < 1e-4
    assert not vectors[1].any() and not vectors[2].any()


def test_translation_is_closer_than_an_unrelated_text() -> None:
    zh, en, other = default_encoder().encode(["量子计算", "quantum computing", "banana bread"])
    assert float(zh @ en) > 0.6
    assert float(zh @ en) > float(zh @ other) + 0.3


def test_no_texts_gives_an_empty_matrix() -> None:
    assert default_encoder().encode([]).shape == (0, DIM)
