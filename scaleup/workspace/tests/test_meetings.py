from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.utils import timezone

from scaleup.core.models import AuditEntry
from scaleup.meetings.models import Meeting, Registration
from scaleup.meetings.tests.factories import MeetingFactory, RegistrationFactory
from scaleup.testing.urls import url

pytestmark = pytest.mark.django_db


def _messages(response):
    return [str(message) for message in response.context["messages"]]


def _form_data(world, **changes):
    starts = timezone.localtime() + dt.timedelta(days=30)
    return {
        "group": world.lubelskie.group.pk,
        "slug": "warsztat-innowacji",
        "format": "workshop",
        "title_pl": "Warsztat innowacji",
        "title_en": "Innovation workshop",
        "theme_pl": "Innowacje w MŚP",
        "theme_en": "Innovation in SMEs",
        "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (starts + dt.timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"),
        "venue_pl": "Urząd Marszałkowski",
        "venue_en": "Marshal's Office",
        "address": "ul. Artura Grottgera 4, Lublin",
        "capacity": "25",
        "registration_open": "on",
        "minutes_pl": "",
        "minutes_en": "",
    } | changes


def test_list_shows_own_meetings_with_drafts(client, world):
    client.force_login(world.lubelskie.facilitator)
    response = client.get(url("workspace:meetings"))
    assert set(response.context["page"]) == {world.lubelskie.meeting, world.lubelskie.draft_meeting}
    assert world.attica.meeting.title_pl not in response.text


def test_create_a_meeting(client, world):
    client.force_login(world.lubelskie.facilitator)
    response = client.post(url("workspace:meeting_create"), _form_data(world))
    meeting = Meeting.objects.get(slug="warsztat-innowacji")
    assert response.status_code == 302
    assert response["Location"] == url("workspace:meeting", pk=meeting.pk)
    assert meeting.group == world.lubelskie.group
    assert meeting.title_en == "Innovation workshop"
    assert meeting.capacity == 25
    assert not meeting.is_published
    assert AuditEntry.objects.filter(action="meetings.meeting.created").exists()


def test_create_form_preselects_the_group_from_the_dashboard_link(client, world):
    client.force_login(world.coordinator)
    response = client.get(url("workspace:meeting_create") + f"?group={world.attica.group.slug}")
    assert response.context["form"]["group"].value() == world.attica.group.pk


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"ends_at": "2020-01-01T10:00", "starts_at": "2020-01-01T12:00"}, "ends_at"),
        ({"capacity": "0"}, "capacity"),
        ({"capacity": "-3"}, "capacity"),
        ({"title_pl": ""}, "title_pl"),
        ({"starts_at": "jutro"}, "starts_at"),
        ({"slug": "meeting-lubelskie"}, "slug"),
        ({"slug": "nie slug!"}, "slug"),
        ({"format": "party"}, "format"),
        ({"title_pl": "x" * 301}, "title_pl"),
    ],
)
def test_invalid_meeting_is_a_form_error_and_saves_nothing(client, world, changes, field):
    client.force_login(world.lubelskie.facilitator)
    before = Meeting.objects.count()
    response = client.post(url("workspace:meeting_create"), _form_data(world, **changes))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert Meeting.objects.count() == before


def test_another_regions_group_is_not_a_choice(client, world):
    client.force_login(world.attica.facilitator)
    response = client.post(url("workspace:meeting_create"), _form_data(world))
    assert response.status_code == 200
    assert "group" in response.context["form"].errors
    assert not Meeting.objects.filter(slug="warsztat-innowacji").exists()
    groups = list(response.context["form"].fields["group"].queryset)
    assert groups == [world.attica.group]


