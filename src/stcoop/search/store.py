"""Writing the durable search store and keeping this process's in-memory index in step.

* :func:`write_documents` stores new or changed documents (encoding only texts that
  changed) and tombstones removed ones, each under the next change number.
* :func:`refresh` recomputes the documents of given records from the database.
* :func:`rebuild` recomputes every document (``stcoop reindex``).
* :func:`get_index` returns this process's :class:`SearchIndex`, first loading every
  stored vector (no encoding), then applying the rows changed since it last looked.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
from django.db import transaction

from stcoop.engines.encoder import DIM, default_encoder
from stcoop.engines.retrieval import Document, SearchIndex, embed_text
from stcoop.search.documents import REGISTRY, Context, split_id
from stcoop.search.models import SearchDocument, SearchState

logger = logging.getLogger(__name__)

#: Names the encoder in the text hash: a different encoder invalidates every vector.
ENCODER_ID = "use-m3-512"
#: Records read and encoded per batch when rebuilding.
BATCH = 256


#: Vectors of texts encoded lately by this process (text hash -> float32 bytes): a record
#: saved twice, or restored after a delete, is not encoded again.
_recent_vectors: OrderedDict[str, bytes] = OrderedDict()
RECENT_VECTORS = 20_000


_recent_lock = threading.Lock()


def _remember(key: str, vector: bytes) -> None:
    with _recent_lock:
        _recent_vectors[key] = vector
        _recent_vectors.move_to_end(key)
        while len(_recent_vectors) > RECENT_VECTORS:
            _recent_vectors.popitem(last=False)


def text_hash(document: Document) -> str:
    """The hash of what the encoder sees for ``document``."""
    return hashlib.sha256(f"{ENCODER_ID}\n{embed_text(document)}".encode()).hexdigest()


def _document_of(row: SearchDocument) -> Document:
    import datetime

    date = row.date
    if isinstance(date, str):  # pragma: no cover - defensive (raw values)
        date = datetime.date.fromisoformat(date)
    return Document(
        id=row.doc_id,
        type=row.type,
        fields=dict(row.fields or {}),
        facets={name: tuple(values) for name, values in (row.facets or {}).items()},
        date=date,
    )


def _vector_of(row: SearchDocument) -> np.ndarray[Any, np.dtype[np.float32]]:
    raw = bytes(row.vector) if row.vector is not None else b""
    if len(raw) != DIM * 4:
        return np.zeros(DIM, dtype=np.float32)
    return np.frombuffer(raw, dtype=np.float32).copy()


def _take_seqs(count: int) -> int:
    """Reserve ``count`` change numbers; returns the first. Call inside a transaction:
    the counter row stays locked until it commits, so numbers become visible in order."""
    state = SearchState.objects.select_for_update().order_by("pk").first()
    if state is None:
        state = SearchState.objects.create()
        state = SearchState.objects.select_for_update().get(pk=state.pk)
    first = state.seq + 1
    state.seq += count
    state.save(update_fields=["seq"])
    return first


def write_documents(documents: Mapping[str, Document | None]) -> int:
    """Store ``documents`` (doc id → document, or ``None`` to tombstone it).

    Texts whose hash is unchanged keep their stored vector; the others are encoded in one
    batch. Returns how many rows changed.
    """
    if not documents:
        return 0
    ids = list(documents)
    existing = {
        row.doc_id: row
        for row in SearchDocument.objects.filter(doc_id__in=ids).only(
            "pk", "doc_id", "text_hash", "deleted", "fields", "facets", "date"
        )
    }
    hashes: dict[str, str] = {}
    to_encode: list[str] = []
    for doc_id, document in documents.items():
        if document is None:
            continue
        hashes[doc_id] = text_hash(document)
        row = existing.get(doc_id)
        if row is None or row.deleted or row.text_hash != hashes[doc_id]:
            to_encode.append(doc_id)
    vectors: dict[str, bytes] = {}
    for doc_id in to_encode:
        cached = _recent_vectors.get(hashes[doc_id])
        if cached is not None:
            vectors[doc_id] = cached
    missing = [doc_id for doc_id in to_encode if doc_id not in vectors]
    if missing:
        texts = [embed_text(documents[doc_id]) for doc_id in missing]  # type: ignore[arg-type]
        matrix = default_encoder().encode(texts)
        for doc_id, vector in zip(missing, matrix, strict=True):
            vectors[doc_id] = np.asarray(vector, dtype=np.float32).tobytes()
            _remember(hashes[doc_id], vectors[doc_id])

    creates: list[SearchDocument] = []
    updates: list[SearchDocument] = []
    with transaction.atomic():
        changed: list[tuple[str, Document | None]] = []
        for doc_id, document in documents.items():
            row = existing.get(doc_id)
            if document is None:
                if row is not None and not row.deleted:
                    changed.append((doc_id, None))
                continue
            if (
                row is not None
                and not row.deleted
                and doc_id not in vectors
                and row.fields == dict(document.fields)
                and row.facets == _facets_json(document)
                and row.date == document.date
            ):
                continue  # nothing to do
            changed.append((doc_id, document))
        if not changed:
            return 0
        seq = _take_seqs(len(changed))
        for offset, (doc_id, document) in enumerate(changed):
            row = existing.get(doc_id)
            if row is None:
                parts = split_id(doc_id)
                assert document is not None and parts is not None
                row = SearchDocument(
                    doc_id=doc_id,
                    type=document.type,
                    model_label=REGISTRY[parts[0]].model_label,
                    object_id=parts[1],
                )
                creates.append(row)
            else:
                updates.append(row)
            row.seq = seq + offset
            if document is None:
                row.deleted = True
                continue
            row.deleted = False
            row.fields = dict(document.fields)
            row.facets = _facets_json(document)
            row.date = document.date
            row.text_hash = hashes[doc_id]
            if doc_id in vectors:
                row.vector = vectors[doc_id]
        if creates:
            SearchDocument.objects.bulk_create(creates, batch_size=500)
        if updates:
            from django.utils import timezone

            now = timezone.now()
            names = ["seq", "deleted", "fields", "facets", "date", "text_hash", "updated_at"]
            for row in updates:
                row.updated_at = now
            with_vector = [row for row in updates if row.doc_id in vectors]
            without = [row for row in updates if row.doc_id not in vectors]
            if with_vector:
                SearchDocument.objects.bulk_update(with_vector, [*names, "vector"], batch_size=500)
            if without:
                SearchDocument.objects.bulk_update(without, names, batch_size=500)
    return len(creates) + len(updates)


def _facets_json(document: Document) -> dict[str, list[str]]:
    return {name: list(values) for name, values in document.facets.items()}


def build_documents(doc_ids: Iterable[str]) -> dict[str, Document | None]:
    """The current documents of ``doc_ids`` (``None`` for records gone)."""
    by_type: dict[str, list[str]] = {}
    for doc_id in doc_ids:
        parts = split_id(doc_id)
        if parts is not None and parts[1].isdigit():
            by_type.setdefault(parts[0], []).append(parts[1])
    found: dict[str, Document | None] = {}
    for doc_type, pks in by_type.items():
        search_type = REGISTRY[doc_type]
        for pk in pks:
            found[f"{doc_type}:{pk}"] = None
        for instance in search_type.queryset().filter(pk__in=pks):
            found[f"{doc_type}:{instance.pk}"] = search_type.builder(instance)
    return found


def refresh(doc_ids: Iterable[str]) -> int:
    """Recompute and store the documents of ``doc_ids``; returns the rows changed."""
    ids = list(dict.fromkeys(doc_ids))
    changed = 0
    for start in range(0, len(ids), BATCH):
        changed += write_documents(build_documents(ids[start : start + BATCH]))
    return changed


def rebuild(progress: Any = None, *, types: Sequence[str] | None = None) -> int:
    """Recompute every document from the records (vectors of unchanged texts are kept)
    and tombstone documents whose record is gone; returns how many documents are live.

    Args:
        progress: ``progress(description, done, total)`` or ``None``.
        types: only these types (default: all).
    """
    Context.reset()
    live = 0
    chosen = list(types) if types else list(REGISTRY)
    for doc_type in chosen:
        search_type = REGISTRY[doc_type]
        queryset = search_type.queryset()
        total = queryset.count()
        label = f"search: {doc_type}"
        if progress:
            progress(label, 0, total)
        seen: set[str] = set()
        last_pk: Any = None
        done = 0
        while True:
            batch_qs = queryset if last_pk is None else queryset.filter(pk__gt=last_pk)
            batch = list(batch_qs[:BATCH])
            if not batch:
                break
            last_pk = batch[-1].pk
            documents: dict[str, Document | None] = {}
            for instance in batch:
                document = search_type.builder(instance)
                documents[document.id] = document
            write_documents(documents)
            seen.update(documents)
            done += len(batch)
            if progress:
                progress(label, done, total)
        stale = (
            SearchDocument.objects.filter(type=doc_type, deleted=False)
            .exclude(doc_id__in=seen)
            .values_list("doc_id", flat=True)
            if len(seen) < 50_000
            else [
                d
                for d in SearchDocument.objects.filter(type=doc_type, deleted=False).values_list(
                    "doc_id", flat=True
                )
                if d not in seen
            ]
        )
        stale_ids = list(stale)
        for start in range(0, len(stale_ids), 1000):
            write_documents(dict.fromkeys(stale_ids[start : start + 1000]))
        live += len(seen)
    if not types:
        _forget_unknown_types()
    return live


def _forget_unknown_types() -> None:
    """Tombstone rows of types no longer registered."""
    rows = SearchDocument.objects.filter(deleted=False).exclude(type__in=list(REGISTRY))
    ids = list(rows.values_list("doc_id", flat=True))
    if ids:
        with transaction.atomic():
            seq = _take_seqs(len(ids))
            for offset, doc_id in enumerate(ids):
                SearchDocument.objects.filter(doc_id=doc_id).update(deleted=True, seq=seq + offset)


# ---------------------------------------------------------------- in-memory index


class _Live:
    """This process's index and how far it has read the store."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.index: SearchIndex | None = None
        self.generation: str | None = None
        self.seq = 0
        self.catch_up_asked = 0.0


