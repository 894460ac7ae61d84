"""Migration 0005 gives the registrations of one address one person token."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from scaleup.meetings.models import Registration
from scaleup.meetings.tests.factories import MeetingFactory

BEFORE = [("meetings", "0004_alter_meeting_format")]


@pytest.mark.django_db(transaction=True)  # migrations commit; the database is flushed after
def test_registrations_of_one_address_whatever_its_case_become_one_person() -> None:
    if not MigrationRecorder(connection).has_table():
        pytest.skip("the test database was created without migrations (--nomigrations)")
    meetings = MeetingFactory.create_batch(3)
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    try:
        old = executor.loader.project_state(BEFORE).apps.get_model("meetings", "Registration")
        for meeting, email in zip(
            meetings, ["ewa@example.org", "EWA@example.org", "jan@example.org"], strict=True
        ):
            old.objects.create(
                meeting_id=meeting.pk,
                full_name="Ewa",
                email=email,
                organisation_name="Firma",
                organisation_kind="sme",
                status="confirmed",
                consent_given_at=timezone.now(),
            )
        old.objects.create(
            meeting_id=meetings[0].pk,
            full_name="",
            email="",
            organisation_name="",
            organisation_kind="sme",
            status="confirmed",
            consent_given_at=timezone.now(),
            anonymised_at=timezone.now(),
        )
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())

    people = dict(Registration.objects.values_list("email", "person"))
    assert people["ewa@example.org"] == people["EWA@example.org"] != people["jan@example.org"]
    assert people["jan@example.org"] is not None
    assert people[""] is None
