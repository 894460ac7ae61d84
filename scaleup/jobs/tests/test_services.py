"""Jobs: queued on commit, run with progress, retried with a growing delay, failed with a
message for their owner, and never leaving a file without its job."""

from __future__ import annotations

import errno
import io
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from scaleup.core.models import AuditEntry
from scaleup.jobs import services
from scaleup.jobs.models import STALLED_AFTER, Job
from scaleup.jobs.registry import JobError, Output
from scaleup.jobs.tests.factories import JobFactory, ScriptedKind
from scaleup.testing.users import make_user

pytestmark = pytest.mark.django_db


def _files(private_root: Path) -> list[Path]:
    return sorted(path for path in (private_root / "jobs").rglob("*") if path.is_file())


def _start(owner: Any, capture: Any) -> Job:
    with capture(execute=True):
        job = services.start_job(kind="tests.script", params={"n": 1}, actor=owner)
    job.refresh_from_db()
    return job


def test_a_job_runs_once_its_request_commits(owner, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = services.start_job(kind="tests.script", params={"n": 1}, actor=owner)
    assert Job.objects.get(pk=job.pk).state == Job.State.QUEUED
    assert len(callbacks) == 1


def test_a_finished_job_holds_its_whole_file(
    owner, kind: ScriptedKind, private_root: Path, django_capture_on_commit_callbacks
) -> None:
    job = _start(owner, django_capture_on_commit_callbacks)
    assert (job.state, job.attempts, job.error) == (Job.State.DONE, 1, "")
    assert job.file.read() == kind.content
    assert (job.size, job.filename, job.content_type) == (
        len(kind.content),
        "export.txt",
        "text/plain",
    )
    assert (job.done, job.total) == (3000, 3000)
    assert job.title == "Test export 1"
    assert _files(private_root) == [Path(job.file.path)]


def test_starting_and_finishing_are_audited(owner, django_capture_on_commit_callbacks) -> None:
    job = _start(owner, django_capture_on_commit_callbacks)
    actions = list(
        AuditEntry.objects.filter(target_id=str(job.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["jobs.job.started", "jobs.job.done"]


def test_a_person_without_access_cannot_start_the_job(kind: ScriptedKind) -> None:
    stranger = make_user("obcy@example.org")
    with pytest.raises(PermissionDenied):
        services.start_job(kind="tests.script", params={}, actor=stranger)
    assert not Job.objects.exists()


def test_an_unknown_kind_is_refused(owner) -> None:
    with pytest.raises(LookupError):
        services.start_job(kind="tests.nothing", params={}, actor=owner)
    assert not Job.objects.exists()


def test_a_failed_attempt_is_retried_and_the_job_finishes(
    owner, kind: ScriptedKind, private_root: Path, django_capture_on_commit_callbacks
) -> None:
    kind.script = [RuntimeError("database hiccup")]
    job = _start(owner, django_capture_on_commit_callbacks)
    assert (job.state, job.attempts, kind.attempts) == (Job.State.DONE, 2, 2)
    assert job.file.read() == kind.content
    assert len(_files(private_root)) == 1


def test_a_job_failing_every_attempt_fails_with_a_message_and_no_file(
    owner, kind: ScriptedKind, private_root: Path, django_capture_on_commit_callbacks
) -> None:
    kind.script = [RuntimeError("boom")] * 3
    job = _start(owner, django_capture_on_commit_callbacks)
    assert (job.state, job.attempts, kind.attempts) == (Job.State.FAILED, 3, 3)
    assert "server's log" in job.error
    assert "boom" not in job.error
    assert not job.file
    assert _files(private_root) == []


def test_a_job_that_cannot_succeed_is_not_retried(
    owner, kind: ScriptedKind, django_capture_on_commit_callbacks
) -> None:
    kind.script = [JobError("The workshop no longer exists.")]
    job = _start(owner, django_capture_on_commit_callbacks)
    assert (job.state, job.attempts, job.error) == (
        Job.State.FAILED,
        1,
        "The workshop no longer exists.",
    )


def test_a_full_disk_is_named_as_such(
    owner, kind: ScriptedKind, django_capture_on_commit_callbacks
) -> None:
    kind.script = [OSError(errno.ENOSPC, "No space left on device")] * 3
    job = _start(owner, django_capture_on_commit_callbacks)
    assert job.state == Job.State.FAILED
    assert job.error == "The server has no room to store the file at the moment."


def test_a_job_whose_owner_lost_access_fails_without_running(
    owner, kind: ScriptedKind, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = services.start_job(kind="tests.script", params={}, actor=owner)
    kind.allowed.clear()
    for callback in callbacks:
        callback()
    job.refresh_from_db()
    assert (job.state, kind.attempts) == (Job.State.FAILED, 0)
    assert "no longer have access" in job.error


def test_on_the_database_queue_a_retry_waits_a_growing_delay(
    owner, kind: ScriptedKind, settings, django_capture_on_commit_callbacks
) -> None:
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "exports"]}
    }
    kind.script = [RuntimeError("first"), RuntimeError("second")]
    with django_capture_on_commit_callbacks(execute=True):
        job = services.start_job(kind="tests.script", params={}, actor=owner)
    # On the exports queue, which a worker of its own serves, not behind the recomputes.
    assert list(DBTaskResult.objects.values_list("queue_name", flat=True)) == ["exports"]
    delays = []
    for _attempt in range(2):
        before = timezone.now()
        with django_capture_on_commit_callbacks(execute=True):
            services.run_job(str(job.pk))
        job.refresh_from_db()
        queued = DBTaskResult.objects.order_by("-enqueued_at").first()
        assert queued is not None and queued.run_after is not None
        delays.append(round((queued.run_after - before).total_seconds()))
        assert job.state == Job.State.QUEUED and job.retry_at is not None
    assert delays == [15, 30]


def test_an_attempt_given_up_for_dead_cannot_overwrite_the_new_one(
    owner, kind: ScriptedKind, private_root: Path, django_capture_on_commit_callbacks
) -> None:
    job = JobFactory.create(owner=owner)
    stale_attempt = services._claim(str(job.pk))
    Job.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - STALLED_AFTER * 2)
    job.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=False):
        services.retry_job(job=job, actor=owner)
    assert services._claim(str(job.pk)) == 2
    # The stalled attempt wakes up, fails, then finishes after all: neither counts.
    assert stale_attempt == 1
    services._fail(job.pk, stale_attempt, "late failure", retry=True)
    with io.BytesIO(b"late") as late:
        services._finish(job, stale_attempt, late, Output("late.txt", "text/plain"), 4)
    job.refresh_from_db()
    assert (job.state, job.attempts, job.max_attempts, job.error) == (
        Job.State.RUNNING,
        2,
        4,
        "",
    )
    assert _files(private_root) == []


