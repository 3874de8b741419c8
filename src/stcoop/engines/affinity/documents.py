"""Reading expertise data in the OpenReview format: experts' archives and submissions.

* An **archive** folder holds one ``~<expert_id>.jsonl`` file per expert, one of the
  expert's papers per line: ``{"id": ..., "content": {"title": ..., "abstract": ...}}``.
* A **submissions** file is either one JSON object ``{paper_id: {"content": {...}}}`` or
  JSON lines ``{"id": ..., "content": {...}}``.

Titles and abstracts may be plain strings or OpenReview API v2 ``{"value": ...}`` dicts.
Every error names the file (and the line of a JSON-lines file).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "AffinityInputError",
    "Paper",
    "expert_id_from_filename",
    "load_archives",
    "load_submissions",
    "paper_from_record",
]

#: Extension of an archive file.
ARCHIVE_SUFFIX = ".jsonl"


class AffinityInputError(ValueError):
    """Input that cannot be read as OpenReview expertise data; the message says where."""


@dataclass(frozen=True, slots=True)
class Paper:
    """A paper or document: an identifier, a title and an abstract (either may be empty)."""

    id: str
    title: str = ""
    abstract: str = ""

    @property
    def text(self) -> str:
        """Title and abstract, as one text (a full stop after a title that has none)."""
        if not self.title or not self.abstract:
            return self.title or self.abstract
        if self.title[-1] in ".!?。！？":
            return f"{self.title} {self.abstract}"
        return f"{self.title}. {self.abstract}"


def _field(content: Mapping[str, object], name: str, where: str) -> str:
    value = content.get(name)
    if isinstance(value, Mapping):  # OpenReview API v2: {"value": ...}
        value = value.get("value")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise AffinityInputError(f"{where}: {name!r} must be a string, not {type(value).__name__}")
    return value


def paper_from_record(record: object, where: str, paper_id: str | None = None) -> Paper:
    """Read one ``{"id", "content": {"title", "abstract"}}`` record.

    Args:
        record: the decoded JSON value.
        where: file (and line) to name in error messages.
        paper_id: the identifier when it is the record's key rather than its ``id``.

    Raises:
        AffinityInputError: the record is not an object, has no identifier or no content.
    """
    if not isinstance(record, Mapping):
        raise AffinityInputError(f"{where}: expected a JSON object, got {type(record).__name__}")
    identifier = paper_id if paper_id is not None else record.get("id")
    if identifier is None or identifier == "":
        raise AffinityInputError(f"{where}: the paper has no 'id'")
    content = record.get("content", {})
    if not isinstance(content, Mapping):
        raise AffinityInputError(f"{where}: 'content' must be an object")
    title = _field(content, "title", where)
    abstract = _field(content, "abstract", where)
    return Paper(str(identifier), title.strip(), abstract.strip())


def _read_jsonl(path: Path) -> list[Paper]:
    papers: list[Paper] = []
    try:
        handle = path.open(encoding="utf-8-sig")
    except OSError as exc:
        raise AffinityInputError(f"{path}: cannot be read ({exc.strerror})") from exc
    with handle:
        try:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                where = f"{path}, line {number}"
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise AffinityInputError(f"{where}: malformed JSON ({exc.msg})") from exc
                papers.append(paper_from_record(record, where))
        except UnicodeDecodeError as exc:
            raise AffinityInputError(f"{path}: not UTF-8 text") from exc
    return papers


def expert_id_from_filename(path: Path) -> str:
    """The expert's identifier from an archive file name: ``~1737249.jsonl`` → ``1737249``.

    The OpenReview tilde of profile identifiers is dropped so that the identifiers match
    the ``ParticipantID`` column of the gold standard's ``evaluations`` file.
    """
    return path.name.removesuffix(ARCHIVE_SUFFIX).removeprefix("~")


def load_archives(folder: Path) -> dict[str, list[Paper]]:
    """Every expert's papers from an archive folder, keyed by expert identifier.

    Raises:
        AffinityInputError: the folder is missing, holds no archive file, holds only empty
            archives, or a file is malformed.
    """
    if not folder.exists():
        raise AffinityInputError(f"{folder}: archive folder does not exist")
    if not folder.is_dir():
        raise AffinityInputError(f"{folder}: not a folder")
    files = sorted(p for p in folder.iterdir() if p.suffix == ARCHIVE_SUFFIX and p.is_file())
    if not files:
        raise AffinityInputError(f"{folder}: no {ARCHIVE_SUFFIX} archive files")
    archives: dict[str, list[Paper]] = {}
    for path in files:
        expert = expert_id_from_filename(path)
        if not expert:
            raise AffinityInputError(f"{path}: file name gives no expert identifier")
        archives[expert] = _read_jsonl(path)
    if not any(archives.values()):
        raise AffinityInputError(f"{folder}: every archive is empty (no papers)")
    return archives


def _looks_like_json_lines(raw: str) -> bool:
    """Whether the first non-empty line of ``raw`` is a JSON object on its own."""
    for line in raw.splitlines():
        if line.strip():
            try:
                return isinstance(json.loads(line), Mapping)
            except json.JSONDecodeError:
                return False
    return False


def load_submissions(path: Path) -> list[Paper]:
    """The papers to score from a submissions file (JSON object or JSON lines).

    Raises:
        AffinityInputError: the file is missing, malformed, or holds no paper.
    """
    if not path.is_file():
        raise AffinityInputError(f"{path}: submissions file does not exist")
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise AffinityInputError(f"{path}: not UTF-8 text") from exc
    papers: list[Paper]
    whole: object = None
    if raw.strip():
        try:
            whole = json.loads(raw)
        except json.JSONDecodeError as exc:
            if not _looks_like_json_lines(raw):
                raise AffinityInputError(
                    f"{path}, line {exc.lineno}: malformed JSON ({exc.msg})"
                ) from exc
    if isinstance(whole, Mapping):
        if "content" in whole and "id" in whole:  # a JSON-lines file with one record
            papers = [paper_from_record(whole, f"{path}, line 1")]
        else:
            papers = [
                paper_from_record(record, f"{path}, paper {key!r}", paper_id=str(key))
                for key, record in whole.items()
            ]
    elif isinstance(whole, list):
        papers = [paper_from_record(r, f"{path}, item {i}") for i, r in enumerate(whole, 1)]
    elif whole is None:
        papers = _read_jsonl(path)
    else:
        raise AffinityInputError(f"{path}: expected a JSON object of papers")
    if not papers:
        raise AffinityInputError(f"{path}: no submissions")
    seen: set[str] = set()
    for paper in papers:
        if paper.id in seen:
            raise AffinityInputError(f"{path}: paper {paper.id!r} appears twice")
        seen.add(paper.id)
    return papers
