"""Background tasks that keep the search store fresh (run by ``stcoop worker``)."""

from __future__ import annotations

from django_tasks import task


@task()
def refresh_documents(doc_ids: list[str]) -> int:
    """Recompute (or tombstone) the search documents ``doc_ids`` from the records."""
    from stcoop.search.store import refresh

    return refresh(doc_ids)


@task()
def catch_up() -> int:
    """Refresh the records named in change-history entries not yet read (bulk imports)."""
    from stcoop.search.store import catch_up as run

    return run()


@task()
def rebuild_index() -> int:
    """Rebuild every search document (a full ``stcoop reindex``)."""
    from stcoop.search.store import rebuild

    return rebuild()
