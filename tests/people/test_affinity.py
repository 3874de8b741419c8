"""Expert affinity for registry people: profiles from publications, biography, keywords."""

from __future__ import annotations

from typing import Any

import pytest

from stcoop.people.affinity import expert_affinity, person_papers
from stcoop.people.models import Person, Publication

from .factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def experts(units: Any) -> dict[str, Person]:
    unit = units.ministry
    ml = PersonFactory(
        owner_unit=unit, keywords=["machine learning"], disciplines=["computer science"]
    )
    Publication.objects.create(
        person=ml,
        title="Convolutional neural networks for image recognition",
        abstract="Deep learning models classify images with high accuracy.",
    )
    Publication.objects.create(
        person=ml, title="Training deep neural networks", abstract="Stochastic gradient descent."
    )
    water = PersonFactory(
        owner_unit=unit, bio_en="Hydrologist studying groundwater pollution and river quality."
    )
    Publication.objects.create(
        person=water,
        title="Nitrate contamination of groundwater",
        abstract="Agriculture pollutes aquifers with nitrate.",
    )
    blank = PersonFactory(owner_unit=unit)
    return {"ml": ml, "water": water, "blank": blank}


def test_person_papers(experts: dict[str, Person]) -> None:
    papers = person_papers(experts["ml"])
    assert sorted(p.title for p in papers[:2]) == [
        "Convolutional neural networks for image recognition",
        "Training deep neural networks",
    ]
    assert papers[2].title == "machine learning; computer science"
    water = person_papers(experts["water"])
    assert water[-1].abstract == "Hydrologist studying groundwater pollution and river quality."
    assert person_papers(experts["blank"]) == []


@pytest.mark.parametrize(
    ("text", "best"),
    [
        ("A deep convolutional network that recognises objects in images.", "ml"),
        ("Heavy metals and nitrate pollution in groundwater near farms.", "water"),
        ("本文提出一种用于图像识别的深度卷积神经网络。", "ml"),
        ("农业活动造成地下水硝酸盐污染。", "water"),
    ],
)
def test_best_expert_ranks_first(experts: dict[str, Person], text: str, best: str) -> None:
    scores = expert_affinity(text, Person.objects.all())
    assert set(scores) == {p.pk for p in experts.values()}
    ranked = sorted(scores, key=scores.__getitem__, reverse=True)
    assert ranked[0] == experts[best].pk
    assert ranked[-1] == experts["blank"].pk  # nothing known about them


def test_accepts_a_plain_list_and_nobody(experts: dict[str, Person]) -> None:
    scores = expert_affinity("groundwater nitrate", [experts["water"]])
    assert list(scores) == [experts["water"].pk] and scores[experts["water"].pk] > 0
    assert expert_affinity("anything", []) == {}
