"""The participant page: join by code, vote with one tap, add a statement, with and
without htmx."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.conf import LazySettings
from django.test import Client

from scaleup.dialogue import services
from scaleup.dialogue.models import (
    STATEMENT_MAX_LENGTH,
    Conversation,
    Participant,
    Statement,
    Vote,
    VoteEvent,
)
from scaleup.dialogue.selectors import seat_cookie_name
from scaleup.dialogue.tests.factories import ConversationFactory, StatementFactory
from scaleup.testing.urls import url
from scaleup.testing.users import make_user

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def _url(name: str, **kwargs: Any) -> str:
    """English pages: messages are asserted in the source language."""
    return url(name, language="en", **kwargs)


def _join(client: Client, conversation: Conversation) -> Participant:
    response = client.post(_url("dialogue:join"), {"code": conversation.join_code})
    assert response.status_code == 302
    assert response["Location"] == _url("dialogue:conversation", slug=conversation.slug)
    participant = Participant.objects.filter(conversation=conversation).order_by("-id").first()
    assert participant is not None
    return participant


def _vote_data(statement: Statement, value: int, client_vote_id: str = "") -> dict[str, str]:
    return {
        "statement": str(statement.pk),
        "value": str(value),
        "client_vote_id": client_vote_id or str(uuid.uuid4()),
    }


# --- Joining --------------------------------------------------------------------------------


def test_join_page_shows_form_and_privacy_clause(client: Client) -> None:
    response = client.get(_url("dialogue:join"))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'name="code"' in body
    assert "Art. 13" in body or "RODO" in body or "privacy-notice" in body


def test_join_prefills_code_from_the_qr_link(client: Client) -> None:
    response = client.get(_url("dialogue:join") + "?code=abc-def")
    assert 'value="ABCDEF"' in response.content.decode()


def test_join_with_the_right_code_sets_a_seat_cookie(client: Client) -> None:
    conversation = ConversationFactory.create()
    response = client.post(_url("dialogue:join"), {"code": conversation.join_code.lower()})
    assert response.status_code == 302
    assert response["Location"] == _url("dialogue:conversation", slug=conversation.slug)
    cookie = response.cookies[seat_cookie_name(conversation)]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert cookie["max-age"] >= 60 * 60 * 24 * 30
    assert Participant.objects.filter(conversation=conversation, user=None).count() == 1


def test_seat_cookie_is_secure_when_https(client: Client, settings: LazySettings) -> None:
    settings.HTTPS = True
    conversation = ConversationFactory.create()
    response = client.post(_url("dialogue:join"), {"code": conversation.join_code})
    assert response.cookies[seat_cookie_name(conversation)]["secure"]


def test_join_with_a_wrong_code_says_so(client: Client) -> None:
    ConversationFactory.create(join_code="ABCDEF")
    response = client.post(_url("dialogue:join"), {"code": "ZZZZZZ"})
    assert response.status_code == 200
    assert "No open conversation has the code" in response.content.decode()
    assert not Participant.objects.exists()


def test_join_with_an_empty_code_says_so(client: Client) -> None:
    response = client.post(_url("dialogue:join"), {"code": ""})
    assert response.status_code == 200
    assert "Type the code shown on the screen." in response.content.decode()


def test_join_a_closed_conversation_is_refused(client: Client) -> None:
    conversation = ConversationFactory.create(is_open=False)
    response = client.post(_url("dialogue:join"), {"code": conversation.join_code})
    assert response.status_code == 200
    assert "This conversation is closed" in response.content.decode()
    assert not Participant.objects.exists()


def test_join_is_rate_limited(client: Client, settings: LazySettings) -> None:
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "workshop_join": "3/600"}
    for _attempt in range(3):
        assert client.post(_url("dialogue:join"), {"code": "ZZZZZZ"}).status_code == 200
    response = client.post(_url("dialogue:join"), {"code": "ZZZZZZ"})
    assert response.status_code == 429
    assert "Retry-After" in response
    assert client.get(_url("dialogue:join")).status_code == 200


def test_the_seat_cookie_keeps_the_same_participant(client: Client) -> None:
    conversation = ConversationFactory.create()
    first = _join(client, conversation)
    again = _join(client, conversation)
    assert first == again
    assert Participant.objects.filter(conversation=conversation).count() == 1
    other_phone = Client()
    assert _join(other_phone, conversation) != first


def test_a_signed_in_user_joins_as_themselves(client: Client) -> None:
    user = make_user("ala@example.org")
    client.force_login(user)
    conversation = ConversationFactory.create()
    response = client.post(_url("dialogue:join"), {"code": conversation.join_code})
    assert response.status_code == 302
    assert seat_cookie_name(conversation) not in response.cookies
    assert Participant.objects.get(conversation=conversation).user == user
    assert client.get(_url("dialogue:conversation", slug=conversation.slug)).status_code == 200


def test_without_a_seat_the_conversation_page_sends_to_join(client: Client) -> None:
    conversation = ConversationFactory.create()
    response = client.get(_url("dialogue:conversation", slug=conversation.slug))
    assert response.status_code == 302
    assert response["Location"] == _url("dialogue:join")


def test_unknown_conversation_is_404(client: Client) -> None:
    assert client.get(_url("dialogue:conversation", slug="no-such-thing")).status_code == 404


# --- The page and voting ----------------------------------------------------------------------


def test_conversation_page_shows_one_statement_and_progress(client: Client) -> None:
    conversation = ConversationFactory.create()
    first, second = StatementFactory.create_batch(2, conversation=conversation)
    _join(client, conversation)
    response = client.get(_url("dialogue:conversation", slug=conversation.slug))
    body = response.content.decode()
    assert response.status_code == 200
    assert conversation.question in body
    assert (first.text in body) != (second.text in body)
    assert "You have voted on 0 of 2 statements." in body
    assert body.count('name="client_vote_id"') == 1
    assert 'hx-post="' in body and 'maxlength="400"' in body


def test_vote_is_counted_and_the_next_statement_follows(client: Client) -> None:
    conversation = ConversationFactory.create()
    first, second = StatementFactory.create_batch(2, conversation=conversation)
    participant = _join(client, conversation)
    page = client.get(_url("dialogue:conversation", slug=conversation.slug))
    shown = page.context["statement"]
    response = client.post(_url("dialogue:vote", slug=conversation.slug), _vote_data(shown, 1))
    assert response.status_code == 302
    assert response["Location"] == _url("dialogue:conversation", slug=conversation.slug)
    assert Vote.objects.get(participant=participant).statement == shown
    page = client.get(_url("dialogue:conversation", slug=conversation.slug))
    body = page.content.decode()
    assert page.context["statement"] == ({first, second} - {shown}).pop()
    assert "Your vote was recorded: you agree." in body
    assert "You have voted on 1 of 2 statements." in body


def test_a_resubmitted_vote_form_is_counted_once(client: Client) -> None:
    conversation = ConversationFactory.create()
    statement = StatementFactory.create(conversation=conversation)
    participant = _join(client, conversation)
    data = _vote_data(statement, -1)
    for _attempt in range(3):
        assert client.post(_url("dialogue:vote", slug=conversation.slug), data).status_code == 302
    assert Vote.objects.filter(participant=participant).count() == 1
    assert VoteEvent.objects.filter(participant=participant).count() == 1


def test_a_revote_replaces_the_vote(client: Client) -> None:
    conversation = ConversationFactory.create()
    statement = StatementFactory.create(conversation=conversation)
    participant = _join(client, conversation)
    client.post(_url("dialogue:vote", slug=conversation.slug), _vote_data(statement, 1))
    client.post(_url("dialogue:vote", slug=conversation.slug), _vote_data(statement, -1))
    vote = Vote.objects.get(participant=participant)
    assert vote.value == -1


def test_every_statement_seen_says_so(client: Client) -> None:
    conversation = ConversationFactory.create()
    statement = StatementFactory.create(conversation=conversation)
    _join(client, conversation)
    client.post(_url("dialogue:vote", slug=conversation.slug), _vote_data(statement, 0))
    body = client.get(_url("dialogue:conversation", slug=conversation.slug)).content.decode()
    assert "You have seen every statement" in body
    assert 'name="client_vote_id"' not in body


def test_htmx_vote_returns_the_next_card(client: Client) -> None:
    conversation = ConversationFactory.create()
    StatementFactory.create_batch(2, conversation=conversation)
    _join(client, conversation)
    shown = client.get(_url("dialogue:conversation", slug=conversation.slug)).context["statement"]
    response = client.post(
        _url("dialogue:vote", slug=conversation.slug), _vote_data(shown, 1), headers=HTMX
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert body.startswith('<section id="statement-card"')
    assert "<html" not in body
    assert response.context["statement"] != shown
    assert 'hx-swap-oob="true"' in body and "you agree" in body


def test_voting_in_a_closed_conversation_is_refused(client: Client) -> None:
    conversation = ConversationFactory.create()
    statement = StatementFactory.create(conversation=conversation)
    participant = _join(client, conversation)
    Conversation.objects.filter(pk=conversation.pk).update(is_open=False)
    page = client.get(_url("dialogue:conversation", slug=conversation.slug))
    body = page.content.decode()
    assert "This conversation is closed" in body
    assert 'name="client_vote_id"' not in body and 'name="text"' not in body
    client.post(_url("dialogue:vote", slug=conversation.slug), _vote_data(statement, 1))
    assert not Vote.objects.filter(participant=participant).exists()
    response = client.post(
        _url("dialogue:statement", slug=conversation.slug), {"text": "Late idea", "kind": "gap"}
    )
    assert response.status_code == 200
    assert "This conversation is closed." in response.content.decode()
    assert not Statement.objects.filter(text="Late idea").exists()


def test_a_participant_of_one_conversation_cannot_vote_in_another(client: Client) -> None:
    mine = ConversationFactory.create()
    other = ConversationFactory.create()
    foreign = StatementFactory.create(conversation=other)
    participant = _join(client, mine)
    # Through the other conversation's address: no seat there.
    response = client.post(_url("dialogue:vote", slug=other.slug), _vote_data(foreign, 1))
    assert response.status_code == 302
    assert response["Location"] == _url("dialogue:join")
    # Through one's own address with the other's statement: not found.
    response = client.post(_url("dialogue:vote", slug=mine.slug), _vote_data(foreign, 1))
    assert response.status_code == 404
    assert not Vote.objects.filter(participant=participant).exists()
    assert not Vote.objects.filter(statement=foreign).exists()


def test_a_bad_vote_form_is_refused_with_a_message(client: Client) -> None:
    conversation = ConversationFactory.create()
    statement = StatementFactory.create(conversation=conversation)
    _join(client, conversation)
    data = {**_vote_data(statement, 1), "value": "7"}
    response = client.post(_url("dialogue:vote", slug=conversation.slug), data, follow=True)
    assert "Choose agree, disagree or pass." in response.content.decode()
    assert not Vote.objects.exists()


def test_get_on_the_action_urls_goes_back_to_the_page(client: Client) -> None:
    conversation = ConversationFactory.create()
    for name in ("dialogue:vote", "dialogue:statement"):
        response = client.get(_url(name, slug=conversation.slug))
        assert response["Location"] == _url("dialogue:conversation", slug=conversation.slug)


# --- Adding statements ----------------------------------------------------------------------


def test_posting_a_statement(client: Client) -> None:
    conversation = ConversationFactory.create()
    participant = _join(client, conversation)
    response = client.post(
        _url("dialogue:statement", slug=conversation.slug),
        {"text": "Universities rarely hear what firms need.", "kind": "gap"},
    )
    assert response.status_code == 302
    statement = Statement.objects.get(conversation=conversation)
    assert statement.author == participant
    assert statement.kind == "gap"
    assert statement.state == Statement.State.ACCEPTED
    body = client.get(_url("dialogue:conversation", slug=conversation.slug)).content.decode()
    assert "Your statement has been added" in body


def test_posting_under_pre_moderation_says_it_waits(client: Client) -> None:
    conversation = ConversationFactory.create(moderation=Conversation.Moderation.PRE)
    _join(client, conversation)
    response = client.post(
        _url("dialogue:statement", slug=conversation.slug),
        {"text": "A shared calendar of calls would help.", "kind": "proposal"},
        follow=True,
    )
    assert "once a facilitator has accepted it" in response.content.decode()
    assert Statement.objects.get().state == Statement.State.PENDING


def test_an_empty_statement_is_refused(client: Client) -> None:
    conversation = ConversationFactory.create()
    _join(client, conversation)
    response = client.post(
        _url("dialogue:statement", slug=conversation.slug), {"text": "  ", "kind": "insight"}
    )
    assert response.status_code == 200
    assert "Write a statement first." in response.content.decode()
    assert not Statement.objects.exists()


def test_a_too_long_statement_is_refused(client: Client) -> None:
    conversation = ConversationFactory.create()
    _join(client, conversation)
    text = "x" * (STATEMENT_MAX_LENGTH + 1)
    response = client.post(
        _url("dialogue:statement", slug=conversation.slug), {"text": text, "kind": "insight"}
    )
    body = response.content.decode()
    assert "at most 400 characters; this one has 401" in body
    assert text in body  # kept in the box, so it can be shortened
    assert not Statement.objects.exists()


def test_a_duplicate_statement_names_the_existing_one(client: Client) -> None:
    conversation = ConversationFactory.create()
    StatementFactory.create(conversation=conversation, text="More training for SMEs!")
    _join(client, conversation)
    response = client.post(
        _url("dialogue:statement", slug=conversation.slug),
        {"text": "more training for smes", "kind": "insight"},
    )
    body = response.content.decode()
    assert "This statement has already been posted" in body
    assert "More training for SMEs!" in body
    assert Statement.objects.count() == 1


def test_near_duplicates_are_offered_before_posting(client: Client) -> None:
    conversation = ConversationFactory.create()
    existing = StatementFactory.create(
        conversation=conversation, text="Clusters should share their laboratories with firms"
    )
    participant = _join(client, conversation)
    data = {"text": "Clusters should share their laboratories with the firms", "kind": "proposal"}
    response = client.post(_url("dialogue:statement", slug=conversation.slug), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Similar statements exist" in body
    assert existing.text in body
    assert body.count('name="client_vote_id"') == 2  # the card's form and the similar one's
    assert Statement.objects.count() == 1
    # Posting anyway.
    response = client.post(
        _url("dialogue:statement", slug=conversation.slug), {**data, "confirm_similar": "1"}
    )
    assert response.status_code == 302
    assert Statement.objects.filter(author=participant).count() == 1


def test_htmx_statement_post_returns_the_form_fragment(client: Client) -> None:
    conversation = ConversationFactory.create()
    _join(client, conversation)
    response = client.post(
        _url("dialogue:statement", slug=conversation.slug),
        {"text": "Regional funds are hard to combine.", "kind": "experience"},
        headers=HTMX,
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert body.startswith('<section id="add-statement"')
    assert "Your statement has been added" in body
    response = client.post(
        _url("dialogue:statement", slug=conversation.slug),
        {"text": "", "kind": "gap"},
        headers=HTMX,
    )
    assert "Write a statement first." in response.content.decode()


def test_statement_without_a_seat_goes_to_join(client: Client) -> None:
    conversation = ConversationFactory.create()
    response = client.post(
        _url("dialogue:statement", slug=conversation.slug), {"text": "Hi", "kind": "gap"}
    )
    assert response["Location"] == _url("dialogue:join")
    response = client.post(
        _url("dialogue:statement", slug=conversation.slug),
        {"text": "Hi", "kind": "gap"},
        headers=HTMX,
    )
    assert response["HX-Redirect"] == _url("dialogue:join")
    assert not Statement.objects.exists()


def test_service_vote_and_page_agree(client: Client) -> None:
    """A vote cast elsewhere (another tab) counts in the page's progress."""
    conversation = ConversationFactory.create()
    statement = StatementFactory.create(conversation=conversation)
    participant = _join(client, conversation)
    services.cast_vote(
        participant=participant, statement=statement, value=1, client_vote_id=uuid.uuid4()
    )
    body = client.get(_url("dialogue:conversation", slug=conversation.slug)).content.decode()
    assert "You have voted on 1 of 1 statements." in body
