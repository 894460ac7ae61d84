"""`scaleup serve`: the portal on a production-grade WSGI server (waitress), not runserver."""

from __future__ import annotations

import os
from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Serve the portal with waitress on HOST:PORT (default 127.0.0.1, $PORT or 8000)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--threads", type=int, default=8)

    def handle(self, *args: Any, host: str, port: int, threads: int, **options: Any) -> None:
        from waitress import serve

        from scaleup.wsgi import application

        self.stdout.write(f"scaleup: serving on http://{host}:{port}/ (Ctrl+C stops)")
        serve(application, host=host, port=port, threads=threads, ident="scaleup")
