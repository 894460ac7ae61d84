"""'Download my data' and 'erase me' for workshop participation."""

from __future__ import annotations

import uuid

import pytest

from scaleup.dialogue import services
from scaleup.dialogue.models import Participant, Statement, Vote
from scaleup.dialogue.personal_data import (
    ParticipationProvider,
    StatementProvider,
    VoteProvider,
)
from scaleup.dialogue.tests.factories import ConversationFactory, StatementFactory
from scaleup.privacy.registry import DataSubject, providers
from scaleup.testing.world import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def subject(world: World) -> DataSubject:
    user = world.lubelskie.member
    conversation = ConversationFactory.create(group=world.lubelskie.group)
    participant = services.join_conversation(
        conversation=conversation, user=user, display_name="Anna from Lublin"
    )
    services.post_statement(participant=participant, text="We need shared labs")
    other = StatementFactory.create(conversation=conversation, text="Fewer forms")
    services.cast_vote(
        participant=participant, statement=other, value=-1, client_vote_id=uuid.uuid4()
    )
    return DataSubject(user=user, emails=frozenset({user.email}))


def test_providers_are_registered() -> None:
    sections = {provider.section for provider in providers()}
    assert {"workshop_participations", "workshop_statements", "workshop_votes"} <= sections


def test_export_lists_participations_statements_and_votes(subject: DataSubject) -> None:
    assert [row["display_name"] for row in ParticipationProvider().export(subject)] == [
        "Anna from Lublin"
    ]
    assert [row["text"] for row in StatementProvider().export(subject)] == ["We need shared labs"]
    assert sorted(row["vote"] for row in VoteProvider().export(subject)) == ["agree", "disagree"]


def test_erase_detaches_participants_and_keeps_statements_and_votes(
    subject: DataSubject,
) -> None:
    assert ParticipationProvider().erase(subject, actor=None) == 1
    participant = Participant.objects.get()
    assert (participant.user, participant.display_name) == (None, "")
    assert Statement.objects.filter(author=participant).count() == 1
    assert Vote.objects.filter(participant=participant).count() == 2
    assert list(ParticipationProvider().export(subject)) == []


def test_display_name_is_an_identifier_to_scrub(subject: DataSubject) -> None:
    assert list(ParticipationProvider().identifiers(subject)) == ["Anna from Lublin"]