_live = _Live()

#: Rows applied per batch while syncing.
SYNC_BATCH = 2000


def _apply(index: SearchIndex, rows: Iterable[SearchDocument]) -> None:
    docs: list[Document] = []
    vectors: list[np.ndarray[Any, np.dtype[np.float32]]] = []
    removed: list[str] = []

    def flush() -> None:
        if docs:
            index.upsert(list(docs), np.vstack(vectors).astype(np.float32))
            docs.clear()
            vectors.clear()
        if removed:
            index.remove(list(removed))
            removed.clear()

    for row in rows:
        if row.deleted:
            if docs:
                flush()
            removed.append(row.doc_id)
            continue
        if removed:
            flush()
        docs.append(_document_of(row))
        vectors.append(_vector_of(row))
        if len(docs) >= SYNC_BATCH:
            flush()
    flush()


def get_index() -> SearchIndex:
    """This process's index, brought up to date with the store (cheap when nothing
    changed: one query)."""
    with _live.lock:
        state = SearchState.objects.order_by("pk").values("seq", "generation").first()
        generation = state["generation"] if state else ""
        seq = state["seq"] if state else 0
        if _live.index is None or generation != _live.generation or seq < _live.seq:
            _live.index = SearchIndex()
            _live.generation = generation
            _live.seq = 0
        if seq > _live.seq:
            rows = SearchDocument.objects.filter(seq__gt=_live.seq, seq__lte=seq)
            if _live.seq == 0:
                rows = rows.filter(deleted=False)
            _apply(_live.index, rows.order_by("seq").iterator(chunk_size=SYNC_BATCH))
            _live.seq = seq
        _maybe_catch_up()
        return _live.index


