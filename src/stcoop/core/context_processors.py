"""Template context shared by every page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from stcoop import __version__
from stcoop.core.permissions import role_of


def platform(request: HttpRequest) -> dict[str, Any]:
    """Version, the viewer's role name and the languages offered by the switcher."""
    return {"stcoop_version": __version__, "viewer_role": role_of(getattr(request, "user", None))}
