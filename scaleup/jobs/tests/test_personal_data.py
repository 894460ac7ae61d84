"""Jobs in retention and erasure: files go with their jobs, lost jobs are failed, folders
that no job owns are cleaned up."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from scaleup.jobs.models import KEPT_FOR, Job
from scaleup.jobs.personal_data import JobProvider
from scaleup.jobs.tests.factories import JobFactory

pytestmark = pytest.mark.django_db


def test_finished_jobs_older_than_the_keeping_time_are_purged(owner) -> None:
    now = timezone.now()
    old = JobFactory.create(owner=owner, state=Job.State.FAILED, finished_at=now - KEPT_FOR * 2)
    recent = JobFactory.create(owner=owner, state=Job.State.FAILED, finished_at=now)
    counts = JobProvider().purge_expired(now)
    assert counts["jobs_deleted"] == 1
    assert list(Job.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not Job.objects.filter(pk=old.pk).exists()


def test_a_job_lost_long_ago_is_failed_in_its_owners_language(owner) -> None:
    long_ago = timezone.now() - timedelta(days=1)
    lost = JobFactory.create(owner=owner, language="pl", created_at=long_ago)
    counts = JobProvider().purge_expired(timezone.now())
    lost.refresh_from_db()
    assert counts["jobs_abandoned"] == 1
    assert lost.state == Job.State.FAILED
    assert lost.error == "Zadanie zatrzymało się lub zaginęło po drodze. Uruchom je ponownie."


def test_a_folder_no_job_owns_is_removed_once_a_day_old(owner, private_root: Path) -> None:
    kept = JobFactory.create(owner=owner)
    orphan = private_root / "jobs" / "0f0f0f0f-0000-4000-8000-000000000000"
    young = private_root / "jobs" / "1f1f1f1f-0000-4000-8000-000000000000"
    own = private_root / "jobs" / str(kept.pk)
    for folder in (orphan, young, own):
        folder.mkdir(parents=True)
        (folder / "export.zip").write_bytes(b"PK")
    day_old = (timezone.now() - timedelta(days=2)).timestamp()
    os.utime(orphan, (day_old, day_old))
    os.utime(own, (day_old, day_old))
    counts = JobProvider().purge_expired(timezone.now())
    assert counts["job_folders_orphaned"] == 1
    assert not orphan.exists()
    assert young.exists() and own.exists()


def test_erasing_a_person_deletes_their_jobs(owner) -> None:
    from scaleup.privacy.registry import DataSubject

    JobFactory.create_batch(2, owner=owner)
    other = JobFactory.create()
    assert JobProvider().erase(DataSubject(user=owner), actor=None) == 2
    assert list(Job.objects.values_list("pk", flat=True)) == [other.pk]
