"""The facilitator's workshop pages: the list, the create form, the workshop page (settings,
seed statements, statements, possible duplicates) and the meeting page's conversations."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from scaleup.core.models import AuditEntry
from scaleup.dialogue import services as dialogue_services
from scaleup.dialogue.models import STATEMENT_MAX_LENGTH, Conversation, Statement, Vote
from scaleup.dialogue.tests.factories import (
    ConversationFactory,
    ParticipantFactory,
    StatementFactory,
    VoteFactory,
)
from scaleup.meetings.tests.factories import MeetingFactory
from scaleup.testing.urls import url
from scaleup.workspace.selectors import possible_duplicates, statements_of

pytestmark = pytest.mark.django_db


def _create_data(world, **changes):
    return {
        "group": world.lubelskie.group.pk,
        "meeting": "",
        "question": "How do we cooperate better?",
        "description": "Workshop of the stakeholder group",
        "language": "en",
        "moderation": "pre",
    } | changes


def _settings_data(conversation, **changes):
    return {
        "question": conversation.question,
        "description": conversation.description,
        "language": conversation.language,
        "moderation": conversation.moderation,
        "meeting": conversation.meeting_id or "",
    } | changes


@pytest.fixture
def conversation(world):
    return ConversationFactory.create(
        group=world.lubelskie.group, question="What holds back cooperation?"
    )


def _messages(response):
    return [str(message) for message in response.context["messages"]]


# --- the list --------------------------------------------------------------------------------


def test_list_shows_own_regions_conversations_newest_first(client, world):
    older = ConversationFactory.create(group=world.lubelskie.group, question="Older one")
    newer = ConversationFactory.create(
        group=world.lubelskie.group, question="Newer one", meeting=world.lubelskie.meeting
    )
    Conversation.objects.filter(pk=older.pk).update(
        created_at=timezone.now() - dt.timedelta(days=1)
    )
    ConversationFactory.create(group=world.attica.group, question="Attica's own")
    client.force_login(world.lubelskie.facilitator)
    response = client.get(url("workspace:workshops", "en"))
    assert response.status_code == 200
    assert list(response.context["page"]) == [newer, older]
    assert "Attica's own" not in response.text
    assert url("workspace:workshop", "en", slug=newer.slug) in response.text
    assert url("dialogue:projector", "en", slug=newer.slug) in response.text
    assert url("workspace:meeting", "en", pk=world.lubelskie.meeting.pk) in response.text


def test_list_counts_participants_statements_votes_and_waiting(client, world, conversation):
    accepted = StatementFactory.create(conversation=conversation)
    StatementFactory.create(conversation=conversation, state=Statement.State.PENDING)
    StatementFactory.create(conversation=conversation, state=Statement.State.REJECTED)
    VoteFactory.create(statement=accepted)
    VoteFactory.create(statement=accepted, value=-1)
    ParticipantFactory.create(conversation=conversation)
    client.force_login(world.lubelskie.facilitator)
    row = client.get(url("workspace:workshops")).context["page"][0]
    assert row.participants_count == 3
    assert row.statements_count == 1
    assert row.pending_count == 1
    assert row.votes_count == 2
    assert (
        url("dialogue:moderation", slug=conversation.slug)
        in client.get(url("workspace:workshops")).text
    )


def test_list_is_paginated(client, world):
    for _ in range(51):
        ConversationFactory.create(group=world.lubelskie.group)
    client.force_login(world.lubelskie.facilitator)
    response = client.get(url("workspace:workshops", "en"))
    assert len(response.context["page"]) == 50
    assert 'rel="next"' in response.text


def test_navigation_and_dashboard_lead_to_the_workshops(client, world):
    client.force_login(world.lubelskie.facilitator)
    text = client.get(url("workspace:dashboard", "en")).text
    assert url("workspace:workshops", "en") in text
    assert f"{url('workspace:workshop_create', 'en')}?group={world.lubelskie.group.slug}" in text


# --- creating --------------------------------------------------------------------------------


def test_create_a_conversation(client, world):
    client.force_login(world.lubelskie.facilitator)
    response = client.post(
        url("workspace:workshop_create"),
        _create_data(world, meeting=world.lubelskie.meeting.pk),
    )
    conversation = Conversation.objects.get(question="How do we cooperate better?")
    assert response.status_code == 302
    assert response["Location"] == url("workspace:workshop", slug=conversation.slug)
    assert conversation.group == world.lubelskie.group
    assert conversation.meeting == world.lubelskie.meeting
    assert conversation.moderation == Conversation.Moderation.PRE
    assert conversation.language == "en"
    assert conversation.description == "Workshop of the stakeholder group"
    assert conversation.is_open
    assert conversation.created_by == world.lubelskie.facilitator
    assert AuditEntry.objects.filter(action="dialogue.conversation.created").exists()


def test_create_form_preselects_the_meeting(client, world):
    client.force_login(world.lubelskie.facilitator)
    response = client.get(
        url("workspace:workshop_create") + f"?meeting={world.lubelskie.draft_meeting.pk}"
    )
    form = response.context["form"]
    assert form["meeting"].value() == world.lubelskie.draft_meeting.pk
    assert form["group"].value() == world.lubelskie.group.pk


def test_create_form_does_not_preselect_another_regions_meeting(client, world):
    client.force_login(world.attica.facilitator)
    response = client.get(
        url("workspace:workshop_create") + f"?meeting={world.lubelskie.meeting.pk}"
    )
    assert response.status_code == 200
    assert response.context["form"]["meeting"].value() is None
    assert world.lubelskie.meeting.title_pl not in response.text


def test_another_regions_group_is_not_a_choice(client, world):
    client.force_login(world.attica.facilitator)
    response = client.post(url("workspace:workshop_create"), _create_data(world))
    assert response.status_code == 200
    assert "group" in response.context["form"].errors
    assert not Conversation.objects.exists()
    assert list(response.context["form"].fields["group"].queryset) == [world.attica.group]


def test_another_regions_meeting_is_not_a_choice(client, world):
    client.force_login(world.attica.facilitator)
    response = client.post(
        url("workspace:workshop_create"),
        _create_data(world, group=world.attica.group.pk, meeting=world.lubelskie.meeting.pk),
    )
    assert response.status_code == 200
    assert "meeting" in response.context["form"].errors
    assert not Conversation.objects.exists()


def test_a_meeting_of_another_group_is_a_form_error(client, world):
    client.force_login(world.coordinator)
    response = client.post(
        url("workspace:workshop_create", "en"),
        _create_data(world, meeting=world.attica.meeting.pk),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["meeting"] == [
        "The meeting belongs to another stakeholder group."
    ]
    assert not Conversation.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"question": ""}, "question"),
        ({"question": "x" * 501}, "question"),
        ({"moderation": "none"}, "moderation"),
        ({"language": "de"}, "language"),
        ({"group": ""}, "group"),
        ({"meeting": "999999"}, "meeting"),
    ],
)
def test_invalid_input_is_a_form_error_and_saves_nothing(client, world, changes, field):
    client.force_login(world.lubelskie.facilitator)
    response = client.post(url("workspace:workshop_create"), _create_data(world, **changes))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Conversation.objects.exists()


def test_a_question_that_would_take_the_create_forms_path_gets_another_slug(client, world):
    client.force_login(world.lubelskie.facilitator)
    response = client.post(url("workspace:workshop_create"), _create_data(world, question="New"))
    conversation = Conversation.objects.get(question="New")
    assert conversation.slug != "new"
    assert response["Location"] == url("workspace:workshop", slug=conversation.slug)


# --- the workshop page -----------------------------------------------------------------------


def test_page_shows_code_links_and_every_statement(client, world, conversation):
    seed = dialogue_services.add_seed_statement(
        conversation=conversation, text="Universities should open their labs", actor=None
    )
    waiting = StatementFactory.create(
        conversation=conversation, text="A waiting one", state=Statement.State.PENDING
    )
    merged = StatementFactory.create(
        conversation=conversation,
        text="Merged away",
        state=Statement.State.REJECTED,
        merged_into=seed,
    )
    VoteFactory.create(statement=seed)
    client.force_login(world.lubelskie.facilitator)
    response = client.get(url("workspace:workshop", "en", slug=conversation.slug))
    assert response.status_code == 200
    text = response.text
    assert conversation.join_code in text
    for name in ("projector", "moderation", "conversation", "conversation_close"):
        assert url(f"dialogue:{name}", "en", slug=conversation.slug) in text
    assert {s.pk: s.votes_count for s in response.context["statements"]} == {
        seed.pk: 1,
        waiting.pk: 0,
        merged.pk: 0,
    }
    assert "facilitators (seed)" in text
    assert "waiting for moderation" in text
    assert f"merged into #{seed.pk}" in text


def test_a_closed_conversation_offers_to_reopen(client, world, conversation):
    dialogue_services.close_conversation(conversation=conversation, actor=None)
    client.force_login(world.lubelskie.facilitator)
    text = client.get(url("workspace:workshop", "en", slug=conversation.slug)).text
    assert url("dialogue:conversation_open", "en", slug=conversation.slug) in text
    assert url("dialogue:conversation_close", "en", slug=conversation.slug) not in text


def test_edit_the_settings(client, world, conversation):
    client.force_login(world.lubelskie.facilitator)
    response = client.post(
        url("workspace:workshop_edit", slug=conversation.slug),
        _settings_data(
            conversation,
            question="What helps cooperation?",
            moderation="pre",
            meeting=world.lubelskie.meeting.pk,
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == url("workspace:workshop", slug=conversation.slug)
    conversation.refresh_from_db()
    assert conversation.question == "What helps cooperation?"
    assert conversation.moderation == "pre"
    assert conversation.meeting == world.lubelskie.meeting
    entry = AuditEntry.objects.get(action="dialogue.conversation.updated")
    assert entry.actor == world.lubelskie.facilitator
    assert entry.data["changes"] == {
        "question": ["What holds back cooperation?", "What helps cooperation?"],
        "moderation": ["post", "pre"],
        "meeting": [None, world.lubelskie.meeting.pk],
    }


def test_saving_unchanged_settings_records_nothing(client, world, conversation):
    client.force_login(world.lubelskie.facilitator)
    response = client.post(
        url("workspace:workshop_edit", slug=conversation.slug), _settings_data(conversation)
    )
    assert response.status_code == 302
    assert not AuditEntry.objects.filter(action="dialogue.conversation.updated").exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [({"question": "  "}, "question"), ({"moderation": "later"}, "moderation")],
)
def test_invalid_settings_re_render_the_page(client, world, conversation, changes, field):
    client.force_login(world.lubelskie.facilitator)
    response = client.post(
        url("workspace:workshop_edit", slug=conversation.slug),
        _settings_data(conversation, **changes),
    )
    assert response.status_code == 200
    assert field in response.context["settings_form"].errors
    assert "<details" in response.text and " open>" in response.text
    conversation.refresh_from_db()
    assert conversation.question == "What holds back cooperation?"
    assert not AuditEntry.objects.filter(action="dialogue.conversation.updated").exists()


def test_a_meeting_of_another_group_is_not_a_setting(client, world, conversation):
    other = MeetingFactory.create(group=world.attica.group)
    client.force_login(world.coordinator)
    response = client.post(
        url("workspace:workshop_edit", slug=conversation.slug),
        _settings_data(conversation, meeting=other.pk),
    )
    assert response.status_code == 200
    assert "meeting" in response.context["settings_form"].errors
    conversation.refresh_from_db()
    assert conversation.meeting is None


def test_add_a_seed_statement(client, world, conversation):
    client.force_login(world.lubelskie.facilitator)
    response = client.post(
        url("workspace:workshop_seed", slug=conversation.slug),
        {"seed-kind": "proposal", "seed-text": "  Municipalities should buy innovation  "},
    )
    assert response.status_code == 302
    assert response["Location"] == url("workspace:workshop", slug=conversation.slug)
    statement = Statement.objects.get(conversation=conversation)
    assert statement.text == "Municipalities should buy innovation"
    assert statement.kind == Statement.Kind.PROPOSAL
    assert statement.is_seed
    assert statement.state == Statement.State.ACCEPTED
    assert AuditEntry.objects.filter(action="dialogue.statement.seeded").exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Write a statement first."),
        ("!!!", "Write a statement first."),
        ("x" * (STATEMENT_MAX_LENGTH + 1), "A statement may have at most 400 characters"),
        ("more TRAINING!", "This statement has already been posted"),
    ],
    ids=["empty", "punctuation", "too-long", "duplicate"],
)
def test_a_seed_statement_the_service_refuses_is_a_form_error(
    client, world, conversation, text, message
):
    StatementFactory.create(conversation=conversation, text="More training")
    client.force_login(world.lubelskie.facilitator)
    response = client.post(
        url("workspace:workshop_seed", "en", slug=conversation.slug),
        {"seed-kind": "insight", "seed-text": text},
    )
    assert response.status_code == 200
    errors = response.context["seed_form"].errors["text"]
    assert any(error.startswith(message) for error in errors), errors
    assert message.split(":")[0] in response.text
    assert Statement.objects.filter(conversation=conversation).count() == 1


def test_a_bad_seed_kind_is_a_form_error(client, world, conversation):
    client.force_login(world.lubelskie.facilitator)
    response = client.post(
        url("workspace:workshop_seed", slug=conversation.slug),
        {"seed-kind": "rant", "seed-text": "Something"},
    )
    assert response.status_code == 200
    assert "kind" in response.context["seed_form"].errors
    assert not Statement.objects.exists()


# --- possible duplicates ---------------------------------------------------------------------


def test_possible_duplicates_are_offered_for_merging(client, world, conversation):
    first = StatementFactory.create(
        conversation=conversation, text="The region needs a joint cluster office"
    )
    second = StatementFactory.create(
        conversation=conversation, text="The region needs one joint cluster office"
    )
    VoteFactory.create(statement=second)
    StatementFactory.create(conversation=conversation, text="Firms should pay the full price")
    client.force_login(world.lubelskie.facilitator)
    response = client.get(url("workspace:workshop", "en", slug=conversation.slug))
    [pair] = response.context["duplicates"]
    # The statement with more votes stays.
    assert (pair.kept, pair.merged) == (second, first)
    assert 85 <= pair.percent < 100
    text = response.text
    assert f'action="{url("dialogue:moderation", "en", slug=conversation.slug)}"' in text
    assert f'name="statement" value="{first.pk}"' in text
    assert f'name="into" value="{second.pk}"' in text
    assert f"Merge #{first.pk} into #{second.pk}" in text


def test_merging_a_pair_from_the_workshop_page_comes_back_to_it(client, world, conversation):
    kept = StatementFactory.create(conversation=conversation, text="More training for SMEs")
    merged = StatementFactory.create(conversation=conversation, text="More trainings for SMEs")
    vote = VoteFactory.create(statement=merged)
    workshop_url = url("workspace:workshop", "en", slug=conversation.slug)
    client.force_login(world.lubelskie.facilitator)
    response = client.post(
        url("dialogue:moderation", "en", slug=conversation.slug),
        {"decision": "merge", "statement": merged.pk, "into": kept.pk, "next": workshop_url},
    )
    assert response.status_code == 302
    assert response["Location"] == workshop_url
    merged.refresh_from_db()
    assert merged.merged_into == kept and merged.state == Statement.State.REJECTED
    assert Vote.objects.get(pk=vote.pk).statement == kept
    page = client.get(workshop_url)
    assert page.context["duplicates"] == []
    assert any(f"#{merged.pk} is merged into #{kept.pk}" in m for m in _messages(page))


def test_possible_duplicates_look_at_accepted_statements_only(world, conversation):
    StatementFactory.create(conversation=conversation, text="Open the university labs")
    StatementFactory.create(
        conversation=conversation,
        text="Open the university labs now",
        state=Statement.State.PENDING,
    )
    StatementFactory.create(
        conversation=conversation, text="Open the university lab", state=Statement.State.REJECTED
    )
    assert possible_duplicates(list(statements_of(conversation))) == []


def test_members_see_no_workshop_page(client, world, conversation):
    client.force_login(world.lubelskie.member)
    assert client.get(url("workspace:workshop", slug=conversation.slug)).status_code == 403
    assert client.get(url("workspace:workshops")).status_code == 403


# --- another region --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "method", "data"),
    [
        ("workspace:workshop", "GET", {}),
        ("workspace:workshop_edit", "POST", {"question": "Taken over", "moderation": "pre"}),
        ("workspace:workshop_seed", "POST", {"seed-kind": "gap", "seed-text": "Intruder"}),
    ],
)
def test_another_regions_facilitator_gets_404_and_changes_nothing(
    client, world, conversation, name, method, data
):
    client.force_login(world.attica.facilitator)
    target = url(name, slug=conversation.slug)
    response = client.post(target, data) if method == "POST" else client.get(target)
    assert response.status_code == 404
    conversation.refresh_from_db()
    assert conversation.question == "What holds back cooperation?"
    assert not Statement.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="dialogue.").exists()


# --- the meeting page ------------------------------------------------------------------------


def test_meeting_page_lists_its_conversations(client, world):
    meeting = world.lubelskie.meeting
    own = ConversationFactory.create(group=world.lubelskie.group, meeting=meeting)
    standalone = ConversationFactory.create(group=world.lubelskie.group)
    client.force_login(world.lubelskie.facilitator)
    response = client.get(url("workspace:meeting", "en", pk=meeting.pk))
    assert list(response.context["conversations"]) == [own]
    assert url("workspace:workshop", "en", slug=own.slug) in response.text
    assert url("workspace:workshop", "en", slug=standalone.slug) not in response.text
    assert f"{url('workspace:workshop_create', 'en')}?meeting={meeting.pk}" in response.text
    assert "Create a workshop conversation for this meeting" in response.text


# --- the service -----------------------------------------------------------------------------


def test_update_conversation_refuses_a_meeting_of_another_group(world, conversation):
    with pytest.raises(ValidationError) as caught:
        dialogue_services.update_conversation(
            conversation=conversation, actor=None, meeting=world.attica.meeting
        )
    assert "meeting" in caught.value.message_dict
    conversation.refresh_from_db()
    assert conversation.meeting is None


def test_update_conversation_changes_only_what_it_may(world, conversation):
    with pytest.raises(TypeError):
        dialogue_services.update_conversation(
            conversation=conversation, actor=None, join_code="AAAAAA"
        )


def test_update_conversation_detaches_the_meeting(world):
    conversation = ConversationFactory.create(
        group=world.lubelskie.group, meeting=world.lubelskie.meeting
    )
    updated = dialogue_services.update_conversation(
        conversation=conversation, actor=world.lubelskie.facilitator, meeting=None
    )
    assert updated.meeting is None
    entry = AuditEntry.objects.get(action="dialogue.conversation.updated")
    assert entry.data["changes"] == {"meeting": [world.lubelskie.meeting.pk, None]}


def test_exporting_the_votes_queues_a_job_and_shows_its_page(
    client, world, conversation, django_capture_on_commit_callbacks
):
    from scaleup.jobs.models import Job

    client.force_login(world.lubelskie.facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("workspace:workshop_export", slug=conversation.slug))
    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("jobs:detail", job_id=job.pk)
    assert (job.owner, job.params, job.state) == (
        world.lubelskie.facilitator,
        {"conversation": conversation.pk},
        Job.State.DONE,
    )
    page = client.get(url("workspace:workshop", slug=conversation.slug)).content.decode()
    assert url("jobs:detail", job_id=job.pk) in page


def test_a_failing_recompute_is_shown_with_its_next_attempt(client, world, conversation):
    from datetime import timedelta

    from django.utils import timezone

    from scaleup.dialogue.models import RecomputeState

    RecomputeState.objects.create(
        conversation=conversation,
        pending=True,
        requested_at=timezone.now(),
        failures=2,
        retry_at=timezone.now() + timedelta(seconds=10),
        last_error="RuntimeError: boom",
    )
    client.force_login(world.lubelskie.facilitator)
    page = client.get(url("workspace:workshop", "en", slug=conversation.slug)).content.decode()
    assert "The last computation failed. It is tried again at" in page
    assert "failed attempts so far: 2" in page
    assert "boom" not in page


def test_a_recompute_given_up_says_so(client, world, conversation):
    from scaleup.dialogue.models import RecomputeState

    RecomputeState.objects.create(conversation=conversation, failures=5)
    client.force_login(world.lubelskie.facilitator)
    page = client.get(url("workspace:workshop", "en", slug=conversation.slug)).content.decode()
    assert "The computation failed 5 times in a row and was given up" in page
