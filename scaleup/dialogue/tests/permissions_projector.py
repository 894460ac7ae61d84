"""The facilitator's projector, its live fragment, open/close and the moderation queue:
staff of the conversation's region (Lubelskie) only; Attica's facilitator gets 404, members
403. Every row creates its own conversation in Lubelskie's group."""

from __future__ import annotations

from typing import Any

from scaleup.access.tests.matrix import REDIRECT, Row, staff
from scaleup.dialogue.models import Statement
from scaleup.dialogue.tests.factories import ConversationFactory, StatementFactory
from scaleup.testing.world import World


def _conversation(world: World, **fields: Any) -> dict[str, Any]:
    conversation = ConversationFactory.create(group=world.lubelskie.group, **fields)
    return {"slug": conversation.slug}


def _with_pending(world: World) -> dict[str, Any]:
    conversation = ConversationFactory.create(group=world.lubelskie.group)
    StatementFactory.create(conversation=conversation, state=Statement.State.PENDING)
    return {"slug": conversation.slug}


def _accept_pending(world: World) -> dict[str, Any]:
    pending = Statement.objects.filter(
        conversation__group=world.lubelskie.group, state=Statement.State.PENDING
    ).latest("pk")
    return {"statement": pending.pk, "decision": "accept"}


PROJECTOR_ROWS: list[Row] = [
    Row("dialogue:projector", get=staff(200), kwargs=_conversation),
    Row("dialogue:projector_live", get=staff(200), kwargs=_conversation),
    Row(
        "dialogue:projector_events",
        get=staff(204),
        post=staff(405),
        kwargs=_conversation,
        notes="the test client is WSGI: 204 says 'poll instead'; under ASGI a stream",
    ),
    Row(
        "dialogue:moderation",
        get=staff(200),
        post=staff(REDIRECT),
        kwargs=_with_pending,
        data=_accept_pending,
    ),
    Row(
        "dialogue:conversation_close",
        get=staff(405),
        post=staff(REDIRECT),
        kwargs=_conversation,
    ),
    Row(
        "dialogue:conversation_open",
        get=staff(405),
        post=staff(REDIRECT),
        kwargs=lambda world: _conversation(world, is_open=False),
    ),
]
