from __future__ import annotations

import pytest

from scaleup.core.audit import record
from scaleup.core.models import AuditEntry
from scaleup.stakeholders.models import Application, Membership
from scaleup.stakeholders.tests.factories import ApplicationFactory
from scaleup.testing.urls import url

pytestmark = pytest.mark.django_db


def _messages(response):
    return [str(message) for message in response.context["messages"]]


def test_list_shows_own_region_only(client, world):
    client.force_login(world.lubelskie.facilitator)
    response = client.get(url("workspace:applications"))
    assert response.status_code == 200
    assert list(response.context["page"]) == [world.lubelskie.application]
    assert world.attica.application.organisation_name not in response.text


def test_status_filter(client, world):
    decided = ApplicationFactory.create(
        group=world.lubelskie.group,
        status=Application.Status.REJECTED,
        decided_at="2024-01-01T10:00Z",
    )
    client.force_login(world.lubelskie.facilitator)
    pending = client.get(url("workspace:applications") + "?status=pending").context["page"]
    assert list(pending) == [world.lubelskie.application]
    rejected = client.get(url("workspace:applications") + "?status=rejected").context["page"]
    assert list(rejected) == [decided]
    everything = client.get(url("workspace:applications") + "?status=").context["page"]
    assert set(everything) == {decided, world.lubelskie.application}


def test_group_filter_cannot_reach_another_region(client, world):
    client.force_login(world.lubelskie.facilitator)
    response = client.get(url("workspace:applications") + f"?group={world.attica.group.slug}")
    assert response.status_code == 200
    assert world.attica.application not in list(response.context["page"])
    assert response.context["form"].errors


def test_coordinator_filters_by_group(client, world):
    client.force_login(world.coordinator)
    response = client.get(url("workspace:applications") + f"?group={world.attica.group.slug}")
    assert list(response.context["page"]) == [world.attica.application]


def test_detail_shows_every_field_and_the_history(client, world):
    application = world.lubelskie.application
    application.motivation = "Chcemy współpracować."
    application.save()
    record(actor=None, action="stakeholders.application.submitted", target=application)
    client.force_login(world.lubelskie.facilitator)
    response = client.get(url("workspace:application", pk=application.pk))
    assert response.status_code == 200
    for value in (
        application.organisation_name,
        application.contact_email,
        application.contact_first_name,
        "Chcemy współpracować.",
        "stakeholders.application.submitted",
    ):
        assert value in response.text
    assert url("workspace:application_approve", pk=application.pk) in response.text
    assert url("workspace:application_reject", pk=application.pk) in response.text


def test_approve_makes_the_organisation_a_member(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    application = world.lubelskie.application
    client.force_login(world.lubelskie.facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("workspace:application_approve", "en", pk=application.pk),
            {"approve-note": "Witamy w grupie"},
            follow=True,
        )
    assert response.redirect_chain[-1][0] == url("workspace:application", "en", pk=application.pk)
    application.refresh_from_db()
    assert application.status == Application.Status.APPROVED
    assert application.decided_by == world.lubelskie.facilitator
    assert application.decision_note == "Witamy w grupie"
    assert Membership.objects.filter(
        group=world.lubelskie.group, organisation=application.organisation
    ).exists()
    assert AuditEntry.objects.filter(action="stakeholders.application.approved").exists()
    assert len(mailoutbox) == 1
    assert any("approved" in message for message in _messages(response))
    # the decided application offers no more decision forms
    assert url("workspace:application_approve", "en", pk=application.pk) not in response.text


def test_reject_with_a_note(client, world):
    application = world.lubelskie.application
    client.force_login(world.coordinator)
    response = client.post(
        url("workspace:application_reject", pk=application.pk),
        {"reject-note": "Grupa jest pełna."},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.REJECTED
    assert application.decision_note == "Grupa jest pełna."
    assert AuditEntry.objects.get(action="stakeholders.application.rejected").data["note"] == (
        "Grupa jest pełna."
    )


def test_a_decided_application_cannot_be_decided_again(client, world):
    application = world.lubelskie.application
    client.force_login(world.lubelskie.facilitator)
    client.post(url("workspace:application_reject", pk=application.pk), {"reject-note": ""})
    response = client.post(
        url("workspace:application_approve", "en", pk=application.pk),
        {"approve-note": ""},
        follow=True,
    )
    application.refresh_from_db()
    assert application.status == Application.Status.REJECTED
    assert any("already been decided" in message for message in _messages(response))
    assert not Membership.objects.filter(organisation__name=application.organisation_name).exists()


def test_an_overlong_note_is_refused_and_nothing_changes(client, world):
    application = world.lubelskie.application
    client.force_login(world.lubelskie.facilitator)
    response = client.post(
        url("workspace:application_reject", pk=application.pk),
        {"reject-note": "x" * 5000},
        follow=True,
    )
    application.refresh_from_db()
    assert application.status == Application.Status.PENDING
    assert _messages(response)


def test_get_on_a_decision_url_is_not_allowed(client, world):
    client.force_login(world.lubelskie.facilitator)
    response = client.get(url("workspace:application_approve", pk=world.lubelskie.application.pk))
    assert response.status_code == 405
