"""The facilitator's projector page, its live fragment, open/close and the moderation queue."""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.utils import translation

from scaleup.access.tests.matrix import Row
from scaleup.access.tests.test_permission_matrix import _login_paths, _outcome
from scaleup.core.models import AuditEntry
from scaleup.dialogue import services
from scaleup.dialogue.models import Conversation, Statement, Vote
from scaleup.dialogue.opinion_views import opinion_view
from scaleup.dialogue.tests.factories import (
    ConversationFactory,
    ParticipantFactory,
    StatementFactory,
)
from scaleup.dialogue.tests.permissions_projector import PROJECTOR_ROWS
from scaleup.testing.urls import url as url_in
from scaleup.testing.users import make_user
from scaleup.testing.world import ROLES, World

pytestmark = pytest.mark.django_db


def url(name: str, **kwargs: Any) -> str:
    """Pages in English: the assertions read the source texts."""
    return url_in(name, "en", **kwargs)


CAMP_A = [
    "Universities should share their labs with small firms",
    "The region needs a joint cluster office",
    "Public funding should go to cooperation projects first",
    "Municipalities should buy innovative solutions",
]
CAMP_B = [
    "Firms should pay the full price for university services",
    "Clusters work best without public coordination",
    "Grants should go to single firms, not consortia",
    "Public procurement is no place for experiments",
]


@pytest.fixture
def conversation(world: World) -> Conversation:
    return ConversationFactory.create(
        group=world.lubelskie.group, question="How do we cooperate better?"
    )


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _two_camps(conversation: Conversation, people: int = 12) -> list[Statement]:
    """Two camps: each agrees with its own four statements and rejects the other four."""
    statements = [
        StatementFactory.create(conversation=conversation, text=text) for text in CAMP_A + CAMP_B
    ]
    for number in range(people):
        participant = ParticipantFactory.create(conversation=conversation)
        in_a = number % 2 == 0
        for index, statement in enumerate(statements):
            agrees = (index < len(CAMP_A)) == in_a
            services.cast_vote(
                participant=participant,
                statement=statement,
                value=1 if agrees else -1,
                client_vote_id=uuid.uuid4(),
            )
    return statements


# --- projector -------------------------------------------------------------------------------


