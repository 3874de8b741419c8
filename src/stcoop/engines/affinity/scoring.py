"""Expert affinity: how well each expert's papers fit each submission.

Each scorer compares a submission with every paper of an expert (not with one profile made
of all of them, which blurs an expert with several topics) and aggregates the per-paper
similarities by the mean of the ``top_k`` best. There are two dense parts: the
multilingual sentence encoder (``dense``) and multilingual-e5-small (``e5``, see
:mod:`.e5`). The combined scorer standardises the lexical and the two dense scores per
expert (z-scores over the submissions, so that their scales agree) and adds them with
weights ``lexical_weight``, ``dense_weight`` and ``e5_weight``. When a submission shares no
language with an expert's papers (a Chinese abstract and English papers), the lexical part
cannot see anything and that pair is scored by the dense parts alone (their weights
rescaled to sum to one).

Scorers are chosen by name from :data:`SCORERS`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, MutableMapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from stcoop.engines.encoder import Encoder, default_encoder
from stcoop.engines.text import detect_language

from .dense import Progress, Vector, dense_similarity, paper_vectors, text_vectors
from .documents import Paper
from .e5 import default_e5_encoder
from .lexical import lexical_similarity, paper_terms

__all__ = [
    "SCORERS",
    "AffinityParams",
    "affinity_scores",
    "aggregate_top_k",
    "document_affinity",
]

Matrix = NDArray[np.float64]
#: ``{expert_id: {paper_id: score}}``.
ScoreTable = dict[str, dict[str, float]]


@dataclass(frozen=True, slots=True)
class AffinityParams:
    """The method's parameters (tuned on the gold standard's dev samplings).

    Attributes:
        lexical_top_k: lexical similarities averaged per expert (the best ones).
        dense_top_k: sentence-encoder similarities averaged per expert.
        e5_top_k: e5 similarities averaged per expert.
        lexical_weight: weight of the lexical z-score in ``combined``.
        dense_weight: weight of the sentence-encoder z-score in ``combined``.
        e5_weight: weight of the e5 z-score in ``combined`` (the weights are used as
            given where the lexical part counts, so they should sum to one).
        document_lexical_weight: weight of the lexical part in :func:`document_affinity`
            (lexical and sentence encoder only: e5 is too slow for one request).
    """

    lexical_top_k: int = 8
    dense_top_k: int = 3
    e5_top_k: int = 3
    lexical_weight: float = 0.4
    dense_weight: float = 0.2
    e5_weight: float = 0.4
    document_lexical_weight: float = 0.5


@dataclass(frozen=True, slots=True)
class _Encoders:
    sentence: Encoder
    e5: Encoder


@dataclass
class _Inputs:
    experts: list[str]
    bounds: list[tuple[int, int]]  # each expert's columns in the paper axis
    papers: list[Paper]
    submissions: list[Paper]


def aggregate_top_k(similarity: Matrix, bounds: Sequence[tuple[int, int]], k: int) -> Matrix:
    """Per expert, the mean of the ``k`` highest similarities of each submission.

    Args:
        similarity: ``(submissions, papers)`` similarities.
        bounds: each expert's ``(start, stop)`` columns.
        k: how many of the best papers count (fewer when the expert has fewer).

    Returns:
        A ``(submissions, experts)`` array; 0 for an expert with no paper.
    """
    out = np.zeros((similarity.shape[0], len(bounds)))
    for column, (start, stop) in enumerate(bounds):
        if stop <= start:
            continue
        block = similarity[:, start:stop]
        take = min(k, stop - start)
        out[:, column] = np.sort(block, axis=1)[:, -take:].mean(axis=1)
    return out


def _standardise(column: Matrix, mask: NDArray[np.bool_] | None = None) -> Matrix:
    """z-scores of ``column`` (over the entries in ``mask``); zeros when it is constant."""
    values = column if mask is None else column[mask]
    if values.size < 2:
        return np.zeros_like(column)
    spread = float(values.std())
    if spread == 0:
        return np.zeros_like(column)
    return (column - float(values.mean())) / spread


def _languages(paper: Paper) -> str:
    return detect_language(paper.text[:400])


def _lexical(inputs: _Inputs, params: AffinityParams) -> Matrix:
    similarity = lexical_similarity(
        [paper_terms(p.text) for p in inputs.submissions],
        [paper_terms(p.text) for p in inputs.papers],
    )
    return aggregate_top_k(similarity, inputs.bounds, params.lexical_top_k)


def _vector_affinity(
    inputs: _Inputs,
    encoder: Encoder,
    embed: Callable[..., Vector],
    top_k: int,
    cache: MutableMapping[str, Vector] | None,
    progress: Progress | None,
) -> Matrix:
    """Cosine of each submission with each paper (vectors from ``embed``), then the mean
    of each expert's ``top_k`` best papers."""
    vectors = embed([*inputs.submissions, *inputs.papers], encoder, cache=cache, progress=progress)
    split = len(inputs.submissions)
    similarity = dense_similarity(vectors[:split], vectors[split:])
    return aggregate_top_k(similarity, inputs.bounds, top_k)


