"""``stcoop worker``: run background tasks (django-tasks database backend)."""

from __future__ import annotations

import click

from stcoop.cli.django_setup import needs_django


@click.command()
@click.option(
    "--queue",
    default="default",
    show_default=True,
    help="Queues to process, comma-separated; '*' for all.",
)
@click.option(
    "--interval", default=1.0, show_default=True, type=float, help="Seconds between polls."
)
@click.option("--batch", is_flag=True, help="Run the tasks waiting now, then exit.")
@click.option("--max-tasks", type=click.IntRange(min=1), default=None, help="Exit after N tasks.")
@click.option("--reload", is_flag=True, help="Restart when the code changes (development).")
@needs_django
def worker(queue: str, interval: float, batch: bool, max_tasks: int | None, reload: bool) -> None:
    """Run queued background tasks (imports, index builds, notifications).

    Start one or more workers beside the web server in production; stop with Ctrl+C
    (the running task is finished first).
    """
    from django.core.management import call_command

    args = ["--queue-name", queue, "--interval", str(interval)]
    args.append("--reload" if reload else "--no-reload")
    if batch:
        args += ["--batch", "--no-startup-delay"]
    if max_tasks is not None:
        args += ["--max-tasks", str(max_tasks)]
    call_command("db_worker", *args)
