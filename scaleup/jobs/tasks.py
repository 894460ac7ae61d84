"""The background task of jobs. It takes the job's key and stays thin."""

from __future__ import annotations

from django_tasks import task

from scaleup.jobs import services

#: The queue of jobs, apart from the recomputes (settings.TASKS).
EXPORTS_QUEUE = "exports"


@task(queue_name=EXPORTS_QUEUE)
def run_job(job_id: str) -> None:
    """One attempt at the job; failures are kept on the job, retried or reported."""
    services.run_job(job_id)
