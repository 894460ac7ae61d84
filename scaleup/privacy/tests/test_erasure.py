"""'Erase me': afterwards no table holds the person's e-mail or name, in any text column.

Statements and votes do not exist yet; when they come, their provider detaches them
(keeps the row, drops the link to the person) and this scan covers them unchanged.
"""

from __future__ import annotations

import json

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models.functions import Cast

from scaleup.access.models import RoleAssignment
from scaleup.core.models import AuditEntry
from scaleup.meetings.models import Registration
from scaleup.privacy import services
from scaleup.privacy.models import ConsentRecord
from scaleup.privacy.tests.subject import EMAIL, FIRST_NAME, FULL_NAME, LAST_NAME, build_subject
from scaleup.stakeholders.models import Application, Invitation, Membership, Person
from scaleup.testing.world import World

pytestmark = pytest.mark.django_db

TEXT_FIELDS = (models.CharField, models.TextField)  # EmailField, SlugField, URLField too


def _spellings(needle: str) -> set[str]:
    variants = {needle, needle.lower(), needle.upper()}
    # SQLite keeps JSON with non-ASCII characters escaped.
    return variants | {json.dumps(variant)[1:-1] for variant in variants}


def scan(*needles: str) -> list[str]:
    """Every text-like column of every model holding one of the needles, ignoring case."""
    hits = []
    for model in apps.get_models():
        manager = model._base_manager
        for field in model._meta.concrete_fields:
            if isinstance(field, models.JSONField):
                rows = manager.annotate(_text=Cast(field.name, models.TextField()))
                lookup = "_text__icontains"
            elif isinstance(field, TEXT_FIELDS):
                rows = manager.all()
                lookup = f"{field.name}__icontains"
            else:
                continue
            for needle in needles:
                for spelling in _spellings(needle):
                    found = list(rows.filter(**{lookup: spelling}).values_list("pk", flat=True))
                    if found:
                        hits.append(f"{model._meta.label}.{field.name} {needle!r}: {found}")
    return hits


NEEDLES = (EMAIL, FULL_NAME, FIRST_NAME, LAST_NAME)


def test_scan_finds_the_person_before_erasure(world: World) -> None:
    build_subject(world)
    hits = "\n".join(scan(*NEEDLES))
    for place in (
        "auth.User.email",
        "stakeholders.Person.email",
        "stakeholders.Application.contact_email",
        "stakeholders.Invitation.first_name",
        "meetings.Registration.full_name",
        "privacy.ConsentRecord.email",
        "account.EmailAddress.email",
        "core.AuditEntry.data",
        "core.AuditEntry.target_repr",
        "admin.LogEntry.object_repr",
    ):
        assert place in hits, place


def test_erasure_leaves_no_trace_of_email_or_name(world: World) -> None:
    subject = build_subject(world)
    counts = services.erase_personal_data(user=subject.user, actor=subject.user)

    assert scan(*NEEDLES) == []
    assert counts["meeting_registrations"] == 1
    assert counts["contact_person"] == 1
    assert counts["invitations"] == 2
    assert counts["applications"] == 2
    assert counts["consents"] == 2  # public listing and photos
    assert counts["audit_entries_redacted"] > 0
    assert counts["admin_log_entries_redacted"] == 1


def test_erasure_keeps_what_the_programme_needs_without_identity(world: World) -> None:
    subject = build_subject(world)
    membership_count = Membership.objects.count()
    services.erase_personal_data(user=subject.user, actor=subject.user)

    registration = Registration.objects.get(pk=subject.registration.pk)
    assert registration.anonymised_at is not None
    assert (registration.full_name, registration.email) == ("", "")
    assert registration.attended and registration.status == "confirmed"
    assert registration.organisation_kind == "sme" and not registration.image_consent

    decided = Application.objects.get(pk=subject.decided_application.pk)
    assert decided.status == "rejected" and decided.organisation_name == "Ostoja Foods"
    assert decided.contact_email == "" and decided.contact_first_name == ""
    assert decided.decision_note == "Talked to [erased] by phone: not in the region."
    assert not Application.objects.filter(pk=subject.pending_application.pk).exists()

    assert not Person.objects.filter(pk=subject.person.pk).exists()
    assert not Invitation.objects.filter(email__iexact=EMAIL).exists()
    assert Membership.objects.count() == membership_count  # the organisation stays a member
    assert not get_user_model().objects.filter(pk=subject.user.pk).exists()
    assert not EmailAddress.objects.filter(email__iexact=EMAIL).exists()
    assert not RoleAssignment.objects.filter(user_id=subject.user.pk).exists()
    assert not ConsentRecord.objects.filter(email__iexact=EMAIL).exists()

    note = AuditEntry.objects.get(action="stakeholders.group.note")
    assert note.data == {"note": "Call [erased] ([erased]) about the workshop."}
    # The log still tells what happened to the registration, not to whom.
    registered = AuditEntry.objects.get(action="meetings.registration.confirmed")
    assert registered.target_repr == "[erased] (confirmed)"


def test_erasure_is_recorded_without_personal_data(world: World) -> None:
    subject = build_subject(world)
    user_id = subject.user.pk
    counts = services.erase_personal_data(user=subject.user, actor=subject.user)
    entry = AuditEntry.objects.get(action="privacy.subject.erased")
    assert entry.actor is None  # the actor's account no longer exists
    assert entry.target_type is None and entry.target_repr == ""
    assert entry.data == {"user_id": user_id, "by_subject": True, "counts": counts}


def test_erasure_by_an_administrator_names_the_administrator(world: World) -> None:
    subject = build_subject(world)
    services.erase_personal_data(user=subject.user, actor=world.site_admin)
    entry = AuditEntry.objects.get(action="privacy.subject.erased")
    assert entry.actor == world.site_admin and entry.data["by_subject"] is False


def test_erasure_leaves_other_people_alone(world: World) -> None:
    build_subject(world)
    member = world.lubelskie.member
    services.erase_personal_data(user=member, actor=member)
    assert scan(member.email, "Member Lubelskie") == []
    # The subject built alongside is untouched.
    assert Person.objects.filter(email__iexact=EMAIL).exists()
    assert Registration.objects.filter(email__iexact=EMAIL).exists()
    assert ConsentRecord.objects.filter(email__iexact=EMAIL).count() == 2
    assert AuditEntry.objects.filter(target_repr__icontains=FIRST_NAME).exists()
    assert world.attica.member.email in {u.email for u in get_user_model().objects.all()}


def test_a_staff_account_can_be_erased(world: World) -> None:
    facilitator = world.lubelskie.facilitator
    services.erase_personal_data(user=facilitator, actor=facilitator)
    assert not RoleAssignment.objects.filter(user_id=facilitator.pk).exists()
    assert scan(facilitator.email) == []
