from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from icalendar import Calendar

from scaleup.meetings.models import Registration
from scaleup.meetings.tests.factories import AgendaItemFactory, MeetingFactory, RegistrationFactory
from scaleup.testing.urls import url

pytestmark = pytest.mark.django_db

VALID = {
    "full_name": "Ewa Wiśniewska",
    "email": "ewa@example.org",
    "organisation_name": "Klaster Dolina",
    "organisation_kind": "cluster",
    "consent": "on",
}


@pytest.mark.parametrize(("language", "title"), [("pl", "Spotkanie"), ("en", "Meeting")])
def test_list_shows_meetings_in_each_language(client, language, title):
    meeting = MeetingFactory.create(title_pl="Spotkanie grupy", title_en="Group meeting")
    response = client.get(url("meetings:list", language))
    assert response.status_code == 200
    assert (meeting.title_pl if language == "pl" else meeting.title_en) in response.text
    assert f'lang="{language}"' in response.text


def test_list_separates_upcoming_and_past(client):
    MeetingFactory.create(title_pl="Przyszłe")
    MeetingFactory.create(title_pl="Minione", past=True)
    text = client.get(url("meetings:list")).text
    assert text.index("Przyszłe") < text.index("Minione")


def test_detail_shows_agenda_and_kind_counts_in_english(client):
    meeting = MeetingFactory.create()
    AgendaItemFactory.create(meeting=meeting, title_en="Cluster panel")
    RegistrationFactory.create(meeting=meeting, organisation_kind="cluster")
    response = client.get(url("meetings:detail", "en", slug=meeting.slug))
    assert response.status_code == 200
    assert "Cluster panel" in response.text
    assert "Cluster organisation" in response.text


def test_unpublished_meeting_is_not_found(client):
    meeting = MeetingFactory.create(is_published=False)
    assert client.get(url("meetings:detail", slug=meeting.slug)).status_code == 404


def test_register_redirects_to_registration_page(client):
    meeting = MeetingFactory.create()
    response = client.post(url("meetings:detail", slug=meeting.slug), VALID)
    registration = Registration.objects.get()
    assert response.status_code == 302
    assert response.url == url("meetings:registration", token=registration.token)


def test_register_with_htmx_returns_confirmation_fragment(client):
    meeting = MeetingFactory.create()
    response = client.post(
        url("meetings:detail", "en", slug=meeting.slug), VALID, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert "You are registered" in response.text
    assert "<html" not in response.text


def test_register_full_meeting_says_waiting_list(client):
    meeting = MeetingFactory.create(capacity=1)
    RegistrationFactory.create(meeting=meeting)
    response = client.post(url("meetings:detail", "en", slug=meeting.slug), VALID, follow=True)
    assert "waiting list" in response.text


@pytest.mark.parametrize(
    ("field", "value"),
    [("full_name", ""), ("email", "not-an-email"), ("organisation_kind", "bank"), ("consent", "")],
)
def test_invalid_registration_shows_field_error_and_saves_nothing(client, field, value):
    meeting = MeetingFactory.create()
    data = VALID | {field: value}
    if not value:
        data.pop(field)
    response = client.post(url("meetings:detail", "en", slug=meeting.slug), data)
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert 'role="alert"' in response.text
    assert not Registration.objects.exists()


def test_duplicate_registration_shows_error(client):
    meeting = MeetingFactory.create()
    RegistrationFactory.create(meeting=meeting, email=VALID["email"])
    response = client.post(url("meetings:detail", "en", slug=meeting.slug), VALID)
    assert "already registered" in response.text
    assert meeting.registrations.count() == 1


def test_registration_page_cancels(client):
    registration = RegistrationFactory.create()
    page = url("meetings:registration", token=registration.token)
    assert client.post(page).status_code == 302
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED


def test_registration_page_with_unknown_token_is_not_found(client):
    response = client.get(
        url("meetings:registration", token="5b9c5a3e-5a0e-4a3b-9e59-0e3f5c2b1a11")
    )
    assert response.status_code == 404


def test_ical_feed_parses_with_one_event_per_published_meeting(client):
    meeting = MeetingFactory.create(title_pl="Warsztat klastrów")
    MeetingFactory.create(is_published=False)
    response = client.get(url("meetings:ical"))
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert [str(e["summary"]) for e in events] == ["Warsztat klastrów"]
    assert events[0].decoded("dtstart") == meeting.starts_at.replace(microsecond=0)
    assert str(events[0]["url"]).endswith(meeting.get_absolute_url())


@pytest.mark.parametrize("count", [10, 200])
def test_list_queries_do_not_grow_with_meetings(client, django_assert_max_num_queries, count):
    MeetingFactory.create_batch(count // 2)
    MeetingFactory.create_batch(count // 2, past=True)
    with django_assert_max_num_queries(6):
        assert client.get(url("meetings:list")).status_code == 200


def test_past_meetings_are_paginated(client):
    now = timezone.now()
    for days in range(1, 13):
        MeetingFactory.create(starts_at=now - dt.timedelta(days=days * 10))
    response = client.get(url("meetings:list") + "?page=2")
    assert len(response.context["past_page"]) == 2


def test_failed_registration_stays_on_a_page_that_switches_language(client):
    meeting = MeetingFactory.create()
    response = client.post(url("meetings:detail", "pl", slug=meeting.slug), {})
    assert f'href="{url("meetings:detail", "en", slug=meeting.slug)}"' in response.text
    assert client.get(url("meetings:detail", "en", slug=meeting.slug)).status_code == 200


def test_cancelling_a_past_registration_shows_why_not(client):
    registration = RegistrationFactory.create(meeting=MeetingFactory.create(past=True))
    response = client.post(url("meetings:registration", "en", token=registration.token))
    assert response.status_code == 400
    assert "already taken place" in response.text


def test_too_long_email_is_a_form_error_not_a_crash(client):
    meeting = MeetingFactory.create()
    data = VALID | {"email": "a" * 250 + "@example.org"}
    response = client.post(url("meetings:detail", "en", slug=meeting.slug), data)
    assert response.context["form"].errors["email"]
    assert not Registration.objects.exists()
