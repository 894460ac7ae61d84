"""Reading jobs: a person sees only their own."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from scaleup.jobs import registry
from scaleup.jobs.models import Job


def jobs_of(user: Any) -> QuerySet[Job]:
    return Job.objects.filter(owner=user).order_by("-created_at")


def recent_jobs_of(user: Any, *, kind: str, limit: int = 5, **params: Any) -> list[Job]:
    """The person's latest jobs of one kind (with these parameters), for the page where
    they are started."""
    lookups = {f"params__{name}": value for name, value in params.items()}
    return list(jobs_of(user).filter(kind=kind, **lookups)[:limit])


def may_download(job: Job, user: Any) -> bool:
    """A finished job's file, while its owner may still see what it holds: access to what
    was exported may have been lost since, and then the file is not handed out."""
    if job.state != Job.State.DONE:
        return False
    try:
        return registry.kind_named(job.kind).permitted(user, job.params)
    except LookupError:
        return False
