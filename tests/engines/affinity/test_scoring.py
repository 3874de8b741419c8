"""Affinity scoring: aggregation, the lexical and dense parts, and their combination."""

from __future__ import annotations

import numpy as np
import pytest

from stcoop.engines.affinity import (
    SCORERS,
    AffinityParams,
    Paper,
    affinity_scores,
    aggregate_top_k,
    document_affinity,
)
from stcoop.engines.affinity.dense import paper_sentences, paper_vectors, text_vectors
from stcoop.engines.affinity.lexical import lexical_similarity

from .conftest import BagOfWordsEncoder

ARCHIVES = {
    "graphs": [
        Paper("g1", "Graph neural networks", "Message passing on graphs for node classification."),
        Paper("g2", "Spectral graph theory", "Eigenvalues of the graph Laplacian and clustering."),
    ],
    "proteins": [
        Paper("p1", "Protein folding", "Predicting protein structure from amino acid sequences."),
        Paper("p2", "Enzyme kinetics", "Rates of enzyme catalysed reactions in cells."),
    ],
}
SUBMISSIONS = [
    Paper("s-graph", "Clustering graphs", "Spectral clustering of graph nodes with the Laplacian."),
    Paper("s-protein", "Protein structure", "Amino acid sequences determine protein structure."),
]


def test_aggregate_top_k_means_the_best_papers() -> None:
    similarity = np.array([[0.1, 0.9, 0.5, 0.2, 0.4], [0.3, 0.3, 0.3, 0.8, 0.0]])
    bounds = [(0, 3), (3, 5), (5, 5)]  # the third expert has no paper
    out = aggregate_top_k(similarity, bounds, k=2)
    np.testing.assert_allclose(out, [[0.7, 0.3, 0.0], [0.3, 0.4, 0.0]])
    np.testing.assert_allclose(aggregate_top_k(similarity, bounds, k=9)[:, 1], [0.3, 0.4])


def test_lexical_similarity_prefers_shared_rare_terms() -> None:
    submissions = [["graph", "laplacian"], ["protein"]]
    papers = [["graph", "laplacian", "cluster"], ["protein", "fold"], ["enzym"]]
    similarity = lexical_similarity(submissions, papers)
    assert similarity.shape == (2, 3)
    assert similarity[0].argmax() == 0
    assert similarity[1].argmax() == 1
    assert similarity[0, 2] == similarity[1, 2] == 0.0


def test_lexical_similarity_of_nothing() -> None:
    assert lexical_similarity([], [["a"]]).shape == (0, 1)


def test_paper_sentences_split_english_and_chinese() -> None:
    paper = Paper("x", "Title", "First sentence is here. Fig. 2 shows more of it. 第一句。第二句！")
    assert paper_sentences(paper) == [
        "Title",
        "First sentence is here.",
        "Fig. 2 shows more of it.",
        "第一句。 第二句！",
    ]


def test_paper_vectors_are_cached_by_text(bow_encoder: BagOfWordsEncoder) -> None:
    cache: dict[str, np.ndarray] = {}
    first = paper_vectors(SUBMISSIONS, bow_encoder, cache=cache)
    assert bow_encoder.calls == 1 and len(cache) == 2
    again = paper_vectors(SUBMISSIONS, bow_encoder, cache=cache)
    assert bow_encoder.calls == 1
    np.testing.assert_array_equal(first, again)
    np.testing.assert_allclose(np.linalg.norm(first, axis=1), 1.0, rtol=1e-5)


def test_empty_paper_gets_zero_vector(bow_encoder: BagOfWordsEncoder) -> None:
    vectors = paper_vectors([Paper("e")], bow_encoder)
    assert not vectors.any()


@pytest.mark.parametrize("method", sorted(SCORERS))
def test_each_method_ranks_the_fitting_submission_first(
    method: str, bow_encoder: BagOfWordsEncoder
) -> None:
    scores = affinity_scores(
        ARCHIVES, SUBMISSIONS, method=method, encoder=bow_encoder, e5_encoder=bow_encoder
    )
    assert set(scores) == {"graphs", "proteins"}
    assert scores["graphs"]["s-graph"] > scores["graphs"]["s-protein"]
    assert scores["proteins"]["s-protein"] > scores["proteins"]["s-graph"]


