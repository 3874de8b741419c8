"""Expert affinity: how well an expert's own papers fit a document.

A lexical model (BM25 over stemmed English and segmented Chinese terms, see
:mod:`.lexical`) and two dense models (the multilingual sentence encoder, see
:mod:`.dense`, and multilingual-e5-small, see :mod:`.e5`) each compare a document with
every paper of an expert; the per-paper similarities are aggregated per expert and the
three are combined on a common scale (:mod:`.scoring`).
:mod:`.documents` reads the OpenReview expertise format and :mod:`.loss` holds the
gold standard's evaluation loss.
"""

from __future__ import annotations

from .documents import (
    AffinityInputError,
    Paper,
    expert_id_from_filename,
    load_archives,
    load_submissions,
)
from .loss import mean_loss, pairwise_loss, read_evaluations
from .scoring import SCORERS, AffinityParams, affinity_scores, aggregate_top_k, document_affinity

__all__ = [
    "SCORERS",
    "AffinityInputError",
    "AffinityParams",
    "Paper",
    "affinity_scores",
    "aggregate_top_k",
    "document_affinity",
    "expert_id_from_filename",
    "load_archives",
    "load_submissions",
    "mean_loss",
    "pairwise_loss",
    "read_evaluations",
]
