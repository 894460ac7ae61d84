"""Consents: given with the text version, withdrawn with a signal, kept as history."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from scaleup.core.models import AuditEntry
from scaleup.meetings import services as meeting_services
from scaleup.meetings.models import Registration
from scaleup.meetings.personal_data import photo_consent_context
from scaleup.meetings.tests.factories import MeetingFactory
from scaleup.privacy import selectors, services
from scaleup.privacy.models import ConsentPurpose, ConsentRecord
from scaleup.privacy.signals import consent_withdrawn
from scaleup.privacy.texts import CONSENT_TEXTS
from scaleup.testing.users import make_user

pytestmark = pytest.mark.django_db

LISTING = ConsentPurpose.PUBLIC_LISTING


def test_give_records_the_text_version_and_an_audit_entry() -> None:
    user = make_user("ola@example.org")
    consent = services.give_consent(email="ola@example.org", purpose=LISTING, user=user, actor=user)
    assert consent.text_version == CONSENT_TEXTS[LISTING].version
    assert consent.user == user and consent.is_active
    entry = AuditEntry.objects.get(action="privacy.consent.given")
    assert entry.actor == user
    assert entry.data == {"purpose": LISTING, "context": "", "text_version": consent.text_version}
    assert "ola@example.org" not in str(entry.data)


def test_giving_again_returns_the_active_consent() -> None:
    first = services.give_consent(email="ola@example.org", purpose=LISTING, actor=None)
    again = services.give_consent(email="OLA@example.org", purpose=LISTING, actor=None)
    assert again.pk == first.pk
    assert ConsentRecord.objects.count() == 1
    assert AuditEntry.objects.filter(action="privacy.consent.given").count() == 1


@pytest.mark.parametrize(("email", "purpose"), [("", LISTING), ("a@example.org", "newsletter")])
def test_bad_consents_are_refused(email: str, purpose: str) -> None:
    with pytest.raises(ValidationError):
        services.give_consent(email=email, purpose=purpose, actor=None)
    assert not ConsentRecord.objects.exists()


def test_withdrawal_closes_the_record_and_signals_after_commit(
    django_capture_on_commit_callbacks: Any,
) -> None:
    heard: list[ConsentRecord] = []

    def listener(sender: Any, *, record: ConsentRecord, actor: Any, **kwargs: Any) -> None:
        heard.append(record)

    consent_withdrawn.connect(listener, dispatch_uid="test-listener")
    try:
        consent = services.give_consent(email="ola@example.org", purpose=LISTING, actor=None)
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            withdrawn = services.withdraw_consent(record=consent, actor=None)
        assert heard == []  # nothing is announced before the commit
        for callback in callbacks:
            callback()
    finally:
        consent_withdrawn.disconnect(dispatch_uid="test-listener")
    assert withdrawn.withdrawn_at is not None and not withdrawn.is_active
    assert [record.pk for record in heard] == [consent.pk]
    assert AuditEntry.objects.filter(action="privacy.consent.withdrawn").count() == 1
    # Withdrawing twice changes nothing.
    services.withdraw_consent(record=consent, actor=None)
    assert AuditEntry.objects.filter(action="privacy.consent.withdrawn").count() == 1


def test_history_keeps_every_record() -> None:
    user = make_user("ola@example.org")
    first = services.give_consent(email=user.email, purpose=LISTING, user=user, actor=user)
    services.withdraw_consent(record=first, actor=user)
    second = services.give_consent(email=user.email, purpose=LISTING, user=user, actor=user)
    history = list(selectors.consents_of(user))
    assert [record.pk for record in history] == [second.pk, first.pk]
    assert [record.is_active for record in history] == [True, False]
    assert selectors.has_active_consent(email="OLA@example.org", purpose=LISTING)
    assert list(selectors.consenting_emails(LISTING)) == ["ola@example.org"]


def test_own_consents_include_those_given_with_a_verified_address_before_sign_up() -> None:
    services.give_consent(email="ola@example.org", purpose=LISTING, actor=None)
    user = make_user("ola@example.org")
    assert selectors.consents_of(user).count() == 1
    assert services.withdraw_own_consents(user=user, purpose=LISTING, actor=user) == 1
    assert not selectors.has_active_consent(email="ola@example.org", purpose=LISTING)


def test_database_allows_one_active_consent_per_address_purpose_and_context() -> None:
    now = timezone.now()
    fields = {"purpose": LISTING, "context": "", "text_version": "1", "given_at": now}
    ConsentRecord.objects.create(email="ola@example.org", **fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        ConsentRecord.objects.create(email="OLA@example.org", **fields)
    # Another context, or a withdrawn record, is fine.
    ConsentRecord.objects.create(email="ola@example.org", **{**fields, "context": "x:1"})
    ConsentRecord.objects.create(email="ola@example.org", withdrawn_at=now, **fields)


def test_database_refuses_a_withdrawal_before_the_consent() -> None:
    now = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        ConsentRecord.objects.create(
            email="ola@example.org",
            purpose=LISTING,
            text_version="1",
            given_at=now,
            withdrawn_at=now - dt.timedelta(seconds=1),
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        ConsentRecord.objects.create(
            email="ola@example.org", purpose="newsletter", text_version="1", given_at=now
        )


# --- photo consent given with a meeting registration ----------------------------------------


def _register(meeting: Any, *, image_consent: bool, email: str = "ewa@example.org") -> Any:
    return meeting_services.register_for_meeting(
        meeting=meeting,
        full_name="Ewa Zielińska",
        email=email,
        organisation_name="Klaster",
        organisation_kind="cluster",
        image_consent=image_consent,
    )


def test_registration_with_photo_consent_records_it() -> None:
    registration = _register(MeetingFactory.create(), image_consent=True)
    consent = ConsentRecord.objects.get()
    assert consent.purpose == ConsentPurpose.PHOTOS
    assert consent.context == photo_consent_context(registration)
    assert consent.email == "ewa@example.org"
    assert consent.text_version == CONSENT_TEXTS[ConsentPurpose.PHOTOS].version
    assert registration.image_consent


def test_registration_without_photo_consent_records_none() -> None:
    _register(MeetingFactory.create(), image_consent=False)
    assert not ConsentRecord.objects.exists()


def test_refused_registration_records_no_consent() -> None:
    meeting = MeetingFactory.create(registration_open=False)
    with pytest.raises(ValidationError):
        _register(meeting, image_consent=True)
    assert not ConsentRecord.objects.exists()


def test_withdrawn_photo_consent_clears_the_registration_flag(
    django_capture_on_commit_callbacks: Any,
) -> None:
    registration = _register(MeetingFactory.create(), image_consent=True)
    other = _register(registration.meeting, image_consent=True, email="jan@example.org")
    consent = ConsentRecord.objects.get(context=photo_consent_context(registration))
    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw_consent(record=consent, actor=None)
    assert not Registration.objects.get(pk=registration.pk).image_consent
    assert Registration.objects.get(pk=other.pk).image_consent
    entry = AuditEntry.objects.get(action="meetings.registration.photo_consent_withdrawn")
    assert entry.target_id == str(registration.pk)


def test_withdrawn_listing_consent_leaves_registrations_alone(
    django_capture_on_commit_callbacks: Any,
) -> None:
    registration = _register(MeetingFactory.create(), image_consent=True)
    listing = services.give_consent(email="ewa@example.org", purpose=LISTING, actor=None)
    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw_consent(record=listing, actor=None)
    assert Registration.objects.get(pk=registration.pk).image_consent
