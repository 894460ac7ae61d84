from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from scaleup.core.audit import record
from scaleup.core.models import AuditEntry
from scaleup.testing.urls import url

pytestmark = pytest.mark.django_db


@pytest.fixture
def entries(world):
    return {
        "lubelskie": record(
            actor=world.lubelskie.facilitator,
            action="stakeholders.membership.ended",
            target=world.lubelskie.membership,
            changes={"left_on": [None, "2025-01-31"]},
        ),
        "attica": record(
            actor=world.attica.facilitator,
            action="stakeholders.membership.ended",
            target=world.attica.membership,
        ),
        "project": record(actor=world.site_admin, action="access.role.assigned", target=None),
    }


def _actions(client, user, query=""):
    client.force_login(user)
    response = client.get(url("workspace:audit") + query)
    assert response.status_code == 200
    return response, {row["entry"].pk for row in response.context["rows"]}


def test_facilitator_reads_own_regions_log_only(client, world, entries):
    _, seen = _actions(client, world.lubelskie.facilitator)
    assert seen == {entries["lubelskie"].pk}


def test_coordinator_reads_every_region_and_project_wide_entries(client, world, entries):
    _, seen = _actions(client, world.coordinator)
    assert seen == {entry.pk for entry in entries.values()}


def test_site_admin_reads_everything(client, world, entries):
    _, seen = _actions(client, world.site_admin)
    assert seen == {entry.pk for entry in entries.values()}


def test_entry_shows_actor_action_target_and_the_diff(client, world, entries):
    response, _ = _actions(client, world.lubelskie.facilitator)
    text = response.text
    assert "stakeholders.membership.ended" in text
    assert str(world.lubelskie.membership) in text
    assert world.lubelskie.facilitator.get_full_name() in text
    assert '<table class="changes">' in text
    assert "left_on" in text
    assert "2025-01-31" in text


def test_filter_by_action_prefix(client, world, entries):
    record(actor=None, action="meetings.meeting.created", target=world.lubelskie.meeting)
    _, seen = _actions(client, world.coordinator, "?action=stakeholders.")
    assert seen == {entries["lubelskie"].pk, entries["attica"].pk}
    _, seen = _actions(client, world.coordinator, "?action=meetings")
    assert {AuditEntry.objects.get(pk=pk).action for pk in seen} == {"meetings.meeting.created"}


def test_filter_by_date(client, world, entries):
    old = entries["lubelskie"]
    AuditEntry.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=40))
    since = (timezone.localdate() - dt.timedelta(days=7)).isoformat()
    _, seen = _actions(client, world.coordinator, f"?date_from={since}")
    assert old.pk not in seen
    until = (timezone.localdate() - dt.timedelta(days=30)).isoformat()
    _, seen = _actions(client, world.coordinator, f"?date_to={until}")
    assert seen == {old.pk}


def test_a_bad_filter_shows_an_error_not_a_crash(client, world, entries):
    response, seen = _actions(client, world.lubelskie.facilitator, "?date_from=yesterday")
    assert response.context["form"].errors
    assert seen == {entries["lubelskie"].pk}


def test_the_log_is_paginated_and_pages_keep_the_filter(client, world):
    for number in range(60):
        record(actor=None, action=f"test.entry.{number}", target=world.lubelskie.group)
    response, seen = _actions(client, world.lubelskie.facilitator, "?action=test.")
    assert len(seen) == 50
    assert "?action=test.&amp;page=2" in response.text
    _, second = _actions(client, world.lubelskie.facilitator, "?action=test.&page=2")
    assert len(second) == 10
    assert not seen & second
