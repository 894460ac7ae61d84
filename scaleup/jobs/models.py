"""A job is a piece of work a person asked for that runs in the background (an export):
its state, attempts, progress and, once done, the file it produced."""

from __future__ import annotations

import os
import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from scaleup.core.storage import AtomicFileSystemStorage

#: A running job reports progress at least this often; one silent for longer has lost its
#: worker (killed, or the machine restarted) and may be started again.
STALLED_AFTER = timedelta(minutes=2)
#: A finished job's file is kept this long, then purged with the job (`purge-expired`).
KEPT_FOR = timedelta(days=7)


class JobStorage(AtomicFileSystemStorage):
    """Job files live under the private root (never served as media), read at use so
    that tests can point it elsewhere; a file appears only once complete (`core.storage`)."""

    @property
    def base_location(self) -> str:
        return os.path.join(settings.PRIVATE_ROOT, "jobs")

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)


def job_storage() -> JobStorage:
    return JobStorage()


def job_file_path(instance: Job, filename: str) -> str:
    return f"{instance.pk}/{filename}"


class Job(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=100)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    title = models.CharField(_("title"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    language = models.CharField(_("language"), max_length=10, default="pl")
    state = models.CharField(_("state"), max_length=10, choices=State, default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    max_attempts = models.PositiveSmallIntegerField(_("attempts allowed"), default=3)
    done = models.PositiveBigIntegerField(_("items done"), default=0)
    total = models.PositiveBigIntegerField(_("items in all"), null=True, blank=True)
    error = models.TextField(_("what went wrong"), blank=True)
    created_at = models.DateTimeField(_("requested at"), default=timezone.now, db_index=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last progress at"), null=True, blank=True)
    retry_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    file = models.FileField(
        _("file"), upload_to=job_file_path, storage=job_storage, blank=True, max_length=300
    )
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), null=True, blank=True)

    class Meta:
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["owner", "-created_at"], name="jobs_job_owner_recent")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(total__isnull=True) | models.Q(done__lte=models.F("total")),
                name="jobs_job_done_within_total",
            ),
            models.CheckConstraint(
                condition=models.Q(attempts__lte=models.F("max_attempts")),
                name="jobs_job_attempts_within_allowed",
            ),
            models.CheckConstraint(
                condition=~models.Q(state="running") | models.Q(started_at__isnull=False),
                name="jobs_job_running_has_start",
            ),
            models.CheckConstraint(
                condition=~models.Q(state="done") | ~models.Q(file=""),
                name="jobs_job_done_has_file",
            ),
            models.CheckConstraint(
                condition=models.Q(state__in=["queued", "running", "done", "failed"]),
                name="jobs_job_state_known",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_finished(self) -> bool:
        return self.state in {self.State.DONE, self.State.FAILED}

    @property
    def is_stalled(self) -> bool:
        """Running but silent for so long that its worker must be gone; or waiting for so
        long past its time that its task was lost (queued while the database went away, or
        by a release that could not run it). Starting it again is harmless either way: only
        one attempt can claim the job."""
        now = timezone.now()
        if self.state == self.State.RUNNING:
            last = self.heartbeat_at or self.started_at
            return last is not None and last < now - STALLED_AFTER
        if self.state == self.State.QUEUED:
            due = self.retry_at or self.created_at
            return due < now - STALLED_AFTER * 5
        return False

    @property
    def percent(self) -> int | None:
        if self.state == self.State.DONE:
            return 100
        if not self.total:
            return None
        return min(100, self.done * 100 // self.total)

    @property
    def expires_at(self) -> datetime | None:
        return self.finished_at + KEPT_FOR if self.finished_at is not None else None
