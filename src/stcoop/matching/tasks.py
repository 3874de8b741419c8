"""Background task that checks saved searches, and its debounced trigger after writes.

A write to any searchable record schedules one check a few seconds later (after the
transaction commits, so the new record is there and the search index can sync); writes
within that window share the check. ``stcoop worker`` runs it; ``stcoop
check-saved-searches`` runs the same check at once.
"""

from __future__ import annotations

import datetime
import functools
import logging
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)

#: Writes within this many seconds of the one that scheduled a check share that check,
#: which runs twice this long after it: so at least this long after any write it covers,
#: time enough for the search index to take the new record in.
DEBOUNCE_SECONDS = 5
_SCHEDULED_KEY = "stcoop.matching.saved-searches-check-scheduled"


@task()
def saved_searches_check() -> dict[str, int]:
    """Check every saved search and notify owners of new matching records."""
    from stcoop.matching.services import saved_searches_check_all

    cache.delete(_SCHEDULED_KEY)
    return saved_searches_check_all()


def schedule_check() -> bool:
    """Enqueue :func:`saved_searches_check` unless one is already due; ``True`` when one
    was enqueued. Does nothing while nobody has saved a search."""
    from stcoop.matching.models import SavedSearch

    if not SavedSearch.objects.exists():
        return False
    if not cache.add(_SCHEDULED_KEY, True, DEBOUNCE_SECONDS):
        return False
    queued: Any = saved_searches_check
    if queued.get_backend().supports_defer:
        run_after = timezone.now() + datetime.timedelta(seconds=2 * DEBOUNCE_SECONDS)
        queued = queued.using(run_after=run_after)
    queued.enqueue()
    return True


def _schedule_safely() -> None:
    try:
        schedule_check()
    except Exception:  # a failed schedule must never fail the write that triggered it
        logger.exception("could not schedule the saved-search check")


def record_saved(sender: type[Any], **kwargs: Any) -> None:
    """``post_save`` receiver: schedule a check after commit when a searchable record is
    written (raw fixture loads excepted)."""
    if kwargs.get("raw") or sender not in searchable_models():
        return
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        _schedule_safely()
        return
    # One callback per transaction, however many records it writes (an import).
    if not any(func is _schedule_safely for _sids, func, *_rest in connection.run_on_commit):
        transaction.on_commit(_schedule_safely, robust=True)


@functools.cache
def searchable_models() -> frozenset[type[Any]]:
    """Models whose records saved searches can find."""
    try:
        from stcoop.search.documents import SEARCH_TYPES
    except ImportError:  # pragma: no cover - the search app is part of the platform
        from stcoop.technologies.models import TechnologyProfile

        return frozenset({TechnologyProfile})
    return frozenset(SEARCH_TYPES.values())
