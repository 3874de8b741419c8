"""Running the demo steps: :func:`generate_demo` and :func:`demo_reset`."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction

from stcoop.demo.registry import DemoContext, ProgressCallback, demo_steps, step_rng
from stcoop.demo.report import DemoReport


def generate_demo(
    *,
    seed: int = 42,
    progress: ProgressCallback | None = None,
    modules: Sequence[str] | None = None,
) -> DemoReport:
    """Create (or complete) the demo dataset; running it again changes nothing.

    Args:
        seed: drives every invented detail, so the same seed gives the same data.
        progress: called as ``progress(description, done, total)`` during long steps.
        modules: step modules (see :mod:`stcoop.demo.registry`); all by default.

    Returns:
        What was created, what was already there, the logins and any skipped steps.
    """
    report = DemoReport(seed=seed)
    context = DemoContext(seed=seed, report=report, progress=progress)
    with transaction.atomic():
        for step in demo_steps(modules):
            context.rng = step_rng(seed, step)
            step.run(context)
            report.steps.append(step.name)
    return report


def demo_reset(*, modules: Sequence[str] | None = None) -> list[str]:
    """Delete what the demo made (its accounts and unit trees, and each step's records).

    Steps are reset in reverse order, so records pointing at units go before the units.
    Returns the names of the steps that were reset.
    """
    context = DemoContext(seed=0, report=DemoReport(seed=0))
    done: list[str] = []
    with transaction.atomic():
        for step in reversed(demo_steps(modules)):
            if step.reset is not None:
                step.reset(context)
                done.append(step.name)
    return done
