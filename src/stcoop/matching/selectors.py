"""Reads of saved searches and notifications (always the actor's own) and of the
technology profiles offered for matchmaking."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from stcoop.matching.models import Notification, SavedSearch
from stcoop.technologies.models import TechnologyProfile
from stcoop.technologies.selectors import profile_list


def saved_search_list(*, actor: Any) -> QuerySet[SavedSearch]:
    """The actor's saved searches (none for a visitor)."""
    if not getattr(actor, "is_authenticated", False):
        return SavedSearch.objects.none()
    return SavedSearch.objects.filter(owner=actor)


def saved_search_get(*, actor: Any, pk: Any) -> SavedSearch:
    """The actor's saved search ``pk``.

    Raises:
        Http404: no such search, or another user's.
    """
    try:
        return saved_search_list(actor=actor).get(pk=pk)
    except (SavedSearch.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def notification_list(*, actor: Any, unread: bool = False) -> QuerySet[Notification]:
    """The actor's notifications, newest first (only unread ones when ``unread``)."""
    if not getattr(actor, "is_authenticated", False):
        return Notification.objects.none()
    queryset = Notification.objects.filter(user=actor)
    return queryset.filter(read_at__isnull=True) if unread else queryset


def notification_get(*, actor: Any, pk: Any) -> Notification:
    """The actor's notification ``pk``.

    Raises:
        Http404: no such notification, or another user's.
    """
    try:
        return notification_list(actor=actor).get(pk=pk)
    except (Notification.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def unread_count(*, actor: Any) -> int:
    """How many notifications the actor has not read."""
    return notification_list(actor=actor, unread=True).count()


def matchable_profiles(
    *, actor: Any, mine: bool = False, q: str = ""
) -> QuerySet[TechnologyProfile]:
    """Current profiles the actor sees, to pick one to match; ``mine``: those the actor
    created or its unit owns; ``q``: words in the title, keywords or reference."""
    today = timezone.localdate()
    queryset = profile_list(actor=actor).filter(
        Q(expiry_date__isnull=True) | Q(expiry_date__gte=today)
    )
    if mine:
        unit = getattr(actor, "unit", None)
        condition = Q(created_by=actor) if getattr(actor, "is_authenticated", False) else Q(pk=None)
        if unit is not None:
            condition |= Q(owner_unit=unit)
        queryset = queryset.filter(condition)
    for word in q.casefold().split()[:10]:
        queryset = queryset.filter(search_text__contains=word)
    return queryset
