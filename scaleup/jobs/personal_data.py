"""Jobs in 'download my data', 'erase me' and retention: a job is its owner's, and its file
is kept for `KEPT_FOR` after it finished (exports hold data of other people too)."""

from __future__ import annotations

import datetime
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from scaleup.jobs.models import KEPT_FOR, STALLED_AFTER, Job, job_storage
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
        # A job whose worker vanished long ago, or whose task was lost, will not finish: it
        # is failed (in its owner's language), and its owner can start it again.
        abandoned = 0
        long_ago = now - STALLED_AFTER * 30
        lost = Job.objects.filter(
            Q(state=Job.State.RUNNING, heartbeat_at__lt=long_ago)
            | Q(state=Job.State.QUEUED, retry_at__lt=long_ago)
            | Q(state=Job.State.QUEUED, retry_at__isnull=True, created_at__lt=long_ago)
        )
        for job in lost:
            with translation.override(job.language):
                message = str(_("The job stopped or was lost on the way. Start it again."))
            abandoned += Job.objects.filter(pk=job.pk, state=job.state).update(
                state=Job.State.FAILED, finished_at=now, error=message
            )
        return {
            "jobs_deleted": expired,
            "jobs_abandoned": abandoned,
            "job_folders_orphaned": _remove_orphaned_folders(now),
        }


def _remove_orphaned_folders(now: datetime.datetime) -> int:
    """Folders of job files with no job: a worker killed between storing a file and
    recording it leaves one. Only folders older than a day, so a job being finished now is
    never touched."""
    root = Path(job_storage().location)
    if not root.is_dir():
        return 0
    known = {str(pk) for pk in Job.objects.values_list("pk", flat=True)}
    removed = 0
    for folder in root.iterdir():
        if not folder.is_dir() or folder.name in known:
            continue
        if folder.stat().st_mtime > (now - datetime.timedelta(days=1)).timestamp():
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed += 1
    return removed


def register_providers() -> None:
    register(JobProvider())