def test_projector_shows_join_code_url_and_counts(world: World, conversation: Conversation) -> None:
    ParticipantFactory.create_batch(3, conversation=conversation)
    StatementFactory.create_batch(2, conversation=conversation)
    StatementFactory.create(conversation=conversation, state=Statement.State.PENDING)
    response = _client(world.lubelskie.facilitator).get(
        url("dialogue:projector", slug=conversation.slug)
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert conversation.join_code in page
    assert f"http://testserver/en/workshops/join/?code={conversation.join_code}" in page
    counts = response.context["counts"]
    assert (counts["participants"], counts["statements"], counts["votes"]) == (3, 2, 0)
    assert 'data-count="participants">3<' in page
    assert 'hx-trigger="scaleup:refresh, every 10s"' in page
    assert url("dialogue:projector_events", slug=conversation.slug) in page
    assert url("dialogue:projector_live", slug=conversation.slug) in page
    assert "1 statement waiting" in response.content.decode()
    assert "The opinion map appears once enough people have voted." in page
    # CSP: no inline style or script; the self-refreshing part keeps the keyboard focus.
    assert "style=" not in page
    assert "<script>" not in page
    assert 'id="projector-live" class="projector-live" data-keep-focus' in page


def test_projector_draws_the_opinion_map_of_the_latest_snapshot(
    world: World, conversation: Conversation
) -> None:
    _two_camps(conversation)
    snapshot = services.recompute(conversation=conversation)
    clustered = len(snapshot.data["participants"])
    assert clustered == 12 and len(snapshot.data["groups"]) == 2

    response = _client(world.lubelskie.facilitator).get(
        url("dialogue:projector", slug=conversation.slug)
    )
    page = response.content.decode()
    svg = re.search(r'<svg class="projector-map-svg".*?</svg>', page, re.S)
    assert svg is not None
    assert svg.group(0).count('class="projector-dot ') == clustered
    assert 'role="img"' in svg.group(0) and "<title" in svg.group(0)
    # Each group has its own colour class and shape; letters in the legend and the table.
    assert svg.group(0).count("projector-group-0") == 6
    assert svg.group(0).count("projector-group-1") == 6
    assert svg.group(0).count('class="projector-statement-label"') == 8
    assert "Group A" in page and "Group B" in page
    assert "<caption>Opinion groups</caption>" in page
    table = re.search(r"projector-groups-table.*?</table>", page, re.S)
    assert table is not None and table.group(0).count("<td>6</td>") == 2
    # Each group's representative statements, with the share that agrees.
    groups = response.context["opinion"].groups
    assert len(groups) == 2
    texts = [{line.text for line in group.representative} for group in groups]
    assert texts[0] and texts[1]
    agreed = [
        {line.text for line in group.representative if line.direction == "agree"}
        for group in groups
    ]
    camps = sorted((a <= set(CAMP_A), a <= set(CAMP_B)) for a in agreed if a)
    assert camps == [(False, True), (True, False)]  # one group per camp
    for group in groups:
        for line in group.representative:
            assert line.text in page
            assert line.percent == 100
    assert "100% agree" in page or "100% disagree" in page


def test_opinion_view_keeps_numbers_locale_free(world: World, conversation: Conversation) -> None:
    _two_camps(conversation)
    services.recompute(conversation=conversation)
    with translation.override("pl"):
        response = _client(world.lubelskie.facilitator).get(
            url("dialogue:projector_live", slug=conversation.slug)
        )
    page = response.content.decode()
    paths = re.findall(r'd="([^"]*)"', page)
    assert paths and all("," not in path for path in paths)


def test_opinion_view_without_a_snapshot_is_none() -> None:
    assert opinion_view(None) is None


def test_live_fragment_has_counts_map_and_lists(world: World, conversation: Conversation) -> None:
    _two_camps(conversation)
    services.recompute(conversation=conversation)
    response = _client(world.lubelskie.facilitator).get(
        url("dialogue:projector_live", slug=conversation.slug)
    )
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    page = response.content.decode()
    assert "<html" not in page  # a fragment, not a page
    assert 'data-count="participants">12<' in page
    assert 'data-count="statements">8<' in page
    assert 'data-count="votes">96<' in page
    assert page.count('class="projector-dot ') == 12
    assert "What each group stands for" in page
    assert "Where the groups differ most" in page


def test_live_fragment_reads_snapshots_and_never_recomputes(
    world: World, conversation: Conversation, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(**kwargs: Any) -> None:
        raise AssertionError("no recompute on the request path")

    monkeypatch.setattr(services, "recompute", refuse)
    monkeypatch.setattr(services, "run_recompute", refuse)
    response = _client(world.lubelskie.facilitator).get(
        url("dialogue:projector_live", slug=conversation.slug)
    )
    assert response.status_code == 200


# --- open / close ----------------------------------------------------------------------------


def test_close_and_reopen(world: World, conversation: Conversation) -> None:
    client = _client(world.lubelskie.facilitator)
    response = client.post(url("dialogue:conversation_close", slug=conversation.slug))
    assert response.status_code == 302
    assert response["Location"] == url("dialogue:projector", slug=conversation.slug)
    conversation.refresh_from_db()
    assert not conversation.is_open
    page = client.get(url("dialogue:projector", slug=conversation.slug)).content.decode()
    assert "This conversation is closed" in page
    assert url("dialogue:conversation_open", slug=conversation.slug) in page

    client.post(url("dialogue:conversation_open", slug=conversation.slug))
    conversation.refresh_from_db()
    assert conversation.is_open
    actions = list(AuditEntry.objects.values_list("action", flat=True).order_by("pk"))
    assert actions[-2:] == ["dialogue.conversation.closed", "dialogue.conversation.opened"]


def test_close_refuses_get(world: World, conversation: Conversation) -> None:
    response = _client(world.lubelskie.facilitator).get(
        url("dialogue:conversation_close", slug=conversation.slug)
    )
    assert response.status_code == 405
    conversation.refresh_from_db()
    assert conversation.is_open


# --- moderation ------------------------------------------------------------------------------


def test_moderation_queue_lists_pending_statements(
    world: World, conversation: Conversation
) -> None:
    waiting = StatementFactory.create(
        conversation=conversation, text="Waiting for a look", state=Statement.State.PENDING
    )
    StatementFactory.create(conversation=conversation, text="Already accepted")
    response = _client(world.lubelskie.facilitator).get(
        url("dialogue:moderation", slug=conversation.slug)
    )
    page = response.content.decode()
    assert "Waiting for a look" in page
    assert "Already accepted" not in page
    assert f'name="statement" value="{waiting.pk}"' in page


@pytest.mark.parametrize(
    ("decision", "state"),
    [("accept", Statement.State.ACCEPTED), ("reject", Statement.State.REJECTED)],
)
def test_moderation_accepts_and_rejects(
    world: World, conversation: Conversation, decision: str, state: str
) -> None:
    waiting = StatementFactory.create(conversation=conversation, state=Statement.State.PENDING)
    client = _client(world.lubelskie.facilitator)
    response = client.post(
        url("dialogue:moderation", slug=conversation.slug),
        {"statement": waiting.pk, "decision": decision},
    )
    assert response.status_code == 302
    assert response["Location"] == url("dialogue:moderation", slug=conversation.slug)
    waiting.refresh_from_db()
    assert waiting.state == state
    assert AuditEntry.objects.filter(action=f"dialogue.statement.{state}").exists()
    page = client.get(response["Location"]).content.decode()
    assert "No statements are waiting." in page


def test_moderation_shows_a_duplicate_as_a_message(
    world: World, conversation: Conversation
) -> None:
    StatementFactory.create(conversation=conversation, text="Więcej szkoleń")
    rejected = StatementFactory.create(
        conversation=conversation, text="więcej szkoleń!", state=Statement.State.REJECTED
    )
    response = _client(world.lubelskie.facilitator).post(
        url("dialogue:moderation", slug=conversation.slug),
        {"statement": rejected.pk, "decision": "accept"},
        follow=True,
    )
    assert response.status_code == 200
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    rejected.refresh_from_db()
    assert rejected.state == Statement.State.REJECTED


def test_moderation_rejects_bad_input(world: World, conversation: Conversation) -> None:
    waiting = StatementFactory.create(conversation=conversation, state=Statement.State.PENDING)
    client = _client(world.lubelskie.facilitator)
    moderation_url = url("dialogue:moderation", slug=conversation.slug)
    response = client.post(moderation_url, {"statement": waiting.pk, "decision": "delete"})
    assert response.status_code == 302
    response = client.post(moderation_url, {"statement": "x", "decision": "accept"})
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.state == Statement.State.PENDING


def test_moderation_cannot_reach_another_conversations_statement(
    world: World, conversation: Conversation
) -> None:
    other = ConversationFactory.create(group=world.lubelskie.group)
    foreign = StatementFactory.create(conversation=other, state=Statement.State.PENDING)
    response = _client(world.lubelskie.facilitator).post(
        url("dialogue:moderation", slug=conversation.slug),
        {"statement": foreign.pk, "decision": "accept"},
    )
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.state == Statement.State.PENDING


# --- who gets in -----------------------------------------------------------------------------

NAMES = ["projector", "projector_live", "projector_events", "moderation"]


@pytest.mark.parametrize("name", NAMES)
def test_other_regions_facilitator_gets_404(
    world: World, conversation: Conversation, name: str
) -> None:
    response = _client(world.attica.facilitator).get(
        url(f"dialogue:{name}", slug=conversation.slug)
    )
    assert response.status_code == 404


@pytest.mark.parametrize("name", ["conversation_close", "conversation_open", "moderation"])
def test_other_regions_facilitator_cannot_change_anything(
    world: World, conversation: Conversation, name: str
) -> None:
    waiting = StatementFactory.create(conversation=conversation, state=Statement.State.PENDING)
    response = _client(world.attica.facilitator).post(
        url(f"dialogue:{name}", slug=conversation.slug),
        {"statement": waiting.pk, "decision": "reject"},
    )
    assert response.status_code == 404
    conversation.refresh_from_db()
    waiting.refresh_from_db()
    assert conversation.is_open and waiting.state == Statement.State.PENDING


@pytest.mark.parametrize("name", NAMES)
def test_participants_and_members_get_403(
    world: World, conversation: Conversation, name: str
) -> None:
    participant_user = make_user("uczestnik@example.org")
    services.join_conversation(conversation=conversation, user=participant_user)
    for user in (participant_user, world.lubelskie.member):
        response = _client(user).get(url(f"dialogue:{name}", slug=conversation.slug))
        assert response.status_code == 403


def test_unknown_conversation_is_404(world: World) -> None:
    response = _client(world.lubelskie.facilitator).get(
        url("dialogue:projector", slug="no-such-conversation")
    )
    assert response.status_code == 404


def test_projector_rows_cover_every_projector_url() -> None:
    from scaleup.dialogue.urls_projector import urlpatterns

    names = {f"dialogue:{pattern.name}" for pattern in urlpatterns}  # type: ignore[union-attr]
    assert {row.url_name for row in PROJECTOR_ROWS} == names


def _cases() -> list[Any]:
    return [
        pytest.param(row, method, id=f"{row.url_name}-{method}")
        for row in PROJECTOR_ROWS
        for method in row.methods
    ]


@pytest.mark.parametrize(("row", "method"), _cases())
def test_projector_matrix(world: World, row: Row, method: str) -> None:
    """The rows as the project-wide matrix runs them (until the lead wires them in)."""
    with translation.override("pl"):
        from django.urls import reverse

        target = reverse(row.url_name, kwargs=row.kwargs(world))
    login_paths = _login_paths()
    mismatches = []
    for role in ROLES:
        client = Client()
        user = world.user(role)
        if user is not None:
            client.force_login(user)
        savepoint = transaction.savepoint()
        try:
            data = row.data(world) if method == "POST" else None
            response = client.post(target, data) if method == "POST" else client.get(target)
        finally:
            transaction.savepoint_rollback(savepoint)
        actual = _outcome(response, login_paths)
        if actual != row.methods[method][role]:
            mismatches.append(f"{role}: expected {row.methods[method][role]}, got {actual}")
    assert not mismatches, f"{method} {target}\n" + "\n".join(mismatches)


def test_projector_shows_a_qr_code_of_the_join_link(client: Client, world: World) -> None:
    import segno  # noqa: F401 - the dependency that draws it

    conversation = ConversationFactory.create(group=world.lubelskie.group)
    client.force_login(world.lubelskie.facilitator)
    html = client.get(url("dialogue:projector", slug=conversation.slug)).content.decode()
    assert 'class="projector-qr"' in html
    assert "<title>" in html and "style=" not in html.split('class="projector-qr"')[1][:2000]


# --- merging near-duplicates -----------------------------------------------------------------


def test_moderation_offers_similar_statements_for_merging(
    world: World, conversation: Conversation
) -> None:
    kept = StatementFactory.create(
        conversation=conversation, text="The region needs a joint cluster office"
    )
    StatementFactory.create(conversation=conversation, text="Firms should pay the full price")
    waiting = StatementFactory.create(
        conversation=conversation,
        text="The region needs one joint cluster office",
        state=Statement.State.PENDING,
    )
    response = _client(world.lubelskie.facilitator).get(
        url("dialogue:moderation", slug=conversation.slug)
    )
    [item] = response.context["queue"]
    assert item.statement == waiting
    assert [similar.statement for similar in item.similar] == [kept]
    page = response.content.decode()
    percent = round(item.similar[0].score * 100)
    assert f"{percent}% alike" in page
    assert f'name="into" value="{kept.pk}"' in page
    assert f"Merge into #{kept.pk}" in page
    assert "Firms should pay the full price" not in page


def test_moderation_shows_at_most_three_similar_statements(
    world: World, conversation: Conversation
) -> None:
    for ending in ("office", "offices", "desk", "hub", "centre"):
        StatementFactory.create(
            conversation=conversation, text=f"The region needs a joint cluster {ending}"
        )
    StatementFactory.create(
        conversation=conversation,
        text="The region needs a joint cluster bureau",
        state=Statement.State.PENDING,
    )
    response = _client(world.lubelskie.facilitator).get(
        url("dialogue:moderation", slug=conversation.slug)
    )
    assert len(response.context["queue"][0].similar) == 3


def test_merge_moves_the_votes_and_rejects_the_merged_statement(
    world: World, conversation: Conversation
) -> None:
    kept = StatementFactory.create(conversation=conversation, text="More training for SMEs")
    waiting = StatementFactory.create(
        conversation=conversation, text="More trainings for SMEs", state=Statement.State.PENDING
    )
    author, voter_on_both = (ParticipantFactory.create(conversation=conversation) for _ in "ab")
    Vote.objects.create(participant=author, statement=waiting, value=1)
    Vote.objects.create(participant=voter_on_both, statement=waiting, value=1)
    Vote.objects.create(participant=voter_on_both, statement=kept, value=-1)
    client = _client(world.lubelskie.facilitator)
    response = client.post(
        url("dialogue:moderation", slug=conversation.slug),
        {"decision": "merge", "statement": waiting.pk, "into": kept.pk},
    )
    assert response.status_code == 302
    assert response["Location"] == url("dialogue:moderation", slug=conversation.slug)
    waiting.refresh_from_db()
    assert waiting.state == Statement.State.REJECTED
    assert waiting.merged_into == kept
    votes = dict(Vote.objects.filter(statement=kept).values_list("participant_id", "value"))
    assert votes == {author.pk: 1, voter_on_both.pk: -1}  # a vote on the kept one wins
    assert AuditEntry.objects.filter(action="dialogue.statement.merged").exists()
    page = client.get(response["Location"])
    assert [str(m) for m in page.context["messages"]] == [
        f"Statement #{waiting.pk} is merged into #{kept.pk}; its votes moved there."
    ]
    assert "No statements are waiting." in page.content.decode()


def test_merge_into_another_conversations_statement_is_404(
    world: World, conversation: Conversation
) -> None:
    other = ConversationFactory.create(group=world.lubelskie.group)
    foreign = StatementFactory.create(conversation=other, text="More training for SMEs")
    waiting = StatementFactory.create(
        conversation=conversation, text="More trainings for SMEs", state=Statement.State.PENDING
    )
    response = _client(world.lubelskie.facilitator).post(
        url("dialogue:moderation", slug=conversation.slug),
        {"decision": "merge", "statement": waiting.pk, "into": foreign.pk},
    )
    assert response.status_code == 404
    waiting.refresh_from_db()
    assert waiting.state == Statement.State.PENDING and waiting.merged_into is None
    assert not AuditEntry.objects.filter(action="dialogue.statement.merged").exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"decision": "delete"}, "Choose a statement and whether to accept or reject it."),
        ({"decision": "merge", "into": "x"}, "Choose the statement to merge it into."),
        ({"decision": "merge"}, "Choose the statement to merge it into."),
        ({"decision": "merge", "into": "²"}, "Choose the statement to merge it into."),
    ],
    ids=["bad-decision", "bad-into", "no-into", "superscript-into"],
)
def test_bad_merge_input_is_a_message_and_changes_nothing(
    world: World, conversation: Conversation, data: dict[str, Any], message: str
) -> None:
    waiting = StatementFactory.create(conversation=conversation, state=Statement.State.PENDING)
    response = _client(world.lubelskie.facilitator).post(
        url("dialogue:moderation", slug=conversation.slug),
        {"statement": waiting.pk, **data},
        follow=True,
    )
    assert response.status_code == 200
    assert [(m.level_tag, str(m)) for m in response.context["messages"]] == [("error", message)]
    waiting.refresh_from_db()
    assert waiting.state == Statement.State.PENDING


