"""Saving a search index to a folder and reading it back.

The folder holds ``meta.json`` (format version, settings), ``documents.jsonl`` (one
document or ``null`` per slot), ``terms.json`` and ``lexical.npz`` (the BM25 postings),
``vectors.npy`` and ``vector_live.npy`` and, for a large index, ``hnsw.bin`` (the HNSW
graph). Everything is written to a temporary sibling folder that then replaces the old
one, so a crash never leaves a half-written index behind. No pickles: loading a folder
runs no code from it.
"""

from __future__ import annotations

import datetime
import json
import os
import shutil
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from .lexical import LexicalIndex
from .types import Document

if TYPE_CHECKING:
    from .dense import DenseIndex

__all__ = ["FORMAT", "StoredIndex", "load", "save"]

FORMAT = 1


@dataclass
class StoredIndex:
    """What :func:`load` read."""

    meta: dict[str, Any]
    documents: list[Document | None]
    terms: list[str]
    lexical_arrays: dict[str, NDArray[np.generic]]


def _document_json(document: Document | None) -> str:
    if document is None:
        return "null"
    return json.dumps(
        {
            "id": document.id,
            "type": document.type,
            "fields": dict(document.fields),
            "facets": {name: list(values) for name, values in document.facets.items()},
            "date": document.date.isoformat() if document.date else None,
        },
        ensure_ascii=False,
    )


def _document_from(data: Any, where: str) -> Document | None:
    if data is None:
        return None
    try:
        return Document(
            id=str(data["id"]),
            type=str(data["type"]),
            fields={str(k): str(v) for k, v in data["fields"].items()},
            facets={str(k): tuple(str(x) for x in v) for k, v in data["facets"].items()},
            date=datetime.date.fromisoformat(data["date"]) if data.get("date") else None,
        )
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise ValueError(f"{where}: not a saved document ({error})") from error


def save(
    directory: Path,
    *,
    documents: Sequence[Document | None],
    lexical: LexicalIndex,
    dense: DenseIndex,
    meta: Mapping[str, Any],
) -> None:
    """Write an index to ``directory``, replacing what was there only once complete."""
    directory = directory.resolve()
    directory.parent.mkdir(parents=True, exist_ok=True)
    tag = f"{os.getpid()}-{uuid.uuid4().hex[:8]}"
    temporary = directory.with_name(f".{directory.name}.tmp-{tag}")
    temporary.mkdir()
    try:
        with (temporary / "documents.jsonl").open("w", encoding="utf-8") as out:
            for document in documents:
                out.write(_document_json(document))
                out.write("\n")
        terms, arrays = lexical.state()
        (temporary / "terms.json").write_text(json.dumps(terms, ensure_ascii=False), "utf-8")
        np.savez(temporary / "lexical.npz", **arrays)  # type: ignore[arg-type]
        dense.save(temporary)
        full_meta = {"format": FORMAT, "documents": len(documents), **meta}
        (temporary / "meta.json").write_text(json.dumps(full_meta, ensure_ascii=False), "utf-8")
        old = None
        if directory.exists():
            old = directory.with_name(f".{directory.name}.old-{tag}")
            directory.rename(old)
        temporary.rename(directory)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise


def load(directory: Path) -> StoredIndex:
    """Read the files of an index saved with :func:`save` (vectors are read by the caller)."""
    meta_path = directory / "meta.json"
    if not meta_path.exists():
        raise FileNotFoundError(f"{directory}: no saved search index (meta.json missing)")
    try:
        meta = json.loads(meta_path.read_text("utf-8"))
    except json.JSONDecodeError as error:
        raise ValueError(f"{meta_path}: not JSON ({error})") from error
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise ValueError(f"{meta_path}: index format {meta.get('format')!r}, expected {FORMAT}")
    documents: list[Document | None] = []
    path = directory / "documents.jsonl"
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            try:
                data = json.loads(line)
            except json.JSONDecodeError as error:
                raise ValueError(f"{path}:{number}: not JSON ({error})") from error
            documents.append(_document_from(data, f"{path}:{number}"))
    terms = json.loads((directory / "terms.json").read_text("utf-8"))
    with np.load(directory / "lexical.npz") as stored:
        arrays = {name: stored[name] for name in stored.files}
    if len(documents) != int(meta.get("documents", -1)):
        raise ValueError(
            f"{path}: {len(documents)} documents, meta.json says {meta.get('documents')}"
        )
    return StoredIndex(meta=meta, documents=documents, terms=terms, lexical_arrays=arrays)
