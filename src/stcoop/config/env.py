"""Typed readers for ``STCOOP_*`` environment variables.

Every setting the platform reads from the environment is declared once in
:data:`SETTINGS_DOC` with its default, so ``stcoop settings`` and the README can
list them and nothing is read that is not documented.
"""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class EnvSetting:
    """One documented environment variable."""

    name: str
    default: str
    help: str


SETTINGS_DOC: tuple[EnvSetting, ...] = (
    EnvSetting(
        "STCOOP_DATABASE_URL",
        "sqlite:///<STCOOP_VAR_DIR>/stcoop.sqlite3",
        "Database URL; postgres://user@host:5432/name selects PostgreSQL.",
    ),
    EnvSetting(
        "STCOOP_SECRET_KEY",
        "(random, kept in <STCOOP_VAR_DIR>/secret_key)",
        "Django secret key; required when STCOOP_HTTPS is true.",
    ),
    EnvSetting("STCOOP_DEBUG", "false", "Debug pages and verbose errors; never in production."),
    EnvSetting(
        "STCOOP_VAR_DIR",
        "./var (the directory the command runs in)",
        "Folder for the SQLite file, index files and the generated secret key.",
    ),
    EnvSetting(
        "STCOOP_ALLOWED_HOSTS",
        "localhost,127.0.0.1,[::1]",
        "Comma-separated host names the server answers to.",
    ),
    EnvSetting(
        "STCOOP_CSRF_TRUSTED_ORIGINS",
        "",
        "Comma-separated origins (https://host) trusted for CSRF.",
    ),
    EnvSetting(
        "STCOOP_HTTPS",
        "false",
        "Behind TLS: secure cookies, HSTS, redirect to https, trust X-Forwarded-Proto.",
    ),
    EnvSetting(
        "STCOOP_LOG_FORMAT", "text", "'json' for one JSON object per log line, 'text' otherwise."
    ),
    EnvSetting("STCOOP_LOG_LEVEL", "INFO", "Root log level."),
    EnvSetting(
        "STCOOP_LOGIN_FAILURE_LIMIT",
        "5",
        "Failed logins per user name and address before a lock-out.",
    ),
    EnvSetting("STCOOP_LOGIN_COOLOFF_MINUTES", "15", "How long a lock-out lasts."),
    EnvSetting("STCOOP_MAX_UPLOAD_MB", "20", "Largest accepted upload or request body, in MiB."),
    EnvSetting(
        "STCOOP_EMAIL_URL",
        "console",
        "'console' prints mail; 'smtp://user:pass@host:port' sends it.",
    ),
    EnvSetting("STCOOP_DEFAULT_FROM_EMAIL", "stcoop@localhost", "Sender of platform mail."),
    EnvSetting(
        "STCOOP_SITE_URL",
        "",
        "Address of the site (https://stcoop.example.org), used for links in e-mails; "
        "links are relative when empty.",
    ),
    EnvSetting(
        "STCOOP_ENCODER_THREADS",
        "2",
        "Threads of the sentence encoder; more than the CPU cores makes it much slower.",
    ),
    EnvSetting(
        "STCOOP_PARTNERS_DENSE",
        "true",
        "Partner suggestions also compare texts by meaning (sentence vectors), so a "
        "Chinese description finds English projects.",
    ),
    EnvSetting("STCOOP_TIME_ZONE", "Asia/Shanghai", "Time zone used to display dates."),
    EnvSetting("STCOOP_API_THROTTLE_ANON", "60/min", "API requests an anonymous client may make."),
    EnvSetting("STCOOP_API_THROTTLE_USER", "600/min", "API requests a signed-in client may make."),
    EnvSetting(
        "STCOOP_DB_CONN_MAX_AGE",
        "0",
        "Seconds a database connection is kept open for reuse (0: one per request).",
    ),
    EnvSetting(
        "STCOOP_WEB_WORKERS",
        "2 x CPUs + 1, at most 8",
        "Gunicorn worker processes (stcoop serve --production).",
    ),
    EnvSetting("STCOOP_WEB_THREADS", "2", "Threads per gunicorn worker."),
    EnvSetting("STCOOP_WEB_TIMEOUT", "60", "Seconds before gunicorn restarts a stuck worker."),
    EnvSetting(
        "STCOOP_ADMIN_PASSWORD", "", "Password for stcoop createadmin when --password is not given."
    ),
)


def env_str(name: str, default: str) -> str:
    """Return the variable's value, or ``default`` when it is unset or empty."""
    value = os.environ.get(name, "")
    return value if value.strip() else default


def env_bool(name: str, default: bool) -> bool:
    """Read a boolean: 1/true/yes/on are true, 0/false/no/off false; anything else is an error."""
    raw = os.environ.get(name, "").strip().lower()
    if not raw:
        return default
    if raw in {"1", "true", "yes", "on"}:
        return True
    if raw in {"0", "false", "no", "off"}:
        return False
    raise ValueError(f"{name}={raw!r} is not a boolean (use true or false)")


def env_int(name: str, default: int) -> int:
    """Read an integer, failing with the variable's name when it is not one."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ValueError(f"{name}={raw!r} is not an integer") from None


def env_list(name: str, default: str) -> list[str]:
    """Read a comma-separated list, dropping blanks."""
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]
