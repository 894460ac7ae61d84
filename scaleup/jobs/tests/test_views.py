"""The pages of a person's jobs: their own only, progress polled while running, the file."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone

from scaleup.jobs.models import Job
from scaleup.jobs.tests.factories import JobFactory, ScriptedKind
from scaleup.testing.urls import url
from scaleup.testing.users import make_user

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _done(owner: Any, content: bytes = b"a;b\n") -> Job:
    job = JobFactory.build(
        owner=owner,
        state=Job.State.DONE,
        finished_at=timezone.now(),
        filename="votes.csv",
        content_type="text/csv",
        size=len(content),
    )
    job.file.save("votes.csv", ContentFile(content), save=False)
    job.save()
    return job


def test_the_list_shows_only_ones_own_jobs(owner) -> None:
    mine = JobFactory.create(owner=owner, title="Moje głosy")
    JobFactory.create(title="Cudze głosy")
    page = _client(owner).get(url("jobs:list")).content.decode()
    assert mine.title in page
    assert "Cudze głosy" not in page


def test_a_running_job_is_polled_and_shows_its_progress(owner) -> None:
    job = JobFactory.create(
        owner=owner, state=Job.State.RUNNING, started_at=timezone.now(), done=25, total=100
    )
    response = _client(owner).get(url("jobs:detail", job_id=job.pk), headers={"HX-Request": "true"})
    fragment = response.content.decode()
    assert 'hx-trigger="every 2s"' in fragment
    assert 'value="25"' in fragment
    assert "<html" not in fragment


def test_a_finished_job_is_not_polled_and_offers_its_file(owner) -> None:
    job = _done(owner)
    page = _client(owner).get(url("jobs:detail", job_id=job.pk)).content.decode()
    assert "hx-trigger" not in page
    assert url("jobs:download", job_id=job.pk) in page


def test_a_stalled_job_offers_to_start_again(owner) -> None:
    long_ago = timezone.now() - timedelta(hours=1)
    job = JobFactory.create(
        owner=owner, state=Job.State.RUNNING, started_at=long_ago, heartbeat_at=long_ago
    )
    page = _client(owner).get(url("jobs:detail", job_id=job.pk)).content.decode()
    assert url("jobs:retry", job_id=job.pk) in page
    assert "hx-trigger" not in page


def test_the_download_is_the_jobs_file(owner) -> None:
    job = _done(owner, b"x;y\n1;2\n")
    response = _client(owner).get(url("jobs:download", job_id=job.pk))
    assert b"".join(response.streaming_content) == b"x;y\n1;2\n"  # type: ignore[attr-defined]
    assert 'filename="votes.csv"' in response["Content-Disposition"]
    assert {"private", "no-store"} <= set(response["Cache-Control"].replace(",", " ").split())


def test_no_file_once_access_to_its_contents_is_lost(owner, kind: ScriptedKind) -> None:
    job = _done(owner)
    kind.allowed.clear()
    assert _client(owner).get(url("jobs:download", job_id=job.pk)).status_code == 404


def test_no_file_before_the_job_is_done(owner) -> None:
    job = JobFactory.create(owner=owner)
    assert _client(owner).get(url("jobs:download", job_id=job.pk)).status_code == 404


def test_another_persons_job_is_not_found(owner) -> None:
    job = _done(owner)
    other = _client(make_user("ktos@example.org"))
    assert other.get(url("jobs:detail", job_id=job.pk)).status_code == 404
    assert other.get(url("jobs:download", job_id=job.pk)).status_code == 404


def test_starting_a_failed_job_again_from_its_page(
    owner, kind: ScriptedKind, django_capture_on_commit_callbacks
) -> None:
    job = JobFactory.create(owner=owner, state=Job.State.FAILED, attempts=3, error="boom")
    with django_capture_on_commit_callbacks(execute=True):
        response = _client(owner).post(url("jobs:retry", job_id=job.pk))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.state == Job.State.DONE


def test_a_queued_job_is_not_started_twice_from_its_page(owner) -> None:
    job = JobFactory.create(owner=owner)
    client = _client(owner)
    response = client.post(url("jobs:retry", "en", job_id=job.pk), follow=True)
    assert "not stuck or failed" in response.content.decode()


def test_deleting_from_the_page(owner, django_capture_on_commit_callbacks) -> None:
    job = _done(owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = _client(owner).post(url("jobs:delete", job_id=job.pk))
    assert response.status_code == 302
    assert not Job.objects.exists()
