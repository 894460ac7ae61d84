"""List pages run the same number of queries however many rows they show."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from scaleup.core.audit import record
from scaleup.dialogue.models import Conversation, Statement
from scaleup.dialogue.tests.factories import (
    ConversationFactory,
    ParticipantFactory,
    StatementFactory,
    VoteFactory,
)
from scaleup.meetings.tests.factories import MeetingFactory, RegistrationFactory
from scaleup.news.models import Post
from scaleup.news.tests.factories import PostFactory
from scaleup.stakeholders.tests.factories import (
    ApplicationFactory,
    MembershipFactory,
    PersonFactory,
)
from scaleup.testing.urls import url
from scaleup.workspace.tests.factories import make_document, make_invitation

pytestmark = pytest.mark.django_db


def _more_applications(world, n):
    for _ in range(n):
        ApplicationFactory.create(group=world.lubelskie.group)


def _more_meetings(world, n):
    for _ in range(n):
        RegistrationFactory.create(meeting=MeetingFactory.create(group=world.lubelskie.group))


def _more_registrations(world, n):
    for _ in range(n):
        RegistrationFactory.create(meeting=world.lubelskie.meeting)


def _more_posts(world, n):
    for _ in range(n):
        PostFactory.create(
            partner=world.lubelskie.partner, status=Post.Status.DRAFT, published_at=None
        )


def _more_entries(world, n):
    for number in range(n):
        record(
            actor=world.lubelskie.facilitator,
            action="test.entry",
            target=world.lubelskie.group,
            changes={"n": [number, number + 1]},
        )


def _more_members(world, n):
    for _ in range(n):
        membership = MembershipFactory.create(group=world.lubelskie.group)
        person = PersonFactory.create(organisation=membership.organisation)
        make_invitation(world.lubelskie.group, membership.organisation, email=f"x.{person.email}")


def _more_documents(world, n):
    for _ in range(n):
        make_document(world.lubelskie.group)


WORKSHOP = "workshop-queries"


def _workshop(world):
    return Conversation.objects.filter(slug=WORKSHOP).first() or ConversationFactory.create(
        group=world.lubelskie.group, slug=WORKSHOP, meeting=world.lubelskie.meeting
    )


def _more_workshops(world, n):
    for _ in range(n):
        conversation = ConversationFactory.create(
            group=world.lubelskie.group, meeting=world.lubelskie.meeting
        )
        VoteFactory.create(statement=StatementFactory.create(conversation=conversation))
        StatementFactory.create(conversation=conversation, state=Statement.State.PENDING)


def _more_statements(world, n):
    conversation = _workshop(world)
    for _ in range(n):
        statement = StatementFactory.create(conversation=conversation)
        VoteFactory.create(statement=statement)
        ParticipantFactory.create(conversation=conversation)
    StatementFactory.create(conversation=conversation, state=Statement.State.PENDING)


PAGES = [
    ("workspace:applications", {}, _more_applications),
    ("workspace:meetings", {}, _more_meetings),
    ("workspace:meeting", {"pk": "meeting"}, _more_registrations),
    ("workspace:posts", {}, _more_posts),
    ("workspace:audit", {}, _more_entries),
    ("workspace:members", {"slug": "group"}, _more_members),
    ("workspace:documents", {"slug": "group"}, _more_documents),
    ("workspace:group", {"slug": "group"}, _more_members),
    ("workspace:group", {"slug": "group"}, _more_documents),
    ("workspace:dashboard", {}, _more_meetings),
    ("workspace:workshops", {}, _more_workshops),
    ("workspace:workshop", {"slug": "workshop"}, _more_statements),
    ("workspace:meeting", {"pk": "meeting"}, _more_workshops),
]


@pytest.mark.parametrize(
    ("name", "kwargs", "grow"), PAGES, ids=[p[0] + "-" + p[2].__name__ for p in PAGES]
)
def test_queries_do_not_grow_with_rows(client, world, name, kwargs, grow):
    values = {
        "meeting": world.lubelskie.meeting.pk,
        "group": world.lubelskie.group.slug,
        "workshop": _workshop(world).slug,
    }
    page = url(name, **{key: values[value] for key, value in kwargs.items()})
    client.force_login(world.lubelskie.facilitator)
    grow(world, 2)
    client.get(page)  # warm caches (content types, session)
    with CaptureQueriesContext(connection) as few:
        assert client.get(page).status_code == 200
    grow(world, 30)
    with CaptureQueriesContext(connection) as many:
        assert client.get(page).status_code == 200
    assert len(many.captured_queries) <= len(few.captured_queries), "\n".join(
        query["sql"] for query in many.captured_queries
    )
