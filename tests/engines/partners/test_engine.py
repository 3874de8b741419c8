"""The partner engine on a small hand-made history: each kind of evidence, exclusions,
filters and reasons."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from stcoop.engines.partners import (
    HistoryProject,
    Organisation,
    Participant,
    PartnerIndex,
    PartnerQuery,
    Weights,
    reason_text,
)

ORGS = [
    Organisation(1, "Alpha Solar Institute", "DE", "institute"),
    Organisation(2, "Beta University", "FR", "university", other_names=("贝塔大学",)),
    Organisation(3, "Gamma Batteries GmbH", "DE", "company"),
    Organisation(4, "Delta Photovoltaics Lab", "ES", "institute"),
    Organisation(5, "Epsilon Marine Research", "NO", "institute"),
    Organisation(6, "Zeta Ocean Centre", "PT", "institute"),
    Organisation(7, "Eta Polytechnic", "IT", "university"),
]
PROJECTS = [
    HistoryProject(
        10, "Perovskite solar cells for rooftops", participants=(1, 2, 3), coordinators=(1,)
    ),
    HistoryProject(11, "Thin-film solar modules and photovoltaics", participants=(4, 7)),
    HistoryProject(12, "Ocean acidification monitoring", participants=(5, 6)),
    HistoryProject(13, "Battery storage for solar farms", participants=(2, 3)),
    HistoryProject(14, "Deep sea sensors", participants=(5, 6, 7)),
]


@pytest.fixture(scope="module")
def index() -> PartnerIndex:
    return PartnerIndex.build(ORGS, PROJECTS)


def ids(suggestions: Sequence[object]) -> list[int]:
    return [s.org_id for s in suggestions]  # type: ignore[attr-defined]


def test_topic_alone_ranks_the_organisations_of_similar_projects_first(
    index: PartnerIndex,
) -> None:
    weights = Weights(track_record=0, network=0, network_2hop=0, new_country=0)
    found = index.suggest(PartnerQuery(title="photovoltaics thin-film"), weights=weights, k=3)
    assert set(ids(found)[:2]) == {4, 7}
    topic = dict(found[0].reasons[0].values)
    assert found[0].reasons[0].code == "topic"
    assert topic["similar_projects"] == ["Thin-film solar modules and photovoltaics"]


def test_network_neighbours_of_the_consortium_come_first_with_a_reason(
    index: PartnerIndex,
) -> None:
    query = PartnerQuery(
        title="ocean", participants=(Participant("EPSILON MARINE RESEARCH", "NO"),)
    )
    found = index.suggest(query, k=5)
    assert found[0].org_id == 6  # two shared projects with Epsilon
    assert 5 not in ids(found)  # a participant is never suggested
    network = next(r for r in found[0].reasons if r.code == "network")
    assert network.values == {"worked_with": ["Epsilon Marine Research"], "times": 2}
    assert reason_text(network) == "worked with Epsilon Marine Research (2 shared projects)"


def test_two_hop_neighbours_are_reached_through_partners(index: PartnerIndex) -> None:
    # Zeta worked with Eta (project 14); Eta worked with Delta (11): Delta is two hops.
    weights = Weights(topic=0, track_record=0, network=0, network_2hop=1, new_country=0)
    query = PartnerQuery(title="x", participants=(Participant("Zeta Ocean Centre", "PT"),))
    found = index.suggest(query, weights=weights, k=10)
    assert 4 in ids(found)
    delta = next(s for s in found if s.org_id == 4)
    assert delta.reasons[0].code == "network_2hop"
    assert delta.reasons[0].values["via"] == ["Eta Polytechnic"]


def test_excluded_projects_count_for_nothing(index: PartnerIndex) -> None:
    query = PartnerQuery(
        title="perovskite",
        participants=(Participant("Alpha Solar Institute", "DE"),),
        exclude_project_ids=frozenset({10}),
    )
    found = index.suggest(query, k=10)
    for s in found:
        assert s.components["network"] == 0  # Alpha's only project is left out
        for r in s.reasons:
            if r.code == "topic":
                assert "Perovskite solar cells for rooftops" not in r.values["similar_projects"]
    track = {s.org_id: s for s in found}
    assert next(r for r in track[2].reasons if r.code == "track_record").values == {"projects": 1}


def test_filters_and_new_country(index: PartnerIndex) -> None:
    query = PartnerQuery(
        title="solar",
        participants=(Participant("Gamma Batteries", "DE"),),
        countries=frozenset({"FR", "ES", "DE"}),
        kinds=frozenset({"university", "institute"}),
    )
    found = index.suggest(query, k=10)
    assert set(ids(found)) <= {1, 2, 4}
    assert all(s.country in {"FR", "ES", "DE"} for s in found)
    by_id = {s.org_id: s for s in found}
    assert any(r.code == "new_country" and r.values == {"country": "FR"} for r in by_id[2].reasons)
    assert not any(r.code == "new_country" for r in by_id[1].reasons)  # DE is present


def test_coordinator_roles_and_name_in_another_language(index: PartnerIndex) -> None:
    query = PartnerQuery(title="solar", participants=(Participant("贝塔大学", "FR"),))
    found = index.suggest(query, k=10)
    assert 2 not in ids(found)  # resolved by its Chinese name
    alpha = next(s for s in found if s.org_id == 1)
    track = next(r for r in alpha.reasons if r.code == "track_record")
    assert track.values == {"projects": 1, "coordinated": 1}
    assert reason_text(track) == "1 past projects, 1 coordinated"


def test_k_and_scores_are_ordered(index: PartnerIndex) -> None:
    found = index.suggest(PartnerQuery(title="solar ocean sensors"), k=3)
    assert len(found) == 3
    assert [s.score for s in found] == sorted((s.score for s in found), reverse=True)
    assert index.suggest(PartnerQuery(title="solar"), k=0) == []


def test_no_history_no_suggestions() -> None:
    empty = PartnerIndex.build(ORGS, [])
    assert empty.suggest(PartnerQuery(title="solar"), k=5) == []


class BagEncoder:
    """A stand-in for the sentence encoder: words hashed into a small unit vector."""

    dim = 16

    def encode(self, texts: Sequence[str]) -> np.ndarray:  # type: ignore[type-arg]
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in text.lower().split():
                out[i, sum(map(ord, word)) % self.dim] += 1
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.maximum(norms, 1e-12)


def test_dense_vectors_join_the_topic_score() -> None:
    index = PartnerIndex.build(ORGS, PROJECTS, encoder=BagEncoder())
    assert index.vectors is not None and index.vectors.shape == (5, 16)
    weights = Weights(track_record=0, network=0, network_2hop=0, new_country=0, dense_share=1.0)
    found = index.suggest(PartnerQuery(title="deep sea sensors"), weights=weights, k=2)
    assert set(ids(found)) <= {5, 6, 7}
