"""`scaleup import-organisations FILE`: load a partner's stakeholder spreadsheet.

Thin on purpose: reading, validation and saving live in `stakeholders.importers`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from scaleup.stakeholders.importers import (
    FileFormatError,
    ImportFailed,
    format_error,
    import_organisations,
    read_rows,
    validate_rows,
)


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
        except ImportFailed as failure:
            for error in failure.errors:
                self.stderr.write(format_error(error))
            raise CommandError(
                ngettext(
                    "%(count)d error found; nothing was imported.",
                    "%(count)d errors found; nothing was imported.",
                    len(failure.errors),
                )
                % {"count": len(failure.errors)}
            ) from failure
        except FileFormatError as exc:
            raise CommandError(str(exc)) from exc
        except OSError as exc:
            raise CommandError(
                _("Cannot read %(file)s: %(reason)s")
                % {"file": file, "reason": exc.strerror or exc}
            ) from exc
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
