"""``stcoop serve``: runserver in development, gunicorn with the platform's config in production."""

from __future__ import annotations

import importlib
import subprocess
import sys
from typing import Any

import pytest

from stcoop.cli.commands import serve as serve_module


def test_development_server(stcoop: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[Any, ...]] = []
    monkeypatch.setattr(
        "django.core.management.call_command", lambda *a, **kw: calls.append((a, kw))
    )
    monkeypatch.delenv("RUN_MAIN", raising=False)
    result = stcoop("serve", "--port", "8123", "--no-reload")
    assert result.exit_code == 0, result.output
    assert "STCoop is running at http://127.0.0.1:8123/" in result.output
    assert calls == [(("runserver", "127.0.0.1:8123"), {"use_reloader": False})]


def test_production_runs_gunicorn(stcoop: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    executed: list[list[str]] = []
    monkeypatch.setattr(serve_module.os, "execv", lambda path, argv: executed.append(argv))
    result = stcoop("serve", "--production", "--host", "0.0.0.0", "--port", "9000")  # noqa: S104
    assert result.exit_code == 0, result.output
    assert "http://0.0.0.0:9000/" in result.output
    assert executed == [
        [sys.executable, "-m", "gunicorn", "--config", "python:stcoop.config.gunicorn",
         "--bind", "0.0.0.0:9000", "stcoop.config.wsgi:application"]
    ]  # fmt: skip


def test_ipv6_addresses_get_brackets() -> None:
    assert serve_module.server_url("::1", 8000) == "http://[::1]:8000/"
    assert "[::]:80" in serve_module.gunicorn_argv("::", 80)


def test_gunicorn_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STCOOP_WEB_WORKERS", "3")
    monkeypatch.setenv("STCOOP_WEB_THREADS", "4")
    monkeypatch.setenv("STCOOP_LOG_FORMAT", "json")
    config = importlib.reload(importlib.import_module("stcoop.config.gunicorn"))
    assert (config.workers, config.threads, config.timeout) == (3, 4, 60)
    handler = config.logconfig_dict["handlers"]["console"]
    assert handler["formatter"] == "json"


def test_gunicorn_accepts_the_configuration(tmp_path: Any) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "gunicorn", "--check-config", "--config",
         "python:stcoop.config.gunicorn", "stcoop.config.wsgi:application"],
        capture_output=True, text=True, check=False, timeout=60,
        env={"PATH": "/usr/bin:/bin", "STCOOP_VAR_DIR": str(tmp_path)},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
