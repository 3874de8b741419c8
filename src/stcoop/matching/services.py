"""Writes of saved searches and notifications, and the check that notifies owners.

Every write by a user takes the acting user first and checks, before anything else, that
the saved search or notification is the actor's own (nobody else's, administrators
included: these are personal). :func:`saved_search_check` is run by the system (the
background task and ``stcoop check-saved-searches``), as the owner of each search, so it
only ever reports records the owner may see.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Collection, Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from stcoop.matching.choices import SearchMode
from stcoop.matching.models import Notification, SavedSearch

logger = logging.getLogger(__name__)

#: Results asked of the search service when a saved search is checked.
CHECK_LIMIT = 200
#: Record titles listed in one notification.
TITLES_IN_MESSAGE = 5

SAVED_SEARCH_FIELDS = frozenset(
    {"name", "query", "types", "facets", "mode", "notify_platform", "notify_email"}
)


# ---------------------------------------------------------------- permission
def require_owner(actor: Any, record: SavedSearch | Notification) -> None:
    """Raise :class:`PermissionDenied` unless ``record`` belongs to ``actor``."""
    owner_id = record.owner_id if isinstance(record, SavedSearch) else record.user_id
    if not getattr(actor, "is_authenticated", False) or owner_id != actor.pk:
        raise PermissionDenied(_("Only its owner may change this."))


def _require_user(actor: Any) -> None:
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(_("Sign in to save searches."))


# ---------------------------------------------------------------- validation
def search_types() -> dict[str, Any]:
    """Record types the search service knows (empty while it is not installed)."""
    try:
        from stcoop.search.documents import SEARCH_TYPES
    except ImportError:  # pragma: no cover - the search app is part of the platform
        return {}
    return dict(SEARCH_TYPES)


def clean_saved_search(fields: Mapping[str, Any]) -> dict[str, Any]:
    """Check and normalise the fields of a saved search.

    Raises:
        ValidationError: naming each field that is wrong.
    """
    errors: dict[str, list[str]] = {}
    cleaned = dict(fields)
    if "name" in cleaned:
        cleaned["name"] = str(cleaned["name"] or "").strip()
        if not cleaned["name"]:
            errors["name"] = [_("Give the search a name.")]
        elif len(cleaned["name"]) > 200:
            errors["name"] = [_("Keep the name under 200 characters.")]
    if "query" in cleaned:
        cleaned["query"] = str(cleaned["query"] or "").strip()
        if not cleaned["query"]:
            errors["query"] = [_("Give the words to search for.")]
        elif len(cleaned["query"]) > 1000:
            errors["query"] = [_("Keep the query under 1000 characters.")]
    if "types" in cleaned:
        types = cleaned["types"] or []
        known = search_types()
        if not isinstance(types, list | tuple) or not all(isinstance(t, str) for t in types):
            errors["types"] = [_("Give the record types as a list of names.")]
        else:
            unknown = sorted(t for t in types if known and t not in known)
            if unknown:
                errors["types"] = [
                    _("Unknown record types: {types}").format(types=", ".join(unknown))
                ]
            cleaned["types"] = sorted(set(types))
    if "facets" in cleaned:
        facets = cleaned["facets"] or {}
        if not isinstance(facets, Mapping) or not all(
            isinstance(k, str)
            and isinstance(v, list | tuple)
            and all(isinstance(x, str | int) for x in v)
            for k, v in facets.items()
        ):
            errors["facets"] = [
                _('Give filters as an object of lists, such as {"country": ["DE"]}.')
            ]
        else:
            cleaned["facets"] = {k: [str(x) for x in v] for k, v in facets.items() if v}
    if "mode" in cleaned and cleaned["mode"] not in SearchMode.values:
        errors["mode"] = [_("Unknown search mode.")]
    if errors:
        raise ValidationError(errors)
    return cleaned


def _check_name_free(owner: Any, name: str, exclude_pk: int | None = None) -> None:
    taken = SavedSearch.objects.filter(owner=owner, name=name)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise ValidationError({"name": [_("You already have a saved search with this name.")]})


# ---------------------------------------------------------------- saved searches
def saved_search_results(saved_search: SavedSearch, *, limit: int = CHECK_LIMIT) -> Any:
    """The search service's results of ``saved_search`` as its owner sees them."""
    from stcoop.search.services import search_records

    return search_records(
        user=saved_search.owner,
        query=saved_search.query,
        types=saved_search.types or None,
        facets=saved_search.facets or None,
        mode=saved_search.mode,
        limit=limit,
    )


def saved_search_create(
    *,
    actor: Any,
    name: str,
    query: str,
    types: Collection[str] = (),
    facets: Mapping[str, Collection[str]] | None = None,
    mode: str = SearchMode.HYBRID,
    notify_platform: bool = True,
    notify_email: bool = False,
) -> SavedSearch:
    """Save a search for ``actor``; what matches now is taken as already known."""
    _require_user(actor)
    fields = clean_saved_search(
        {
            "name": name,
            "query": query,
            "types": list(types),
            "facets": dict(facets or {}),
            "mode": mode,
        }
    )
    _check_name_free(actor, fields["name"])
    with transaction.atomic():
        saved = SavedSearch(
            owner=actor,
            notify_platform=bool(notify_platform),
            notify_email=bool(notify_email),
            **fields,
        )
        saved.remember([item.id for item in saved_search_results(saved).items])
        saved.last_checked = timezone.now()
        saved.save()
    return saved


