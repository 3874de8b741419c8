"""SearchIndex on a small real bilingual collection: quality, filters, writes, bad input."""

from __future__ import annotations

import datetime

import numpy as np
import pytest

from stcoop.engines.retrieval import Document, SearchFilter, SearchIndex, TermMatch

from .conftest import DOCUMENTS


def ids(hits: list) -> list[str]:  # type: ignore[type-arg]
    return [hit.id for hit in hits]


def test_chinese_query_finds_english_record(index: SearchIndex) -> None:
    hits = index.search("量子计算")
    assert hits[0].id == "project:1"
    explanation = hits[0].explanation
    assert explanation.cross_lingual is True
    assert explanation.semantic_similarity is not None
    assert explanation.semantic_similarity > 0.4
    assert explanation.lexical_score is None  # no shared word, found by meaning
    assert explanation.dense_rank == 1


def test_english_query_finds_chinese_record(index: SearchIndex) -> None:
    hits = index.search("seawater desalination membrane", mode="dense")
    assert hits[0].id == "project:3"
    assert hits[0].explanation.cross_lingual is True
    assert hits[0].explanation.lexical_rank is None


def test_chinese_solar_finds_english_solar_records(index: SearchIndex) -> None:
    found = ids(index.search("太阳能", k=3))
    assert "technology:4" in found
    assert "organisation:8" in found


def test_traditional_chinese_query_matches_simplified_record(index: SearchIndex) -> None:
    hits = index.search("清華大學", mode="lexical")
    assert ids(hits) == ["organisation:2"]
    matched = set(hits[0].explanation.matched_terms)
    assert TermMatch("清华大学", "name_zh", "zh") in matched
    assert TermMatch("清华", "name_zh", "zh") in matched
    assert hits[0].explanation.fields == ("name_zh",)
    assert hits[0].explanation.cross_lingual is False


def test_english_stemming(index: SearchIndex) -> None:
    hits = index.search("computers", mode="lexical")
    assert ids(hits) == ["project:1"]
    assert hits[0].explanation.matched_terms == (TermMatch("comput", "title_en", "en"),)


def test_field_weights_rank_title_matches_first(index: SearchIndex) -> None:
    # "solar" is in the title of 4 and 8 and only in the summary of 6.
    assert ids(index.search("solar", mode="lexical"))[-1] == "technology:6"
    flat = SearchIndex(field_weights={"title_en": 1.0, "name_en": 1.0, "keywords": 1.0})
    flat.upsert(DOCUMENTS, np.stack([index.vector(d.id) for d in DOCUMENTS]))  # type: ignore[misc]
    weighted = index.search("solar", mode="lexical")
    unweighted = flat.search("solar", mode="lexical")
    assert weighted[0].explanation.lexical_score > unweighted[0].explanation.lexical_score  # type: ignore[operator]


def test_hybrid_combines_both_parts(index: SearchIndex) -> None:
    hits = index.search("solar energy")
    assert ids(hits)[:2] == ["technology:4", "organisation:8"]
    top = hits[0].explanation
    assert top.lexical_rank is not None and top.semantic_similarity is not None
    assert top.fields[0] == "keywords"  # both words there (weight 2), only one in the title
    scores = [hit.score for hit in hits]
    assert scores == sorted(scores, reverse=True)


def test_filters_by_type_facet_date_and_exclusion(index: SearchIndex) -> None:
    only_tech = SearchFilter(types=frozenset({"technology"}))
    assert set(ids(index.search("solar", filter=only_tech))) <= {"technology:4", "technology:6"}
    china = SearchFilter(facets={"country": frozenset({"CN"})})
    assert set(ids(index.search("solar battery", filter=china))) == {"technology:6"}
    several = SearchFilter(facets={"country": frozenset({"IT", "FR"})})
    assert set(ids(index.search("solar", mode="lexical", filter=several))) == {"technology:4"}
    recent = SearchFilter(date_from=datetime.date(2020, 1, 1), date_to=datetime.date(2022, 12, 31))
    found = set(ids(index.search("solar", mode="lexical", filter=recent)))
    assert found == {"technology:6"}  # 4 is from 2019, 8 has no date
    without = SearchFilter(exclude_ids=frozenset({"technology:4"}))
    assert "technology:4" not in ids(index.search("solar", filter=without))
    nothing = SearchFilter(types=frozenset({"no-such-type"}))
    assert index.search("solar", filter=nothing) == []
    unknown_facet = SearchFilter(facets={"colour": frozenset({"red"})})
    assert index.search("solar", filter=unknown_facet) == []


