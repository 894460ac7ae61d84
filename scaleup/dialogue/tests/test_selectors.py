"""Next statement, projector counts, similar statements and who the visitor is."""

from __future__ import annotations

import uuid

import pytest
from django.test import RequestFactory

from scaleup.dialogue import selectors, services
from scaleup.dialogue.models import OpinionSnapshot, Statement
from scaleup.dialogue.tests.factories import (
    ConversationFactory,
    ParticipantFactory,
    StatementFactory,
    VoteFactory,
)
from scaleup.testing.world import World

pytestmark = pytest.mark.django_db


def _vote(participant, statement, value=1):
    return services.cast_vote(
        participant=participant, statement=statement, value=value, client_vote_id=uuid.uuid4()
    )


def test_next_statement_without_snapshot_is_the_least_voted() -> None:
    conversation = ConversationFactory.create()
    busy, quiet = StatementFactory.create_batch(2, conversation=conversation)
    VoteFactory.create(statement=busy)
    participant = ParticipantFactory.create(conversation=conversation)
    assert selectors.next_statement_for(participant) == quiet


def test_next_statement_skips_seen_and_unaccepted_ones() -> None:
    conversation = ConversationFactory.create()
    seen = StatementFactory.create(conversation=conversation)
    StatementFactory.create(conversation=conversation, state=Statement.State.PENDING)
    StatementFactory.create(conversation=conversation, state=Statement.State.REJECTED)
    unseen = StatementFactory.create(conversation=conversation)
    participant = ParticipantFactory.create(conversation=conversation)
    _vote(participant, seen)
    assert selectors.next_statement_for(participant) == unseen


def test_no_next_statement_once_all_are_voted() -> None:
    statement = StatementFactory.create()
    participant = ParticipantFactory.create(conversation=statement.conversation)
    _vote(participant, statement)
    assert selectors.next_statement_for(participant) is None


def test_next_statement_follows_priorities_and_repeats_until_a_vote() -> None:
    conversation = ConversationFactory.create()
    low, high = StatementFactory.create_batch(2, conversation=conversation)
    OpinionSnapshot.objects.create(
        conversation=conversation,
        votes_count=0,
        statement_priorities={str(low.pk): 0.0, str(high.pk): 5.0},
    )
    participant = ParticipantFactory.create(conversation=conversation)
    assert selectors.next_statement_for(participant) == high
    assert selectors.next_statement_for(participant) == high


def test_statement_newer_than_the_snapshot_is_offered() -> None:
    conversation = ConversationFactory.create()
    old = StatementFactory.create(conversation=conversation)
    OpinionSnapshot.objects.create(
        conversation=conversation, votes_count=0, statement_priorities={str(old.pk): 0.0}
    )
    new = StatementFactory.create(conversation=conversation)
    participant = ParticipantFactory.create(conversation=conversation)
    assert selectors.next_statement_for(participant) == new


def test_counts_for_the_projector() -> None:
    conversation = ConversationFactory.create()
    accepted = StatementFactory.create(conversation=conversation)
    StatementFactory.create(conversation=conversation, state=Statement.State.PENDING)
    voters = ParticipantFactory.create_batch(2, conversation=conversation)
    ParticipantFactory.create(conversation=conversation)
    for voter in voters:
        _vote(voter, accepted)
    counts = selectors.conversation_counts(conversation)
    assert {k: counts[k] for k in ("participants", "voters", "votes", "statements", "pending")} == {
        "participants": 3,
        "voters": 2,
        "votes": 2,
        "statements": 1,
        "pending": 1,
    }


def test_similar_statements_find_rewordings() -> None:
    conversation = ConversationFactory.create()
    near = StatementFactory.create(
        conversation=conversation, text="We need more training for small companies"
    )
    StatementFactory.create(conversation=conversation, text="Broadband in rural areas")
    found = selectors.similar_statements(conversation, "We need more trainings for small companies")
    assert [item.statement for item in found] == [near]
    assert found[0].score >= 0.85


def test_similar_statements_find_the_same_words_in_another_order() -> None:
    conversation = ConversationFactory.create()
    near = StatementFactory.create(conversation=conversation, text="training for small firms")
    found = selectors.similar_statements(conversation, "small firms: training for")
    assert [item.statement for item in found] == [near]


def test_similar_statements_leave_out_rejected_ones() -> None:
    conversation = ConversationFactory.create()
    StatementFactory.create(
        conversation=conversation, text="More training", state=Statement.State.REJECTED
    )
    assert selectors.similar_statements(conversation, "More training") == []


def test_participant_for_a_seat_cookie() -> None:
    conversation = ConversationFactory.create()
    seat = services.join_conversation(conversation=conversation)
    request = RequestFactory().get("/")
    request.COOKIES[selectors.seat_cookie_name(conversation)] = seat.seat_token
    assert selectors.participant_for(request, conversation) == seat


def test_participant_for_a_wrong_cookie_is_none() -> None:
    conversation = ConversationFactory.create()
    services.join_conversation(conversation=conversation)
    request = RequestFactory().get("/")
    request.COOKIES[selectors.seat_cookie_name(conversation)] = "forged"
    assert selectors.participant_for(request, conversation) is None


def test_seat_of_one_conversation_is_not_a_seat_in_another() -> None:
    first, second = ConversationFactory.create_batch(2)
    seat = services.join_conversation(conversation=first)
    request = RequestFactory().get("/")
    request.COOKIES[selectors.seat_cookie_name(second)] = seat.seat_token
    assert selectors.participant_for(request, second) is None


def test_participant_for_a_signed_in_user(world: World) -> None:
    conversation = ConversationFactory.create(group=world.lubelskie.group)
    participant = services.join_conversation(conversation=conversation, user=world.lubelskie.member)
    request = RequestFactory().get("/")
    request.user = world.lubelskie.member
    assert selectors.participant_for(request, conversation) == participant


def test_the_draw_follows_the_weights() -> None:
    from collections import Counter

    priorities = {1: 1.0, 2: 2.0, 3: 3.0, 4: 0.0, 5: -2.0}
    drawn = Counter(
        selectors.draw_next(person, 0, [1, 2, 3, 4, 5], priorities=priorities)
        for person in range(6000)
    )
    assert set(drawn) == {1, 2, 3}  # weight 0 (or below) is never drawn beside others
    for statement, weight in ((1, 1), (2, 2), (3, 3)):
        assert abs(drawn[statement] / 6000 - weight / 6) < 0.03


def test_a_statement_newer_than_the_snapshot_weighs_as_the_heaviest() -> None:
    from collections import Counter

    drawn = Counter(
        selectors.draw_next(person, 0, [1, 2], priorities={1: 4.0}) for person in range(4000)
    )
    assert abs(drawn[2] / 4000 - 0.5) < 0.03


def test_with_every_weight_zero_the_draw_is_uniform_and_repeatable() -> None:
    from collections import Counter

    priorities = {1: 0.0, 2: 0.0, 3: 0.0}
    drawn = Counter(
        selectors.draw_next(person, 1, [1, 2, 3], priorities=priorities) for person in range(3000)
    )
    assert all(abs(drawn[pk] / 3000 - 1 / 3) < 0.04 for pk in (1, 2, 3))
    assert selectors.draw_next(9, 4, [1, 2, 3], priorities=priorities) == selectors.draw_next(
        9, 4, [1, 2, 3], priorities=priorities
    )
