"""``stcoop settings``: every ``STCOOP_*`` variable, its default and its current value.

Reads :data:`stcoop.config.env.SETTINGS_DOC` only, so it works even when the settings
themselves would not load (which is when one needs it most).
"""

from __future__ import annotations

import json
import os
import re
import sys

import click
from rich.console import Console
from rich.table import Table

from stcoop.config.env import SETTINGS_DOC, EnvSetting

_URL_PASSWORD = re.compile(r"(?P<head>[a-z][a-z0-9+.-]*://[^:/@]*:)[^@]*(?P<tail>@)")


def shown_value(setting: EnvSetting) -> str | None:
    """The variable's value as safe to print (secrets hidden), or ``None`` when unset."""
    raw = os.environ.get(setting.name, "")
    if not raw.strip():
        return None
    if "SECRET" in setting.name or "PASSWORD" in setting.name:
        return "(set, hidden)"
    return _URL_PASSWORD.sub(r"\g<head>***\g<tail>", raw)


def settings_markdown() -> str:
    """The README's table of variables (a test keeps the README equal to this)."""
    lines = ["| variable | default | meaning |", "|---|---|---|"]
    for setting in SETTINGS_DOC:
        default = f"`{setting.default}`" if setting.default else "(empty)"
        meaning = setting.help.replace("|", "\\|")
        lines.append(f"| `{setting.name}` | {default} | {meaning} |")
    return "\n".join(lines)


@click.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "markdown"]),
    default="table",
    show_default=True,
)
def settings(fmt: str) -> None:
    """List every STCOOP_* environment variable with its default and current value."""
    if fmt == "markdown":
        click.echo(settings_markdown())
        return
    if fmt == "json":
        rows = [
            {"name": s.name, "default": s.default, "value": shown_value(s), "help": s.help}
            for s in SETTINGS_DOC
        ]
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    table = Table("variable", "current value", "default", "meaning", show_lines=False)
    table.columns[0].no_wrap = True
    for setting in SETTINGS_DOC:
        value = shown_value(setting)
        table.add_row(
            setting.name,
            value if value is not None else "[dim](default)[/dim]",
            setting.default or "[dim](empty)[/dim]",
            setting.help,
        )
    Console(width=None if sys.stdout.isatty() else 160).print(table)
