"""Snippets with the query's words marked, matched the way the index matches."""

from __future__ import annotations

from stcoop.engines.retrieval import highlight


def marked(segments: list[tuple[str, bool]]) -> list[str]:
    return [piece for piece, is_match in segments if is_match]


def test_traditional_query_marks_simplified_text_and_back() -> None:
    segments = highlight("清华大学物理系与北京大学合作", "清華大學")
    # 大学 alone is a term of the query too (search-mode segmentation), as in the index.
    assert marked(segments) == ["清华大学", "大学"]
    assert "".join(piece for piece, _ in segments) == "清华大学物理系与北京大学合作"
    assert marked(highlight("國立臺灣大學", "台湾大学")) == ["臺灣大學"]


def test_english_words_match_by_stem_and_width() -> None:
    segments = highlight(
        "Computers for quantum computing; ＱＵＡＮＴＵＭ chips.", "computer quantum"
    )
    assert marked(segments) == ["Computers", "quantum", "computing", "ＱＵＡＮＴＵＭ"]


def test_long_text_is_cut_around_the_matches() -> None:
    text = (
        " ".join(["filler"] * 200) + " seawater desalination membranes " + " ".join(["tail"] * 200)
    )
    segments = highlight(text, "desalination membrane", max_chars=80)
    snippet = "".join(piece for piece, _ in segments)
    assert snippet.startswith("…") and snippet.endswith("…")
    assert marked(segments) == ["desalination", "membranes"]
    body = snippet.strip("…")
    assert len(body) <= 80 and body in text


def test_no_match_gives_the_start_and_no_html() -> None:
    segments = highlight("<b>Solar</b> cells & more " * 30, "battery", max_chars=50)
    assert not marked(segments)
    assert segments[0][0].startswith("<b>Solar</b>")  # text returned as is; the caller escapes
    assert segments[-1][0].endswith("…")


def test_empty_and_odd_input() -> None:
    assert highlight("", "solar") == []
    assert highlight("solar", "") == [("solar", False)]
    assert highlight("abc \ud800 def", "\ud800🙂") == [("abc \ud800 def", False)]
