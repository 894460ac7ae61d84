"""The recommendation pages and the chain pages run the same number of queries for 2 or
20 recommendations, statements and votes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from scaleup.dialogue.models import Participant, Vote
from scaleup.dialogue.tests.factories import ConversationFactory, StatementFactory
from scaleup.policy.lifecycle import State
from scaleup.policy.models import Recommendation
from scaleup.policy.tests.factories import EndorsementFactory, in_state
from scaleup.testing.urls import url
from scaleup.testing.world import World

pytestmark = pytest.mark.django_db


def _cited(world: World, recommendation: Recommendation, count: int) -> None:
    """`count` more statements with votes behind the recommendation, and endorsements."""
    conversation = ConversationFactory.create(group=world.lubelskie.group)
    people = [Participant.objects.create(conversation=conversation) for _ in range(3)]
    for _ in range(count):
        statement = StatementFactory.create(conversation=conversation)
        recommendation.supports.create(statement=statement)
        for person in people:
            Vote.objects.create(participant=person, statement=statement, value=1)
        EndorsementFactory.create(recommendation=recommendation)


def _the_recommendation(world: World) -> Recommendation:
    found = Recommendation.objects.filter(title_pl="Badana").first()
    return found or in_state(State.SUBMITTED, group=world.lubelskie.group, title_pl="Badana")


def _more_recommendations(world: World, count: int) -> None:
    measure = _the_recommendation(world).measure
    for _ in range(count):
        _cited(world, in_state(State.ACCEPTED, group=world.lubelskie.group, measure=measure), 1)


def _more_statements(world: World, count: int) -> None:
    _cited(world, _the_recommendation(world), count)


PAGES: list[tuple[str, Callable[[World], dict[str, Any]], Callable[[World, int], None]]] = [
    (
        "policy:recommendations",
        lambda world: {"slug": world.lubelskie.group.slug},
        _more_recommendations,
    ),
    (
        "policy:recommendation",
        lambda world: {"pk": _the_recommendation(world).pk},
        _more_statements,
    ),
    (
        "accountability:instrument",
        lambda world: {"pk": _the_recommendation(world).instrument_id},
        _more_recommendations,
    ),
    (
        "accountability:recommendation",
        lambda world: {"pk": _the_recommendation(world).pk},
        _more_statements,
    ),
    ("accountability:instruments", lambda world: {}, _more_recommendations),
]


@pytest.mark.parametrize(
    ("name", "kwargs", "grow"), PAGES, ids=[f"{name}-{grow.__name__}" for name, _, grow in PAGES]
)
def test_queries_do_not_grow_with_rows(
    client: Client,
    world: World,
    name: str,
    kwargs: Callable[[World], dict[str, Any]],
    grow: Callable[[World, int], None],
) -> None:
    client.force_login(world.lubelskie.facilitator)
    page = url(name, **kwargs(world))
    grow(world, 2)
    client.get(page)  # warm caches (content types, session)
    with CaptureQueriesContext(connection) as few:
        assert client.get(page).status_code == 200
    grow(world, 20)
    with CaptureQueriesContext(connection) as many:
        assert client.get(page).status_code == 200
    assert len(many.captured_queries) <= len(few.captured_queries), "\n".join(
        query["sql"] for query in many.captured_queries
    )
