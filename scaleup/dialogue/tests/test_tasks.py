"""The recompute as a background task on the database queue: a vote queues it, the vote's
response does not wait for it, and a worker process runs it."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone
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


def _run_worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def _flaky_recompute(monkeypatch: pytest.MonkeyPatch, failures: int) -> list[int]:
    real = services.recompute
    calls: list[int] = []

    def flaky(*, conversation: Any) -> Any:
        calls.append(conversation.pk)
        if len(calls) <= failures:
            raise RuntimeError("maths failed")
        return real(conversation=conversation)

    monkeypatch.setattr(services, "recompute", flaky)
    return calls


def test_a_failed_recompute_is_queued_again_after_a_delay(monkeypatch: pytest.MonkeyPatch) -> None:
    _flaky_recompute(monkeypatch, failures=1)
    conversation_id = _votes(2)
    _run_worker()
    state = RecomputeState.objects.get(conversation_id=conversation_id)
    assert (state.failures, state.pending, state.running) == (1, True, False)
    assert state.last_error == "RuntimeError: maths failed"
    retry = DBTaskResult.objects.get(status="READY")
    assert state.finished_at is not None and retry.run_after is not None
    assert round((retry.run_after - state.finished_at).total_seconds()) == 5
    assert not OpinionSnapshot.objects.filter(conversation_id=conversation_id).exists()


def test_the_retry_computes_the_map_and_clears_the_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    _flaky_recompute(monkeypatch, failures=1)
    conversation_id = _votes(2)
    _run_worker()
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    _run_worker()
    assert OpinionSnapshot.objects.get(conversation_id=conversation_id).votes_count == 2
    state = RecomputeState.objects.get(conversation_id=conversation_id)
    assert (state.failures, state.pending, state.last_error, state.retry_at) == (0, False, "", None)


def test_a_recompute_failing_every_time_is_given_up_and_a_new_vote_starts_afresh(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from scaleup.core.debounce import MAX_FAILURES

    calls = _flaky_recompute(monkeypatch, failures=MAX_FAILURES)
    conversation_id = _votes(1)
    delays = []
    for _attempt in range(MAX_FAILURES):
        _run_worker()
        waiting = DBTaskResult.objects.filter(status="READY").first()
        if waiting is not None:
            state = RecomputeState.objects.get(conversation_id=conversation_id)
            assert waiting.run_after is not None and state.finished_at is not None
            delays.append(round((waiting.run_after - state.finished_at).total_seconds()))
            DBTaskResult.objects.filter(pk=waiting.pk).update(run_after=timezone.now())
    assert delays == [5, 10, 20, 40]
    state = RecomputeState.objects.get(conversation_id=conversation_id)
    assert (state.failures, state.pending, len(calls)) == (MAX_FAILURES, False, MAX_FAILURES)
    assert not DBTaskResult.objects.filter(status="READY").exists()
    services.cast_vote(
        participant=ParticipantFactory.create(conversation_id=conversation_id),
        statement=StatementFactory.create(conversation_id=conversation_id),
        value=1,
        client_vote_id=uuid.uuid4(),
    )
    _run_worker()
    assert OpinionSnapshot.objects.filter(conversation_id=conversation_id).exists()
    assert RecomputeState.objects.get(conversation_id=conversation_id).failures == 0