def test_merge_refused_by_the_service_is_a_message(
    world: World, conversation: Conversation
) -> None:
    rejected = StatementFactory.create(
        conversation=conversation, text="More training", state=Statement.State.REJECTED
    )
    waiting = StatementFactory.create(
        conversation=conversation, text="More trainings", state=Statement.State.PENDING
    )
    client = _client(world.lubelskie.facilitator)
    moderation_url = url("dialogue:moderation", slug=conversation.slug)
    for into in (rejected, waiting):
        response = client.post(
            moderation_url,
            {"decision": "merge", "statement": waiting.pk, "into": into.pk},
            follow=True,
        )
        assert [m.level_tag for m in response.context["messages"]] == ["error"]
    waiting.refresh_from_db()
    assert waiting.state == Statement.State.PENDING


@pytest.mark.parametrize(
    "next_url", ["https://evil.example.org/", "//evil.example.org/x", "javascript:alert(1)"]
)
def test_merge_ignores_a_next_address_off_the_site(
    world: World, conversation: Conversation, next_url: str
) -> None:
    kept = StatementFactory.create(conversation=conversation, text="More training for SMEs")
    waiting = StatementFactory.create(
        conversation=conversation, text="More trainings for SMEs", state=Statement.State.PENDING
    )
    response = _client(world.lubelskie.facilitator).post(
        url("dialogue:moderation", slug=conversation.slug),
        {"decision": "merge", "statement": waiting.pk, "into": kept.pk, "next": next_url},
    )
    assert response["Location"] == url("dialogue:moderation", slug=conversation.slug)