def test_edit_a_meeting_and_publish_it(client, world):
    meeting = world.lubelskie.draft_meeting
    client.force_login(world.lubelskie.facilitator)
    response = client.get(url("workspace:meeting_edit", pk=meeting.pk))
    assert response.status_code == 200
    assert meeting.title_pl in response.text
    response = client.post(
        url("workspace:meeting_edit", pk=meeting.pk),
        _form_data(world, slug=meeting.slug, title_pl="Nowy tytuł", is_published="on"),
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.title_pl == "Nowy tytuł"
    assert meeting.is_published
    assert AuditEntry.objects.filter(action="meetings.meeting.changed").exists()


def test_more_seats_give_seats_to_people_waiting(client, world):
    meeting = MeetingFactory.create(group=world.lubelskie.group, capacity=1)
    RegistrationFactory.create(meeting=meeting)
    waiting = RegistrationFactory.create(
        meeting=meeting, status=Registration.Status.WAITLISTED, full_name="Ola Czekająca"
    )
    client.force_login(world.lubelskie.facilitator)
    data = _form_data(
        world,
        slug=meeting.slug,
        capacity="2",
        starts_at=timezone.localtime(meeting.starts_at).strftime("%Y-%m-%dT%H:%M"),
        ends_at=timezone.localtime(meeting.ends_at).strftime("%Y-%m-%dT%H:%M"),
        is_published="on",
    )
    response = client.post(url("workspace:meeting_edit", "en", pk=meeting.pk), data, follow=True)
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED
    assert any("Ola Czekająca" in m for m in _messages(response))


def test_detail_lists_registrations(client, world):
    client.force_login(world.lubelskie.facilitator)
    response = client.get(url("workspace:meeting", pk=world.lubelskie.meeting.pk))
    assert response.status_code == 200
    assert world.lubelskie.registration.email in response.text
    assert url("workspace:attendance", pk=world.lubelskie.meeting.pk) in response.text
    assert url("workspace:registration_cancel", pk=world.lubelskie.registration.pk) in response.text


def test_a_draft_meeting_is_visible_to_its_staff(client, world):
    client.force_login(world.lubelskie.facilitator)
    response = client.get(url("workspace:meeting", pk=world.lubelskie.draft_meeting.pk))
    assert response.status_code == 200


def test_mark_attendance(client, world):
    registration = world.lubelskie.registration
    client.force_login(world.lubelskie.facilitator)
    response = client.post(
        url("workspace:attendance", pk=world.lubelskie.meeting.pk),
        {"registrations": [registration.pk], "attended": "1"},
    )
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.attended
    assert registration.attendance_marked_at is not None
    client.post(
        url("workspace:attendance", pk=world.lubelskie.meeting.pk),
        {"registrations": [registration.pk], "attended": "0"},
    )
    registration.refresh_from_db()
    assert not registration.attended


def test_people_waiting_cannot_be_marked_as_attended(client, world):
    waiting = RegistrationFactory.create(
        meeting=world.lubelskie.meeting, status=Registration.Status.WAITLISTED
    )
    client.force_login(world.lubelskie.facilitator)
    response = client.post(
        url("workspace:attendance", "en", pk=world.lubelskie.meeting.pk),
        {"registrations": [waiting.pk, world.lubelskie.registration.pk], "attended": "1"},
        follow=True,
    )
    assert any("not confirmed" in m for m in _messages(response))
    world.lubelskie.registration.refresh_from_db()
    assert not world.lubelskie.registration.attended


@pytest.mark.parametrize(
    "data",
    [
        {"attended": "1"},
        {"registrations": ["999999"], "attended": "1"},
        {"registrations": ["x"], "attended": "1"},
    ],
)
def test_attendance_needs_people_of_this_meeting(client, world, data):
    client.force_login(world.lubelskie.facilitator)
    response = client.post(
        url("workspace:attendance", pk=world.lubelskie.meeting.pk), data, follow=True
    )
    assert _messages(response)
    assert not Registration.objects.filter(attended=True).exists()


def test_attendance_cannot_reach_a_registration_of_another_meeting(client, world):
    client.force_login(world.coordinator)
    client.post(
        url("workspace:attendance", pk=world.lubelskie.meeting.pk),
        {"registrations": [world.attica.registration.pk], "attended": "1"},
    )
    world.attica.registration.refresh_from_db()
    assert not world.attica.registration.attended


def test_cancel_a_registration(client, world):
    registration = world.lubelskie.registration
    client.force_login(world.lubelskie.facilitator)
    response = client.post(url("workspace:registration_cancel", pk=registration.pk))
    assert response.status_code == 302
    assert response["Location"] == url("workspace:meeting", pk=world.lubelskie.meeting.pk)
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED


def test_registrations_of_a_past_meeting_are_kept(client, world):
    meeting = MeetingFactory.create(group=world.lubelskie.group, past=True)
    registration = RegistrationFactory.create(meeting=meeting)
    client.force_login(world.lubelskie.facilitator)
    response = client.post(
        url("workspace:registration_cancel", "en", pk=registration.pk), follow=True
    )
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
    assert any("already taken place" in m for m in _messages(response))


def test_registrations_export_is_audited(client, world):
    client.force_login(world.lubelskie.facilitator)
    response = client.get(url("workspace:registrations_export", pk=world.lubelskie.meeting.pk))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 2
    assert world.lubelskie.registration.email in rows[1]
    entry = AuditEntry.objects.get(action="meetings.registrations.exported")
    assert entry.actor == world.lubelskie.facilitator
    assert entry.tenant_id == world.lubelskie.partner.pk
    assert entry.data["rows"] == 1
