from __future__ import annotations

import pytest
from django.test import Client

from scaleup.meetings.models import Meeting
from scaleup.practices.tests.factories import GoodPracticeFactory, LessonFactory
from scaleup.testing.spreadsheets import xlsx_rows
from scaleup.testing.world import World

pytestmark = pytest.mark.django_db


def test_managed_practices_export_includes_drafts_of_own_partner_only(world: World) -> None:
    GoodPracticeFactory.create(partner=world.lubelskie.partner, title="Szkic", is_published=False)
    GoodPracticeFactory.create(partner=world.attica.partner, title="Attica practice")
    client = Client()
    client.force_login(world.lubelskie.facilitator)
    rows = xlsx_rows(client.get("/en/practices/manage/practices.xlsx"))
    assert [(row[1], row[8]) for row in rows[1:]] == [("Szkic", "no")]


def test_lessons_export_lists_the_lessons_of_the_event_in_order(world: World) -> None:
    meeting = world.lubelskie.meeting
    Meeting.objects.filter(pk=meeting.pk).update(format="study_visit")
    practice = GoodPracticeFactory.create(partner=world.lubelskie.partner, title="Okienko")
    first = LessonFactory.create(meeting=meeting, text="Pierwsza lekcja")
    first.practices.add(practice)
    LessonFactory.create(meeting=meeting, text="Druga lekcja")
    LessonFactory.create(text="Lekcja innego wydarzenia")
    client = Client()
    client.force_login(world.lubelskie.facilitator)
    rows = xlsx_rows(client.get(f"/en/practices/events/{meeting.pk}/lessons.xlsx"))
    assert [row[:3] for row in rows[1:]] == [
        [1, "Pierwsza lekcja", "Okienko"],
        [2, "Druga lekcja", None],
    ]


def test_lessons_export_is_only_for_learning_events(world: World) -> None:
    client = Client()
    client.force_login(world.lubelskie.facilitator)
    response = client.get(f"/en/practices/events/{world.lubelskie.meeting.pk}/lessons.xlsx")
    assert response.status_code == 404
