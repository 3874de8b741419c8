"""Search modes, match kinds and the message texts of notifications and match reasons."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop


class SearchMode(models.TextChoices):
    """How a saved search ranks (the modes of the search service)."""

    HYBRID = "hybrid", _("Words and meaning")
    LEXICAL = "lexical", _("Words only")
    DENSE = "dense", _("Meaning only")


class MatchKind(models.TextChoices):
    """The lists of matches shown for a technology profile."""

    PROFILES = "profiles", _("Offers or requests")
    ORGANISATIONS = "organisations", _("Organisations")
    EXPERTS = "experts", _("Experts")


#: Names the API accepts for :attr:`MatchKind.PROFILES` besides ``profiles``.
PROFILE_KIND_ALIASES = frozenset({"offers", "requests"})

#: Notification texts by code: (title, body), both with ``str.format`` placeholders,
#: translated when shown so each reader sees their own language.
MESSAGES: dict[str, tuple[str, str]] = {
    "saved_search_new": (
        gettext_noop("New results for your saved search “{name}”"),
        gettext_noop("{count} new matching records: {titles}"),
    ),
    "welcome_matching": (
        gettext_noop("Welcome to technology matchmaking"),
        gettext_noop("Open one of your technology profiles and choose “Find matches”."),
    ),
    "welcome_saved": (
        gettext_noop("Your saved searches"),
        gettext_noop("You are told here when new records match your saved searches."),
    ),
}
