"""Starting, running, retrying and deleting jobs.

A job is claimed by one attempt at a time: the claim bumps `attempts`, and every later write
of that attempt names it, so an attempt that was given up for dead (its worker stalled and
the person started the job again) cannot overwrite the newer one when it wakes up.
"""

from __future__ import annotations

import errno
import logging
import tempfile
import time
import uuid
from datetime import timedelta
from functools import partial
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from scaleup.core import audit, debounce
from scaleup.jobs import registry
from scaleup.jobs.models import Job, job_file_path, job_storage
from scaleup.jobs.registry import JobError, Output, Params, Progress

logger = logging.getLogger(__name__)

#: The delay before the second attempt; it doubles before each further one.
RETRY_DELAY = timedelta(seconds=15)
#: A running job writes its progress at most this often (seconds), to spare the database.
PROGRESS_EVERY = 0.5
#: Errors of the disk rather than of the job: the file could not be stored.
DISK_FULL = {errno.ENOSPC, errno.EDQUOT}


def _signed_in(actor: Any) -> bool:
    return bool(getattr(actor, "is_authenticated", False))


def start_job(*, kind: str, params: Params, actor: Any) -> Job:
    """Queue a job for the person asking; it runs once this transaction commits."""
    job_kind = registry.kind_named(kind)
    if not _signed_in(actor) or not job_kind.permitted(actor, params):
        raise PermissionDenied
    with transaction.atomic():
        job = Job.objects.create(
            kind=kind,
            params=params,
            owner=actor,
            title=str(job_kind.title(params))[:300],
            language=translation.get_language() or "pl",
            max_attempts=job_kind.max_attempts,
        )
        audit.record(actor=actor, action="jobs.job.started", target=job, kind=kind, params=params)
        transaction.on_commit(partial(enqueue, job.pk))
    return job


def enqueue(job_id: uuid.UUID, delay: timedelta = timedelta(0)) -> None:
    """Put the job on the task queue, `delay` from now where the queue can wait. Runs after
    the job's commit: a queue that refuses it is logged, and the job, shown as stuck once
    overdue (`Job.is_stalled`), can be started again by its owner."""
    from scaleup.jobs.tasks import run_job

    try:
        debounce.later(run_job, str(job_id))(delay)
    except Exception:
        logger.exception("Job %s was not queued", job_id)


def retry_job(*, job: Job, actor: Any) -> Job:
    """Start a failed or stalled job again, with as many attempts as a new one. Attempts
    keep their numbers, so a stalled attempt that wakes up later writes nothing."""
    if not _signed_in(actor) or job.owner_id != actor.pk:
        raise PermissionDenied
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job.pk)
        if not (job.state == Job.State.FAILED or job.is_stalled):
            raise ValidationError(_("This job is not stuck or failed, so it is not started again."))
        kind = registry.kind_named(job.kind)
        job.state, job.max_attempts = Job.State.QUEUED, job.attempts + kind.max_attempts
        job.done, job.total = 0, None
        job.error, job.retry_at, job.finished_at = "", None, None
        job.created_at = timezone.now()
        job.save()
        audit.record(actor=actor, action="jobs.job.restarted", target=job)
        transaction.on_commit(partial(enqueue, job.pk))
    return job


def delete_job(*, job: Job, actor: Any) -> None:
    """Delete the job and its file (the file goes once the deletion commits)."""
    if not _signed_in(actor) or job.owner_id != actor.pk:
        raise PermissionDenied
    with transaction.atomic():
        # The row as it is now: a worker may have finished the job since the page loaded it,
        # and the file it stored must go with the row (`signals`).
        current = Job.objects.select_for_update().filter(pk=job.pk).first()
        if current is None:
            return
        audit.record(actor=actor, action="jobs.job.deleted", target=current, kind=current.kind)
        current.delete()


# --- running ---------------------------------------------------------------------------------


