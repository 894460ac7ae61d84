"""No vote is lost or counted twice when a phone retries while the network hesitates.

Runs real concurrent transactions, so it needs PostgreSQL: SQLite serialises every write
transaction and would prove nothing.
"""

from __future__ import annotations

import uuid

import pytest
from django.db import connection

from scaleup.dialogue import services
from scaleup.dialogue.models import Participant, RecomputeState, Statement, Vote, VoteEvent
from scaleup.dialogue.tests.factories import ParticipantFactory, StatementFactory
from scaleup.testing.locks import in_parallel

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="concurrent transactions need PostgreSQL (SQLite serialises all writes)",
    ),
]

THREADS = 8


def _vote(participant: Participant, statement: Statement, value: int, vote_id: uuid.UUID):
    return lambda: services.cast_vote(
        participant=participant, statement=statement, value=value, client_vote_id=vote_id
    )


@pytest.fixture
def seat(settings) -> tuple[Participant, Statement]:
    settings.DIALOGUE_RECOMPUTE_ON_VOTE = False
    statement = StatementFactory.create()
    return ParticipantFactory.create(conversation=statement.conversation), statement


def test_concurrent_retries_of_one_vote_count_once(seat: tuple[Participant, Statement]) -> None:
    participant, statement = seat
    vote_id = uuid.uuid4()
    errors = in_parallel([_vote(participant, statement, 1, vote_id) for _ in range(THREADS)])
    assert errors == []
    assert list(Vote.objects.values_list("value", flat=True)) == [1]
    assert VoteEvent.objects.count() == 1


def test_concurrent_revote_wins_over_retries_of_the_old_vote(
    seat: tuple[Participant, Statement],
) -> None:
    participant, statement = seat
    old_id, new_id = uuid.uuid4(), uuid.uuid4()
    services.cast_vote(participant=participant, statement=statement, value=1, client_vote_id=old_id)
    calls = [_vote(participant, statement, 1, old_id) for _ in range(THREADS // 2)]
    calls += [_vote(participant, statement, -1, new_id) for _ in range(THREADS // 2)]
    errors = in_parallel(calls)
    assert errors == []
    vote = Vote.objects.get()
    assert (vote.value, vote.client_vote_id) == (-1, new_id)
    assert VoteEvent.objects.count() == 2


def test_concurrent_different_votes_leave_one_row_with_one_of_them(
    seat: tuple[Participant, Statement],
) -> None:
    participant, statement = seat
    ids = [uuid.uuid4() for _ in range(THREADS)]
    values = [(-1, 0, 1)[number % 3] for number in range(THREADS)]
    errors = in_parallel(
        [_vote(participant, statement, v, i) for v, i in zip(values, ids, strict=True)]
    )
    assert errors == []
    vote = Vote.objects.get()
    assert VoteEvent.objects.count() == THREADS
    # The row holds the value of the event it names: no torn update.
    assert VoteEvent.objects.get(client_vote_id=vote.client_vote_id).value == vote.value


def test_many_participants_voting_at_once_lose_no_vote() -> None:
    statement = StatementFactory.create()
    people = ParticipantFactory.create_batch(THREADS, conversation=statement.conversation)
    errors = in_parallel([_vote(person, statement, 1, uuid.uuid4()) for person in people])
    assert errors == []
    assert Vote.objects.filter(statement=statement).count() == THREADS
    # Each commit asked for a recompute; the debouncing let them finish, none left running.
    assert not RecomputeState.objects.get(conversation=statement.conversation).running
