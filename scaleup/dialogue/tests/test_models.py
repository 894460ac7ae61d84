"""Invariants the database keeps, whatever code writes the rows."""

from __future__ import annotations

import pytest
from django.db import IntegrityError

from scaleup.dialogue.models import Statement, Vote, normalise_join_code, normalise_text
from scaleup.dialogue.tests.factories import (
    ConversationFactory,
    ParticipantFactory,
    StatementFactory,
    VoteFactory,
)

pytestmark = pytest.mark.django_db


def test_normalised_text_ignores_case_punctuation_and_spacing() -> None:
    assert normalise_text("  Więcej   SZKOLEŃ, proszę!! ") == "więcej szkoleń proszę"


def test_join_code_is_normalised_from_what_people_type() -> None:
    assert normalise_join_code(" abc-def ") == "ABCDEF"


def test_vote_value_outside_minus_one_to_one_is_refused() -> None:
    with pytest.raises(IntegrityError):
        VoteFactory.create(value=2)


def test_one_vote_per_participant_and_statement() -> None:
    vote = VoteFactory.create()
    with pytest.raises(IntegrityError):
        Vote.objects.create(participant=vote.participant, statement=vote.statement, value=-1)


def test_statement_over_400_characters_is_refused() -> None:
    with pytest.raises(IntegrityError):
        StatementFactory.create(text="x" * 401)


def test_imported_statement_may_be_longer() -> None:
    statement = StatementFactory.create(text="x" * 500, external_id="7")
    assert len(statement.text) == 500


def test_empty_statement_is_refused() -> None:
    with pytest.raises(IntegrityError):
        StatementFactory.create(text="?!")


def test_exact_duplicate_in_a_conversation_is_refused() -> None:
    first = StatementFactory.create(text="More training for SMEs")
    with pytest.raises(IntegrityError):
        StatementFactory.create(conversation=first.conversation, text="more training, for SMEs!")


def test_rejected_statement_does_not_block_its_text() -> None:
    first = StatementFactory.create(text="More training", state=Statement.State.REJECTED)
    StatementFactory.create(conversation=first.conversation, text="More training")


def test_join_code_unique_among_open_conversations() -> None:
    ConversationFactory.create(join_code="ABCDEF")
    with pytest.raises(IntegrityError):
        ConversationFactory.create(join_code="ABCDEF")


def test_join_code_may_repeat_once_closed() -> None:
    ConversationFactory.create(join_code="ABCDEF", is_open=False)
    ConversationFactory.create(join_code="ABCDEF")


def test_join_code_with_ambiguous_letters_is_refused() -> None:
    with pytest.raises(IntegrityError):
        ConversationFactory.create(join_code="ABCDE0")


def test_merged_statement_must_be_rejected() -> None:
    kept = StatementFactory.create()
    with pytest.raises(IntegrityError):
        StatementFactory.create(conversation=kept.conversation, merged_into=kept)


def test_one_participant_per_user_and_conversation(django_user_model) -> None:
    user = django_user_model.objects.create_user(username="ewa", email="ewa@example.org")
    participant = ParticipantFactory.create(user=user)
    with pytest.raises(IntegrityError):
        ParticipantFactory.create(conversation=participant.conversation, user=user)


def test_conversation_scope_is_its_groups() -> None:
    conversation = ConversationFactory.create()
    assert conversation.access_scope == conversation.group.access_scope
