"""Background tasks of the organisations app (django-tasks)."""

from __future__ import annotations

from django_tasks import task


@task()
def resolve_job(job_id: int) -> int:
    """Resolve the rows of :class:`~stcoop.organisations.models.ResolutionJob`
    ``job_id``; returns how many rows were resolved."""
    from stcoop.organisations.models import ResolutionJob
    from stcoop.organisations.resolution_services import job_run

    job = ResolutionJob.objects.filter(pk=job_id).first()
    if job is None:
        return 0
    return job_run(job).done
