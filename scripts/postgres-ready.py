"""Exit 0 when the PostgreSQL server of a database URL answers, 1 (with the reason) if not.

    python scripts/postgres-ready.py postgres://postgres@127.0.0.1:5432/test [SECONDS]

It connects to the server's ``postgres`` database, since the test run creates its own.
"""

from __future__ import annotations

import sys
import time
from urllib.parse import unquote, urlparse

import psycopg


def main(url: str, wait_s: float = 5.0) -> int:
    """Try to connect for up to ``wait_s`` seconds; print why not when it fails."""
    parts = urlparse(url)
    options = {
        "host": parts.hostname or "localhost",
        "port": parts.port or 5432,
        "user": unquote(parts.username or "postgres"),
        "password": unquote(parts.password) if parts.password else None,
        "dbname": "postgres",
        "connect_timeout": 3,
    }
    deadline = time.monotonic() + wait_s
    while True:
        try:
            psycopg.connect(**options).close()  # type: ignore[arg-type]
            return 0
        except psycopg.OperationalError as exc:
            if time.monotonic() >= deadline:
                reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
                where = f"{options['host']}:{options['port']}"
                print(f"PostgreSQL at {where}: {reason}", file=sys.stderr)
                return 1
            time.sleep(1)


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: postgres-ready.py DATABASE_URL [SECONDS]")
    sys.exit(main(sys.argv[1], float(sys.argv[2]) if len(sys.argv) > 2 else 5.0))
