"""How apps add commands to ``stcoop``: one ``cli.py`` module per app, listed here.

The convention
==============

An app that wants command-line commands creates ``src/stcoop/<app>/cli.py`` and, if its
name is not yet in :data:`EXTENSION_MODULES`, adds it there (one line). Listed modules
that do not exist yet are skipped, so the list may name apps still being written.

The module defines any of these names at module level:

``import_commands``
    A sequence of :class:`click.Command`. Each becomes ``stcoop import <name>``, where
    ``<name>`` is the command's name (the *source*), and takes the file to read as an
    argument. Example, in ``stcoop/geo/cli.py``::

        @click.command("groupings")
        @click.argument("file", type=click.Path(exists=True, dir_okay=False))
        @needs_django
        def import_groupings(file: str) -> None:
            \"\"\"Load country groupings (ASEAN, SCO, ...) from a CSV file.\"\"\"
            from stcoop.geo.services import groupings_import  # Django code: import late
            ...

        import_commands = [import_groupings]

    Bulk imports declared as an :class:`stcoop.core.imports.spec.ImportSpec` (in the
    app's ``import_specs`` module) need no command here: ``stcoop import <spec> FILE
    [--dry-run]`` finds every registered spec (see :mod:`stcoop.cli.commands.import_spec`).

``export_commands``
    The same for ``stcoop export <kind>`` (e.g. ``stcoop export countries``); an export
    command writes to ``--output FILE`` or standard output.

``commands``
    Commands added at the top level (``stcoop <name>``), for tools that are neither an
    import nor an export. Names must not clash with the built-in commands.

``search_indexes``
    A mapping from an index name to a function ``rebuild(progress) -> int`` that rebuilds
    that index from the database and returns how many documents it holds;
    ``stcoop reindex`` runs them all. ``progress`` is a
    :data:`stcoop.cli.progress.ProgressCallback`.

Rules for extension modules
===========================

* Import nothing from Django models at module level: ``stcoop --help`` must stay fast
  and work without a database. Decorate command bodies with
  :func:`stcoop.cli.django_setup.needs_django` and import models inside them.
* Let errors propagate: the ``stcoop`` group prints them as one line and exits non-zero.
  Raise :class:`stcoop.cli.errors.CliError` for a message of your own.
* Show progress on long loops with :func:`stcoop.cli.progress.track`.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import ModuleType

import click

from stcoop.cli.progress import ProgressCallback

#: Modules searched for commands, in this order. Missing ones are skipped.
EXTENSION_MODULES: list[str] = [
    "stcoop.accounts.cli",
    "stcoop.geo.cli",
    "stcoop.notices.cli",
    "stcoop.organisations.cli",
    "stcoop.people.cli",
    "stcoop.projects.cli",
    "stcoop.agreements.cli",
    "stcoop.memberships.cli",
    "stcoop.bases.cli",
    "stcoop.technologies.cli",
    "stcoop.policies.cli",
    "stcoop.resources.cli",
    "stcoop.collaboration.cli",
    "stcoop.search.cli",
    "stcoop.matching.cli",
    "stcoop.indicators.cli",
]

#: Rebuilds one search index; returns the number of documents indexed.
IndexRebuild = Callable[[ProgressCallback], int]


@dataclass
class Extensions:
    """Everything the extension modules contribute, collected by :func:`load_extensions`."""

    modules: list[str] = field(default_factory=list)
    import_commands: dict[str, click.Command] = field(default_factory=dict)
    export_commands: dict[str, click.Command] = field(default_factory=dict)
    commands: dict[str, click.Command] = field(default_factory=dict)
    search_indexes: dict[str, IndexRebuild] = field(default_factory=dict)


def _module(name: str) -> ModuleType | None:
    """Import ``name``, or return ``None`` when that module (or its package) does not exist."""
    try:
        if importlib.util.find_spec(name) is None:
            return None
    except ModuleNotFoundError:  # the app package itself is not there yet
        return None
    return importlib.import_module(name)


def _add_commands(
    target: dict[str, click.Command], commands: Sequence[click.Command], origin: str
) -> None:
    for command in commands:
        name = command.name or ""
        if not name or name in target:
            raise RuntimeError(f"{origin}: command name {name!r} is empty or already taken")
        target[name] = command


def load_extensions(modules: Sequence[str] | None = None) -> Extensions:
    """Import the extension modules that exist and collect what they contribute.

    Args:
        modules: module names to search; :data:`EXTENSION_MODULES` by default.

    Raises:
        RuntimeError: two modules register the same command or index name.
        ImportError: a module exists but fails to import (a bug in that app).
    """
    found = Extensions()
    for name in EXTENSION_MODULES if modules is None else modules:
        module = _module(name)
        if module is None:
            continue
        found.modules.append(name)
        _add_commands(found.import_commands, getattr(module, "import_commands", ()), name)
        _add_commands(found.export_commands, getattr(module, "export_commands", ()), name)
        _add_commands(found.commands, getattr(module, "commands", ()), name)
        indexes: Mapping[str, IndexRebuild] = getattr(module, "search_indexes", {})
        for index_name, rebuild in indexes.items():
            if index_name in found.search_indexes:
                raise RuntimeError(f"{name}: search index {index_name!r} is already registered")
            found.search_indexes[index_name] = rebuild
    return found
