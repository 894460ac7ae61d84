"""`scaleup purge-expired`: each retention rule, applied as of a moved clock."""

from __future__ import annotations

import datetime as dt
import io
import secrets
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from scaleup.cli import ALIASES
from scaleup.core.models import AuditEntry
from scaleup.meetings.models import Registration
from scaleup.meetings.personal_data import photo_consent_context
from scaleup.meetings.tests.factories import MeetingFactory, RegistrationFactory
from scaleup.privacy import services
from scaleup.privacy.models import ConsentPurpose, ConsentRecord
from scaleup.stakeholders import services as stakeholder_services
from scaleup.stakeholders.models import Application, Invitation
from scaleup.stakeholders.tests.factories import (
    ApplicationFactory,
    OrganisationFactory,
    StakeholderGroupFactory,
)
from scaleup.testing.users import make_user
from scaleup.testing.world import World

pytestmark = pytest.mark.django_db


def days(rule: str) -> dt.timedelta:
    return dt.timedelta(days=settings.RETENTION_DAYS[rule])


def test_registrations_are_anonymised_once_the_period_after_the_meeting_ends() -> None:
    old = RegistrationFactory.create(meeting=MeetingFactory.create(past=True), image_consent=True)
    ConsentRecord.objects.create(
        email=old.email,
        purpose=ConsentPurpose.PHOTOS,
        context=photo_consent_context(old),
        text_version="1",
        given_at=old.created_at,
    )
    upcoming = RegistrationFactory.create(meeting=MeetingFactory.create())
    # Thirty days ago plus the period: the past meeting is out, the upcoming one is not.
    now = timezone.now() + days("registrations") - dt.timedelta(days=10)
    counts = services.purge_expired(now=now)
    assert counts["registrations_anonymised"] == 1
    assert counts["registration_consents_deleted"] == 1
    old.refresh_from_db()
    assert (old.full_name, old.email, old.anonymised_at) == ("", "", now)
    assert old.status == Registration.Status.CONFIRMED
    upcoming.refresh_from_db()
    assert upcoming.anonymised_at is None and upcoming.email
    # Anonymised rows do not collide with each other (the one-per-e-mail constraint).
    RegistrationFactory.create(meeting=old.meeting, email="", full_name="", anonymised_at=now)
    assert services.purge_expired(now=now)["registrations_anonymised"] == 0


def test_rejected_applications_lose_their_contact_after_the_period() -> None:
    group = StakeholderGroupFactory.create()
    expired, recent = (ApplicationFactory.create(group=group) for _ in range(2))
    for application in (expired, recent):
        stakeholder_services.reject_application(application=application, actor=None, note="No")
    Application.objects.filter(pk=recent.pk).update(
        decided_at=timezone.now() + dt.timedelta(days=5)
    )
    pending = ApplicationFactory.create(group=group)
    now = timezone.now() + days("applications") + dt.timedelta(days=1)
    assert services.purge_expired(now=now)["rejected_applications_blanked"] == 1
    expired.refresh_from_db()
    assert (expired.contact_email, expired.contact_first_name, expired.motivation) == ("", "", "")
    assert expired.status == "rejected" and expired.organisation_name
    for kept in (recent, pending):
        kept.refresh_from_db()
        assert kept.contact_email
    assert services.purge_expired(now=now)["rejected_applications_blanked"] == 0


def _invitation(**fields: Any) -> Invitation:
    group = StakeholderGroupFactory.create()
    defaults = {
        "group": group,
        "email": f"{secrets.token_hex(4)}@example.org",
        "first_name": "Jan",
        "last_name": "Nowak",
        "organisation": OrganisationFactory.create(),
        "token": secrets.token_urlsafe(16),
        "code": secrets.token_hex(4).upper(),
        "expires_at": timezone.now() + dt.timedelta(days=14),
    }
    return Invitation.objects.create(**(defaults | fields))


def test_unanswered_and_revoked_invitations_are_deleted_after_the_period() -> None:
    now = timezone.now()
    long_ago = now - days("invitations") - dt.timedelta(days=1)
    expired = _invitation(expires_at=long_ago)
    revoked = _invitation(revoked_at=long_ago)
    recently_expired = _invitation(expires_at=now - dt.timedelta(days=1))
    still_open = _invitation()
    accepted = _invitation(
        expires_at=long_ago, accepted_at=long_ago, accepted_by=make_user("jan@example.org")
    )
    assert services.purge_expired(now=now)["invitations_deleted"] == 2
    remaining = set(Invitation.objects.values_list("pk", flat=True))
    assert remaining == {recently_expired.pk, still_open.pk, accepted.pk}
    assert not {expired.pk, revoked.pk} & remaining


