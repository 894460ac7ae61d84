"""Regression tests for ways around the regions' walls through shared identities.

Organisation names are public, and one organisation may belong to groups of several
regions; a person's e-mail address may be invited by any region. None of this may open
one region's group to people admitted by another region, or an account to someone who
only holds an invitation.
"""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from scaleup.stakeholders import services
from scaleup.stakeholders.models import Invitation, StakeholderGroup
from scaleup.testing.urls import url
from scaleup.testing.world import World

pytestmark = pytest.mark.django_db


def _lubelskie_document(world: World) -> int:
    document = services.add_document(
        group=world.lubelskie.group,
        title="Notatka robocza",
        description="",
        uploaded_file=SimpleUploadedFile("notatka.txt", b"tylko dla czlonkow"),
        actor=world.lubelskie.facilitator,
    )
    return document.pk


def test_naming_another_regions_organisation_admits_nobody_to_that_region(
    world: World, client: Client
) -> None:
    document = _lubelskie_document(world)
    client.force_login(world.attica.facilitator)
    response = client.post(
        url("workspace:invite", slug=world.attica.group.slug),
        {
            "first_name": "Eve",
            "last_name": "Mallory",
            "email": "eve@attacker.example",
            "organisation_name": world.lubelskie.organisation.name.upper(),
            "organisation_kind": "sme",
            "language": "en",
        },
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get(email="eve@attacker.example")
    client.logout()
    client.post(
        url("stakeholders:invitation", token=invitation.token),
        {"first_name": "Eve", "last_name": "Mallory"},
    )
    assert client.get(url("workspace:group", slug=world.attica.group.slug)).status_code == 200
    assert client.get(url("workspace:group", slug=world.lubelskie.group.slug)).status_code == 404
    assert client.get(url("workspace:document_download", pk=document)).status_code == 404


def test_approving_an_application_named_after_another_regions_member_hides_its_contacts(
    world: World, client: Client
) -> None:
    application = services.submit_application(
        group=world.attica.group,
        organisation_name=world.lubelskie.organisation.name,
        organisation_kind="sme",
        contact_first_name="Eve",
        contact_last_name="Mallory",
        contact_email="eve@attacker.example",
    )
    client.force_login(world.attica.facilitator)
    client.post(url("workspace:application_approve", pk=application.pk), {"approve-note": ""})
    export = client.get(url("workspace:members_export", slug=world.attica.group.slug))
    page = client.get(url("workspace:members", slug=world.attica.group.slug))
    assert "eve@attacker.example" in export.content.decode()
    for response in (export, page):
        assert world.lubelskie.member.email not in response.content.decode()


def test_sign_up_cannot_put_a_password_on_someone_elses_address(world: World) -> None:
    victim = "victim@example.org"
    attacker = Client()
    attacker.post(url("account_signup"), {"email": victim, "password1": "Att4cker-pass-123!"})
    account = get_user_model().objects.get(email=victim)
    assert not account.has_usable_password()
    # The owner later proves the address with a sign-in code ...
    owner = Client()
    mail.outbox.clear()
    owner.post(url("account_request_login_code"), {"email": victim})
    code = re.search(r"^\s*([A-Z0-9-]{6,})\s*$", str(mail.outbox[-1].body), re.MULTILINE)
    assert code is not None
    owner.post(url("account_confirm_login_code"), {"code": code.group(1)})
    assert EmailAddress.objects.get(email=victim).verified
    # ... and the attacker's password opens nothing, from any browser.
    attacker = Client()
    attempt = attacker.post(
        url("account_login"), {"login": victim, "password": "Att4cker-pass-123!"}
    )
    assert attempt.status_code == 200
    assert attacker.get(url("accounts:home")).status_code == 302


def test_an_invitation_to_an_existing_account_asks_its_owner_to_sign_in(
    world: World, client: Client
) -> None:
    invitation = Invitation.objects.create(
        group=world.lubelskie.group,
        email=world.site_admin.email.upper(),
        first_name="Site",
        last_name="Admin",
        organisation=world.lubelskie.organisation,
        token="t" * 43,
        code="ABCDEFGH",
        expires_at=world.lubelskie.meeting.starts_at,
    )
    response = client.post(
        url("stakeholders:invitation", token=invitation.token),
        {"first_name": "Site", "last_name": "Admin"},
    )
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302
    assert StakeholderGroup.objects.get(pk=world.lubelskie.group.pk).memberships.count() == 1
