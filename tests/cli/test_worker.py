"""``stcoop worker`` hands its options to django-tasks' database worker."""

from __future__ import annotations

from typing import Any

import pytest


def test_options_are_passed_on(stcoop: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[Any, ...]] = []
    monkeypatch.setattr("django.core.management.call_command", lambda *a, **kw: calls.append(a))
    result = stcoop("worker", "--queue", "*", "--batch", "--max-tasks", "5", "--interval", "0.5")
    assert result.exit_code == 0, result.output
    assert calls == [
        ("db_worker", "--queue-name", "*", "--interval", "0.5", "--no-reload", "--batch",
         "--no-startup-delay", "--max-tasks", "5")
    ]  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_batch_worker_on_an_empty_queue_exits(stcoop: Any) -> None:
    result = stcoop("worker", "--batch")
    assert result.exit_code == 0, result.output
