"""``stcoop reindex``: rebuild every registered search index from the database."""

from __future__ import annotations

from collections.abc import Mapping

import click

from stcoop.cli.django_setup import ensure_django
from stcoop.cli.progress import ProgressReporter
from stcoop.cli.registry import IndexRebuild


def make_reindex(indexes: Mapping[str, IndexRebuild]) -> click.Command:
    """Build the ``reindex`` command over ``indexes`` (name → rebuild function)."""

    @click.command()
    @click.option(
        "--only", "only", multiple=True, help="Rebuild only this index (may be repeated)."
    )
    def reindex(only: tuple[str, ...]) -> None:
        """Rebuild the search indexes from the database (derived data under var/)."""
        if not indexes:
            click.echo("Nothing to do: no search indexes are registered.")
            return
        unknown = sorted(set(only) - set(indexes))
        if unknown:
            raise click.BadParameter(
                f"unknown index {', '.join(unknown)}; known: {', '.join(sorted(indexes))}",
                param_hint="--only",
            )
        ensure_django()
        chosen = [name for name in indexes if not only or name in only]
        with ProgressReporter() as progress:
            for name in chosen:
                count = indexes[name](progress)
                click.echo(f"{name}: {count} documents indexed.")

    return reindex
