"""`scaleup import-cordis DIR --group SLUG`: CORDIS participations into a group's network.
Thin: reading, checks and saving live in `network.cordis`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from scaleup.network.cordis import CordisError, import_cordis
from scaleup.network.management.commands._group import group_named

BAR_WIDTH = 30


class ProgressBar:
    """A bar redrawn in place on a terminal; on a log, one line per tenth of the work."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.interactive = stream.isatty()
        self.last: tuple[str, int] = ("", -1)

    def __call__(self, stage: str, done: int, total: int) -> None:
        share = done / total if total else 1.0
        step = int(share * 10)
        if not self.interactive and (stage, step) == self.last:
            return
        filled = int(share * BAR_WIDTH)
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        line = f"{stage:<14} [{bar}] {share:4.0%} ({done:,}/{total:,})"
        if self.interactive:
            self.stream.write("\r" + line + ("\n" if done >= total else ""))
        else:
            self.stream.write(line + "\n")
        self.stream.flush()
        self.last = (stage, step)


class Command(BaseCommand):
    help = (
        "Import CORDIS participation data from a folder (the official organization.csv "
        "[+ project.csv], or the cleaned h2020.csv.gz table) into a group's network: "
        "organisations and joint-project ties weighted by shared projects."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path, help="the folder with the CORDIS files")
        parser.add_argument("--group", required=True, help="the stakeholder group's slug")

    def handle(self, *args: Any, directory: Path, group: str, **options: Any) -> None:
        target = group_named(group)
        try:
            counts = import_cordis(
                group=target,
                directory=directory,
                actor=None,
                progress=ProgressBar(sys.stderr),
            )
        except CordisError as failure:
            for problem in failure.problems[:200]:
                self.stderr.write(problem)
            if len(failure.problems) > 200:
                self.stderr.write(
                    _("… and %(count)d more.") % {"count": len(failure.problems) - 200}
                )
            raise CommandError(
                _("%(count)d problems found; nothing was imported.")
                % {"count": len(failure.problems)}
            ) from failure
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "CORDIS imported into %(group)s: %(projects)d projects, %(created)d new "
                    "and %(matched)d known organisations, %(ties)d new and %(updated)d "
                    "updated ties."
                )
                % {
                    "group": target.slug,
                    "projects": counts.projects,
                    "created": counts.organisations_created,
                    "matched": counts.organisations_matched,
                    "ties": counts.ties_created,
                    "updated": counts.ties_updated,
                }
            )
        )
