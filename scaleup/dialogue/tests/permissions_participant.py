"""Participant pages of live workshops (merged into `permissions.ROWS` by the lead).

Taking part is proved by a seat (cookie) or the account's participant, not by roles:
the page is open to whoever joined with the code, whatever their role. In these rows
only Lubelskie's member has joined; everyone else is sent to the join page, including
staff (they run the workshop from the projector page). Posting a vote or a statement
redirects back to the page (or to the join page without a seat).
"""

from __future__ import annotations

from typing import Any

from scaleup.access.tests.matrix import REDIRECT, Row, everyone
from scaleup.dialogue.models import Conversation, Statement
from scaleup.dialogue.tests.factories import (
    ConversationFactory,
    ParticipantFactory,
    StatementFactory,
)
from scaleup.testing.world import ROLES, World

SLUG = "matrix-workshop"


def _workshop(world: World, *, is_open: bool = True) -> dict[str, Any]:
    """A Lubelskie conversation with one statement, joined by Lubelskie's member."""
    conversation = ConversationFactory.create(
        group=world.lubelskie.group, slug=SLUG, is_open=is_open
    )
    StatementFactory.create(conversation=conversation, text="Firms and universities rarely meet")
    ParticipantFactory.create(conversation=conversation, user=world.lubelskie.member)
    return {"slug": conversation.slug}


def _join_code(world: World) -> dict[str, Any]:
    _workshop(world)
    return {}


def _vote(world: World) -> dict[str, Any]:
    statement = Statement.objects.get(conversation__slug=SLUG)
    return {
        "statement": statement.pk,
        "value": "1",
        "client_vote_id": "6f1c7a3e-2b9d-4c51-9a0e-3d8f5b2c1e77",
    }


def joined_only(outcome: Any) -> dict[str, Any]:
    """The member (who joined) gets `outcome`; everyone else goes to the join page."""
    return {**dict.fromkeys(ROLES, REDIRECT), "member": outcome}


PARTICIPANT_ROWS = [
    # The phones' vote API: only a seat token proves a participant there; neither roles nor
    # a signed-in session grant anything (the member's participant has no seat).
    Row(
        "live:next",
        get=everyone(401),
        kwargs=_workshop,
        notes="JSON problem detail: no seat",
    ),
    Row(
        "live:votes",
        get=everyone(405),
        post=everyone(401),
        kwargs=_workshop,
        data=_vote,
        notes="JSON problem detail: no seat; GET is not allowed",
    ),
    Row(
        "dialogue:join",
        get=everyone(200),
        post=everyone(REDIRECT),
        kwargs=_join_code,
        data=lambda w: {"code": Conversation.objects.get(slug=SLUG).join_code},
        notes="a valid code joins anyone (an anonymous seat, or the account's participant)",
    ),
    Row(
        "dialogue:conversation",
        get=joined_only(200),
        kwargs=_workshop,
        variant="open",
    ),
    Row(
        "dialogue:conversation",
        get=joined_only(200),
        kwargs=lambda w: _workshop(w, is_open=False),
        variant="closed",
        notes="read-only for those who joined",
    ),
    Row(
        "dialogue:conversation",
        get=everyone(404),
        kwargs=lambda w: {"slug": "no-such-workshop"},
        variant="unknown",
    ),
    Row(
        "dialogue:vote",
        get=everyone(REDIRECT),
        post=everyone(REDIRECT),
        kwargs=_workshop,
        data=_vote,
        notes="the member's vote counts, then back to the page; the others go to join",
    ),
    Row(
        "dialogue:statement",
        get=everyone(REDIRECT),
        post=everyone(REDIRECT),
        kwargs=_workshop,
        data=lambda w: {"text": "We need a shared calendar of calls", "kind": "proposal"},
        notes="the member's statement is added, then back to the page; the others go to join",
    ),
]
