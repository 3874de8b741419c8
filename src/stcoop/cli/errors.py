"""Turning any failure into a non-zero exit and one line that says why.

A user who runs ``stcoop`` against a database that is down, or with a mistyped
``STCOOP_*`` variable, should read the reason, not a traceback. ``stcoop --traceback``
re-raises for debugging.
"""

from __future__ import annotations

from typing import Any

import click


class CliError(click.ClickException):
    """A failure already phrased for the user; click prints ``Error: <message>``, exits 1."""


def first_line(exc: BaseException) -> str:
    """The first non-empty line of an exception's message, or its class name."""
    for line in str(exc).splitlines():
        if line.strip():
            return line.strip()
    return type(exc).__name__


def describe(exc: BaseException) -> str:
    """One line naming what went wrong, for an exception a command did not handle."""
    from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
    from django.core.management.base import CommandError
    from django.db.utils import InterfaceError, OperationalError, ProgrammingError

    if isinstance(exc, OperationalError | InterfaceError | ProgrammingError):
        line = first_line(exc)
        if "no such table" in line or ("relation" in line and "does not exist" in line):
            return f"database error: {line} (run `stcoop migrate`)"
        return f"database error: {line}"
    if isinstance(exc, ValidationError):
        if hasattr(exc, "error_dict"):
            parts = [f"{field}: {' '.join(msgs)}" for field, msgs in exc.message_dict.items()]
            return "invalid data: " + "; ".join(parts)
        return "invalid data: " + " ".join(exc.messages)
    if isinstance(exc, ImproperlyConfigured | ValueError):
        return f"configuration error: {first_line(exc)}"
    if isinstance(exc, PermissionDenied | CommandError):
        return first_line(exc)
    return f"{type(exc).__name__}: {first_line(exc)}"


class StcoopGroup(click.Group):
    """A click group that reports unhandled exceptions of its commands as one line."""

    def invoke(self, ctx: click.Context) -> Any:
        """Run the chosen subcommand, wrapping unexpected exceptions in :class:`CliError`."""
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Exception as exc:
            if ctx.find_root().params.get("traceback"):
                raise
            raise CliError(describe(exc)) from exc
