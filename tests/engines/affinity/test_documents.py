"""Reading archives and submissions in the OpenReview expertise format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from stcoop.engines.affinity import (
    AffinityInputError,
    Paper,
    expert_id_from_filename,
    load_archives,
    load_submissions,
)


def _write_jsonl(path: Path, records: list[object]) -> None:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")


def test_archives_accept_plain_and_value_fields(tmp_path: Path) -> None:
    _write_jsonl(
        tmp_path / "~42.jsonl",
        [
            {"id": "p1", "content": {"title": "Plain", "abstract": "Text."}},
            {"id": "p2", "content": {"title": {"value": "Wrapped"}, "abstract": {"value": "B"}}},
            {"id": "p3", "content": {"title": "No abstract"}},
        ],
    )
    archives = load_archives(tmp_path)
    assert archives == {
        "42": [
            Paper("p1", "Plain", "Text."),
            Paper("p2", "Wrapped", "B"),
            Paper("p3", "No abstract"),
        ]
    }
    assert archives["42"][2].text == "No abstract"
    assert archives["42"][0].text == "Plain. Text."


def test_expert_id_drops_tilde_and_suffix() -> None:
    assert expert_id_from_filename(Path("~Jane_Doe1.jsonl")) == "Jane_Doe1"
    assert expert_id_from_filename(Path("1737249.jsonl")) == "1737249"


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(AffinityInputError, match="archive folder does not exist"):
        load_archives(tmp_path / "nope")


def test_folder_without_archives(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("x")
    with pytest.raises(AffinityInputError, match=r"no \.jsonl archive files"):
        load_archives(tmp_path)


def test_only_empty_archives(tmp_path: Path) -> None:
    (tmp_path / "~1.jsonl").write_text("\n")
    (tmp_path / "~2.jsonl").write_text("")
    with pytest.raises(AffinityInputError, match="every archive is empty"):
        load_archives(tmp_path)


def test_one_empty_archive_is_kept(tmp_path: Path) -> None:
    (tmp_path / "~1.jsonl").write_text("")
    _write_jsonl(tmp_path / "~2.jsonl", [{"id": "p", "content": {"title": "T"}}])
    assert load_archives(tmp_path) == {"1": [], "2": [Paper("p", "T")]}


def test_malformed_archive_line_is_named(tmp_path: Path) -> None:
    path = tmp_path / "~7.jsonl"
    path.write_text('{"id": "a", "content": {"title": "ok"}}\n{"id": "b", "content": \n')
    with pytest.raises(AffinityInputError, match=r"~7\.jsonl, line 2: malformed JSON"):
        load_archives(tmp_path)


def test_record_without_id(tmp_path: Path) -> None:
    _write_jsonl(tmp_path / "~7.jsonl", [{"content": {"title": "T"}}])
    with pytest.raises(AffinityInputError, match="line 1: the paper has no 'id'"):
        load_archives(tmp_path)


def test_title_of_wrong_type(tmp_path: Path) -> None:
    _write_jsonl(tmp_path / "~7.jsonl", [{"id": "a", "content": {"title": 3}}])
    with pytest.raises(AffinityInputError, match="'title' must be a string"):
        load_archives(tmp_path)


def test_submissions_object(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text(
        json.dumps(
            {
                "s1": {"content": {"title": "One", "abstract": "A."}},
                "s2": {"id": "s2", "content": {"title": {"value": "Two"}}},
            },
            indent=2,
        )
    )
    assert load_submissions(path) == [Paper("s1", "One", "A."), Paper("s2", "Two")]


def test_submissions_json_lines(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    _write_jsonl(
        path,
        [{"id": "s1", "content": {"title": "One"}}, {"id": "s2", "content": {"title": "Two"}}],
    )
    assert [p.id for p in load_submissions(path)] == ["s1", "s2"]


def test_submissions_single_json_line(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    _write_jsonl(path, [{"id": "s1", "content": {"title": "One"}}])
    assert load_submissions(path) == [Paper("s1", "One")]


def test_submissions_malformed_object_names_line(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text('{\n  "s1": {"content": {"title": "One"}},\n  "s2": {"content": \n}\n')
    with pytest.raises(AffinityInputError, match=r"s\.json, line 4: malformed JSON"):
        load_submissions(path)


def test_submissions_malformed_json_line(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    path.write_text('{"id": "s1", "content": {}}\n{"id": "s2", "content"\n')
    with pytest.raises(AffinityInputError, match=r"s\.jsonl, line 2: malformed JSON"):
        load_submissions(path)


def test_submissions_missing_or_empty(tmp_path: Path) -> None:
    with pytest.raises(AffinityInputError, match="submissions file does not exist"):
        load_submissions(tmp_path / "none.json")
    empty = tmp_path / "empty.json"
    empty.write_text("{}")
    with pytest.raises(AffinityInputError, match="no submissions"):
        load_submissions(empty)


def test_duplicate_submission(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    _write_jsonl(path, [{"id": "s", "content": {}}, {"id": "s", "content": {}}])
    with pytest.raises(AffinityInputError, match="'s' appears twice"):
        load_submissions(path)