def test_remove_makes_document_unfindable(fresh_index: SearchIndex) -> None:
    fresh_index.remove(["technology:4", "unknown:99"])
    assert "technology:4" not in fresh_index
    assert fresh_index.get("technology:4") is None
    assert fresh_index.vector("technology:4") is None
    assert len(fresh_index) == len(DOCUMENTS) - 1
    for mode in ("hybrid", "lexical", "dense"):
        assert "technology:4" not in ids(fresh_index.search("solar photovoltaic", mode=mode))  # type: ignore[arg-type]


def test_upsert_replaces_by_id(fresh_index: SearchIndex) -> None:
    replaced = Document("technology:4", "technology", {"title_en": "Wind turbine blades"})
    fresh_index.upsert([replaced])
    assert len(fresh_index) == len(DOCUMENTS)
    assert fresh_index.get("technology:4") == replaced
    assert "technology:4" not in ids(fresh_index.search("photovoltaic", mode="lexical"))
    assert ids(fresh_index.search("turbine", mode="lexical")) == ["technology:4"]
    assert ids(fresh_index.search("风力涡轮机", k=1)) == ["technology:4"]


def test_upsert_checks_vector_shape(fresh_index: SearchIndex) -> None:
    with pytest.raises(ValueError, match=r"expected \(1, 512\)"):
        fresh_index.upsert([DOCUMENTS[0]], np.zeros((2, 512), dtype=np.float32))


def test_similar_excludes_itself(index: SearchIndex) -> None:
    hits = index.similar("technology:4", k=3)
    assert "technology:4" not in ids(hits)
    assert ids(hits)[0] == "organisation:8"
    assert index.similar("unknown:1") == []


def test_search_document_not_in_index(index: SearchIndex) -> None:
    request = Document("request:1", "request", {"title_zh": "需要光伏电池技术"})
    hits = index.search_document(request, k=2)
    assert ids(hits)[0] == "technology:4"
    assert hits[0].explanation.cross_lingual is True


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "\x00\x01",
        "\ud800 broken surrogate",
        "🙂🙂🙂",
        "\u200b\u200b",
        "Квантовые вычисления",
        "量子" * 5000,
        "solar " * 10_000,
        "كهرباء شمسية",
    ],
)
def test_odd_queries_do_not_raise(index: SearchIndex, query: str) -> None:
    for mode in ("hybrid", "lexical", "dense"):
        hits = index.search(query, mode=mode)  # type: ignore[arg-type]
        assert all(hit.score >= 0 for hit in hits)
    assert index.search("", k=5) == []
    assert index.search("🙂") == []


def test_unknown_mode_is_a_clear_error(index: SearchIndex) -> None:
    with pytest.raises(ValueError, match="search mode 'fuzzy'"):
        index.search("solar", mode="fuzzy")  # type: ignore[arg-type]


def test_third_language_finds_by_meaning(index: SearchIndex) -> None:
    # Russian for "solar energy": no shared word, the multilingual encoder still knows it.
    assert "technology:4" in ids(index.search("солнечная энергия", k=3))


def test_cross_lingual_target_beats_a_same_language_record_sharing_a_common_word() -> None:
    index = SearchIndex()
    index.upsert(
        [
            Document(
                "organisation:1",
                "organisation",
                {"name_en": "Jiangsu Academy of Agricultural Sciences"},
            ),
            Document("project:2", "project", {"title_zh": "江苏省小麦病虫害调查报告"}),
            Document("project:3", "project", {"title_zh": "农业机械化发展研究"}),
        ]
    )
    hits = index.search("江苏省农业科学院")
    assert hits[0].id == "organisation:1"
    assert hits[0].explanation.cross_lingual is True
    assert {hit.id for hit in hits[1:]} <= {"project:2", "project:3"}