def test_another_regions_facilitator_cannot_merge(world: World, conversation: Conversation) -> None:
    kept = StatementFactory.create(conversation=conversation, text="More training for SMEs")
    waiting = StatementFactory.create(
        conversation=conversation, text="More trainings for SMEs", state=Statement.State.PENDING
    )
    response = _client(world.attica.facilitator).post(
        url("dialogue:moderation", slug=conversation.slug),
        {"decision": "merge", "statement": waiting.pk, "into": kept.pk},
    )
    assert response.status_code == 404
    waiting.refresh_from_db()
    assert waiting.merged_into is None


def test_moderation_queries_stay_bounded_however_long_the_queue(
    world: World, conversation: Conversation
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from scaleup.dialogue.views_projector import MERGE_SUGGESTIONS_FOR

    def queue_of(total: int) -> int:
        while Statement.objects.filter(state=Statement.State.PENDING).count() < total:
            StatementFactory.create(conversation=conversation, state=Statement.State.PENDING)
        client.get(page)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(page).status_code == 200
        return len(queries.captured_queries)

    client = _client(world.lubelskie.facilitator)
    page = url("dialogue:moderation", slug=conversation.slug)
    assert queue_of(MERGE_SUGGESTIONS_FOR + 5) == queue_of(MERGE_SUGGESTIONS_FOR + 40)