def test_a_running_job_is_not_started_twice(owner) -> None:
    job = JobFactory.create(owner=owner)
    services._claim(str(job.pk))
    job.refresh_from_db()
    with pytest.raises(ValidationError):
        services.retry_job(job=job, actor=owner)
    assert services._claim(str(job.pk)) is None


def test_a_failed_job_can_be_started_again(
    owner, kind: ScriptedKind, django_capture_on_commit_callbacks
) -> None:
    kind.script = [JobError("not now")]
    job = _start(owner, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        services.retry_job(job=job, actor=owner)
    job.refresh_from_db()
    assert (job.state, job.attempts, job.max_attempts, job.error) == (Job.State.DONE, 2, 4, "")


def test_only_the_owner_may_restart_or_delete(owner, django_capture_on_commit_callbacks) -> None:
    job = _start(owner, django_capture_on_commit_callbacks)
    other = make_user("inna@example.org")
    with pytest.raises(PermissionDenied):
        services.retry_job(job=job, actor=other)
    with pytest.raises(PermissionDenied):
        services.delete_job(job=job, actor=other)
    assert Job.objects.filter(pk=job.pk).exists()


def test_deleting_a_job_deletes_its_file_on_commit(
    owner, private_root: Path, django_capture_on_commit_callbacks
) -> None:
    job = _start(owner, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_job(job=job, actor=owner)
    assert not Job.objects.filter(pk=job.pk).exists()
    assert _files(private_root) == []


def test_a_job_deleted_while_running_leaves_no_file(
    owner, kind: ScriptedKind, private_root: Path
) -> None:
    job = JobFactory.create(owner=owner, kind="tests.script")
    kind.before = lambda: Job.objects.filter(pk=job.pk).delete() and None
    services.run_job(str(job.pk))
    assert kind.attempts == 1
    assert _files(private_root) == []


def test_progress_is_visible_while_the_job_runs(owner, kind: ScriptedKind) -> None:
    job = JobFactory.create(owner=owner, kind="tests.script")
    seen: list[tuple[int, int | None, str]] = []

    def look() -> None:
        row = Job.objects.get(pk=job.pk)
        seen.append((row.done, row.total, row.state))

    kind.watch = look
    services.run_job(str(job.pk))
    assert seen[0] == (1, 3000, "running")
    assert seen[-1] == (3000, 3000, "running")
    assert Job.objects.get(pk=job.pk).state == Job.State.DONE


def test_a_job_with_no_row_is_ignored() -> None:
    services.run_job(str(uuid.uuid4()))


def test_a_job_silent_for_long_is_stalled(owner) -> None:
    job = JobFactory.create(
        owner=owner,
        state=Job.State.RUNNING,
        started_at=timezone.now() - timedelta(hours=1),
        heartbeat_at=timezone.now() - STALLED_AFTER - timedelta(seconds=1),
    )
    assert job.is_stalled
    job.heartbeat_at = timezone.now()
    assert not job.is_stalled


def test_a_queued_job_long_overdue_counts_as_stuck_and_can_be_started_again(
    owner, django_capture_on_commit_callbacks
) -> None:
    job = JobFactory.create(owner=owner, created_at=timezone.now() - STALLED_AFTER * 6)
    assert job.is_stalled
    with django_capture_on_commit_callbacks(execute=True):
        services.retry_job(job=job, actor=owner)
    job.refresh_from_db()
    assert job.state == Job.State.DONE


def test_a_queued_job_waiting_its_turn_is_not_stuck(owner) -> None:
    assert not JobFactory.create(owner=owner).is_stalled


def test_a_queue_that_refuses_the_task_does_not_fail_the_request(
    owner, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks
) -> None:
    def refused(*args: Any, **kwargs: Any) -> Any:
        def enqueue(delay: Any) -> None:
            raise RuntimeError("queue table locked")

        return enqueue

    monkeypatch.setattr(services.debounce, "later", refused)
    with django_capture_on_commit_callbacks(execute=True):
        job = services.start_job(kind="tests.script", params={}, actor=owner)
    assert Job.objects.get(pk=job.pk).state == Job.State.QUEUED


def test_deleting_a_job_that_finished_since_its_page_loaded_deletes_the_file(
    owner, private_root: Path, django_capture_on_commit_callbacks
) -> None:
    loaded = JobFactory.create(owner=owner, kind="tests.script")
    with django_capture_on_commit_callbacks(execute=True):
        services.run_job(str(loaded.pk))  # the worker finishes after the page was shown
    assert _files(private_root)
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_job(job=loaded, actor=owner)  # the page's copy has no file
    assert _files(private_root) == []
    assert not (private_root / "jobs" / str(loaded.pk)).exists()
