"""`scaleup serve` starts the background worker beside the web server and stops it after."""

from __future__ import annotations

import io
import subprocess
from typing import Any

import pytest
from django.core.management import call_command

from scaleup.core.management.commands import serve as serve_command


class FakeWorker:
    pid = 4242

    def __init__(self, command: list[str]) -> None:
        self.command = command
        self.terminated = False

    def terminate(self) -> None:
        self.terminated = True

    def wait(self, timeout: float) -> int:
        return 0


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[FakeWorker]:
    workers: list[FakeWorker] = []

    def popen(command: list[str]) -> FakeWorker:
        workers.append(FakeWorker(command))
        return workers[-1]

    monkeypatch.setattr(serve_command.subprocess, "Popen", popen)
    monkeypatch.setattr("waitress.serve", lambda *args, **kwargs: None)
    return workers


def test_serve_runs_a_worker_when_tasks_are_queued_in_the_database(
    settings: Any, started: list[FakeWorker]
) -> None:
    settings.TASKS = {"default": {"BACKEND": serve_command.DATABASE_QUEUE}}
    call_command("serve", "--port", "8123", stdout=io.StringIO())
    assert len(started) == 1
    assert started[0].command[3:5] == ["db_worker", "--interval"]
    assert started[0].terminated


def test_serve_runs_no_worker_when_told_not_to(settings: Any, started: list[FakeWorker]) -> None:
    settings.TASKS = {"default": {"BACKEND": serve_command.DATABASE_QUEUE}}
    call_command("serve", "--no-worker", stdout=io.StringIO())
    assert started == []


def test_serve_runs_no_worker_when_tasks_run_immediately(
    settings: Any, started: list[FakeWorker]
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    call_command("serve", stdout=io.StringIO())
    assert started == []


def test_the_worker_command_starts_the_database_worker() -> None:
    command = [*serve_command.worker_command(0.25)[:4], "--help"]
    finished = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)  # noqa: S603
    assert finished.returncode == 0, finished.stderr
    assert "--batch" in finished.stdout
