"""Personal data in live workshops, for 'download my data' and 'erase me'.

Registered with the privacy app in `DialogueConfig.ready()`. Only participations of a
signed-in account can be tied to a person; anonymous seats never were. Statements and
votes are the workshop's record and feed its opinion map, so erasing a person detaches
their participants from the account (and blanks the display name they chose): the
statements and votes stay, anonymous.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from scaleup.dialogue.models import Participant, Statement, Vote
from scaleup.privacy.registry import DataSubject, Provider, Row, register


def _participants(subject: DataSubject) -> QuerySet[Participant]:
    if subject.user is None or subject.user.pk is None:
        return Participant.objects.none()
    return Participant.objects.filter(user=subject.user)


class ParticipationProvider(Provider):
    section = "workshop_participations"
    title = _("Live workshops you took part in")

    def export(self, subject: DataSubject) -> Iterable[Row]:
        return [
            {
                "conversation": participant.conversation.question,
                "joined_at": participant.created_at,
                "display_name": participant.display_name,
            }
            for participant in _participants(subject).select_related("conversation")
        ]

    def identifiers(self, subject: DataSubject) -> Iterable[str]:
        return [
            name for name in _participants(subject).values_list("display_name", flat=True) if name
        ]

    def records(self, subject: DataSubject) -> Iterable[models.Model]:
        return list(_participants(subject))

    def erase(self, subject: DataSubject, *, actor: Any) -> int:
        return _participants(subject).update(user=None, display_name="")


class StatementProvider(Provider):
    section = "workshop_statements"
    title = _("Statements you posted in live workshops")

    def export(self, subject: DataSubject) -> Iterable[Row]:
        statements = Statement.objects.filter(author__in=_participants(subject)).select_related(
            "conversation"
        )
        return [
            {
                "conversation": statement.conversation.question,
                "text": statement.text,
                "kind": statement.kind,
                "moderation": statement.state,
                "posted_at": statement.created_at,
            }
            for statement in statements
        ]

    def erase(self, subject: DataSubject, *, actor: Any) -> int:
        """Kept: detached from the person together with their participants."""
        return 0


class VoteProvider(Provider):
    section = "workshop_votes"
    title = _("Your votes in live workshops")

    def export(self, subject: DataSubject) -> Iterable[Row]:
        votes = Vote.objects.filter(participant__in=_participants(subject)).select_related(
            "statement__conversation"
        )
        return [
            {
                "conversation": vote.statement.conversation.question,
                "statement": vote.statement.text,
                "vote": vote.get_value_display(),
                "voted_at": vote.updated_at,
            }
            for vote in votes
        ]

    def erase(self, subject: DataSubject, *, actor: Any) -> int:
        """Kept: detached from the person together with their participants."""
        return 0


def register_providers() -> None:
    register(ParticipationProvider())
    register(StatementProvider())
    register(VoteProvider())
