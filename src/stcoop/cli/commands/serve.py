"""``stcoop serve``: the development server, or gunicorn with ``--production``."""

from __future__ import annotations

import os
import subprocess
import sys

import click

from stcoop.cli.django_setup import ensure_django

GUNICORN_CONFIG = "python:stcoop.config.gunicorn"
WSGI_APP = "stcoop.config.wsgi:application"


def server_url(host: str, port: int) -> str:
    """The address to open in a browser (IPv6 hosts in brackets)."""
    shown = f"[{host}]" if ":" in host and not host.startswith("[") else host
    return f"http://{shown}:{port}/"


def gunicorn_argv(host: str, port: int) -> list[str]:
    """The command line that runs gunicorn with the platform's configuration."""
    bind = f"[{host}]:{port}" if ":" in host and not host.startswith("[") else f"{host}:{port}"
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "--config",
        GUNICORN_CONFIG,
        "--bind",
        bind,
        WSGI_APP,
    ]


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--production",
    is_flag=True,
    help="Run gunicorn (workers and threads from STCOOP_WEB_* variables) instead of the "
    "development server.",
)
@click.option(
    "--reload/--no-reload",
    default=True,
    show_default=True,
    help="Development server: restart when the code changes.",
)
@click.option(
    "--worker/--no-worker",
    default=True,
    show_default=True,
    help="Development server: also run `stcoop worker` (background tasks such as search "
    "index updates) in a child process, stopped on exit.",
)
def serve(host: str, port: int, production: bool, reload: bool, worker: bool) -> None:
    """Serve the web site and API.

    Without --production this is Django's development server; with it, gunicorn as
    configured in stcoop/config/gunicorn.py. Static files are served by WhiteNoise.
    """
    ensure_django()  # fail here, in one line, on bad settings
    url = server_url(host, port)
    if production:
        click.echo(f"STCoop (gunicorn) at {url}")
        argv = gunicorn_argv(host, port)
        os.execv(argv[0], argv)  # noqa: S606 - replaces this process with gunicorn
        return  # reached only when execv is replaced (tests)
    from django.core.management import call_command

    # The reloader re-runs this command in a child process; say the address once.
    child: subprocess.Popen[bytes] | None = None
    if os.environ.get("RUN_MAIN") != "true":
        click.echo(f"STCoop is running at {url}  (Ctrl+C to stop)")
        if worker:
            child = subprocess.Popen(worker_argv())  # noqa: S603 - our own command
    try:
        call_command("runserver", f"{host}:{port}", use_reloader=reload)
    finally:
        if child is not None:
            stop_child(child)


def worker_argv() -> list[str]:
    """The command line of the background worker started beside the development server."""
    return [sys.executable, "-m", "stcoop.cli", "worker"]


def stop_child(child: subprocess.Popen[bytes], timeout: float = 10.0) -> None:
    """Stop ``child`` (terminate, then kill when it does not exit within ``timeout``)."""
    if child.poll() is not None:
        return
    child.terminate()
    try:
        child.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()
