"""`scaleup export-organisations FILE`: every organisation in the import's format.

Thin on purpose: the file writing lives in `stakeholders.importers`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from scaleup.stakeholders.importers import FileFormatError, export_organisations


class Command(BaseCommand):
    help = (
        "Export all organisations to a CSV or XLSX file (chosen by extension) "
        "that import-organisations can read back."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="a .csv or .xlsx file to write")

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        try:
            count = export_organisations(file)
        except FileFormatError as exc:
            raise CommandError(str(exc)) from exc
        except OSError as exc:
            raise CommandError(
                _("Cannot write %(file)s: %(reason)s") % {"file": file, "reason": exc.strerror}
            ) from exc
        message = ngettext(
            "Exported %(count)d organisation to %(file)s.",
            "Exported %(count)d organisations to %(file)s.",
            count,
        )
        self.stdout.write(self.style.SUCCESS(message % {"count": count, "file": file}))