def test_progress_is_reported(bow_encoder: BagOfWordsEncoder) -> None:
    calls: list[tuple[str, int, int]] = []
    affinity_scores(
        ARCHIVES,
        SUBMISSIONS,
        encoder=bow_encoder,
        e5_encoder=BagOfWordsEncoder(),
        progress=lambda d, n, t: calls.append((d, n, t)),
    )
    assert calls and calls[-1][1] == calls[-1][2] > 0
    assert {d for d, _, _ in calls} == {"Encoding sentences", "Encoding papers (e5)"}


def test_unknown_method() -> None:
    with pytest.raises(ValueError, match="unknown affinity method 'magic'"):
        affinity_scores(ARCHIVES, SUBMISSIONS, method="magic")


def test_nothing_to_score(bow_encoder: BagOfWordsEncoder) -> None:
    empty = {"graphs": {}, "proteins": {}}
    assert affinity_scores(ARCHIVES, [], encoder=bow_encoder, e5_encoder=bow_encoder) == empty
    assert affinity_scores({}, SUBMISSIONS, encoder=bow_encoder, e5_encoder=bow_encoder) == {}


def test_expert_without_papers_scores_zero(bow_encoder: BagOfWordsEncoder) -> None:
    scores = affinity_scores(
        {**ARCHIVES, "new": []}, SUBMISSIONS, encoder=bow_encoder, e5_encoder=bow_encoder
    )
    assert scores["new"] == {"s-graph": 0.0, "s-protein": 0.0}


def test_lexical_weight_one_is_lexical_order(bow_encoder: BagOfWordsEncoder) -> None:
    params = AffinityParams(lexical_weight=1.0, dense_weight=0.0, e5_weight=0.0)
    combined = affinity_scores(ARCHIVES, SUBMISSIONS, params=params, encoder=bow_encoder)
    lexical = affinity_scores(ARCHIVES, SUBMISSIONS, method="lexical", encoder=bow_encoder)
    for expert in ARCHIVES:
        order = sorted(combined[expert], key=combined[expert].__getitem__)
        assert order == sorted(lexical[expert], key=lexical[expert].__getitem__)


def test_text_vectors_are_cached_apart_from_sentence_vectors(
    bow_encoder: BagOfWordsEncoder,
) -> None:
    cache: dict[str, np.ndarray] = {}
    paper_vectors(SUBMISSIONS, bow_encoder, cache=cache)
    first = text_vectors([*SUBMISSIONS, Paper("e")], bow_encoder, cache=cache)
    assert len(cache) == 5  # two sentence means, two whole texts, one empty text
    calls = bow_encoder.calls
    again = text_vectors(SUBMISSIONS, bow_encoder, cache=cache)
    assert bow_encoder.calls == calls
    np.testing.assert_array_equal(first[:2], again)
    assert not first[2].any()


def test_dense_weights_alone_score_a_pair_without_a_shared_language(
    bow_encoder: BagOfWordsEncoder,
) -> None:
    # A Chinese expert: the lexical part cannot see English submissions; the dense parts
    # (here both the same stand-in) then decide alone, with their weights rescaled.
    archives = {"zh": [Paper("z", "图神经网络", "图上的消息传递。")], **ARCHIVES}
    combined = affinity_scores(archives, SUBMISSIONS, encoder=bow_encoder, e5_encoder=bow_encoder)
    dense = affinity_scores(archives, SUBMISSIONS, method="dense", encoder=bow_encoder)
    assert set(combined["zh"]) == set(dense["zh"])
    order = sorted(combined["zh"], key=combined["zh"].__getitem__)
    assert order == sorted(dense["zh"], key=dense["zh"].__getitem__)


def test_document_affinity_ranks_experts(bow_encoder: BagOfWordsEncoder) -> None:
    archives = {**ARCHIVES, "new": []}
    graph = document_affinity(SUBMISSIONS[0], archives, encoder=bow_encoder)
    protein = document_affinity(SUBMISSIONS[1], archives, encoder=bow_encoder)
    assert max(graph, key=graph.__getitem__) == "graphs"
    assert max(protein, key=protein.__getitem__) == "proteins"
    assert min(graph, key=graph.__getitem__) == "new"


def test_document_affinity_with_one_expert_is_the_cosine(bow_encoder: BagOfWordsEncoder) -> None:
    scores = document_affinity(SUBMISSIONS[0], {"graphs": ARCHIVES["graphs"]}, encoder=bow_encoder)
    assert 0 < scores["graphs"] <= 1
    assert document_affinity(SUBMISSIONS[0], {}, encoder=bow_encoder) == {}
