"""`scaleup restore FILE [--force]`: make this instance a copy of the one in a backup.

The archive is unpacked and checked against its manifest first; a damaged or foreign
archive changes nothing. A database that already holds data is replaced only with --force.
Stop the server while it runs. Thin on purpose: the work lives in `core.backup`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from scaleup.core.backup import BackupError, DatabaseNotEmptyError, restore

SHOWN_TABLES = 3


class Command(BaseCommand):
    help = "Restore the database, the media and the private files from a backup archive."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="an archive written by backup")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace a database that already holds data, and its files",
        )

    def handle(self, *args: Any, file: Path, force: bool = False, **options: Any) -> None:
        try:
            summary = restore(file, force=force)
        except DatabaseNotEmptyError as exc:
            shown = ", ".join(exc.tables[:SHOWN_TABLES])
            if len(exc.tables) > SHOWN_TABLES:
                shown += ", …"
            raise CommandError(
                _(
                    "The database already holds data (%(tables)s) that a restore would replace: "
                    "nothing was changed. Give --force to replace it."
                )
                % {"tables": shown}
            ) from exc
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        for note in summary.notes:
            self.stdout.write(self.style.WARNING(note))
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Restored %(file)s (made %(created)s): %(tables)d tables, %(rows)d rows, "
                    "%(files)d files, %(size)s."
                )
                % {
                    "file": file,
                    "created": summary.created_at,
                    "tables": summary.tables,
                    "rows": summary.rows,
                    "files": summary.files,
                    "size": summary.size,
                }
            )
        )
