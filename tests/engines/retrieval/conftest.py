"""A small bilingual collection shared by the retrieval tests (real encoder, real texts)."""

from __future__ import annotations

import datetime

import pytest

from stcoop.engines.retrieval import Document, SearchIndex


def _doc(
    doc_id: str,
    fields: dict[str, str],
    *,
    facets: dict[str, tuple[str, ...]] | None = None,
    date: datetime.date | None = None,
) -> Document:
    return Document(doc_id, doc_id.split(":")[0], fields, facets or {}, date)


DOCUMENTS = [
    _doc(
        "project:1",
        {
            "title_en": "Quantum computing platform",
            "summary_en": "A cloud service that runs quantum algorithms for chemistry.",
        },
        facets={"country": ("DE",), "grouping": ("EU",)},
        date=datetime.date(2020, 3, 1),
    ),
    _doc(
        "organisation:2",
        {"name_zh": "清华大学", "name_en": "Tsinghua University"},
        facets={"country": ("CN",)},
    ),
    _doc(
        "project:3",
        {"title_zh": "海水淡化膜技术", "summary_zh": "用于海水淡化的新型反渗透膜材料与工艺"},
        facets={"country": ("CN",)},
        date=datetime.date(2021, 5, 1),
    ),
    _doc(
        "technology:4",
        {"title_en": "Solar photovoltaic cells", "keywords": "solar energy, PV modules"},
        facets={"country": ("IT",), "kind": ("offer",)},
        date=datetime.date(2019, 7, 1),
    ),
    _doc(
        "policy:5",
        {"title_en": "Rules for research funding of universities"},
        facets={"country": ("FR",)},
        date=datetime.date(2018, 1, 1),
    ),
    _doc(
        "technology:6",
        {
            "title_en": "Battery recycling process",
            "summary_en": "Recovering lithium from used batteries with solar-powered furnaces.",
        },
        facets={"country": ("CN", "DE"), "kind": ("request",)},
        date=datetime.date(2022, 2, 1),
    ),
    _doc(
        "project:7",
        {"title_zh": "基于深度学习的医学图像分割", "summary_en": "Medical image segmentation"},
        facets={"country": ("CN",)},
        date=datetime.date(2023, 9, 1),
    ),
    _doc(
        "organisation:8",
        {"name_en": "Fraunhofer Institute for Solar Energy Systems"},
        facets={"country": ("DE",)},
    ),
]


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    built = SearchIndex()
    built.upsert(DOCUMENTS)
    return built


@pytest.fixture
def fresh_index() -> SearchIndex:
    built = SearchIndex()
    built.upsert(DOCUMENTS)
    return built
