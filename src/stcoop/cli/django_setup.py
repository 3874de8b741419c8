"""Setting Django up only inside the commands that need it.

``stcoop --help`` and ``stcoop settings`` must work, and quickly, without a database or
even valid settings, so nothing here runs at import time.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from stcoop.cli.errors import CliError, first_line

P = ParamSpec("P")
R = TypeVar("R")

SETTINGS_MODULE = "stcoop.config.settings"


def ensure_django() -> None:
    """Load the settings and apps once; raise :class:`CliError` saying why if that fails."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS_MODULE)
    from django.apps import apps

    if apps.ready:
        return
    import django

    try:
        django.setup()
    except Exception as exc:  # settings raise ValueError/RuntimeError for bad variables
        raise CliError(f"cannot load the settings: {first_line(exc)}") from exc
    from django.utils import translation

    # The command line speaks English whatever the site's default language is.
    translation.activate("en")


def needs_django(command: Callable[P, R]) -> Callable[P, R]:
    """Decorate a command body so Django is set up before it runs."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        ensure_django()
        return command(*args, **kwargs)

    return wrapper
