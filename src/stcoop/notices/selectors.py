"""Reads of notices, always narrowed to what the actor may see."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from stcoop.core.permissions import visible
from stcoop.notices.filtersets import NoticeFilterSet
from stcoop.notices.models import Notice


def notice_list(*, actor: Any, filters: Mapping[str, Any] | None = None) -> QuerySet[Notice]:
    """The notices ``actor`` may see, newest first, optionally narrowed by ``filters``.

    Args:
        actor: a user, an anonymous user or ``None``.
        filters: query parameters of :class:`stcoop.notices.filtersets.NoticeFilterSet`
            (``q``, ``category``, ``owner_unit``, ``visibility``, ``published_on_after``,
            ``published_on_before``, ``current``); invalid values are ignored.
    """
    queryset = visible(
        actor,
        Notice.objects.select_related("owner_unit", "created_by").prefetch_related("shared_with"),
    )
    if filters:
        queryset = NoticeFilterSet(filters, queryset=queryset).qs
    return queryset


def notice_get(*, actor: Any, pk: Any) -> Notice:
    """The notice ``pk`` if ``actor`` may see it.

    Raises:
        Http404: no such notice, or the actor may not see it (the two look the same, so
            a notice's existence is not revealed).
    """
    try:
        return notice_list(actor=actor).get(pk=pk)
    except (Notice.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
