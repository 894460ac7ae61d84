"""`scaleup import-ties FILE --group SLUG`: load ties between organisations from a
spreadsheet into a group's network. Thin: reading and checks live in `network.importers`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from scaleup.network.importers import COLUMNS, REQUIRED_COLUMNS, import_ties, validate_rows
from scaleup.network.management.commands._group import group_named
from scaleup.stakeholders.importers import FileFormatError, ImportFailed, read_rows
from scaleup.stakeholders.management.commands._import import refusal


class Command(BaseCommand):
    help = (
        "Import ties between organisations from a CSV or XLSX file with the columns "
        f"{', '.join(COLUMNS)} ({', '.join(REQUIRED_COLUMNS)} required). Every row is "
        "checked first; if any row has an error, all errors are listed and nothing is saved."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="a .csv or .xlsx file")
        parser.add_argument("--group", required=True, help="the stakeholder group's slug")
        parser.add_argument(
            "--dry-run", action="store_true", help="only check the file; save nothing"
        )

    def handle(self, *args: Any, file: Path, group: str, dry_run: bool, **options: Any) -> None:
        target = group_named(group)
        try:
            rows = read_rows(file, columns=COLUMNS, required=REQUIRED_COLUMNS)
            if dry_run:
                count = len(validate_rows(rows))
                self.stdout.write(
                    self.style.SUCCESS(
                        ngettext(
                            "The file is valid: %(count)d tie would be imported. Nothing saved.",
                            "The file is valid: %(count)d ties would be imported. Nothing saved.",
                            count,
                        )
                        % {"count": count}
                    )
                )
                return
            counts = import_ties(group=target, rows=rows, actor=None, filename=file.name)
        except (ImportFailed, FileFormatError, OSError) as exc:
            raise refusal(exc, file, self.stderr.write) from exc
        self.stdout.write(
            self.style.SUCCESS(
                _("Ties imported into %(group)s: %(created)d new, %(updated)d updated.")
                % {"group": target.slug, "created": counts.created, "updated": counts.updated}
            )
        )
