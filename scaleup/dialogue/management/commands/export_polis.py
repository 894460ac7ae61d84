"""`scaleup export-polis CONVERSATION DIR`: write a conversation in Pol.is's open-data layout."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from scaleup.dialogue.management.commands._conversation import conversation_named
from scaleup.dialogue.polis import export_polis


class Command(BaseCommand):
    help = (
        "Write comments.csv, votes.csv, participants-votes.csv and summary.csv of a "
        "conversation (slug or id) into DIR, as Pol.is's open data lays them out."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("conversation", help="slug or id")
        parser.add_argument("directory", type=Path, help="folder to write (created if missing)")

    def handle(self, *args: Any, conversation: str, directory: Path, **options: Any) -> None:
        target = conversation_named(conversation)
        try:
            counts = export_polis(target, directory)
        except OSError as exc:
            raise CommandError(
                _("Cannot write to %(dir)s: %(reason)s")
                % {"dir": directory, "reason": exc.strerror or exc}
            ) from exc
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Wrote %(comments)d statements, %(votes)d votes and %(participants)d "
                    "participants to %(dir)s."
                )
                % {
                    "comments": counts.comments,
                    "votes": counts.vote_events,
                    "participants": counts.participants,
                    "dir": directory,
                }
            )
        )
