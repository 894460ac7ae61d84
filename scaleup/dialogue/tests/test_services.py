"""Conversations, joining, statements, moderation, merging and votes."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from scaleup.core.models import AuditEntry
from scaleup.dialogue import services
from scaleup.dialogue.models import (
    Conversation,
    OpinionSnapshot,
    Participant,
    RecomputeState,
    Statement,
    Vote,
    VoteEvent,
    hash_seat_token,
)
from scaleup.dialogue.tests.factories import (
    ConversationFactory,
    ParticipantFactory,
    StatementFactory,
)
from scaleup.testing.world import World

pytestmark = pytest.mark.django_db


def _vote(
    participant: Participant, statement: Statement | int, value: int, vote_id: Any = None
) -> Vote:
    return services.cast_vote(
        participant=participant,
        statement=statement,
        value=value,
        client_vote_id=vote_id or uuid.uuid4(),
    )


def _messages(error: ValidationError) -> str:
    return " ".join(error.messages)


# --- Conversations -----------------------------------------------------------------------


def test_conversation_of_a_meeting_belongs_to_the_meetings_group(world: World) -> None:
    meeting = world.lubelskie.meeting
    conversation = services.create_conversation(
        question="Which gaps do you see?", meeting=meeting, actor=world.lubelskie.facilitator
    )
    assert conversation.group == meeting.group
    assert conversation.access_scope == meeting.access_scope


def test_meeting_of_another_group_is_refused(world: World) -> None:
    with pytest.raises(ValidationError, match="another stakeholder group"):
        services.create_conversation(
            question="Gaps?",
            meeting=world.lubelskie.meeting,
            group=world.attica.group,
            actor=world.lubelskie.facilitator,
        )


def test_conversation_without_group_or_meeting_is_refused(world: World) -> None:
    with pytest.raises(ValidationError, match="stakeholder group or the meeting"):
        services.create_conversation(question="Gaps?", actor=world.lubelskie.facilitator)


def test_new_conversation_gets_a_code_slug_and_audit_entry(world: World) -> None:
    conversation = services.create_conversation(
        question="Jakie bariery widzicie?", group=world.lubelskie.group, actor=world.coordinator
    )
    assert len(conversation.join_code) == 6
    assert conversation.slug == "jakie-bariery-widzicie"
    entry = AuditEntry.objects.get(action="dialogue.conversation.created")
    assert entry.tenant_id == world.lubelskie.partner.pk


def test_closing_and_reopening_are_audited(world: World) -> None:
    conversation = ConversationFactory.create(group=world.lubelskie.group)
    services.close_conversation(conversation=conversation, actor=world.lubelskie.facilitator)
    services.open_conversation(conversation=conversation, actor=world.lubelskie.facilitator)
    actions = list(AuditEntry.objects.order_by("id").values_list("action", flat=True))
    assert actions == ["dialogue.conversation.closed", "dialogue.conversation.opened"]


def test_reopened_conversation_gets_a_new_code_if_its_old_one_was_reused() -> None:
    old = ConversationFactory.create(join_code="ABCDEF", is_open=False)
    ConversationFactory.create(join_code="ABCDEF")
    reopened = services.open_conversation(conversation=old, actor=None)
    assert reopened.is_open
    assert reopened.join_code != "ABCDEF"


# --- Joining -----------------------------------------------------------------------------


def test_anonymous_visitor_joins_with_a_code_and_gets_a_seat_token() -> None:
    conversation = ConversationFactory.create(join_code="ABCDEF")
    participant = services.join_conversation(code="abc-def")
    assert participant.conversation == conversation
    assert participant.seat_token
    assert participant.seat_token_hash == hash_seat_token(participant.seat_token)


def test_seat_token_brings_back_the_same_seat() -> None:
    conversation = ConversationFactory.create()
    first = services.join_conversation(conversation=conversation)
    again = services.join_conversation(conversation=conversation, seat_token=first.seat_token)
    assert again.pk == first.pk


def test_signed_in_user_joins_once(world: World) -> None:
    conversation = ConversationFactory.create(group=world.lubelskie.group)
    first = services.join_conversation(conversation=conversation, user=world.lubelskie.member)
    again = services.join_conversation(code=conversation.join_code, user=world.lubelskie.member)
    assert again.pk == first.pk
    assert first.seat_token_hash == ""


def test_wrong_code_is_refused_with_a_clear_message() -> None:
    ConversationFactory.create(join_code="ABCDEF")
    with pytest.raises(ValidationError) as error:
        services.join_conversation(code="ZZZZZZ")
    assert error.value.message_dict["code"] == [
        "No open conversation has the code “ZZZZZZ”. Check it on the screen."
    ]


def test_code_of_a_closed_conversation_is_refused() -> None:
    ConversationFactory.create(join_code="ABCDEF", is_open=False)
    with pytest.raises(ValidationError, match="closed"):
        services.join_conversation(code="ABCDEF")
    assert not Participant.objects.exists()


# --- Statements --------------------------------------------------------------------------


@pytest.fixture
def participant() -> Participant:
    return ParticipantFactory.create(conversation=ConversationFactory.create())


def test_posted_statement_is_accepted_under_post_moderation(participant: Participant) -> None:
    statement = services.post_statement(participant=participant, text=" More  training ")
    assert statement.text == "More training"
    assert statement.state == Statement.State.ACCEPTED


def test_posted_statement_waits_under_pre_moderation() -> None:
    conversation = ConversationFactory.create(moderation=Conversation.Moderation.PRE)
    author = ParticipantFactory.create(conversation=conversation)
    statement = services.post_statement(participant=author, text="More training")
    assert statement.state == Statement.State.PENDING


def test_author_agrees_with_their_own_statement(participant: Participant) -> None:
    statement = services.post_statement(participant=participant, text="More training")
    vote = Vote.objects.get(participant=participant, statement=statement)
    assert vote.value == 1


def test_empty_statement_is_refused(participant: Participant) -> None:
    with pytest.raises(ValidationError) as error:
        services.post_statement(participant=participant, text="  …!  ")
    assert error.value.message_dict["text"] == ["Write a statement first."]
    assert not Statement.objects.exists()


def test_over_long_statement_is_refused(participant: Participant) -> None:
    with pytest.raises(ValidationError) as error:
        services.post_statement(participant=participant, text="x" * 401)
    assert "at most 400 characters; this one has 401" in _messages(error.value)
    assert not Statement.objects.exists()


def test_duplicate_statement_is_refused_naming_the_existing_one(
    participant: Participant,
) -> None:
    existing = services.post_statement(participant=participant, text="More training for SMEs")
    with pytest.raises(ValidationError) as error:
        services.post_statement(participant=participant, text="more training for SMEs!")
    assert "already been posted: “More training for SMEs”" in _messages(error.value)
    assert error.value.error_dict is not None
    assert error.value.error_dict["text"][0].params == {
        "text": "More training for SMEs",
        "statement": existing.pk,
    }
    assert Statement.objects.count() == 1


def test_statement_in_a_closed_conversation_is_refused() -> None:
    author = ParticipantFactory.create(conversation=ConversationFactory.create(is_open=False))
    with pytest.raises(ValidationError, match="closed"):
        services.post_statement(participant=author, text="More training")


def test_unknown_kind_is_refused(participant: Participant) -> None:
    with pytest.raises(ValidationError, match="kind"):
        services.post_statement(participant=participant, text="More training", kind="rant")


def test_seed_statement_is_accepted_and_audited(world: World) -> None:
    conversation = ConversationFactory.create(
        group=world.lubelskie.group, moderation=Conversation.Moderation.PRE
    )
    statement = services.add_seed_statement(
        conversation=conversation, text="Clusters need data", actor=world.lubelskie.facilitator
    )
    assert (statement.state, statement.is_seed, statement.author) == ("accepted", True, None)
    assert AuditEntry.objects.filter(action="dialogue.statement.seeded").exists()


# --- Moderation and merging --------------------------------------------------------------


def test_moderation_accepts_a_pending_statement_with_an_audit_entry(world: World) -> None:
    statement = StatementFactory.create(state=Statement.State.PENDING)
    services.moderate_statement(statement=statement, accept=True, actor=world.lubelskie.facilitator)
    statement.refresh_from_db()
    assert statement.state == Statement.State.ACCEPTED
    entry = AuditEntry.objects.get(action="dialogue.statement.accepted")
    assert entry.data["changes"] == {"state": ["pending", "accepted"]}


def test_accepting_a_duplicate_of_a_live_statement_is_refused() -> None:
    live = StatementFactory.create(text="More training")
    rejected = StatementFactory.create(
        conversation=live.conversation, text="More training!", state=Statement.State.REJECTED
    )
    with pytest.raises(ValidationError, match="already been posted"):
        services.moderate_statement(statement=rejected, accept=True, actor=None)


def test_merge_moves_votes_of_participants_who_did_not_vote_on_the_kept_one() -> None:
    kept = StatementFactory.create(text="More training for SMEs")
    merged = StatementFactory.create(conversation=kept.conversation, text="Train SMEs more")
    both, only_merged = ParticipantFactory.create_batch(2, conversation=kept.conversation)
    _vote(both, kept, 1)
    _vote(both, merged, -1)
    _vote(only_merged, merged, -1)
    services.merge_statements(kept=kept, merged=merged, actor=None)
    assert dict(Vote.objects.filter(statement=kept).values_list("participant", "value")) == {
        both.pk: 1,
        only_merged.pk: -1,
    }
    merged.refresh_from_db()
    assert (merged.state, merged.merged_into) == (Statement.State.REJECTED, kept)
    entry = AuditEntry.objects.get(action="dialogue.statement.merged")
    assert entry.data["moved_votes"] == 1


def test_statements_of_different_conversations_cannot_be_merged() -> None:
    with pytest.raises(ValidationError, match="same conversation"):
        services.merge_statements(
            kept=StatementFactory.create(), merged=StatementFactory.create(), actor=None
        )


def test_a_statement_cannot_be_merged_into_itself() -> None:
    statement = StatementFactory.create()
    with pytest.raises(ValidationError, match="itself"):
        services.merge_statements(kept=statement, merged=statement, actor=None)


# --- Votes -------------------------------------------------------------------------------


@pytest.fixture
def statement(participant: Participant) -> Statement:
    return StatementFactory.create(conversation=participant.conversation)


def test_vote_is_recorded(participant: Participant, statement: Statement) -> None:
    vote = _vote(participant, statement, -1)
    assert (vote.value, vote.statement, vote.participant) == (-1, statement, participant)


def test_retry_with_the_same_client_id_counts_once(
    participant: Participant, statement: Statement
) -> None:
    vote_id = uuid.uuid4()
    first = _vote(participant, statement, 1, vote_id)
    again = _vote(participant, statement, 1, vote_id)
    assert again.pk == first.pk
    assert VoteEvent.objects.count() == 1


def test_revote_with_a_new_client_id_replaces_the_value(
    participant: Participant, statement: Statement
) -> None:
    _vote(participant, statement, 1)
    _vote(participant, statement, 0)
    assert list(Vote.objects.values_list("value", flat=True)) == [0]
    assert VoteEvent.objects.count() == 2


def test_late_retry_of_an_older_vote_does_not_undo_the_revote(
    participant: Participant, statement: Statement
) -> None:
    first_id = uuid.uuid4()
    _vote(participant, statement, 1, first_id)
    _vote(participant, statement, -1)
    vote = _vote(participant, statement, 1, first_id)
    assert vote.value == -1


def test_client_id_reused_for_another_statement_is_refused(
    participant: Participant, statement: Statement
) -> None:
    other = StatementFactory.create(conversation=participant.conversation)
    vote_id = uuid.uuid4()
    _vote(participant, statement, 1, vote_id)
    with pytest.raises(ValidationError, match="already used"):
        _vote(participant, other, 1, vote_id)


def test_vote_on_a_closed_conversation_is_refused(
    participant: Participant, statement: Statement
) -> None:
    Conversation.objects.update(is_open=False)
    with pytest.raises(ValidationError, match="closed"):
        _vote(participant, statement, 1)
    assert not Vote.objects.exists()


def test_vote_on_an_unknown_statement_is_refused(participant: Participant) -> None:
    with pytest.raises(ValidationError, match="does not exist"):
        _vote(participant, 999_999, 1)


def test_vote_on_a_statement_of_another_conversation_is_refused(
    participant: Participant,
) -> None:
    with pytest.raises(ValidationError, match="does not exist"):
        _vote(participant, StatementFactory.create(), 1)
    assert not Vote.objects.exists()


@pytest.mark.parametrize("state", [Statement.State.REJECTED, Statement.State.PENDING])
def test_vote_on_a_statement_not_accepted_is_refused(participant: Participant, state: str) -> None:
    statement = StatementFactory.create(conversation=participant.conversation, state=state)
    with pytest.raises(ValidationError, match="not open for votes"):
        _vote(participant, statement, 1)


def test_vote_value_outside_the_three_choices_is_refused(
    participant: Participant, statement: Statement
) -> None:
    with pytest.raises(ValidationError, match="agree, disagree or pass"):
        _vote(participant, statement, 2)


def test_malformed_client_vote_id_is_refused(
    participant: Participant, statement: Statement
) -> None:
    with pytest.raises(ValidationError, match="vote id"):
        _vote(participant, statement, 1, "not-a-uuid")


def test_votes_are_not_audited(participant: Participant, statement: Statement) -> None:
    _vote(participant, statement, 1)
    assert not AuditEntry.objects.exists()


# --- Recompute ---------------------------------------------------------------------------


def _polarised(conversation: Conversation, people: int = 20, statements: int = 8) -> None:
    """Two camps that disagree on every statement."""
    items = StatementFactory.create_batch(statements, conversation=conversation)
    for number in range(people):
        person = ParticipantFactory.create(conversation=conversation)
        for index, item in enumerate(items):
            value = 1 if (number % 2 == index % 2) else -1
            _vote(person, item, value)


def test_recompute_stores_a_snapshot_with_groups() -> None:
    conversation = ConversationFactory.create()
    _polarised(conversation)
    snapshot = services.recompute(conversation=conversation)
    assert snapshot.votes_count == 160
    assert snapshot.participants_count == 20
    assert len(snapshot.data["groups"]) == 2
    assert len(snapshot.statement_priorities) == 8


def test_recompute_keeps_rejected_statements_out() -> None:
    conversation = ConversationFactory.create()
    _polarised(conversation)
    rejected = Statement.objects.filter(conversation=conversation).first()
    assert rejected is not None
    services.moderate_statement(statement=rejected, accept=False, actor=None)
    snapshot = services.recompute(conversation=conversation)
    assert snapshot.statement_priorities.get(str(rejected.pk), 0.0) == 0.0


def test_recompute_keeps_group_ids_between_runs() -> None:
    conversation = ConversationFactory.create()
    _polarised(conversation)
    first = services.recompute(conversation=conversation)
    second = services.recompute(conversation=conversation)
    groups = {p["id"]: p["group"] for p in first.data["participants"]}
    assert {p["id"]: p["group"] for p in second.data["participants"]} == groups


def test_requested_recompute_runs_after_commit(
    participant: Participant, statement: Statement, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        _vote(participant, statement, 1)
    assert OpinionSnapshot.objects.filter(conversation=participant.conversation).count() == 1
    state = RecomputeState.objects.get(conversation=participant.conversation)
    assert (state.pending, state.running, state.runs) == (False, False, 1)


def test_no_recompute_before_the_vote_commits(
    participant: Participant, statement: Statement, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _vote(participant, statement, 1)
    queued = [c for c in callbacks if getattr(c, "func", None) is services.queue_recompute_now]
    assert len(queued) == 1
    assert not OpinionSnapshot.objects.filter(conversation=participant.conversation).exists()


def test_request_while_running_runs_once_more_and_queues_nothing_twice(
    participant: Participant, statement: Statement, monkeypatch: pytest.MonkeyPatch
) -> None:
    conversation_id = participant.conversation_id
    real_recompute = services.recompute
    calls: list[int] = []

    def recompute_with_votes_arriving(*, conversation: Conversation) -> OpinionSnapshot:
        calls.append(conversation.pk)
        if len(calls) == 1:
            # Two votes commit while this run computes: the first queues a task, which
            # finds this run holding the conversation; the second queues nothing.
            services.queue_recompute_now(conversation_id)
            services.queue_recompute_now(conversation_id)
        return real_recompute(conversation=conversation)

    monkeypatch.setattr(services, "recompute", recompute_with_votes_arriving)
    assert services.run_recompute(conversation_id) is not None
    assert calls == [conversation_id, conversation_id]
    state = RecomputeState.objects.get(conversation_id=conversation_id)
    assert (state.pending, state.running, state.runs) == (False, False, 2)


def _queued_conversations() -> list[int]:
    from django_tasks import default_task_backend

    return [result.args[0] for result in default_task_backend.results]  # type: ignore[attr-defined]


@pytest.fixture
def dummy_queue(settings: Any) -> None:
    """A queue that only records what is put in it."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.mark.usefixtures("dummy_queue")