def test_withdrawn_consents_are_deleted_after_the_registration_period() -> None:
    now = timezone.now()
    long_ago = now - days("registrations") - dt.timedelta(days=1)
    fields = {"purpose": ConsentPurpose.PUBLIC_LISTING, "text_version": "1"}
    old = ConsentRecord.objects.create(
        email="a@example.org", given_at=long_ago, withdrawn_at=long_ago, **fields
    )
    recent = ConsentRecord.objects.create(
        email="b@example.org", given_at=long_ago, withdrawn_at=now, **fields
    )
    active = ConsentRecord.objects.create(email="c@example.org", given_at=long_ago, **fields)
    assert services.purge_expired(now=now)["withdrawn_consents_deleted"] == 1
    remaining = set(ConsentRecord.objects.values_list("pk", flat=True))
    assert remaining == {recent.pk, active.pk} and old.pk not in remaining


def test_accounts_nobody_needs_are_erased_after_the_period(world: World) -> None:
    now = timezone.now() + days("inactive_accounts") + dt.timedelta(days=1)
    active = make_user("active@example.org")
    get_user_model().objects.filter(pk=active.pk).update(last_login=now - dt.timedelta(days=1))
    counts = services.purge_expired(now=now)
    # Only the outsider: no role, no contact person, no recent sign-in.
    assert counts["inactive_accounts_erased"] == 1
    remaining = set(get_user_model().objects.values_list("email", flat=True))
    assert world.outsider.email not in remaining
    for kept in (
        world.site_admin,
        world.coordinator,
        world.lubelskie.facilitator,
        world.lubelskie.member,
        active,
    ):
        assert kept.email in remaining
    assert AuditEntry.objects.filter(action="privacy.subject.erased").count() == 1


def test_anonymised_registrations_keep_one_person_not_linked_to_the_named_ones() -> None:
    email = "ewa.lis@example.org"
    old = [
        RegistrationFactory.create(meeting=MeetingFactory.create(past=True), email=email)
        for _ in range(2)
    ]
    upcoming = RegistrationFactory.create(meeting=MeetingFactory.create(), email=email)
    assert {r.person for r in [*old, upcoming]} == {upcoming.person}

    services.purge_expired(now=timezone.now() + days("registrations") - dt.timedelta(days=10))

    anonymised = {r.person for r in Registration.objects.filter(anonymised_at__isnull=False)}
    assert len(anonymised) == 1
    assert upcoming.person not in anonymised


def test_a_purge_writes_one_audit_entry_with_the_counts() -> None:
    RegistrationFactory.create(meeting=MeetingFactory.create(past=True))
    now = timezone.now() + days("registrations")
    counts = services.purge_expired(now=now)
    entry = AuditEntry.objects.get(action="privacy.retention.purged")
    assert entry.data == {"as_of": now.isoformat(), "counts": counts}
    assert counts["registrations_anonymised"] == 1


def test_a_dry_run_counts_and_saves_nothing(world: World) -> None:
    RegistrationFactory.create(meeting=MeetingFactory.create(past=True))
    now = timezone.now() + days("registrations") + days("inactive_accounts")
    audit_before = AuditEntry.objects.count()
    users_before = get_user_model().objects.count()
    counts = services.purge_expired(now=now, dry_run=True)
    assert counts["registrations_anonymised"] == 3  # both regions' and this one
    assert counts["inactive_accounts_erased"] == 1
    assert not Registration.objects.filter(anonymised_at__isnull=False).exists()
    assert get_user_model().objects.count() == users_before
    assert AuditEntry.objects.count() == audit_before
    assert services.purge_expired(now=now) == counts  # the real run does what was counted


def test_command_prints_the_count_of_every_rule() -> None:
    out = io.StringIO()
    call_command("purge_expired", "--dry-run", stdout=out)
    output = out.getvalue()
    for rule in (
        "registrations_anonymised",
        "rejected_applications_blanked",
        "invitations_deleted",
        "withdrawn_consents_deleted",
        "inactive_accounts_erased",
    ):
        assert rule in output
    assert "Dry run" in output
    assert not AuditEntry.objects.exists()
    assert ALIASES["purge-expired"] == "purge_expired"