def reset_index() -> None:
    """Forget this process's index (the next :func:`get_index` reloads it)."""
    with _live.lock:
        _live.index = None
        _live.generation = None
        _live.seq = 0


#: Seconds between two requests for a catch-up task from one process.
CATCH_UP_EVERY = 10.0


def changes_pending() -> bool:
    """Whether the change history has entries the catch-up task has not read."""
    from stcoop.core.models import ObjectChange

    watermark = (
        SearchState.objects.order_by("pk").values_list("change_watermark", flat=True).first()
    ) or 0
    return ObjectChange.objects.filter(pk__gt=watermark).exists()


def _maybe_catch_up() -> None:
    """Ask for a catch-up task when records changed without signals (bulk imports)."""
    now = time.monotonic()
    if now - _live.catch_up_asked < CATCH_UP_EVERY:
        return
    _live.catch_up_asked = now
    try:
        if changes_pending():
            from stcoop.search.tasks import catch_up

            catch_up.enqueue()
    except Exception:  # never let a search fail because the queue is unavailable
        logger.exception("could not queue the search catch-up task")


def catch_up(limit: int = 50_000) -> int:
    """Refresh the documents of records named in change-history entries written since the
    last catch-up (imports write with ``bulk_create``, which sends no signals)."""
    from django.contrib.contenttypes.models import ContentType

    from stcoop.core.models import ObjectChange

    labels = {t.model_label.lower(): name for name, t in REGISTRY.items()}
    types: dict[int, str] = {}
    for ct in ContentType.objects.all():
        name = labels.get(f"{ct.app_label}.{ct.model}")
        if name:
            types[ct.pk] = name
    state = SearchState.objects.order_by("pk").first()
    watermark = state.change_watermark if state else 0
    rows = list(
        ObjectChange.objects.filter(pk__gt=watermark)
        .order_by("pk")
        .values_list("pk", "content_type_id", "object_id")[:limit]
    )
    if not rows:
        return 0
    ids = [f"{types[ct]}:{oid}" for _, ct, oid in rows if ct in types]
    changed = refresh(ids)
    with transaction.atomic():
        current = SearchState.objects.select_for_update().order_by("pk").first()
        if current is None:
            current = SearchState.objects.create()
        if rows[-1][0] > current.change_watermark:
            current.change_watermark = rows[-1][0]
            current.save(update_fields=["change_watermark"])
    return changed