def run_job(job_id: str) -> None:
    """One attempt at the job: the task's body. Never raises for the job's own failures,
    which are kept on the job (retried, or failed with a message for its owner)."""
    attempt = _claim(job_id)
    if attempt is None:
        return
    job = Job.objects.select_related("owner").get(pk=job_id)
    with translation.override(job.language):
        try:
            kind = registry.kind_named(job.kind)
            if not kind.permitted(job.owner, job.params):
                raise JobError(
                    _("You no longer have access to what this job exports, or it no longer exists.")
                )
            with tempfile.TemporaryFile() as out:
                output = kind.run(job.params, Progress(_reporter(job.pk, attempt)), out)
                size = out.tell()
                out.seek(0)
                _finish(job, attempt, out, output, size)
        except JobError as error:
            _fail(job.pk, attempt, str(error.message), retry=False)
        except LookupError:
            logger.exception("Job %s has a kind nobody registered", job.pk)
            _fail(job.pk, attempt, _("This kind of job no longer exists."), retry=False)
        except Exception as error:
            logger.exception("Job %s (%s), attempt %s, failed", job.pk, job.kind, attempt)
            _fail(job.pk, attempt, _describe(error), retry=True)


def _claim(job_id: str) -> int | None:
    """Mark a queued job running; return the attempt's number, or None when the job is
    gone or not queued (finished, or claimed by another worker)."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.state != Job.State.QUEUED or job.attempts >= job.max_attempts:
            return None
        now = timezone.now()
        job.state, job.attempts = Job.State.RUNNING, job.attempts + 1
        job.started_at, job.heartbeat_at, job.retry_at = now, now, None
        job.save(update_fields=["state", "attempts", "started_at", "heartbeat_at", "retry_at"])
        return job.attempts


def _reporter(job_id: uuid.UUID, attempt: int) -> Any:
    last, known_total = 0.0, None

    def report(done: int, total: int | None) -> None:
        nonlocal last, known_total
        known_total = total if total is not None else known_total
        if known_total is not None:
            done = min(done, known_total)
        now = time.monotonic()
        if now - last < PROGRESS_EVERY and (known_total is None or done < known_total):
            return
        last = now
        Job.objects.filter(pk=job_id, state=Job.State.RUNNING, attempts=attempt).update(
            done=done, total=known_total, heartbeat_at=timezone.now()
        )

    return report


def _finish(job: Job, attempt: int, out: IO[bytes], output: Output, size: int) -> None:
    storage = job_storage()
    name = storage.save(job_file_path(job, output.filename), File(out))
    try:
        with transaction.atomic():
            updated = Job.objects.filter(
                pk=job.pk, state=Job.State.RUNNING, attempts=attempt
            ).update(
                state=Job.State.DONE,
                file=name,
                filename=output.filename,
                content_type=output.content_type,
                size=size,
                done=Coalesce(F("total"), F("done")),
                finished_at=timezone.now(),
                heartbeat_at=timezone.now(),
                error="",
            )
            if updated:
                audit.record(actor=None, action="jobs.job.done", target=job, size=size)
    except BaseException:
        storage.discard(name)
        raise
    if not updated:
        # Deleted, or started again by its owner while this attempt was given up for dead.
        storage.discard(name)


def _fail(job_id: uuid.UUID, attempt: int, message: str, *, retry: bool) -> None:
    with transaction.atomic():
        job = (
            Job.objects.select_for_update()
            .filter(pk=job_id, state=Job.State.RUNNING, attempts=attempt)
            .first()
        )
        if job is None:
            return
        now = timezone.now()
        job.error = message
        if retry and job.attempts < job.max_attempts:
            delay = RETRY_DELAY * 2 ** (job.attempts - 1)
            job.state, job.retry_at = Job.State.QUEUED, now + delay
            transaction.on_commit(partial(enqueue, job.pk, delay))
            action = "jobs.job.retry_scheduled"
        else:
            job.state, job.finished_at = Job.State.FAILED, now
            action = "jobs.job.failed"
        job.save(update_fields=["state", "error", "retry_at", "finished_at"])
        audit.record(actor=None, action=action, target=job, attempt=attempt, error=message)


def _describe(error: Exception) -> str:
    """What the owner is told about an unexpected failure (the details go to the log)."""
    if isinstance(error, OSError) and error.errno in DISK_FULL:
        return _("The server has no room to store the file at the moment.")
    return _("An error on the server stopped this job. The details are in the server's log.")
