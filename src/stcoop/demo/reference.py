"""Demo step: reference data (countries, groupings) from the geo app's loader, if present.

Reference data comes from installed packages, not from the demo's imagination, so this
step only calls ``stcoop.geo.services.reference_data_load(actor=...)``. Until the geo
app provides that function the step is skipped with a note.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Mapping

from stcoop.demo.registry import DemoContext, DemoStep

LOADER_MODULE = "stcoop.geo.services"
LOADER_NAME = "reference_data_load"


def reference_data_load(context: DemoContext) -> None:
    """Load countries and groupings through the geo app's loader (idempotent there)."""
    try:
        module = importlib.import_module(LOADER_MODULE)
    except ModuleNotFoundError:
        module = None
    loader = getattr(module, LOADER_NAME, None)
    if loader is None:
        context.report.notes.append(
            f"Reference data skipped: {LOADER_MODULE}.{LOADER_NAME} is not available yet."
        )
        return
    kwargs: dict[str, object] = {"actor": context.require_actor()}
    if "progress" in inspect.signature(loader).parameters:
        kwargs["progress"] = context.progress
    result = loader(**kwargs)
    if isinstance(result, Mapping):
        unchanged = getattr(result, "unchanged", {})
        for kind, count in result.items():
            # Only non-zero counts, so the report lists kinds in the order steps ran.
            if count:
                context.report.created[str(kind)] += int(count)
            if unchanged.get(kind, 0):
                context.report.existing[str(kind)] += int(unchanged[kind])
    context.report.notes.append("Reference data loaded (countries and groupings).")


demo_steps = [DemoStep("reference data", reference_data_load)]