def test_a_burst_of_requests_queues_one_task(participant: Participant) -> None:
    for _ in range(5):
        services.queue_recompute_now(participant.conversation_id)
    assert _queued_conversations() == [participant.conversation_id]
    assert RecomputeState.objects.get(conversation_id=participant.conversation_id).pending


@pytest.mark.usefixtures("dummy_queue")
def test_a_stale_request_is_queued_again(participant: Participant) -> None:
    services.queue_recompute_now(participant.conversation_id)
    RecomputeState.objects.filter(conversation_id=participant.conversation_id).update(
        requested_at=timezone.now() - services.RECOMPUTE_STALE_AFTER - timedelta(seconds=1)
    )
    services.queue_recompute_now(participant.conversation_id)
    assert _queued_conversations() == [participant.conversation_id] * 2


def test_failed_recompute_releases_the_claim_and_keeps_the_error(
    participant: Participant, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*, conversation: Conversation) -> OpinionSnapshot:
        raise RuntimeError("boom")

    monkeypatch.setattr(services, "recompute", broken)
    assert services.run_recompute(participant.conversation_id) is None
    state = RecomputeState.objects.get(conversation_id=participant.conversation_id)
    assert not state.running
    assert state.last_error == "RuntimeError: boom"


def test_snapshots_beyond_the_kept_number_are_deleted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(services, "SNAPSHOTS_KEPT", 2)
    conversation = ConversationFactory.create()
    _polarised(conversation, people=4, statements=2)
    latest = [services.recompute(conversation=conversation) for _ in range(3)][-1]
    assert OpinionSnapshot.objects.filter(conversation=conversation).count() == 2
    assert OpinionSnapshot.objects.filter(pk=latest.pk).exists()


def test_a_question_slugged_join_does_not_hide_the_join_page() -> None:
    from scaleup.dialogue.services import unique_slug

    assert unique_slug("Join") == "join-conversation"


def test_a_question_slugged_new_does_not_hide_the_create_form() -> None:
    from scaleup.dialogue.services import unique_slug

    assert unique_slug("New") == "new-conversation"


@pytest.mark.parametrize("slug", ["join", "new"])
def test_a_reserved_slug_is_refused(world: World, slug: str) -> None:
    with pytest.raises(ValidationError) as refused:
        services.create_conversation(
            question="How do we cooperate?", group=world.lubelskie.group, slug=slug, actor=None
        )
    assert "taken by the workshop pages" in _messages(refused.value)
    assert not Conversation.objects.filter(slug=slug).exists()
