"""Demo step: build the search index once every other step has made its records, so a
fresh ``make run`` finds them at once."""

from __future__ import annotations

from stcoop.demo.registry import DemoContext, DemoStep


def search_demo(context: DemoContext) -> None:
    """Bring every search document up to date (texts already encoded are kept)."""
    from stcoop.search.store import rebuild

    rebuild(context.tick)


demo_steps = [DemoStep("search index", search_demo)]
