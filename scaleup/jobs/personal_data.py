"""Jobs in 'download my data', 'erase me' and retention: a job is its owner's, and its file
is kept for `KEPT_FOR` after it finished (exports hold data of other people too)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext_lazy as _

from scaleup.jobs.models import KEPT_FOR, STALLED_AFTER, Job
from scaleup.privacy.registry import DataSubject, Provider, Row, register


class JobProvider(Provider):
    section = "background_jobs"
    title = _("Exports you asked for")

    def export(self, subject: DataSubject) -> Iterable[Row]:
        if subject.user is None:
            return []
        return [
            {
                "title": job.title,
                "kind": job.kind,
                "state": job.state,
                "requested_at": job.created_at,
                "finished_at": job.finished_at,
                "file_name": job.filename,
            }
            for job in Job.objects.filter(owner=subject.user).order_by("created_at")
        ]

    def erase(self, subject: DataSubject, *, actor: Any) -> int:
        if subject.user is None:
            return 0
        deleted, _per_model = Job.objects.filter(owner=subject.user).delete()
        return deleted

    def purge_expired(self, now: datetime.datetime) -> dict[str, int]:
        expired, _per_model = Job.objects.filter(finished_at__lt=now - KEPT_FOR).delete()
        # A job whose worker vanished long ago will not finish: it is failed, and its owner
        # can start it again.
        abandoned = Job.objects.filter(
            state=Job.State.RUNNING, heartbeat_at__lt=now - STALLED_AFTER * 30
        ).update(
            state=Job.State.FAILED,
            finished_at=now,
            error=str(_("The job stopped when its worker did. Start it again.")),
        )
        return {"jobs_deleted": expired, "jobs_abandoned": abandoned}


def register_providers() -> None:
    register(JobProvider())
