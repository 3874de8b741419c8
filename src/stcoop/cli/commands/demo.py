"""``stcoop demo``: generate the seeded demo dataset and print the logins."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click
from rich.console import Console
from rich.table import Table

from stcoop.cli.django_setup import needs_django
from stcoop.cli.progress import ProgressReporter

if TYPE_CHECKING:
    from stcoop.demo import DemoReport


def print_report(report: DemoReport, console: Console) -> None:
    """Print counts, notes and the table of logins of a demo run."""
    for kind in report.kinds:
        console.print(
            f"{kind}: {report.created[kind]} created, {report.existing[kind]} already there"
        )
    for note in report.notes:
        console.print(note)
    logins = Table("user name", "role", "unit", "password", title="Demo logins")
    logins.columns[0].no_wrap = True
    for login in report.logins:
        logins.add_row(
            login.username, login.role_label, login.unit, login.password or "(not the demo's)"
        )
    console.print(logins)


@click.command()
@click.option("--seed", default=42, show_default=True, type=int, help="Seed of invented details.")
@click.option("--reset", is_flag=True, help="Delete the demo's records first, then generate.")
@needs_django
def demo(seed: int, reset: bool) -> None:
    """Generate demo data: units, one account per role, reference data and more.

    Safe to run again: records that exist already are left as they are. With --reset,
    the demo's accounts and unit trees (and everything under them) are deleted first.
    """
    from stcoop.demo import DEMO_PASSWORD, demo_reset, generate_demo

    console = Console(width=None if sys.stdout.isatty() else 120)
    if reset:
        steps = demo_reset()
        console.print(f"Deleted the demo data of: {', '.join(steps) or 'nothing'}.")
    with ProgressReporter() as progress:
        report = generate_demo(seed=seed, progress=progress)
    print_report(report, console)
    console.print(f"Password of every demo account: {DEMO_PASSWORD}")
