"""The recompute as a background task on the database queue: a vote queues it, the vote's
response does not wait for it, and a worker process runs it."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from scaleup.dialogue import services
from scaleup.dialogue.models import OpinionSnapshot, RecomputeState
from scaleup.dialogue.tests.factories import (
    ConversationFactory,
    ParticipantFactory,
    StatementFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def database_queue(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _votes(count: int) -> int:
    conversation = ConversationFactory.create()
    statement = StatementFactory.create(conversation=conversation)
    for _ in range(count):
        services.cast_vote(
            participant=ParticipantFactory.create(conversation=conversation),
            statement=statement,
            value=1,
            client_vote_id=uuid.uuid4(),
        )
    return conversation.pk


def test_votes_queue_one_recompute_and_compute_nothing_themselves() -> None:
    conversation_id = _votes(3)
    assert DBTaskResult.objects.count() == 1
    assert not OpinionSnapshot.objects.filter(conversation_id=conversation_id).exists()
    assert RecomputeState.objects.get(conversation_id=conversation_id).pending


def test_the_worker_runs_the_queued_recompute() -> None:
    conversation_id = _votes(3)
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    snapshot = OpinionSnapshot.objects.get(conversation_id=conversation_id)
    assert snapshot.votes_count == 3
    state = RecomputeState.objects.get(conversation_id=conversation_id)
    assert (state.pending, state.running, state.runs) == (False, False, 1)
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_votes_after_the_run_queue_a_new_task() -> None:
    conversation_id = _votes(1)
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    statement = StatementFactory.create(conversation_id=conversation_id)
    services.cast_vote(
        participant=ParticipantFactory.create(conversation_id=conversation_id),
        statement=statement,
        value=-1,
        client_vote_id=uuid.uuid4(),
    )
    assert DBTaskResult.objects.filter(status="READY").count() == 1
