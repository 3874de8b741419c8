"""Demo steps, and where apps add theirs.

A *step* is a named function that takes the :class:`DemoContext` and creates its part
of the demo with get-or-create semantics (running it twice must not duplicate
anything). A step may also have a ``reset`` function that deletes what it made, run by
``stcoop demo --reset`` in reverse step order, so records that point at units are gone
before the units are.

An app adds demo data by creating ``src/stcoop/<app>/demo.py`` with a module-level
``demo_steps = [DemoStep("projects", projects_create, projects_reset)]`` and listing the
module in :data:`STEP_MODULES` (modules that do not exist yet are skipped). Steps run in
the order of that list; a step can use what earlier ones made through
``context.units`` (the demo's units by key) and ``context.actor`` (the demo's platform
administrator, to pass to services).
"""

from __future__ import annotations

import importlib
import importlib.util
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from stcoop.demo.report import DemoReport

if TYPE_CHECKING:
    from stcoop.accounts.models import OrganisationUnit, User

#: Modules with a ``demo_steps`` sequence, in the order their steps run.
STEP_MODULES: list[str] = [
    "stcoop.demo.accounts",
    "stcoop.demo.reference",
    "stcoop.geo.demo",
    "stcoop.notices.demo",
    "stcoop.organisations.demo",
    "stcoop.people.demo",
    "stcoop.projects.demo",
    "stcoop.agreements.demo",
    "stcoop.memberships.demo",
    "stcoop.bases.demo",
    "stcoop.technologies.demo",
    "stcoop.policies.demo",
    "stcoop.resources.demo",
    "stcoop.collaboration.demo",
    "stcoop.search.demo",
    "stcoop.matching.demo",
]

ProgressCallback = Callable[[str, int, int], None]


@dataclass
class DemoContext:
    """What steps share: the seed, a random source per step, the actor and the units."""

    seed: int
    report: DemoReport
    progress: ProgressCallback | None = None
    actor: User | None = None
    units: dict[str, OrganisationUnit] = field(default_factory=dict)
    rng: random.Random = field(default_factory=random.Random)
    extra: dict[str, Any] = field(default_factory=dict)

    def tick(self, description: str, done: int, total: int) -> None:
        """Report progress of the current step, when someone listens."""
        if self.progress is not None:
            self.progress(description, done, total)

    def require_actor(self) -> User:
        """The demo's platform administrator (made by the first step)."""
        if self.actor is None:
            raise RuntimeError("the accounts demo step must run before this one")
        return self.actor


@dataclass(frozen=True)
class DemoStep:
    """One part of the demo: ``run`` creates it, ``reset`` (optional) deletes it."""

    name: str
    run: Callable[[DemoContext], None]
    reset: Callable[[DemoContext], None] | None = None


def step_rng(seed: int, step: DemoStep) -> random.Random:
    """A random source for ``step`` alone, so adding a step never changes another's data."""
    return random.Random(f"{seed}:{step.name}")  # noqa: S311 - demo data, not security


def demo_steps(modules: Sequence[str] | None = None) -> list[DemoStep]:
    """The steps of every existing module in ``modules`` (:data:`STEP_MODULES` by default)."""
    steps: list[DemoStep] = []
    for name in STEP_MODULES if modules is None else modules:
        try:
            if importlib.util.find_spec(name) is None:
                continue
        except ModuleNotFoundError:
            continue
        steps.extend(importlib.import_module(name).demo_steps)
    return steps
