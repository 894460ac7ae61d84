"""`scaleup serve`: the portal on a production-grade WSGI server (waitress), not runserver,
with a background worker beside it when tasks are queued in the database."""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

DATABASE_QUEUE = "django_tasks_db.DatabaseBackend"


def worker_command(interval: float) -> list[str]:
    """The worker as a separate process: a long recompute must not hold a web thread, and
    the worker can be restarted on its own."""
    return [
        sys.executable,
        "-m",
        "scaleup.cli",
        "db_worker",
        "--interval",
        str(interval),
        "--no-reload",
        "--no-startup-delay",
    ]


def _die_with_parent() -> None:  # pragma: no cover - runs in the child before exec
    """On Linux, the kernel stops the worker when the server dies, even by SIGKILL."""
    if sys.platform.startswith("linux"):
        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


def _stop_on_sigterm(signum: int, frame: FrameType | None) -> None:
    """SIGTERM (systemd, docker stop, kill) ends the server like Ctrl+C: the worker is
    stopped on the way out instead of being left behind."""
    raise SystemExit(0)


class Command(BaseCommand):
    help = (
        "Serve the portal with waitress on HOST:PORT (default 127.0.0.1, $PORT or 8000), "
        "and run the background worker beside it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--threads", type=int, default=8)
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="Do not start a background worker (run `scaleup db_worker` elsewhere).",
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
        threads: int,
        no_worker: bool,
        worker_interval: float,
        **options: Any,
    ) -> None:
        from waitress import serve

        from scaleup.wsgi import application

        worker = None
        if not no_worker and settings.TASKS["default"]["BACKEND"] == DATABASE_QUEUE:
            worker = subprocess.Popen(  # noqa: S603
                worker_command(worker_interval), preexec_fn=_die_with_parent
            )
            previous_handler = signal.signal(signal.SIGTERM, _stop_on_sigterm)
            self.stdout.write(f"scaleup: background worker started (pid {worker.pid})")
        self.stdout.write(f"scaleup: serving on http://{host}:{port}/ (Ctrl+C stops)")
        try:
            serve(application, host=host, port=port, threads=threads, ident="scaleup")
        finally:
            if worker is not None:
                signal.signal(signal.SIGTERM, previous_handler)
                worker.terminate()
                try:
                    worker.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    worker.kill()
