"""Saved searches that notify their owners, and the in-platform notifications."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from stcoop.matching.choices import MESSAGES, SearchMode

#: How many already-notified record ids a saved search remembers (the oldest are dropped).
NOTIFIED_LIMIT = 5000


class SavedSearch(models.Model):
    """A search a user keeps: the query, the record types and facet filters, the mode.

    ``facets`` maps a facet name of the search service (``country``, ``grouping``,
    ``discipline``, ``kind``, ``status``, ``year``) to a list of values. The owner is told
    of records that match and that they may see, once each: ``notified_ids`` holds the
    search-document ids (``"technology:12"``) already reported, ``last_checked`` when the
    check last ran. Records matching when the search is saved are taken as known (the
    owner sees them on the results page), so only records that appear later notify.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="saved_searches",
        verbose_name=_("owner"),
    )
    name = models.CharField(_("name"), max_length=200)
    query = models.CharField(_("query"), max_length=1000)
    types = models.JSONField(_("record types"), default=list, blank=True)
    facets = models.JSONField(_("filters"), default=dict, blank=True)
    mode = models.CharField(
        _("search mode"), max_length=16, choices=SearchMode.choices, default=SearchMode.HYBRID
    )
    notify_platform = models.BooleanField(_("notify on the platform"), default=True)
    notify_email = models.BooleanField(_("notify by e-mail"), default=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    last_updated = models.DateTimeField(_("last updated"), auto_now=True)
    last_checked = models.DateTimeField(_("last checked"), null=True, blank=True)
    notified_ids = models.JSONField(_("records already notified"), default=list, blank=True)

    class Meta:
        ordering = ("name", "pk")
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        constraints = [
            models.UniqueConstraint(fields=("owner", "name"), name="matching_savedsearch_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def remember(self, ids: list[str]) -> None:
        """Add ``ids`` to the notified ids, keeping the newest :data:`NOTIFIED_LIMIT`."""
        known = list(self.notified_ids or [])
        seen = set(known)
        known.extend(i for i in ids if i not in seen)
        self.notified_ids = known[-NOTIFIED_LIMIT:]


class Notification(models.Model):
    """A message to one user, shown in the inbox until read.

    The text is stored as a message code (a key of :data:`stcoop.matching.choices.MESSAGES`)
    with its parameters, so it reads in whichever language the user has chosen when it is
    shown; ``link`` is a path on the platform.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("user"),
    )
    code = models.CharField(_("message"), max_length=40)
    params = models.JSONField(_("message details"), default=dict, blank=True)
    link = models.CharField(_("link"), max_length=500, blank=True)
    saved_search = models.ForeignKey(
        SavedSearch,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notifications",
        verbose_name=_("saved search"),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        ordering = ("-created", "-pk")
        indexes = [
            models.Index(fields=("user", "read_at"), name="matching_notif_unread_idx"),
        ]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return self.title

    def _render(self, part: int, language: str | None) -> str:
        message = MESSAGES.get(self.code)
        if message is None:
            return self.code
        params: dict[str, Any] = dict(self.params or {})
        if language is None:
            return gettext(message[part]).format_map(_safe(params))
        with translation.override(language):
            return gettext(message[part]).format_map(_safe(params))

    @property
    def title(self) -> str:
        """The title in the active language."""
        return self._render(0, None)

    @property
    def body(self) -> str:
        """The body in the active language."""
        return self._render(1, None)

    def title_in(self, language: str) -> str:
        return self._render(0, language)

    def body_in(self, language: str) -> str:
        return self._render(1, language)

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class _SafeDict(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _safe(params: dict[str, Any]) -> _SafeDict:
    return _SafeDict(params)
