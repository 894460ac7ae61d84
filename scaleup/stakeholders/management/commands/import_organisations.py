"""`scaleup import-organisations FILE`: load a partner's stakeholder spreadsheet.

Thin on purpose: reading, validation and saving live in `stakeholders.importers`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import ngettext

from scaleup.stakeholders.importers import (
    FileFormatError,
    ImportFailed,
    import_organisations,
    read_rows,
    validate_rows,
)
from scaleup.stakeholders.management.commands._import import refusal


class Command(BaseCommand):
    help = (
        "Import organisations from a CSV or XLSX file. Every row is checked first; "
        "if any row has an error, all errors are listed and nothing is saved."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="a .csv or .xlsx file")
        parser.add_argument(
            "--dry-run", action="store_true", help="only check the file; save nothing"
        )

    def handle(self, *args: Any, file: Path, dry_run: bool, **options: Any) -> None:
        try:
            rows = read_rows(file)
            if dry_run:
                count = len(validate_rows(rows))
            else:
                count = import_organisations(rows=rows, actor=None, filename=file.name)
        except (ImportFailed, FileFormatError, OSError) as exc:
            raise refusal(exc, file, self.stderr.write) from exc
        if dry_run:
            message = ngettext(
                "The file is valid: %(count)d organisation would be imported. Nothing saved.",
                "The file is valid: %(count)d organisations would be imported. Nothing saved.",
                count,
            )
        else:
            message = ngettext(
                "Imported %(count)d organisation.", "Imported %(count)d organisations.", count
            )
        self.stdout.write(self.style.SUCCESS(message % {"count": count}))
