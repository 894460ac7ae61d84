"""The notice, the clause on every form, and the 'My data' pages."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import pytest
from django.conf import LazySettings
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.test import Client

from scaleup.access.models import RoleAssignment
from scaleup.core.models import AuditEntry
from scaleup.meetings.tests.factories import MeetingFactory, RegistrationFactory
from scaleup.privacy import services
from scaleup.privacy.models import ConsentPurpose, ConsentRecord
from scaleup.privacy.texts import CONSENT_TEXTS, duration
from scaleup.stakeholders.tests.factories import StakeholderGroupFactory
from scaleup.testing.urls import url
from scaleup.testing.users import make_user
from scaleup.testing.world import World

pytestmark = pytest.mark.django_db

CONTROLLER = "Urząd Testowy, ul. Próbna 1, Lublin"
DPO = "iod@urzad-testowy.example"


@pytest.fixture(autouse=True)
def _controller(settings: LazySettings) -> None:
    settings.DATA_CONTROLLER = CONTROLLER
    settings.DATA_PROTECTION_OFFICER_EMAIL = DPO


def _signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_durations_read_as_years_when_whole() -> None:
    assert duration(5 * 365) == "5 years"
    assert duration(365) == "1 year"
    assert duration(30) == "30 days"


@pytest.mark.parametrize("language", ["pl", "en"])
def test_notice_is_public_and_names_controller_dpo_and_retention(
    client: Client, language: str
) -> None:
    response = client.get(url("privacy:notice", language))
    assert response.status_code == 200
    text = response.text
    assert CONTROLLER in text and f"mailto:{DPO}" in text
    if language == "en":
        assert "6(1)(e)" in text and "6(1)(a)" in text and "UODO" in text
    else:  # Polish legal citation style
        assert "art. 6 ust. 1 lit. e" in text and "art. 6 ust. 1 lit. a" in text
        assert "UODO" in text
    if language == "en":
        assert "meeting registrations: 5 years after the meeting" in text
    for consent in CONSENT_TEXTS.values():
        assert consent.version in text


@pytest.mark.parametrize("purposes", ["application", "registration", "membership", "account"])
def test_clause_states_what_art_13_requires(purposes: str, settings: LazySettings) -> None:
    settings.RETENTION_DAYS = dict.fromkeys(settings.RETENTION_DAYS, 730)
    html = render_to_string("privacy/_information_clause.html", {"purposes": purposes})
    assert CONTROLLER in html and DPO in html
    assert "6(1)(e)" in html and "6(1)(a)" in html and "withdraw" in html
    assert "2 years after" in html  # retention from settings
    assert "UODO" in html and "erased" in html and "portability" in html
    assert url("privacy:notice", "en") in html


def test_clause_for_an_unknown_form_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="No information clause"):
        render_to_string("privacy/_information_clause.html", {"purposes": "newsletter"})


def test_join_form_shows_the_clause(client: Client) -> None:
    StakeholderGroupFactory.create()
    text = client.get(url("stakeholders:join", "en")).text
    assert CONTROLLER in text and url("privacy:notice", "en") in text
    assert "application to join" in text


def test_registration_form_shows_the_clause_and_the_photo_consent_text(client: Client) -> None:
    meeting = MeetingFactory.create()
    text = client.get(url("meetings:detail", "en", slug=meeting.slug)).text
    assert CONTROLLER in text and url("privacy:notice", "en") in text
    assert str(CONSENT_TEXTS[ConsentPurpose.PHOTOS].text)[:40] in text


def test_my_data_needs_an_account(client: Client) -> None:
    response = client.get(url("privacy:my_data"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_my_data_lists_sections_and_consents(world: World) -> None:
    member = world.lubelskie.member
    registration = RegistrationFactory.create(email=member.email, image_consent=True)
    services.give_consent(
        email=member.email,
        purpose=ConsentPurpose.PHOTOS,
        context=f"meetings.registration:{registration.pk}",
        actor=None,
    )
    text = _signed_in(member).get(url("privacy:my_data", "en")).text
    assert "Your registrations for meetings" in text
    assert str(registration.meeting.title) in text  # what the photo consent is about
    assert "Withdraw" in text
    assert "I agree to be listed publicly" in text


def test_giving_and_withdrawing_the_listing_consent(world: World) -> None:
    member = world.lubelskie.member
    client = _signed_in(member)
    response = client.post(url("privacy:consent_give"), {"purpose": "public_listing"})
    assert response.status_code == 302 and response["Location"] == url("privacy:my_data")
    consent = ConsentRecord.objects.get()
    assert (consent.user, consent.email, consent.context) == (member, member.email, "")
    assert "I agree to be listed publicly" not in client.get(url("privacy:my_data", "en")).text

    client.post(url("privacy:consent_withdraw"), {"purpose": "public_listing", "context": ""})
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None


def test_photo_consent_cannot_be_given_on_the_page(world: World) -> None:
    client = _signed_in(world.lubelskie.member)
    client.post(url("privacy:consent_give"), {"purpose": "photos"})
    assert not ConsentRecord.objects.exists()


def test_nobody_can_withdraw_someone_elses_consent(world: World) -> None:
    consent = services.give_consent(
        email=world.attica.member.email, purpose=ConsentPurpose.PUBLIC_LISTING, actor=None
    )
    client = _signed_in(world.lubelskie.member)
    client.post(url("privacy:consent_withdraw"), {"purpose": "public_listing", "context": ""})
    consent.refresh_from_db()
    assert consent.is_active


def test_download_page_and_zip(world: World) -> None:
    member = world.lubelskie.member
    client = _signed_in(member)
    page = client.get(url("privacy:download", "en"))
    assert page.status_code == 200 and "meeting_registrations.csv" in page.text
    response = client.post(url("privacy:download"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="my-data-')
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    account = json.loads(archive.read("data.json"))["sections"]["account"][0]
    assert account["email"] == member.email
    assert AuditEntry.objects.filter(action="privacy.export.downloaded", actor=member).exists()


def test_erase_needs_the_right_address(world: World) -> None:
    member = world.lubelskie.member
    client = _signed_in(member)
    response = client.post(url("privacy:erase", "en"), {"email": "someone@example.org"})
    assert response.status_code == 200
    assert "not the address of your account" in response.text
    assert get_user_model().objects.filter(pk=member.pk).exists()


def test_erase_removes_the_account_and_signs_out(world: World) -> None:
    member = world.lubelskie.member
    client = _signed_in(member)
    assert client.get(url("privacy:erase")).status_code == 200
    response = client.post(url("privacy:erase"), {"email": member.email.upper()})
    assert response.status_code == 302 and response["Location"] == url("privacy:erased")
    assert not get_user_model().objects.filter(pk=member.pk).exists()
    assert client.get(response["Location"]).status_code == 200
    assert client.get(url("privacy:my_data")).status_code == 302  # signed out
    assert AuditEntry.objects.filter(action="privacy.subject.erased").exists()


def test_staff_can_erase_themselves(world: World) -> None:
    facilitator = world.lubelskie.facilitator
    client = _signed_in(facilitator)
    response = client.post(url("privacy:erase"), {"email": facilitator.email})
    assert response.status_code == 302
    assert not RoleAssignment.objects.filter(user_id=facilitator.pk).exists()


def test_consent_admin_is_read_only(admin_client: Client) -> None:
    services.give_consent(email="a@example.org", purpose="public_listing", actor=None)
    response = admin_client.get("/admin/privacy/consentrecord/?q=a%40example.org")
    assert response.status_code == 200 and "a@example.org" in response.text
    assert admin_client.get("/admin/privacy/consentrecord/add/").status_code == 403


def test_an_account_with_no_address_cannot_give_a_consent() -> None:
    user = get_user_model().objects.create_user(username="noaddress")
    client = _signed_in(user)
    client.post(url("privacy:consent_give"), {"purpose": "public_listing"})
    assert not ConsentRecord.objects.exists()
    assert make_user("x@example.org")  # others unaffected
