"""`scaleup serve`: the portal on an ASGI server, not runserver, with background workers
beside it (one per task queue) when tasks are queued in the database.

Plain `scaleup serve` is one uvicorn process (a laptop, the demo). `--prod` runs gunicorn's
arbiter with N uvicorn worker processes: it restarts a worker that dies, and stops them
gracefully on SIGTERM. Several processes on one PostgreSQL (and Redis for the shared
cache) are how the platform scales out; each process is stateless.
"""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

DATABASE_QUEUE = "django_tasks_db.DatabaseBackend"


#: One background worker per task queue (settings.TASKS): a report asked for during a
#: workshop does not wait behind the room's opinion-map recomputes.
WORKER_QUEUES = ("default", "exports")


def worker_command(interval: float, queue: str = "default") -> list[str]:
    """The worker as a separate process: a long recompute must not hold a web thread, and
    the worker can be restarted on its own."""
    return [
        sys.executable,
        "-m",
        "scaleup.cli",
        "db_worker",
        "--interval",
        str(interval),
        "--queue-name",
        queue,
        "--no-reload",
        "--no-startup-delay",
    ]


#: The background worker's niceness where the idle scheduling class is missing: recomputes
#: yield the cores to requests (a room's votes must not wait behind an opinion map).
WORKER_NICENESS = 10


def lower_priority() -> None:
    """The background worker runs only on time the web processes leave: Linux's SCHED_IDLE
    class (a niceness of 10 still took a tenth of a busy core, and the load bench's vote
    latency p99 tripled with recomputes on), else a niceness of 10."""
    if hasattr(os, "sched_setscheduler") and hasattr(os, "SCHED_IDLE"):
        try:
            os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
            return
        except OSError:
            pass
    os.nice(WORKER_NICENESS)


def _die_with_parent() -> None:  # pragma: no cover - runs in the child before exec
    """On Linux, the kernel stops the worker when the server dies, even by SIGKILL; and the
    worker runs at a lower priority than the web processes."""
    lower_priority()
    if sys.platform.startswith("linux"):
        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


def _stop_on_sigterm(signum: int, frame: FrameType | None) -> None:
    """SIGTERM (systemd, docker stop, kill) ends the server like Ctrl+C: the worker is
    stopped on the way out instead of being left behind."""
    raise SystemExit(0)


class ProductionServer:
    """gunicorn, embedded: the arbiter and its uvicorn workers, configured here rather than
    in a gunicorn.conf.py, so that `scaleup serve --prod` is the whole command line."""

    def __init__(self, *, host: str, port: int, workers: int, access_log: bool) -> None:
        self.options = {
            "bind": [f"{host}:{port}"],
            "workers": workers,
            "worker_class": "uvicorn_worker.UvicornWorker",
            # A worker silent this long is killed and replaced (the arbiter's heartbeat).
            "timeout": 60,
            "graceful_timeout": 30,
            "keepalive": 5,
            "accesslog": "-" if access_log else None,
            "errorlog": "-",
            "proc_name": "scaleup",
        }

    def run(self) -> None:
        from gunicorn.app.base import BaseApplication

        options = self.options

        class Application(BaseApplication):
            def load_config(self) -> None:
                for key, value in options.items():
                    self.cfg.set(key, value)

            def load(self) -> Any:
                from scaleup.asgi import application

                return application

        Application().run()


class Command(BaseCommand):
    help = (
        "Serve the portal on HOST:PORT (default 127.0.0.1, $PORT or 8000): one uvicorn "
        "process, or with --prod gunicorn with N uvicorn workers; and run the background "
        "workers beside it (one per task queue)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument(
            "--prod",
            action="store_true",
            help="Run gunicorn with --workers uvicorn worker processes (restarted if they die).",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=int(os.environ.get("SCALEUP_WORKERS", "2")),
            help="Worker processes with --prod (default $SCALEUP_WORKERS or 2).",
        )
        parser.add_argument(
            "--access-log", action="store_true", help="Log every request on standard output."
        )
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="Start no background workers (run `scaleup db_worker --queue-name '*'` "
            "elsewhere).",
        )
        parser.add_argument(
            "--worker-interval",
            type=float,
            default=0.25,
            help="Seconds the worker waits before looking for new tasks when idle.",
        )

    def handle(
        self,
        *args: Any,
        host: str,
        port: int,
        prod: bool,
        workers: int,
        access_log: bool,
        no_worker: bool,
        worker_interval: float,
        **options: Any,
    ) -> None:
        if workers < 1:
            raise CommandError("--workers must be at least 1.")
        background: list[subprocess.Popen[bytes]] = []
        if not no_worker and settings.TASKS["default"]["BACKEND"] == DATABASE_QUEUE:
            for queue in WORKER_QUEUES:
                worker = subprocess.Popen(  # noqa: S603
                    worker_command(worker_interval, queue), preexec_fn=_die_with_parent
                )
                background.append(worker)
                self.stdout.write(
                    f"scaleup: background worker started (pid {worker.pid}, queue {queue})"
                )
            previous_handler = signal.signal(signal.SIGTERM, _stop_on_sigterm)
        mode = f"{workers} worker processes" if prod else "one process"
        self.stdout.write(f"scaleup: serving on http://{host}:{port}/ ({mode}; Ctrl+C stops)")
        self.stdout.flush()
        try:
            if prod:
                ProductionServer(host=host, port=port, workers=workers, access_log=access_log).run()
            else:
                import uvicorn

                uvicorn.run(
                    "scaleup.asgi:application",
                    host=host,
                    port=port,
                    access_log=access_log,
                    server_header=False,
                    log_level="info",
                    # Projectors' event streams never end by themselves.
                    timeout_graceful_shutdown=10,
                )
        finally:
            if background:
                signal.signal(signal.SIGTERM, previous_handler)
            for worker in background:
                worker.terminate()
            for worker in background:
                try:
                    worker.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    worker.kill()
