"""`scaleup import-polis DIR [--group SLUG]`: load a Pol.is open-data folder.

The folder becomes a new, closed conversation of the group with its opinion map; the
command prints the conversation's slug. Every file is checked first; a malformed folder is
reported with the file, line and column, and nothing is saved.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from scaleup.dialogue.opinion import PolisFormatError, read_polis_folder
from scaleup.dialogue.polis import import_polis
from scaleup.stakeholders.models import StakeholderGroup


class Command(BaseCommand):
    help = (
        "Import a Pol.is open-data folder (comments.csv, votes.csv, participants-votes.csv, "
        "summary.csv) as a new conversation, compute its opinion map and print its slug."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path, help="the export folder")
        parser.add_argument(
            "--group", default="", help="slug of the stakeholder group (needed if several)"
        )
        parser.add_argument("--slug", default="", help="slug of the new conversation")
        parser.add_argument("--language", default="en", help="language of the statements")

    def handle(
        self, *args: Any, directory: Path, group: str, slug: str, language: str, **options: Any
    ) -> None:
        target = self._group(group)
        try:
            export = read_polis_folder(directory)
            conversation = import_polis(
                export=export, group=target, actor=None, slug=slug, language=language
            )
        except PolisFormatError as error:
            raise CommandError(_("%(error)s. Nothing was imported.") % {"error": error}) from error
        except ValidationError as error:
            raise CommandError(
                _("%(error)s Nothing was imported.") % {"error": " ".join(error.messages)}
            ) from error
        except OSError as exc:
            raise CommandError(
                _("Cannot read %(dir)s: %(reason)s")
                % {"dir": directory, "reason": exc.strerror or exc}
            ) from exc
        self.stdout.write(conversation.slug)

    def _group(self, slug: str) -> StakeholderGroup:
        if slug:
            group = StakeholderGroup.objects.filter(slug=slug).first()
            if group is None:
                raise CommandError(
                    _("No stakeholder group has the slug “%(slug)s”.") % {"slug": slug}
                )
            return group
        groups = list(StakeholderGroup.objects.all()[:2])
        if len(groups) != 1:
            raise CommandError(
                _("Name the stakeholder group the conversation belongs to: --group SLUG.")
            )
        return groups[0]
