"""Gunicorn settings for ``stcoop serve --production``, read from ``STCOOP_WEB_*`` variables.

The bind address comes from ``stcoop serve --host/--port``; the rest from the
environment (documented in :data:`stcoop.config.env.SETTINGS_DOC`).
"""

from __future__ import annotations

import os

from stcoop.config.env import env_bool, env_int, env_str

wsgi_app = "stcoop.config.wsgi:application"
workers = env_int("STCOOP_WEB_WORKERS", min(2 * (os.cpu_count() or 1) + 1, 8))
threads = env_int("STCOOP_WEB_THREADS", 2)
timeout = env_int("STCOOP_WEB_TIMEOUT", 60)
graceful_timeout = 30
# Recycle workers now and then so a slow leak cannot grow without bound.
max_requests = 2000
max_requests_jitter = 200
# The control socket (for gunicornc) would be written under $HOME; nothing here uses it.
control_socket_disable = True
accesslog = "-"
errorlog = "-"
loglevel = env_str("STCOOP_LOG_LEVEL", "INFO").lower()
# Behind a TLS proxy (STCOOP_HTTPS=true) trust its X-Forwarded-* headers.
forwarded_allow_ips = "*" if env_bool("STCOOP_HTTPS", False) else "127.0.0.1"

if env_str("STCOOP_LOG_FORMAT", "text") == "json":
    # Same one-object-per-line format as the application's own logs.
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "json": {
                "()": "pythonjsonlogger.json.JsonFormatter",
                "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
                "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
            }
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stdout",
            }
        },
        "loggers": {
            "gunicorn.error": {"handlers": ["console"], "level": loglevel.upper()},
            "gunicorn.access": {"handlers": ["console"], "level": "INFO", "propagate": False},
        },
    }
