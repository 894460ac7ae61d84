"""`scaleup purge-expired`: apply the retention periods of settings.RETENTION_DAYS.

Meant to run daily (cron or a systemd timer). `--dry-run` shows what would change.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from scaleup.privacy.services import purge_expired


class Command(BaseCommand):
    help = "Anonymise or delete personal data whose retention period has ended."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Count what would be anonymised or deleted, and change nothing.",
        )

    def handle(self, *args: Any, dry_run: bool = False, **options: Any) -> None:
        counts = purge_expired(dry_run=dry_run)
        width = max(len(rule) for rule in counts)
        for rule, count in sorted(counts.items()):
            self.stdout.write(f"{rule.ljust(width)}  {count}")
        if dry_run:
            self.stdout.write(self.style.WARNING("Dry run: nothing was changed."))
        else:
            self.stdout.write(self.style.SUCCESS(f"Done: {sum(counts.values())} records."))
