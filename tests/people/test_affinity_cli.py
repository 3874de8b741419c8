"""``stcoop affinity``: expert affinity from OpenReview-format files, without a database."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from stcoop.cli.main import create_cli

DATA = Path("/work/shared/data/reviewer-expertise")


def _paper(paper_id: str, title: object, abstract: object) -> dict[str, object]:
    return {"id": paper_id, "content": {"title": title, "abstract": abstract}}


def _archives(folder: Path) -> Path:
    folder.mkdir()
    rows = {
        "~graphs": [
            _paper("g1", "Graph neural networks", "Message passing on graphs."),
            _paper(
                "g2",
                {"value": "Spectral graph clustering"},
                {"value": "Laplacian eigenvectors cluster graph nodes."},
            ),
        ],
        "~proteins": [
            _paper("p1", "Protein folding", "Predicting protein structure from sequences."),
        ],
    }
    for name, papers in rows.items():
        (folder / f"{name}.jsonl").write_text("".join(json.dumps(p) + "\n" for p in papers))
    return folder


def _submissions(path: Path) -> Path:
    papers = [
        _paper("s-graph", "Clustering graph nodes", "Spectral methods on graphs."),
        _paper("s-protein", "Protein structure", "Folding of protein sequences."),
        _paper("s-zh", "图神经网络", "在图上进行消息传递的神经网络用于节点分类。"),
    ]
    path.write_text(json.dumps({p["id"]: {"content": p["content"]} for p in papers}))
    return path


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(create_cli(), ["affinity", *args])
    return result.exit_code, result.output


def test_scores_every_expert_and_submission(tmp_path: Path) -> None:
    archives = _archives(tmp_path / "archives")
    submissions = _submissions(tmp_path / "submissions.json")
    output = tmp_path / "scores.json"
    code, text = _run("--archives", str(archives), "--submissions", str(submissions),
                      "--output", str(output))  # fmt: skip
    assert code == 0, text
    assert "2 experts (3 papers) x 3 submissions scored (combined)" in text
    scores = json.loads(output.read_text())
    assert set(scores) == {"graphs", "proteins"}  # the "~" is dropped
    assert set(scores["graphs"]) == {"s-graph", "s-protein", "s-zh"}
    assert scores["graphs"]["s-graph"] > scores["graphs"]["s-protein"]
    assert scores["proteins"]["s-protein"] > scores["proteins"]["s-graph"]
    assert scores["graphs"]["s-zh"] > scores["graphs"]["s-protein"]  # Chinese, via the encoder
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


@pytest.mark.parametrize("method", ["lexical", "dense", "e5"])
def test_single_method_and_json_lines_submissions(tmp_path: Path, method: str) -> None:
    archives = _archives(tmp_path / "archives")
    submissions = tmp_path / "submissions.jsonl"
    submissions.write_text(
        '{"id": "a", "content": {"title": "Graph clustering"}}\n'
        '{"id": "b", "content": {"title": "Protein folding"}}\n'
    )
    output = tmp_path / "out.json"
    code, text = _run("--archives", str(archives), "--submissions", str(submissions),
                      "--output", str(output), "--method", method)  # fmt: skip
    assert code == 0, text
    scores = json.loads(output.read_text())
    assert scores["graphs"]["a"] > scores["graphs"]["b"]
    assert scores["proteins"]["b"] > scores["proteins"]["a"]


def test_missing_archive_folder(tmp_path: Path) -> None:
    submissions = _submissions(tmp_path / "s.json")
    code, text = _run("--archives", str(tmp_path / "none"), "--submissions", str(submissions),
                      "--output", str(tmp_path / "o.json"))  # fmt: skip
    assert code == 1
    assert "none: archive folder does not exist" in text
    assert not (tmp_path / "o.json").exists()


def test_malformed_line_is_named_and_nothing_written(tmp_path: Path) -> None:
    archives = _archives(tmp_path / "archives")
    (archives / "~broken.jsonl").write_text('{"id": "x", "content": {}}\n{"id": \n')
    output = tmp_path / "o.json"
    output.write_text("previous")
    code, text = _run("--archives", str(archives), "--submissions",
                      str(_submissions(tmp_path / "s.json")), "--output", str(output))  # fmt: skip
    assert code == 1
    assert "~broken.jsonl, line 2: malformed JSON" in text
    assert output.read_text() == "previous"


def test_empty_archives(tmp_path: Path) -> None:
    archives = tmp_path / "archives"
    archives.mkdir()
    (archives / "~a.jsonl").write_text("")
    submissions = _submissions(tmp_path / "s.json")
    code, text = _run("--archives", str(archives), "--submissions", str(submissions),
                      "--output", str(tmp_path / "o.json"))  # fmt: skip
    assert code == 1
    assert "every archive is empty" in text


def test_output_folder_missing(tmp_path: Path) -> None:
    code, text = _run("--archives", str(_archives(tmp_path / "archives")), "--submissions",
                      str(_submissions(tmp_path / "s.json")),
                      "--output", str(tmp_path / "no" / "o.json"))  # fmt: skip
    assert code == 1
    assert "output folder" in text and "does not exist" in text


def test_help_documents_the_contract() -> None:
    code, text = _run("--help")
    assert code == 0
    assert "~<expert_id>.jsonl" in text and "ParticipantID" in text


def test_runs_without_django_settings(tmp_path: Path) -> None:
    """The command works in a process where Django is never configured."""
    archives = _archives(tmp_path / "archives")
    submissions = _submissions(tmp_path / "s.json")
    output = tmp_path / "o.json"
    code = (
        "import os, sys; os.environ.pop('DJANGO_SETTINGS_MODULE', None);"
        "from stcoop.cli.main import main; sys.argv = ['stcoop'] + sys.argv[1:]; main()"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, "affinity", "--archives", str(archives),
         "--submissions", str(submissions), "--output", str(output), "--method", "lexical"],
        capture_output=True, text=True, check=False,
        env={"PATH": "/usr/bin:/bin", "STCOOP_DATABASE_URL": "postgres://nobody@127.0.0.1:1/none"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert set(json.loads(output.read_text())) == {"graphs", "proteins"}


@pytest.mark.skipif(not DATA.is_dir(), reason=f"the reviewer-expertise data ({DATA}) is not here")
def test_real_sampling_lexical(tmp_path: Path) -> None:
    output = tmp_path / "scores.json"
    sampling = DATA / "d_20_1"
    code, text = _run("--archives", str(sampling / "archives"), "--submissions",
                      str(sampling / "submissions.json"), "--output", str(output),
                      "--method", "lexical")  # fmt: skip
    assert code == 0, text
    scores = json.loads(output.read_text())
    assert len(scores) == 29 and all(len(s) == 240 for s in scores.values())
    assert "1737249" in scores
