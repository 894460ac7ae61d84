"""The open data: what each file holds and, as much, what it leaves out."""

from __future__ import annotations

import csv
import io
import uuid
from typing import Any

import pytest
from django.test import Client

from scaleup.dialogue import services as dialogue_services
from scaleup.dialogue.models import Statement
from scaleup.dialogue.tests.factories import (
    ConversationFactory,
    ParticipantFactory,
    StatementFactory,
)
from scaleup.meetings.tests.factories import MeetingFactory, RegistrationFactory
from scaleup.opendata.datasets import DATASETS
from scaleup.policy.lifecycle import State
from scaleup.policy.tests.factories import in_state
from scaleup.practices.tests.factories import GoodPracticeFactory
from scaleup.stakeholders.tests.factories import MembershipFactory, OrganisationFactory
from scaleup.testing.urls import url
from scaleup.testing.world import World

pytestmark = pytest.mark.django_db


def _csv(path: str) -> list[dict[str, str]]:
    response = Client().get(path)
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]
    return list(csv.DictReader(io.StringIO(text)))


def test_the_page_lists_every_dataset_with_its_dictionary(world: World) -> None:
    page = Client().get(url("opendata:index", "en")).content.decode()
    assert "CC BY 4.0" in page
    for dataset in DATASETS:
        assert url("opendata:download", "en", slug=dataset.slug) in page
        for column in dataset.columns:
            assert f"<code>{column.name}</code>" in page


def test_meetings_are_the_published_ones_with_their_counts_and_no_names(world: World) -> None:
    meeting = world.lubelskie.meeting
    RegistrationFactory.create(meeting=meeting, attended=True, email="ala@example.org")
    rows = _csv(url("opendata:download", slug="meetings"))
    slugs = {row["slug"] for row in rows}
    assert meeting.slug in slugs and world.lubelskie.draft_meeting.slug not in slugs
    ours = next(row for row in rows if row["slug"] == meeting.slug)
    assert ours["present"] == "1"
    assert int(ours["registered"]) == meeting.registrations.filter(status="confirmed").count()
    assert "@" not in str(rows)


def test_organisations_are_the_listed_current_members(world: World) -> None:
    listed = OrganisationFactory.create(name="=Klaster Lubelski", in_open_data=True)
    MembershipFactory.create(group=world.lubelskie.group, organisation=listed)
    MembershipFactory.create(
        group=world.lubelskie.group, organisation=OrganisationFactory.create(name="Nie chce")
    )
    names = [row["name"] for row in _csv(url("opendata:download", slug="organisations"))]
    assert names == ["'=Klaster Lubelski"]


def test_recommendations_are_those_of_the_accountability_pages(world: World) -> None:
    shown = in_state(State.SUBMITTED, group=world.lubelskie.group)
    in_state(State.DRAFT, group=world.lubelskie.group)
    rows = _csv(url("opendata:download", slug="recommendations"))
    assert [(row["id"], row["state"]) for row in rows] == [(str(shown.pk), "submitted")]


def test_good_practices_are_the_published_ones(world: World) -> None:
    published = GoodPracticeFactory.create(partner=world.lubelskie.partner)
    GoodPracticeFactory.create(partner=world.lubelskie.partner, is_published=False)
    rows = _csv(url("opendata:download", slug="good-practices"))
    assert [row["slug"] for row in rows] == [published.slug]


def test_an_unknown_dataset_is_not_found(world: World) -> None:
    assert Client().get(url("opendata:download", slug="people")).status_code == 404


def test_a_closed_workshop_keeps_only_accepted_statements_text(world: World) -> None:
    conversation = ConversationFactory.create(
        group=world.lubelskie.group, meeting=world.lubelskie.meeting
    )
    accepted = StatementFactory.create(conversation=conversation, text="Wspólne biuro klastrów")
    StatementFactory.create(
        conversation=conversation, text="Jan Kowalski kłamie", state=Statement.State.REJECTED
    )
    voter = ParticipantFactory.create(conversation=conversation, display_name="Ala")
    dialogue_services.cast_vote(
        participant=voter, statement=accepted, value=1, client_vote_id=uuid.uuid4()
    )
    conversation.is_open = False
    conversation.save()
    response = Client().get(url("opendata:workshop_file", slug=conversation.slug, file="comments"))
    text = b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]
    assert "Wspólne biuro klastrów" in text
    assert "Kowalski" not in text
    votes = Client().get(url("opendata:workshop_file", slug=conversation.slug, file="votes"))
    assert "Ala" not in b"".join(votes.streaming_content).decode()  # type: ignore[attr-defined]


def test_an_open_workshop_is_not_published_yet(world: World) -> None:
    conversation = ConversationFactory.create(group=world.lubelskie.group)
    response = Client().get(url("opendata:workshop_file", slug=conversation.slug, file="votes"))
    assert response.status_code == 404


def test_a_workshop_of_a_draft_meeting_is_not_published(world: World) -> None:
    meeting = MeetingFactory.create(group=world.lubelskie.group, is_published=False)
    conversation = ConversationFactory.create(
        group=world.lubelskie.group, meeting=meeting, is_open=False
    )
    response = Client().get(url("opendata:workshop_file", slug=conversation.slug, file="votes"))
    assert response.status_code == 404


def test_workshop_files_are_rate_limited_per_address(world: World, settings: Any) -> None:
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "open_data_workshop": "2/600"}
    conversation = ConversationFactory.create(
        group=world.lubelskie.group, meeting=world.lubelskie.meeting, is_open=False
    )
    address = url("opendata:workshop_file", slug=conversation.slug, file="summary")
    client = Client()
    assert [client.get(address).status_code for _ in range(3)] == [200, 200, 429]


def test_a_workshop_without_a_meeting_is_not_published(world: World) -> None:
    conversation = ConversationFactory.create(group=world.lubelskie.group, is_open=False)
    response = Client().get(url("opendata:workshop_file", slug=conversation.slug, file="votes"))
    assert response.status_code == 404
