"""Facilitators decide applications in the back office, with actions that call the services."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import pytest
from django.contrib.messages import ERROR, SUCCESS
from django.contrib.messages.storage.base import Message
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from scaleup.stakeholders import services
from scaleup.stakeholders.models import Application, Membership, Organisation, Person
from scaleup.stakeholders.tests.factories import (
    ApplicationFactory,
    OrganisationFactory,
    StakeholderGroupFactory,
)

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:stakeholders_application_changelist"


def _run_action(client: Client, action: str, *applications: Application) -> Response:
    response: Response = client.post(
        reverse(CHANGELIST),
        {"action": action, "_selected_action": [a.pk for a in applications]},
        follow=True,
    )
    return response


def _messages(response: Response, level: int) -> list[str]:
    stored: list[Message] = list(response.context["messages"])
    return [m.message for m in stored if m.level == level]


def test_approve_action_makes_the_applicant_a_member(admin_client: Client) -> None:
    application = ApplicationFactory.create(organisation_name="Lubelski Klaster ICT")

    response = _run_action(admin_client, "approve_selected", application)

    application.refresh_from_db()
    organisation = Organisation.objects.get(name="Lubelski Klaster ICT")
    assert application.status == Application.Status.APPROVED
    assert application.organisation == organisation
    assert application.decided_by == response.wsgi_request.user
    assert Membership.objects.filter(group=application.group, organisation=organisation).exists()
    assert Person.objects.filter(email=application.contact_email).exists()
    assert _messages(response, SUCCESS)


def test_approve_action_mails_the_applicant_after_commit(
    admin_client: Client, django_capture_on_commit_callbacks: Any, mailoutbox: list[Any]
) -> None:
    application = ApplicationFactory.create(contact_email="kontakt@klaster.example")

    with django_capture_on_commit_callbacks(execute=True):
        _run_action(admin_client, "approve_selected", application)

    assert [message.to for message in mailoutbox] == [["kontakt@klaster.example"]]


def test_reject_action_rejects_without_membership(admin_client: Client) -> None:
    application = ApplicationFactory.create()

    response = _run_action(admin_client, "reject_selected", application)

    application.refresh_from_db()
    assert application.status == Application.Status.REJECTED
    assert application.decided_at is not None
    assert not Membership.objects.exists()
    assert _messages(response, SUCCESS)


def test_approving_a_decided_application_is_an_error_naming_it(admin_client: Client) -> None:
    rejected = ApplicationFactory.create(organisation_name="Firma Odrzucona")
    services.reject_application(application=rejected, actor=None)
    decided_at = Application.objects.get(pk=rejected.pk).decided_at

    response = _run_action(admin_client, "approve_selected", rejected)

    rejected.refresh_from_db()
    assert rejected.status == Application.Status.REJECTED
    assert rejected.decided_at == decided_at
    assert not Organisation.objects.exists()
    errors = _messages(response, ERROR)
    assert len(errors) == 1
    assert "Firma Odrzucona" in errors[0]
    assert not _messages(response, SUCCESS)


def test_one_decided_application_does_not_stop_the_others(admin_client: Client) -> None:
    decided = ApplicationFactory.create()
    services.reject_application(application=decided, actor=None)
    pending = ApplicationFactory.create()

    response = _run_action(admin_client, "approve_selected", decided, pending)

    pending.refresh_from_db()
    assert pending.status == Application.Status.APPROVED
    assert len(_messages(response, ERROR)) == 1
    assert len(_messages(response, SUCCESS)) == 1


def test_decision_note_written_while_pending_is_kept(admin_client: Client) -> None:
    application = ApplicationFactory.create(decision_note="Uzupełnia skład grupy o sektor ICT.")

    _run_action(admin_client, "approve_selected", application)

    application.refresh_from_db()
    assert application.decision_note == "Uzupełnia skład grupy o sektor ICT."


def test_status_cannot_be_changed_in_the_form(admin_client: Client) -> None:
    application = ApplicationFactory.create()
    url = reverse("admin:stakeholders_application_change", args=[application.pk])

    response = admin_client.post(
        url,
        {
            "group": application.group.pk,
            "organisation_name": application.organisation_name,
            "organisation_kind": application.organisation_kind,
            "contact_first_name": "Jan",
            "contact_last_name": "Nowak",
            "contact_email": application.contact_email,
            "status": Application.Status.APPROVED,
        },
    )

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.PENDING


def test_decided_application_form_shows_the_decision_read_only(admin_client: Client) -> None:
    application = ApplicationFactory.create()
    services.reject_application(application=application, actor=None, note="Poza regionem.")

    response = admin_client.get(
        reverse("admin:stakeholders_application_change", args=[application.pk])
    )

    assert response.status_code == 200
    form_fields = set(response.context["adminform"].form.fields)
    assert not form_fields & {"status", "decision_note", "group", "decided_at"}
    assert "Poza regionem." in response.content.decode()


def test_pending_applications_are_listed_first(admin_client: Client) -> None:
    group = StakeholderGroupFactory.create()
    pending = ApplicationFactory.create(group=group)
    decided = ApplicationFactory.create(group=group)
    services.reject_application(application=decided, actor=None)
    Application.objects.filter(pk=pending.pk).update(
        created_at=timezone.now() - dt.timedelta(days=30)
    )

    response = admin_client.get(reverse(CHANGELIST))

    assert list(response.context["cl"].result_list) == [pending, decided]


def test_applications_are_filtered_by_status_and_group(admin_client: Client) -> None:
    wanted = ApplicationFactory.create()
    ApplicationFactory.create()  # another group
    services.reject_application(
        application=ApplicationFactory.create(group=wanted.group), actor=None
    )

    response = admin_client.get(
        reverse(CHANGELIST), {"status__exact": "pending", "group__id__exact": str(wanted.group.pk)}
    )

    assert list(response.context["cl"].result_list) == [wanted]


def test_organisation_inline_refuses_the_same_email_twice(admin_client: Client) -> None:
    organisation = OrganisationFactory.create()
    url = reverse("admin:stakeholders_organisation_change", args=[organisation.pk])
    person = {"first_name": "Anna", "last_name": "Nowak"}

    response = admin_client.post(
        url,
        {
            "name": organisation.name,
            "kind": organisation.kind,
            "country": "PL",
            "people-TOTAL_FORMS": "2",
            "people-INITIAL_FORMS": "0",
            "people-0-email": "anna@example.org",
            "people-1-email": "ANNA@example.org",
            **{f"people-{i}-{k}": v for i in range(2) for k, v in person.items()},
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )

    people_formset = response.context["inline_admin_formsets"][0].formset
    assert list(people_formset.forms[1].errors) == ["email"]
    assert not Person.objects.exists()
