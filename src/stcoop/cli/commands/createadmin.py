"""``stcoop createadmin``: create a platform administrator."""

from __future__ import annotations

import os
import sys

import click

from stcoop.cli.django_setup import needs_django
from stcoop.cli.errors import CliError

PASSWORD_VARIABLE = "STCOOP_ADMIN_PASSWORD"  # noqa: S105 - a variable name


def _password(given: str | None) -> str:
    """The password from the option, the environment, or a prompt on a terminal."""
    if given:
        return given
    from_env = os.environ.get(PASSWORD_VARIABLE, "")
    if from_env:
        return from_env
    if sys.stdin is None or not sys.stdin.isatty():
        raise CliError(
            f"no password given: use --password, set {PASSWORD_VARIABLE}, "
            "or run in a terminal to be asked"
        )
    return str(click.prompt("Password", hide_input=True, confirmation_prompt=True))


@click.command()
@click.option("--username", default="admin", show_default=True, help="Login name.")
@click.option("--email", default="", help="E-mail address.")
@click.option(
    "--password",
    default=None,
    help=f"Password; else ${PASSWORD_VARIABLE}; else asked for on a terminal.",
)
@click.option("--display-name", default="", help="Name shown in the interface.")
@needs_django
def createadmin(username: str, email: str, password: str | None, display_name: str) -> None:
    """Create a platform administrator (full rights over every unit and record)."""
    from stcoop.cli.bootstrap import platform_admin_create

    user = platform_admin_create(
        username=username, password=_password(password), email=email, display_name=display_name
    )
    click.echo(f"Created platform administrator {user.username!r}.")
