"""A deleted job takes its file with it, once the deletion commits (a rolled-back delete
keeps both). Deletions by cascade (an erased account) and by the purge are covered too."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from scaleup.jobs.models import Job, job_storage


@receiver(post_delete, sender=Job, dispatch_uid="jobs_delete_file")
def delete_file(sender: type[Job], instance: Job, **kwargs: Any) -> None:
    if instance.file:
        # `discard` also removes the job's folder once it is empty.
        transaction.on_commit(partial(job_storage().discard, instance.file.name))
