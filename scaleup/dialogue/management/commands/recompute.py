"""`scaleup recompute CONVERSATION`: compute the opinion map now (slug or id)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from scaleup.dialogue.management.commands._conversation import conversation_named
from scaleup.dialogue.models import RecomputeState
from scaleup.dialogue.services import run_recompute


class Command(BaseCommand):
    help = "Recompute a conversation's opinion map (CONVERSATION is its slug or id)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("conversation", help="slug or id")

    def handle(self, *args: Any, conversation: str, **options: Any) -> None:
        target = conversation_named(conversation)
        snapshot = run_recompute(target.pk)
        if snapshot is None:
            state = RecomputeState.objects.get(conversation=target)
            if state.last_error:
                raise CommandError(
                    _("The recompute failed: %(error)s") % {"error": state.last_error}
                )
            self.stdout.write(
                _("A recompute of this conversation is running; it will run once more.")
            )
            return
        groups = len(snapshot.data.get("groups", []))
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "%(slug)s: %(votes)d votes of %(participants)d participants, "
                    "%(groups)d groups, computed in %(ms)d ms."
                )
                % {
                    "slug": target.slug,
                    "votes": snapshot.votes_count,
                    "participants": snapshot.participants_count,
                    "groups": groups,
                    "ms": snapshot.duration_ms,
                }
            )
        )
