"""Writing change-history entries; services call :func:`log_change` after each write."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType

from stcoop.core.choices import ChangeAction
from stcoop.core.middleware import current_request_id
from stcoop.core.models import ChangeLoggedModel, ObjectChange


def log_change(
    *,
    actor: Any,
    instance: ChangeLoggedModel,
    action: ChangeAction,
    before: dict[str, Any] | None = None,
) -> ObjectChange | None:
    """Record that ``actor`` created, updated or deleted ``instance``.

    Args:
        actor: the user who made the change (``None`` or anonymous for system changes).
        instance: the record; for a delete, pass it before its ``pk`` is cleared.
        action: create, update or delete.
        before: :meth:`ChangeLoggedModel.snapshot` taken before an update or delete.

    Returns:
        The new entry, or ``None`` for an update that changed nothing.
    """
    after = None if action == ChangeAction.DELETE else instance.snapshot()
    if action == ChangeAction.UPDATE and before == after:
        return None
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    return ObjectChange.objects.create(
        actor=actor if is_user else None,
        actor_name=actor.get_username() if is_user else "system",
        action=action,
        content_type=ContentType.objects.get_for_model(instance._meta.model),
        object_id=str(instance.pk),
        object_repr=str(instance)[:300],
        before=before,
        after=after,
        request_id=current_request_id(),
    )
