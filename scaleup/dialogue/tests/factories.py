from __future__ import annotations

import uuid

import factory

from scaleup.dialogue.models import (
    Conversation,
    Participant,
    Statement,
    Vote,
    hash_seat_token,
    normalise_text,
)
from scaleup.dialogue.services import new_join_code
from scaleup.stakeholders.tests.factories import StakeholderGroupFactory


class ConversationFactory(factory.django.DjangoModelFactory[Conversation]):
    class Meta:
        model = Conversation

    group = factory.SubFactory(StakeholderGroupFactory)
    slug = factory.Sequence(lambda n: f"conversation-{n}")
    question = factory.Sequence(lambda n: f"What holds back cooperation in the region? ({n})")
    join_code = factory.LazyFunction(new_join_code)
    language = "en"


class ParticipantFactory(factory.django.DjangoModelFactory[Participant]):
    class Meta:
        model = Participant

    conversation = factory.SubFactory(ConversationFactory)
    seat_token_hash = factory.LazyFunction(lambda: hash_seat_token(uuid.uuid4().hex))


class StatementFactory(factory.django.DjangoModelFactory[Statement]):
    class Meta:
        model = Statement

    conversation = factory.SubFactory(ConversationFactory)
    text = factory.Sequence(lambda n: f"Statement number {n} about regional innovation")
    normalised_text = factory.LazyAttribute(lambda s: normalise_text(s.text))
    state = Statement.State.ACCEPTED
    language = "en"


class VoteFactory(factory.django.DjangoModelFactory[Vote]):
    class Meta:
        model = Vote

    statement = factory.SubFactory(StatementFactory)
    participant = factory.SubFactory(
        ParticipantFactory, conversation=factory.SelfAttribute("..statement.conversation")
    )
    value = 1
