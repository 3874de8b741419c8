"""The lexical scorer on one real sampling of the expertise gold standard."""

from __future__ import annotations

from stcoop.engines.affinity import (
    affinity_scores,
    load_archives,
    load_submissions,
    pairwise_loss,
    read_evaluations,
)

from .conftest import DATA, BagOfWordsEncoder, requires_data


@requires_data
def test_lexical_loss_on_first_sampling_beats_published_tpms() -> None:
    ratings = read_evaluations(DATA / "evaluations-dev.tsv")
    assert len(ratings) == 29
    assert sum(len(r) for r in ratings.values()) == 243  # some rows have empty cells
    archives = load_archives(DATA / "d_20_1" / "archives")
    submissions = load_submissions(DATA / "d_20_1" / "submissions.json")
    assert set(ratings) <= set(archives)  # expert ids map onto the ParticipantIDs
    scores = affinity_scores(archives, submissions, method="lexical", encoder=BagOfWordsEncoder())
    constant = {e: dict.fromkeys(s, 0.0) for e, s in scores.items()}
    assert pairwise_loss(constant, ratings) == 0.5
    assert pairwise_loss(scores, ratings) < 0.28
