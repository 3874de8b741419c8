"""Text normalisation, language detection and tokenisation (index and query side alike)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from stcoop.engines.text import contains_cjk, detect_language, normalize, tokenize, tokens


def test_normalize_folds_width_case_accents_and_traditional_chinese() -> None:
    assert normalize("ＴＳＩＮＧＨＵＡ  Université\t臺灣大學") == "tsinghua universite 台湾大学"


def test_detect_language_by_script() -> None:
    assert detect_language("清华大学物理系") == "zh"
    assert detect_language("Department of Physics, Tsinghua University") == "en"
    assert detect_language("Московский государственный университет") == "ru"
    assert detect_language("東京大学のけんきゅう") == "ja"
    assert detect_language("2024 / 100084") == "und"
    # Four Chinese characters outweigh one Latin acronym.
    assert detect_language("中国科学院 CAS") == "zh"


def test_english_terms_are_stemmed_and_stop_words_dropped() -> None:
    assert tokens("The universities of computing") == ["universiti", "comput"]
    assert tokens("university computer") == tokens("universities computers")


def test_chinese_is_segmented_in_search_mode_with_sub_words() -> None:
    found = tokens("清华大学物理系的研究")
    assert {"清华大学", "清华", "大学", "物理系", "研究"} <= set(found)
    assert "的" not in found


def test_traditional_and_simplified_give_the_same_terms() -> None:
    assert tokens("國立清華大學") == tokens("国立清华大学")


def test_mixed_text_keeps_each_language() -> None:
    languages = {token.term: token.language for token in tokenize("Tsinghua 大学 physics 2024")}
    assert languages["tsinghua"] == "en"
    assert languages["大学"] == "zh"
    assert languages["2024"] == "en"


def test_other_scripts_are_whole_words() -> None:
    assert [t.term for t in tokenize("Москва университет")] == ["москва", "университет"]
    assert [t.language for t in tokenize("Москва")] == ["other"]


def test_contains_cjk() -> None:
    assert contains_cjk("abc 中")
    assert not contains_cjk("abc")


@given(st.text(max_size=200))
def test_tokenize_never_fails_and_is_idempotent_on_its_output(text: str) -> None:
    terms = tokens(text)
    assert all(term and term == term.strip() for term in terms)
    assert normalize(normalize(text)) == normalize(text)
