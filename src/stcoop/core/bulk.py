"""Bulk upserts for importers: compare in memory, write in batches, log in bulk.

An importer reads what exists once (a dict from its key to the record), then hands
every incoming record to :meth:`BulkUpsert.add` with the record found (or ``None``) and
the wanted field values. :class:`BulkUpsert` builds new records, compares the others
field by field (through a ``merge`` rule, e.g. "keep the stored value when the source
has none"), keeps a snapshot of each record before its first change, and
:meth:`BulkUpsert.create` / :meth:`BulkUpsert.update` write them with ``bulk_create`` and
``bulk_update`` in batches. :func:`log_bulk_changes` then writes one change-history entry
per created or changed record with ``bulk_create``.

Changes the importer makes outside the compared fields (an identifier added, a parent
linked) go through :meth:`BulkUpsert.touch` so the record is counted as updated and its
history shows the state before.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from stcoop.core.choices import ChangeAction
from stcoop.core.models import ObjectChange

M = TypeVar("M", bound=models.Model)

BATCH = 500
Progress = Callable[[str, int, int], None]


def replace(_name: str, _current: Any, new: Any) -> Any:
    """The default merge rule: the incoming value wins."""
    return new


def keep_when_empty(
    keep: Iterable[str], lists: Iterable[str] = (), named_lists: Iterable[str] = ()
) -> Callable[[str, Any, Any], Any]:
    """A merge rule for reference imports.

    Fields in ``keep`` keep their stored value when the incoming one is empty; fields in
    ``lists`` become the incoming list plus the stored items it lacks; fields in
    ``named_lists`` (lists of ``{"name": ...}``) the same, compared by ``name``.
    """
    keep_set, list_set, named_set = frozenset(keep), frozenset(lists), frozenset(named_lists)

    def merge(name: str, current: Any, new: Any) -> Any:
        if name in keep_set and new in ("", None):
            return current
        if name in list_set:
            return list(new) + [item for item in current or [] if item not in new]
        if name in named_set:
            names = {item["name"] for item in new}
            return list(new) + [item for item in current or [] if item.get("name") not in names]
        return new

    return merge


@dataclass
class BulkUpsert(Generic[M]):
    """New and changed records of one model, gathered in memory, written in batches.

    Args:
        model: the model class.
        fields: attribute names the import sets (``country_id`` for a foreign key).
        merge: ``merge(name, current, new) -> wanted`` (default :func:`replace`).
        prepare: called on each new or changed record before it is written (e.g. to
            compute a search column).
        snapshot: the record's history snapshot, taken before its first change.
        extra_update_fields: further columns written for changed records (columns
            :meth:`touch` callers change, a search column ...).
    """

    model: type[M]
    fields: Sequence[str]
    merge: Callable[[str, Any, Any], Any] = replace
    prepare: Callable[[M], None] | None = None
    snapshot: Callable[[M], dict[str, Any]] | None = None
    extra_update_fields: Sequence[str] = ()
    batch: int = BATCH
    new: list[M] = field(default_factory=list)
    changed: dict[Any, M] = field(default_factory=dict)
    befores: dict[Any, dict[str, Any]] = field(default_factory=dict)
    seen: int = 0
    _new_ids: set[int] = field(default_factory=set, repr=False)

    def add(self, existing: M | None, target: dict[str, Any], **defaults: Any) -> M:
        """Plan one incoming record: a new one built from ``defaults`` and ``target`` when
        ``existing`` is ``None``, else ``existing`` with the fields that differ changed."""
        self.seen += 1
        if existing is None:
            record = self.model(**defaults, **target)
            if self.prepare is not None:
                self.prepare(record)
            self.new.append(record)
            self._new_ids.add(id(record))
            return record
        updates = {}
        for name, value in target.items():
            current = getattr(existing, name)
            wanted = self.merge(name, current, value)
            if wanted != current:
                updates[name] = wanted
        if not updates:
            return existing
        self.touch(existing)
        for name, value in updates.items():
            setattr(existing, name, value)
        if self.prepare is not None:
            self.prepare(existing)
        return existing

    def touch(self, record: M, before: dict[str, Any] | None = None) -> None:
        """Count an existing ``record`` as updated (once), keeping its state before the
        first change: ``before`` when given, else :attr:`snapshot` of it now."""
        if self.is_new(record) or record.pk is None or record.pk in self.changed:
            return
        if self.snapshot is not None:
            self.befores[record.pk] = before if before is not None else self.snapshot(record)
        self.changed[record.pk] = record

    def is_new(self, record: M) -> bool:
        """Whether ``record`` is one this upsert creates."""
        return id(record) in self._new_ids

    @property
    def created_count(self) -> int:
        return len(self.new)

    @property
    def updated_count(self) -> int:
        return len(self.changed)

    @property
    def unchanged_count(self) -> int:
        """Records handed to :meth:`add` that are neither new nor changed."""
        return max(self.seen - len(self.new) - len(self.changed), 0)

    def create(self, progress: Progress | None = None, description: str = "") -> list[M]:
        """Write the new records in batches (their primary keys are set afterwards)."""
        total = len(self.new)
        for start in range(0, total, self.batch):
            self.model._default_manager.bulk_create(self.new[start : start + self.batch])
            if progress is not None:
                progress(description or "Creating", min(start + self.batch, total), total)
        return self.new

    def update(self) -> list[M]:
        """Write the changed records in batches, with ``last_updated`` set to now when
        the model has that column."""
        records = list(self.changed.values())
        if not records:
            return records
        columns = [name.removesuffix("_id") for name in self.fields]
        columns += [name for name in self.extra_update_fields if name not in columns]
        if any(f.name == "last_updated" for f in self.model._meta.concrete_fields):
            now = timezone.now()
            for record in records:
                record.last_updated = now  # type: ignore[attr-defined]
            columns.append("last_updated")
        self.model._default_manager.bulk_update(records, columns, batch_size=self.batch)
        return records


def log_bulk_changes(
    actor: Any,
    model: type[models.Model],
    created: Iterable[models.Model],
    changed: dict[Any, Any],
    befores: dict[Any, dict[str, Any]],
    snapshot: Callable[[Any], dict[str, Any]],
    *,
    request_id: str,
) -> int:
    """One history entry per created (``before`` empty) or changed record of ``model``,
    written with ``bulk_create``; ``request_id`` names the import. Returns the count."""
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    common = {
        "actor": actor if is_user else None,
        "actor_name": actor.get_username() if is_user else "system",
        "content_type": ContentType.objects.get_for_model(model),
        "request_id": request_id,
    }
    entries = [
        ObjectChange(
            action=ChangeAction.CREATE,
            object_id=str(record.pk),
            object_repr=str(record)[:300],
            before=None,
            after=snapshot(record),
            **common,
        )
        for record in created
    ]
    entries += [
        ObjectChange(
            action=ChangeAction.UPDATE,
            object_id=str(pk),
            object_repr=str(record)[:300],
            before=befores.get(pk),
            after=snapshot(record),
            **common,
        )
        for pk, record in changed.items()
    ]
    ObjectChange.objects.bulk_create(entries, batch_size=1000)
    return len(entries)
