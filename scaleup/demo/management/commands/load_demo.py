"""`scaleup demo`: load the SCALE UP story. Safe to run again: nothing is duplicated."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from scaleup.demo.story import load_story


class Command(BaseCommand):
    help = "Load the SCALE UP / Lubelskie demonstration data (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        summary = load_story()
        for line in summary.lines():
            self.stdout.write(line)
