"""After any write to a searchable record, queue a refresh of its search document.

Saves, deletes and changes of many-to-many links (countries, units shared with) of the
registered models, and of the rows a document is built from (a project's participants,
a person's affiliations, a big-science programme's participants), add the document id
to a set kept per thread; one ``transaction.on_commit`` callback queues a single
:func:`stcoop.search.tasks.refresh_documents` task for the whole set, so a form save or
an import of thousands of rows queues one task, not thousands, and nothing is queued
for a write that is rolled back.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from django.apps import apps
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from stcoop.search.documents import REGISTRY, type_of_model

logger = logging.getLogger(__name__)

#: Child models whose rows appear in a parent's document: label -> (type, parent id attribute).
DEPENDENTS: dict[str, tuple[str, str]] = {
    "projects.Participation": ("project", "project_id"),
    "people.Affiliation": ("person", "person_id"),
    "memberships.ProgrammeParticipation": ("bigscience", "programme_id"),
}
#: Ids queued per task at most; more are split into several tasks.
TASK_SIZE = 2000

_local = threading.local()


def _flush() -> None:
    pending: set[str] = getattr(_local, "pending", None) or set()
    _local.pending = None
    if not pending:
        return
    from stcoop.search.tasks import refresh_documents

    ids = sorted(pending)
    for start in range(0, len(ids), TASK_SIZE):
        try:
            refresh_documents.enqueue(ids[start : start + TASK_SIZE])
        except Exception:  # a write must never fail because the queue is unavailable
            logger.exception("could not queue a search refresh for %d records", len(ids))


def _registered() -> bool:
    """Whether our flush callback is still waiting on this connection's transaction."""
    return any(entry[1] is _flush for entry in connection.run_on_commit)


def schedule(doc_ids: list[str]) -> None:
    """Queue a refresh of ``doc_ids`` once the current transaction commits."""
    if not doc_ids:
        return
    pending = getattr(_local, "pending", None)
    if pending is None or not connection.in_atomic_block or not _registered():
        pending = _local.pending = set()
        pending.update(doc_ids)
        transaction.on_commit(_flush)  # runs now when not in a transaction
        return
    pending.update(doc_ids)


def _on_save(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw:  # fixtures
        return
    doc_type = type_of_model(sender)
    if doc_type is not None and instance.pk is not None:
        schedule([f"{doc_type}:{instance.pk}"])


def _on_delete(sender: Any, instance: Any, **kwargs: Any) -> None:
    _on_save(sender, instance)


def _on_dependent(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return
    doc_type, attribute = DEPENDENTS[sender._meta.label]
    parent = getattr(instance, attribute, None)
    if parent is not None:
        schedule([f"{doc_type}:{parent}"])


def _on_m2m(
    sender: Any, instance: Any, action: str, reverse: bool, model: Any, **kwargs: Any
) -> None:
    if not action.startswith("post_"):
        return
    if not reverse:
        _on_save(type(instance), instance)
        return
    doc_type = type_of_model(model)
    pk_set = kwargs.get("pk_set") or ()
    if doc_type is not None:
        schedule([f"{doc_type}:{pk}" for pk in pk_set])


def connect() -> None:
    """Connect the handlers (called once from the app's ``ready``)."""
    for search_type in REGISTRY.values():
        model = apps.get_model(search_type.model_label)
        uid = f"search:{search_type.name}"
        post_save.connect(_on_save, sender=model, dispatch_uid=f"{uid}:save")
        post_delete.connect(_on_delete, sender=model, dispatch_uid=f"{uid}:delete")
        for field in model._meta.many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(_on_m2m, sender=through, dispatch_uid=f"{uid}:m2m:{field.name}")
    for label in DEPENDENTS:
        model = apps.get_model(label)
        post_save.connect(_on_dependent, sender=model, dispatch_uid=f"search:dep:{label}:save")
        post_delete.connect(_on_dependent, sender=model, dispatch_uid=f"search:dep:{label}:del")
