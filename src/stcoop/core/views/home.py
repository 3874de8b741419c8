"""Home dashboard: what the platform is for and how much of it the viewer can reach."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from stcoop.accounts.selectors import user_may_manage_users
from stcoop.core.permissions import visible


@dataclass(frozen=True)
class Tile:
    """One count on the dashboard, linked to the list it counts."""

    key: str
    label: Any
    count: int
    url: str | None


# (key, app label, model name, list URL name, label, who sees it)
_TILES: tuple[tuple[str, str, str, str, Any, str], ...] = (
    (
        "units",
        "accounts",
        "OrganisationUnit",
        "accounts:unit_list",
        _("Organisation units"),
        "signed_in",
    ),
    ("users", "accounts", "User", "accounts:user_list", _("User accounts"), "managers"),
    ("countries", "geo", "Country", "geo:country_list", _("Countries and territories"), "all"),
    ("groupings", "geo", "Grouping", "geo:grouping_list", _("Country groupings"), "all"),
    ("notices", "notices", "Notice", "notices:list", _("Notices"), "all"),
)


def _url(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def dashboard_tiles(user: Any) -> list[Tile]:
    """Counts of the records ``user`` may see, for the apps installed in this build.

    A model that does not exist (its app not installed yet) is left out rather than shown
    as zero; owned records are counted through :func:`stcoop.core.permissions.visible`.
    """
    signed_in = bool(getattr(user, "is_authenticated", False))
    audience = {
        "all": True,
        "signed_in": signed_in,
        "managers": signed_in and user_may_manage_users(user),
    }
    tiles = []
    for key, app_label, model_name, url_name, label, who in _TILES:
        if not audience[who]:
            continue
        try:
            model = apps.get_model(app_label, model_name)
        except LookupError:
            continue
        count = visible(user, model._default_manager.all()).count()
        tiles.append(Tile(key=key, label=label, count=count, url=_url(url_name)))
    return tiles


class HomeView(TemplateView):
    """Greeting, the platform's purpose, and live counts of what the viewer can see."""

    template_name = "core/home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        tiles = dashboard_tiles(self.request.user)
        context["tiles"] = tiles
        context["is_empty"] = not any(tile.count for tile in tiles)
        return context
