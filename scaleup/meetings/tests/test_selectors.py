from __future__ import annotations

import pytest

from scaleup.meetings import selectors
from scaleup.meetings.models import Registration
from scaleup.meetings.tests.factories import MeetingFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def test_upcoming_and_past_are_split_by_end_time():
    upcoming = MeetingFactory.create()
    past = MeetingFactory.create(past=True)
    assert list(selectors.upcoming_meetings()) == [upcoming]
    assert list(selectors.past_meetings()) == [past]


def test_unpublished_meetings_are_hidden():
    MeetingFactory.create(is_published=False)
    assert not selectors.published_meetings().exists()


def test_kind_counts_use_confirmed_registrations_before_attendance():
    meeting = MeetingFactory.create()
    RegistrationFactory.create(meeting=meeting, organisation_kind="cluster")
    RegistrationFactory.create(meeting=meeting, organisation_kind="cluster")
    RegistrationFactory.create(meeting=meeting, organisation_kind="sme")
    RegistrationFactory.create(
        meeting=meeting, organisation_kind="ngo", status=Registration.Status.WAITLISTED
    )
    counts = {row.kind: row.count for row in selectors.participating_kinds(meeting)}
    assert counts == {"cluster": 2, "sme": 1}


def test_kind_counts_switch_to_attendance_once_recorded():
    meeting = MeetingFactory.create(past=True)
    RegistrationFactory.create(meeting=meeting, organisation_kind="cluster", attended=True)
    RegistrationFactory.create(meeting=meeting, organisation_kind="sme", attended=False)
    counts = {row.kind: row.count for row in selectors.participating_kinds(meeting)}
    assert counts == {"cluster": 1}


def test_kind_counts_count_an_organisation_once():
    meeting = MeetingFactory.create()
    RegistrationFactory.create(
        meeting=meeting, organisation_name="Klaster A", organisation_kind="cluster"
    )
    RegistrationFactory.create(
        meeting=meeting, organisation_name="Klaster A", organisation_kind="cluster"
    )
    assert selectors.participating_kinds(meeting)[0].count == 1


def test_seats_left_never_negative():
    meeting = MeetingFactory.create(capacity=1)
    RegistrationFactory.create_batch(2, meeting=meeting)
    assert selectors.seats_left(meeting) == 0
