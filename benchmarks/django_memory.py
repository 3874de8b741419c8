"""Django on an in-memory SQLite database, for benchmarks that need models.

Call :func:`setup` before importing models. It forces an in-memory database and a
throw-away data folder so a benchmark never touches the real ``var/``.
"""

from __future__ import annotations

import os
import tempfile


def setup(*apps: str) -> None:
    """Configure Django with an in-memory database and create the tables of ``apps``."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "stcoop.config.settings"
    os.environ["STCOOP_DATABASE_URL"] = "sqlite://:memory:"
    os.environ["STCOOP_SECRET_KEY"] = "benchmark-only-secret-key"  # noqa: S105
    os.environ["STCOOP_VAR_DIR"] = tempfile.mkdtemp(prefix="stcoop-bench-")
    os.environ.setdefault("STCOOP_LOG_LEVEL", "WARNING")
    import django
    from django.apps import apps as registry

    if not registry.ready:
        django.setup()
    from django.core.management import call_command

    for app in apps:
        call_command("migrate", app, verbosity=0)