def _dense(
    inputs: _Inputs,
    params: AffinityParams,
    encoder: Encoder,
    cache: MutableMapping[str, Vector] | None,
    progress: Progress | None,
) -> Matrix:
    # Sentence by sentence, averaged per paper (better for USE).
    return _vector_affinity(inputs, encoder, paper_vectors, params.dense_top_k, cache, progress)


def _e5(
    inputs: _Inputs,
    params: AffinityParams,
    encoder: Encoder,
    cache: MutableMapping[str, Vector] | None,
    progress: Progress | None,
) -> Matrix:
    # Whole texts as passages (better for e5).
    return _vector_affinity(inputs, encoder, text_vectors, params.e5_top_k, cache, progress)


def _shared_language(inputs: _Inputs) -> NDArray[np.bool_]:
    """``(submissions, experts)``: whether the submission's language is among the expert's."""
    submission_languages = [_languages(p) for p in inputs.submissions]
    expert_languages = [
        {_languages(p) for p in inputs.papers[start:stop]} for start, stop in inputs.bounds
    ]
    return np.array(
        [[language in known for known in expert_languages] for language in submission_languages],
        dtype=bool,
    ).reshape(len(inputs.submissions), len(inputs.bounds))


def _combine(
    lexical: Matrix,
    dense: Sequence[tuple[Matrix, float]],
    shared: NDArray[np.bool_],
    weight: float,
) -> Matrix:
    """``weight`` × lexical z-score + Σ dense weight × dense z-score, per expert.

    Where the submission shares no language with the expert, the lexical part is left out
    and the dense weights are rescaled to sum to one.
    """
    out = np.zeros_like(lexical)
    dense_total = sum(w for _, w in dense)
    for column in range(lexical.shape[1]):
        mask = shared[:, column]
        dense_z = sum(
            (w * _standardise(m[:, column]) for m, w in dense), start=np.zeros(out.shape[0])
        )
        lexical_z = _standardise(lexical[:, column], mask)
        alone = dense_z / dense_total if dense_total > 0 else dense_z
        out[:, column] = np.where(mask, weight * lexical_z + dense_z, alone)
    return out


def _inputs(archives: Mapping[str, Sequence[Paper]], submissions: Sequence[Paper]) -> _Inputs:
    experts = list(archives)
    papers: list[Paper] = []
    bounds: list[tuple[int, int]] = []
    for expert in experts:
        start = len(papers)
        papers.extend(archives[expert])
        bounds.append((start, len(papers)))
    return _Inputs(experts, bounds, papers, list(submissions))


Scorer = Callable[
    [_Inputs, AffinityParams, _Encoders, MutableMapping[str, Vector] | None, Progress | None],
    Matrix,
]


def _score_lexical(
    inputs: _Inputs,
    params: AffinityParams,
    encoders: _Encoders,
    cache: MutableMapping[str, Vector] | None,
    progress: Progress | None,
) -> Matrix:
    return _lexical(inputs, params)


def _score_dense(
    inputs: _Inputs,
    params: AffinityParams,
    encoders: _Encoders,
    cache: MutableMapping[str, Vector] | None,
    progress: Progress | None,
) -> Matrix:
    return _dense(inputs, params, encoders.sentence, cache, progress)


def _score_e5(
    inputs: _Inputs,
    params: AffinityParams,
    encoders: _Encoders,
    cache: MutableMapping[str, Vector] | None,
    progress: Progress | None,
) -> Matrix:
    return _e5(inputs, params, encoders.e5, cache, progress)


def _score_combined(
    inputs: _Inputs,
    params: AffinityParams,
    encoders: _Encoders,
    cache: MutableMapping[str, Vector] | None,
    progress: Progress | None,
) -> Matrix:
    lexical = _lexical(inputs, params)
    dense: list[tuple[Matrix, float]] = []
    if params.dense_weight:
        dense.append(
            (_dense(inputs, params, encoders.sentence, cache, progress), params.dense_weight)
        )
    if params.e5_weight:
        dense.append((_e5(inputs, params, encoders.e5, cache, progress), params.e5_weight))
    return _combine(lexical, dense, _shared_language(inputs), params.lexical_weight)


