"""Whom a command acts as when no ``--user`` is given."""

from __future__ import annotations

from typing import Any

from stcoop.cli.errors import CliError


def import_actor() -> Any:
    """The first active platform administrator, whom imports run as by default.

    Raises:
        CliError: there is none.
    """
    from django.db.models import Q

    from stcoop.accounts.choices import Role
    from stcoop.accounts.models import User

    actor = (
        User.objects.filter(is_active=True)
        .filter(Q(role=Role.PLATFORM_ADMIN) | Q(is_superuser=True))
        .order_by("pk")
        .first()
    )
    if actor is None:
        raise CliError(
            "no active platform administrator to import as; create one with "
            "`stcoop createadmin --username NAME` or pass --user NAME"
        )
    return actor


def named_user(username: str | None) -> Any:
    """The user called ``username``, or :func:`import_actor` when none is named.

    Raises:
        CliError: nobody has that name (or no administrator exists).
    """
    if not username:
        return import_actor()
    from django.contrib.auth import get_user_model

    user = get_user_model()._default_manager.filter(username=username).first()
    if user is None:
        raise CliError(f"no user is called {username!r}")
    return user
