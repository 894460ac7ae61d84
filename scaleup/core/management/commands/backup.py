"""`scaleup backup FILE`: the database, the uploaded media and the private group documents
in one archive (.tar.gz, or .tar), with a manifest of checksums that `scaleup restore` checks.

Thin on purpose: the work lives in `core.backup`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from scaleup.core.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Write the database, the media and the private files to one archive "
        "(.tar.gz, or .tar uncompressed) that restore can read back."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the archive to write: .tar.gz or .tar")

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        try:
            summary = backup(file)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        for note in summary.notes:
            self.stdout.write(self.style.WARNING(note))
        self.stdout.write(
            self.style.SUCCESS(
                _("Wrote %(file)s: %(tables)d tables, %(rows)d rows, %(files)d files, %(size)s.")
                % {
                    "file": file,
                    "tables": summary.tables,
                    "rows": summary.rows,
                    "files": summary.files,
                    "size": summary.size,
                }
            )
        )