#: The scoring methods by name: ``lexical`` (BM25), ``dense`` (sentence encoder), ``e5``
#: (multilingual-e5-small) and ``combined`` (all three, standardised per expert; the
#: default).
SCORERS: dict[str, Scorer] = {
    "lexical": _score_lexical,
    "dense": _score_dense,
    "e5": _score_e5,
    "combined": _score_combined,
}


def affinity_scores(
    archives: Mapping[str, Sequence[Paper]],
    submissions: Sequence[Paper],
    *,
    method: str = "combined",
    params: AffinityParams | None = None,
    encoder: Encoder | None = None,
    e5_encoder: Encoder | None = None,
    cache: MutableMapping[str, Vector] | None = None,
    progress: Progress | None = None,
) -> ScoreTable:
    """Affinity of every expert for every submission; higher means a better fit.

    Scores order the submissions for one expert (they are z-scores per expert for
    ``combined``); compare them across experts only loosely.

    Args:
        archives: each expert's papers, keyed by expert identifier.
        submissions: the documents to score.
        method: a key of :data:`SCORERS`.
        params: method parameters; :class:`AffinityParams` defaults when ``None``.
        encoder: the sentence encoder; :func:`default_encoder` when ``None``.
        e5_encoder: the e5 encoder; :func:`~.e5.default_e5_encoder` when ``None``.
        cache: paper vectors already computed (keyed by text), reused and filled in.
        progress: ``progress(description, done, total)`` while encoding.

    Returns:
        ``{expert_id: {submission_id: score}}`` (every expert, every submission).

    Raises:
        ValueError: ``method`` is unknown.
    """
    scorer = SCORERS.get(method)
    if scorer is None:
        raise ValueError(f"unknown affinity method {method!r}; known: {', '.join(SCORERS)}")
    inputs = _inputs(archives, submissions)
    if not inputs.submissions or not inputs.experts:
        return {expert: {} for expert in inputs.experts}
    chosen = params if params is not None else AffinityParams()
    encoders = _Encoders(
        encoder if encoder is not None else default_encoder(),
        e5_encoder if e5_encoder is not None else default_e5_encoder(),
    )
    matrix = scorer(inputs, chosen, encoders, cache, progress)
    return {
        expert: {
            paper.id: round(float(matrix[row, column]), 6)
            for row, paper in enumerate(inputs.submissions)
        }
        for column, expert in enumerate(inputs.experts)
    }


def document_affinity(
    document: Paper,
    archives: Mapping[str, Sequence[Paper]],
    *,
    params: AffinityParams | None = None,
    encoder: Encoder | None = None,
) -> dict[str, float]:
    """Affinity of every expert for one document, to rank experts for it.

    With a single document there is nothing to standardise over per expert, so each part
    is standardised over the experts instead (z-scores across experts; the lexical part
    only over the experts who write in the document's language). With fewer than two
    experts who have papers, the score is the dense similarity alone (a cosine).

    Args:
        document: the proposal, paper or technology profile.
        archives: each expert's papers (an expert with none scores 0).
        params: method parameters; :class:`AffinityParams` defaults when ``None``.
        encoder: the sentence encoder; :func:`default_encoder` when ``None``.

    Returns:
        ``{expert_id: score}``, higher meaning a better fit.
    """
    inputs = _inputs(archives, [document])
    if not inputs.experts:
        return {}
    chosen = params if params is not None else AffinityParams()
    model = encoder if encoder is not None else default_encoder()
    dense = _dense(inputs, chosen, model, None, None)[0]
    has_papers = np.array([stop > start for start, stop in inputs.bounds])
    if int(has_papers.sum()) < 2:
        combined = np.where(has_papers, dense, 0.0)
    else:
        lexical = _lexical(inputs, chosen)[0]
        shared = _shared_language(inputs)[0] & has_papers
        dense_z = _standardise(dense, has_papers)
        lexical_z = _standardise(lexical, shared)
        weight = chosen.document_lexical_weight
        combined = np.where(shared, weight * lexical_z + (1 - weight) * dense_z, dense_z)
        combined = np.where(has_papers, combined, float(combined[has_papers].min()) - 1)
    return {expert: round(float(combined[i]), 6) for i, expert in enumerate(inputs.experts)}
