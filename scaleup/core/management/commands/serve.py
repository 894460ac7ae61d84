"""`scaleup serve`: the portal on a production-grade WSGI server (waitress), not runserver,
with a background worker beside it when tasks are queued in the database."""

from __future__ import annotations

import os
import subprocess
import sys
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
            worker = subprocess.Popen(worker_command(worker_interval))  # noqa: S603
            self.stdout.write(f"scaleup: background worker started (pid {worker.pid})")
        self.stdout.write(f"scaleup: serving on http://{host}:{port}/ (Ctrl+C stops)")
        try:
            serve(application, host=host, port=port, threads=threads, ident="scaleup")
        finally:
            if worker is not None:
                worker.terminate()
                try:
                    worker.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    worker.kill()
