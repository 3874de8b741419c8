"""Progress bars for long work (demo generation, imports, index builds).

Two shapes, both silent when standard error is not a terminal (pipes, CI logs, tests):

* :func:`track` wraps an iterable, like ``rich.progress.track``::

      for row in track(rows, "Importing groupings"):
          ...

* :class:`ProgressReporter` is a :data:`ProgressCallback` to hand to code that must not
  depend on rich (services, the demo generator): it is called as
  ``progress(description, done, total)`` and shows one bar per description::

      with ProgressReporter() as progress:
          generate_demo(seed=42, progress=progress)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from types import TracebackType
from typing import TypeVar

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn

T = TypeVar("T")

#: ``progress(description, done, total)``: ``done`` of ``total`` steps of ``description``.
ProgressCallback = Callable[[str, int, int], None]


def _console(console: Console | None) -> Console:
    return console if console is not None else Console(stderr=True)


def _bar(console: Console) -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=console,
        transient=False,
    )


class ProgressReporter:
    """A :data:`ProgressCallback` that draws a bar per description on a terminal.

    Use it as a context manager so the bars are closed when the work ends.
    """

    def __init__(self, console: Console | None = None) -> None:
        self.console = _console(console)
        self.enabled = self.console.is_terminal
        self._progress = _bar(self.console) if self.enabled else None
        self._tasks: dict[str, TaskID] = {}

    def __enter__(self) -> ProgressReporter:
        if self._progress is not None:
            self._progress.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._progress is not None:
            self._progress.stop()

    def __call__(self, description: str, done: int, total: int) -> None:
        """Record that ``done`` of ``total`` steps of ``description`` are finished."""
        if self._progress is None:
            return
        task = self._tasks.get(description)
        if task is None:
            task = self._progress.add_task(description, total=total)
            self._tasks[description] = task
        self._progress.update(task, completed=done, total=total)


def track(
    items: Iterable[T],
    description: str,
    total: int | None = None,
    *,
    console: Console | None = None,
) -> Iterator[T]:
    """Yield ``items`` while advancing a bar (silent when not on a terminal)."""
    out = _console(console)
    if not out.is_terminal:
        yield from items
        return
    if total is None and hasattr(items, "__len__"):
        total = len(items)  # type: ignore[arg-type]
    with _bar(out) as bar:
        task = bar.add_task(description, total=total)
        for item in items:
            yield item
            bar.advance(task)
