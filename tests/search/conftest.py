"""Fixtures of the search tests: tasks run at once, each test starts with a fresh index."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from stcoop.search import store


@pytest.fixture(autouse=True)
def immediate_tasks(settings: Any) -> None:
    """Run queued tasks at once, in the test's process."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def fresh_index() -> Iterator[None]:
    """Each test reads the store from scratch (tests roll the database back)."""
    store.reset_index()
    yield
    store.reset_index()


@pytest.fixture
def committed(django_capture_on_commit_callbacks: Any) -> Any:
    """``with committed():`` runs the on-commit callbacks (the refresh tasks) on exit."""

    def run() -> Any:
        return django_capture_on_commit_callbacks(execute=True)

    return run