def saved_search_update(*, actor: Any, saved_search: SavedSearch, **fields: Any) -> SavedSearch:
    """Change ``saved_search`` (its owner only). Changing the query, types, filters or
    mode takes what matches the changed search now as known."""
    require_owner(actor, saved_search)
    unknown = sorted(set(fields) - SAVED_SEARCH_FIELDS)
    if unknown:
        raise ValidationError(
            {
                name: [_("This field cannot be changed: {name}").format(name=name)]
                for name in unknown
            }
        )
    cleaned = clean_saved_search(fields)
    if "name" in cleaned:
        _check_name_free(actor, cleaned["name"], saved_search.pk)
    changes_results = any(
        name in cleaned and cleaned[name] != getattr(saved_search, name)
        for name in ("query", "types", "facets", "mode")
    )
    with transaction.atomic():
        for name, value in cleaned.items():
            setattr(saved_search, name, bool(value) if name.startswith("notify_") else value)
        if changes_results:
            saved_search.remember([item.id for item in saved_search_results(saved_search).items])
            saved_search.last_checked = timezone.now()
        saved_search.save()
    return saved_search


def saved_search_delete(*, actor: Any, saved_search: SavedSearch) -> None:
    """Delete ``saved_search`` (its owner only); its notifications stay."""
    require_owner(actor, saved_search)
    saved_search.delete()


def _site_url(path: str) -> str:
    base = str(getattr(settings, "STCOOP_SITE_URL", "") or "").rstrip("/")
    return f"{base}{path}" if base else path


def _notify(
    saved_search: SavedSearch, new_items: list[Any], now: datetime.datetime
) -> Notification | None:
    """Tell the owner about ``new_items`` as the saved search asks."""
    from django.urls import reverse

    owner = saved_search.owner
    titles = [str(item.title) for item in new_items[:TITLES_IN_MESSAGE]]
    if len(new_items) > TITLES_IN_MESSAGE:
        titles.append("…")
    params = {"name": saved_search.name, "count": len(new_items), "titles": "; ".join(titles)}
    link = reverse("matching:saved_run", kwargs={"pk": saved_search.pk})
    notification = Notification(
        user=owner, code="saved_search_new", params=params, link=link, saved_search=saved_search
    )
    if saved_search.notify_platform:
        notification.save()
    if saved_search.notify_email and owner.email:
        with translation.override(owner.language or settings.LANGUAGE_CODE):
            lines = [notification.body_in(translation.get_language() or "en"), ""]
            lines += [f"- {item.title}: {_site_url(str(item.url))}" for item in new_items[:20]]
            lines += ["", _("See all results: {url}").format(url=_site_url(link))]
            subject = notification.title_in(translation.get_language() or "en")
        try:
            send_mail(subject, "\n".join(lines), None, [owner.email])
        except OSError:
            # The notification on the platform stands; a later check does not resend.
            logger.exception("could not e-mail saved search %s to %s", saved_search.pk, owner.pk)
    return notification if notification.pk else None


def saved_search_check(
    saved_search: SavedSearch, *, now: datetime.datetime | None = None
) -> list[str]:
    """Find the records matching ``saved_search`` that its owner may see and was not yet
    told about; notify the owner once about them. Returns their ids."""
    now = now or timezone.now()
    owner = saved_search.owner
    if not owner.is_active:
        return []
    items = saved_search_results(saved_search).items
    known = set(saved_search.notified_ids or [])
    new_items = [item for item in items if item.id not in known]
    with transaction.atomic():
        locked = SavedSearch.objects.select_for_update().get(pk=saved_search.pk)
        known = set(locked.notified_ids or [])
        new_items = [item for item in new_items if item.id not in known]
        if new_items:
            _notify(locked, new_items, now)
            locked.remember([item.id for item in new_items])
        locked.last_checked = now
        locked.save(update_fields=["notified_ids", "last_checked"])
    saved_search.notified_ids = locked.notified_ids
    saved_search.last_checked = now
    return [item.id for item in new_items]


def saved_searches_check_all(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Check every saved search of an active user; counts of searches checked, searches
    with news and records notified. A search that fails is logged and skipped."""
    counts = {"checked": 0, "notified": 0, "records": 0, "failed": 0}
    searches = SavedSearch.objects.filter(owner__is_active=True).select_related("owner")
    for saved_search in searches.iterator():
        try:
            new = saved_search_check(saved_search, now=now)
        except Exception:  # one broken search must not stop the others
            logger.exception("saved search %s failed", saved_search.pk)
            counts["failed"] += 1
            continue
        counts["checked"] += 1
        if new:
            counts["notified"] += 1
            counts["records"] += len(new)
    return counts


# ---------------------------------------------------------------- notifications
def notification_mark_read(*, actor: Any, notification: Notification) -> Notification:
    """Mark ``notification`` read (its recipient only)."""
    require_owner(actor, notification)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, actor: Any) -> int:
    """Mark every unread notification of ``actor`` read; returns how many."""
    _require_user(actor)
    return Notification.objects.filter(user=actor, read_at__isnull=True).update(
        read_at=timezone.now()
    )
