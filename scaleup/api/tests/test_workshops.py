from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.conf import LazySettings

from scaleup.dialogue.models import Conversation, Statement, Vote, VoteEvent
from scaleup.dialogue.tests.factories import ConversationFactory, StatementFactory
from scaleup.testing.world import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def workshop(world: World) -> Conversation:
    return ConversationFactory.create(group=world.lubelskie.group)


def _joined(api_as: Any, user: Any, workshop: Conversation) -> Any:
    client = api_as(user)
    response = client.post("/api/v1/workshops/join", {"code": workshop.join_code})
    assert response.status_code == 200, response.content
    return client


def test_joining_with_a_wrong_code_points_at_the_code(world: World, api_as: Any) -> None:
    response = api_as(world.outsider).post("/api/v1/workshops/join", {"code": "ZZZZZZ"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["pointer"] == "/body/code"


def test_participant_reads_accepted_statements_only(
    world: World, api_as: Any, workshop: Conversation
) -> None:
    accepted = StatementFactory.create(conversation=workshop)
    StatementFactory.create(conversation=workshop, state=Statement.State.PENDING)
    client = _joined(api_as, world.outsider, workshop)
    items = client.get(f"/api/v1/workshops/{workshop.slug}/statements").json()["items"]
    assert [item["id"] for item in items] == [accepted.pk]


def test_statements_are_for_participants(world: World, api_as: Any, workshop: Conversation) -> None:
    response = api_as(world.outsider).get(f"/api/v1/workshops/{workshop.slug}/statements")
    assert response.status_code == 403
    assert response.json()["code"] == "not-a-participant"


def test_staff_read_every_statement_without_joining(
    world: World, api_as: Any, workshop: Conversation
) -> None:
    StatementFactory.create(conversation=workshop, state=Statement.State.PENDING)
    client = api_as(world.lubelskie.facilitator)
    items = client.get(f"/api/v1/workshops/{workshop.slug}/statements").json()["items"]
    assert [item["state"] for item in items] == ["pending"]


def test_participant_adds_a_statement_and_agrees_with_it(
    world: World, api_as: Any, workshop: Conversation
) -> None:
    client = _joined(api_as, world.outsider, workshop)
    response = client.post(
        f"/api/v1/workshops/{workshop.slug}/statements",
        {"text": "Clusters need export advisers.", "kind": "proposal"},
    )
    assert response.status_code == 201, response.content
    statement = Statement.objects.get(pk=response.json()["id"])
    assert Vote.objects.get(statement=statement).value == 1


def test_a_vote_sent_twice_counts_once(world: World, api_as: Any, workshop: Conversation) -> None:
    statement = StatementFactory.create(conversation=workshop)
    client = _joined(api_as, world.outsider, workshop)
    body = {"statement": statement.pk, "vote": -1, "vote_id": str(uuid.uuid4())}
    first = client.post(f"/api/v1/workshops/{workshop.slug}/votes", body)
    again = client.post(f"/api/v1/workshops/{workshop.slug}/votes", body)
    assert (first.status_code, again.status_code) == (201, 201)
    assert VoteEvent.objects.filter(statement=statement).count() == 1


def test_vote_on_a_closed_workshop_is_a_conflict(
    world: World, api_as: Any, workshop: Conversation
) -> None:
    statement = StatementFactory.create(conversation=workshop)
    client = _joined(api_as, world.outsider, workshop)
    Conversation.objects.filter(pk=workshop.pk).update(is_open=False)
    body = {"statement": statement.pk, "vote": 1, "vote_id": str(uuid.uuid4())}
    response = client.post(f"/api/v1/workshops/{workshop.slug}/votes", body)
    assert response.status_code == 409
    assert not Vote.objects.filter(statement=statement).exists()


def test_vote_on_another_workshops_statement_is_not_found(
    world: World, api_as: Any, workshop: Conversation
) -> None:
    elsewhere = StatementFactory.create()
    client = _joined(api_as, world.outsider, workshop)
    body = {"statement": elsewhere.pk, "vote": 1, "vote_id": str(uuid.uuid4())}
    assert client.post(f"/api/v1/workshops/{workshop.slug}/votes", body).status_code == 404


def test_a_vote_out_of_range_is_refused_by_the_schema(
    world: World, api_as: Any, workshop: Conversation
) -> None:
    statement = StatementFactory.create(conversation=workshop)
    client = _joined(api_as, world.outsider, workshop)
    body = {"statement": statement.pk, "vote": 2, "vote_id": str(uuid.uuid4())}
    response = client.post(f"/api/v1/workshops/{workshop.slug}/votes", body)
    assert response.status_code == 422
    assert response.json()["errors"][0]["pointer"] == "/body/vote"


def test_another_regions_staff_get_404_for_the_statements(
    world: World, api_as: Any, workshop: Conversation
) -> None:
    response = api_as(world.attica.facilitator).get(f"/api/v1/workshops/{workshop.slug}/statements")
    assert response.status_code == 404


def test_joining_a_closed_workshop_is_a_conflict(
    world: World, api_as: Any, workshop: Conversation
) -> None:
    Conversation.objects.filter(pk=workshop.pk).update(is_open=False)
    response = api_as(world.outsider).post("/api/v1/workshops/join", {"code": workshop.join_code})
    assert response.status_code == 409
    assert not workshop.participants.exists()


def test_guessing_join_codes_is_rate_limited(
    world: World, api_as: Any, settings: LazySettings
) -> None:
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "workshop_join": "2/60"}
    client = api_as(world.outsider)
    codes = [client.post("/api/v1/workshops/join", {"code": "ZZZZZZ"}) for _ in range(3)]
    assert [response.status_code for response in codes] == [422, 422, 429]
    assert codes[-1]["Retry-After"]
    assert codes[-1]["Content-Type"] == "application/problem+json"
