"""The two fusions, and the imputation for documents without the query's language."""

from __future__ import annotations

import pytest

from stcoop.engines.retrieval.fusion import COSINE_FLOOR, blend, reciprocal_rank_fusion


def test_rrf_adds_reciprocal_ranks() -> None:
    fused = reciprocal_rank_fusion({1: 9.0, 2: 3.0}, {2: 0.9, 3: 0.5})
    assert fused[2] == pytest.approx(1 / 62 + 1 / 61)
    assert fused[1] == pytest.approx(1 / 61)
    assert fused[3] == pytest.approx(1 / 62)


def test_blend_scales_bm25_by_the_query_ceiling() -> None:
    # One weak lexical match (a common word) must not outweigh a strong semantic one.
    fused = blend({1: 1.0}, {1: 0.2, 2: 0.7}, 10.0)
    assert fused[2] > fused[1]
    assert fused[1] == pytest.approx(0.5 * 0.1 + 0.5 * (0.2 - COSINE_FLOOR) / (1 - COSINE_FLOOR))
    assert blend({1: 50.0}, {1: 1.0}, 10.0)[1] == pytest.approx(1.0)  # capped at 1


def test_documents_without_the_query_language_get_imputed_lexical_evidence() -> None:
    lexical = {1: 4.0}  # a Chinese record sharing one word with a Chinese query
    dense = {1: 0.35, 2: 0.65}  # an English record meaning the same thing
    plain = blend(lexical, dense, 10.0)
    imputed = blend(lexical, dense, 10.0, {2})
    assert imputed[2] > plain[2]
    assert imputed[2] == pytest.approx((0.65 - COSINE_FLOOR) / (1 - COSINE_FLOOR))
    assert imputed[1] == plain[1]
    rrf = reciprocal_rank_fusion(lexical, dense, 0.0, {2})
    assert rrf[2] == pytest.approx(2 / 61)
