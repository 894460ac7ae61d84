from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from scaleup.access.models import RoleAssignment
from scaleup.core.audit import record
from scaleup.meetings.models import Registration
from scaleup.meetings.tests.factories import MeetingFactory, RegistrationFactory
from scaleup.testing.urls import url

pytestmark = pytest.mark.django_db


def test_facilitator_sees_own_group_with_what_waits(client, world):
    region = world.lubelskie
    RegistrationFactory.create(meeting=region.meeting, status=Registration.Status.WAITLISTED)
    client.force_login(region.facilitator)
    response = client.get(url("workspace:dashboard"))
    assert response.status_code == 200
    summary = response.context["summaries"][0]
    assert [s.group for s in response.context["summaries"]] == [region.group]
    assert summary.group.pending_count == 1
    assert summary.group.members_count == 1
    assert summary.group.invitations_count == 0
    meetings = {m.pk: m for m in summary.upcoming_meetings}
    assert set(meetings) == {region.meeting.pk, region.draft_meeting.pk}
    assert meetings[region.meeting.pk].confirmed_count == 1
    assert meetings[region.meeting.pk].waitlisted_count == 1
    assert region.draft_meeting.title_pl in response.text


def test_facilitator_of_lubelskie_sees_nothing_of_attica(client, world):
    record(actor=world.attica.facilitator, action="test.attica.secret", target=world.attica.group)
    client.force_login(world.lubelskie.facilitator)
    text = client.get(url("workspace:dashboard")).text
    for secret in (
        world.attica.group.name_pl,
        world.attica.meeting.title_pl,
        world.attica.draft_meeting.title_pl,
        "test.attica.secret",
    ):
        assert secret not in text


def test_coordinator_sees_every_group_of_the_project(client, world):
    client.force_login(world.coordinator)
    response = client.get(url("workspace:dashboard"))
    groups = {summary.group for summary in response.context["summaries"]}
    assert groups == {world.lubelskie.group, world.attica.group}


def test_recent_audit_entries_are_those_of_the_groups_region(client, world):
    for number in range(7):
        record(actor=None, action=f"test.lubelskie.{number}", target=world.lubelskie.group)
    record(actor=None, action="test.attica", target=world.attica.group)
    client.force_login(world.coordinator)
    summaries = {s.group.pk: s for s in client.get(url("workspace:dashboard")).context["summaries"]}
    lubelskie = [entry.action for entry in summaries[world.lubelskie.group.pk].recent_entries]
    assert lubelskie == [f"test.lubelskie.{n}" for n in (6, 5, 4, 3, 2)]
    attica = [entry.action for entry in summaries[world.attica.group.pk].recent_entries]
    assert attica == ["test.attica"]


def test_facilitator_of_several_partners_sees_each_group(client, world):
    RoleAssignment.objects.create(
        user=world.lubelskie.facilitator, role="facilitator", partner=world.attica.partner
    )
    client.force_login(world.lubelskie.facilitator)
    summaries = client.get(url("workspace:dashboard")).context["summaries"]
    assert {s.group for s in summaries} == {world.lubelskie.group, world.attica.group}


def test_dashboard_queries_do_not_grow_with_meetings(client, world, django_assert_max_num_queries):
    client.force_login(world.coordinator)
    client.get(url("workspace:dashboard"))  # warm the content-type cache
    with CaptureQueriesContext(connection) as few:
        client.get(url("workspace:dashboard"))
    for _ in range(15):
        meeting = MeetingFactory.create(group=world.lubelskie.group)
        RegistrationFactory.create(meeting=meeting)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url("workspace:dashboard"))


def test_workspace_navigation_is_labelled_and_marks_the_current_page(client, world):
    client.force_login(world.lubelskie.facilitator)
    text = client.get(url("workspace:applications")).text
    assert re.search(r'<nav class="workspace-nav" aria-label="[^"]+">', text)
    assert f'href="{url("workspace:applications")}" aria-current="page"' in text
    assert f'href="{url("workspace:dashboard")}" aria-current' not in text
