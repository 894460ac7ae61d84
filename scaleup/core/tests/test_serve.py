"""`scaleup serve` starts the background worker beside the web server and stops it after."""

from __future__ import annotations

import io
import os
import re
import signal
import subprocess
import sys
import time
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

    def popen(command: list[str], **kwargs: Any) -> FakeWorker:
        workers.append(FakeWorker(command))
        return workers[-1]

    monkeypatch.setattr(serve_command.subprocess, "Popen", popen)
    monkeypatch.setattr("uvicorn.run", lambda *args, **kwargs: None)
    monkeypatch.setattr(serve_command.ProductionServer, "run", lambda self: None)
    return workers


def test_serve_runs_a_worker_when_tasks_are_queued_in_the_database(
    settings: Any, started: list[FakeWorker]
) -> None:
    settings.TASKS = {"default": {"BACKEND": serve_command.DATABASE_QUEUE}}
    call_command("serve", "--port", "8123", stdout=io.StringIO())
    assert [worker.command[3] for worker in started] == ["db_worker", "db_worker"]
    queues = [worker.command[worker.command.index("--queue-name") + 1] for worker in started]
    assert queues == ["default", "exports"]
    assert all(worker.terminated for worker in started)


def test_jobs_have_a_queue_apart_from_the_recomputes() -> None:
    from scaleup.dialogue.tasks import recompute_opinion_map
    from scaleup.jobs.tasks import run_job

    assert run_job.queue_name == "exports" != recompute_opinion_map.queue_name


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


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as stat:  # a zombie has exited: only its parent reaps it
        return stat.read().split(")")[-1].split()[0] != "Z"


def _gone_within(pid: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not _alive(pid):
            return True
        time.sleep(0.1)
    return False


@pytest.fixture(scope="module")
def instance(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The environment of a separate, migrated instance on SQLite with the database queue."""
    var = tmp_path_factory.mktemp("var")
    env = {
        **os.environ,
        "SCALEUP_VAR_DIR": str(var),
        "DATABASE_URL": f"sqlite:///{var / 'db.sqlite3'}",
        "SCALEUP_TASKS": "database",
        "DJANGO_SETTINGS_MODULE": "scaleup.settings",
    }
    scaleup = [sys.executable, "-m", "scaleup.cli"]
    subprocess.run([*scaleup, "migrate", "-v0"], env=env, check=True, timeout=300)  # noqa: S603
    return env


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
def test_stopping_the_server_stops_its_worker(instance: dict[str, str], stop: int) -> None:
    server = subprocess.Popen(
        [sys.executable, "-m", "scaleup.cli", "serve", "--port", "0"],
        env=instance,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        pids = []
        for _queue in serve_command.WORKER_QUEUES:
            started = re.search(r"background worker started \(pid (\d+)", server.stdout.readline())
            assert started, "serve did not start its workers"
            pids.append(int(started.group(1)))
        assert all(_alive(pid) for pid in pids)
        server.send_signal(stop)
        server.wait(timeout=30)
        assert all(_gone_within(pid, 10) for pid in pids), "a worker outlived its server"
    finally:
        server.kill()
        server.wait(timeout=30)


def test_prod_runs_gunicorn_with_uvicorn_workers(settings: Any, started: list[FakeWorker]) -> None:
    settings.TASKS = {"default": {"BACKEND": serve_command.DATABASE_QUEUE}}
    servers: list[serve_command.ProductionServer] = []
    original = serve_command.ProductionServer.__init__

    def record(self: serve_command.ProductionServer, **kwargs: Any) -> None:
        original(self, **kwargs)
        servers.append(self)

    settings_patch = pytest.MonkeyPatch()
    settings_patch.setattr(serve_command.ProductionServer, "__init__", record)
    try:
        call_command("serve", "--prod", "--workers", "3", "--port", "8124", stdout=io.StringIO())
    finally:
        settings_patch.undo()
    options = servers[0].options
    assert options["workers"] == 3
    assert options["worker_class"] == "uvicorn_worker.UvicornWorker"
    assert options["bind"] == ["127.0.0.1:8124"]
    assert len(started) == len(serve_command.WORKER_QUEUES)
    assert all(worker.terminated for worker in started)


def test_prod_refuses_no_workers(started: list[FakeWorker]) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="at least 1"):
        call_command("serve", "--prod", "--workers", "0", stdout=io.StringIO())


def _get(port: int, path: str) -> tuple[int, bytes]:
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _children(pid: int) -> list[int]:
    with open(f"/proc/{pid}/task/{pid}/children") as children:
        return [int(child) for child in children.read().split()]


def _wait_healthy(port: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if _get(port, "/healthz")[0] == 200:
                return True
        except OSError:
            pass
        time.sleep(0.2)
    return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_worker_killed_by_sigkill_is_replaced(instance: dict[str, str]) -> None:
    """The arbiter notices the dead worker and forks a new one; the site keeps answering."""
    port = _free_port()
    server = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "scaleup.cli",
            "serve",
            "--prod",
            "--workers",
            "2",
            "--port",
            str(port),
            "--no-worker",
        ],
        env={**instance, "SCALEUP_HTTPS": "0"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert _wait_healthy(port, 60), "the server did not come up"
        deadline = time.monotonic() + 30
        while len(_children(server.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        workers = _children(server.pid)
        assert len(workers) == 2
        os.kill(workers[0], signal.SIGKILL)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            now = _children(server.pid)
            if len(now) == 2 and workers[0] not in now:
                break
            time.sleep(0.2)
        assert workers[0] not in _children(server.pid) and len(_children(server.pid)) == 2
        assert _wait_healthy(port, 30)
    finally:
        server.terminate()
        server.wait(timeout=40)


@pytest.mark.skipif(not hasattr(os, "SCHED_IDLE"), reason="SCHED_IDLE is Linux's")
def test_the_background_worker_runs_only_on_idle_time() -> None:
    probe = (
        "import os\n"
        "from scaleup.core.management.commands.serve import lower_priority\n"
        "lower_priority()\n"
        "print(os.sched_getscheduler(0) == os.SCHED_IDLE)\n"
    )
    done = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "True"
