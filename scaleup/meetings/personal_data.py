"""Personal data in meeting registrations, for 'download my data', 'erase me' and retention.

Registered with the privacy app in `MeetingsConfig.ready()`. A registration is also the
attendance record the programme asks for, so it is anonymised rather than deleted: the
name and address go, the organisation kind, status and attendance stay for statistics.
The person token (`Registration.person`, which counts a person once in the indicators) is
replaced by a new one on anonymisation, shared only by the registrations anonymised
together: it is then linked to no registration that still names the person. (So someone
whose registrations expire in two batches counts twice.)
A photo consent given with a registration is a ConsentRecord with the context
`meetings.registration:<id>`; withdrawing it clears the registration's photo flag.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from scaleup.core import audit
from scaleup.meetings.models import Registration
from scaleup.privacy.models import ConsentPurpose, ConsentRecord
from scaleup.privacy.registry import (
    DataSubject,
    Provider,
    Row,
    email_filter,
    register,
    register_context,
    scrub,
)
from scaleup.privacy.signals import consent_withdrawn

CONTEXT_PREFIX = "meetings.registration:"


def photo_consent_context(registration: Registration) -> str:
    return f"{CONTEXT_PREFIX}{registration.pk}"


class RegistrationProvider(Provider):
    section = "meeting_registrations"
    title = _("Your registrations for meetings")

    def _registrations(self, subject: DataSubject) -> QuerySet[Registration]:
        return Registration.objects.filter(
            email_filter("email", subject.emails), anonymised_at__isnull=True
        )

    def export(self, subject: DataSubject) -> Iterable[Row]:
        return [
            {
                "meeting": str(registration.meeting.title),
                "meeting_starts_at": registration.meeting.starts_at,
                "full_name": registration.full_name,
                "email": registration.email,
                "organisation": registration.organisation_name,
                "organisation_kind": registration.organisation_kind,
                "status": registration.status,
                "registered_at": registration.created_at,
                "agrees_to_photos": registration.image_consent,
                "attended": registration.attended,
                "language": registration.language,
            }
            for registration in self._registrations(subject).select_related("meeting")
        ]

    def identifiers(self, subject: DataSubject) -> Iterable[str]:
        return list(self._registrations(subject).values_list("full_name", flat=True))

    def records(self, subject: DataSubject) -> Iterable[models.Model]:
        return list(self._registrations(subject))

    def erase(self, subject: DataSubject, *, actor: Any) -> int:
        now = timezone.now()
        count = 0
        person = uuid.uuid4()  # the same person still, linked to nothing else
        for registration in self._registrations(subject):
            registration.person = person
            registration.organisation_name = scrub(
                registration.organisation_name, subject.identifiers
            )
            registration.image_consent = False
            _anonymise(registration, now)
            count += 1
        return count

    def purge_expired(self, now: datetime.datetime) -> dict[str, int]:
        """Registrations are kept for the programme's retention period after the meeting."""
        cutoff = now - datetime.timedelta(days=settings.RETENTION_DAYS["registrations"])
        expired = list(
            Registration.objects.filter(meeting__ends_at__lt=cutoff, anonymised_at__isnull=True)
        )
        # The expired registrations of one person stay one person, under a new token: the
        # old one is still on their newer registrations, which name them.
        renamed: dict[object, uuid.UUID] = {}
        for registration in expired:
            registration.person = renamed.setdefault(
                registration.person or registration.email.lower(), uuid.uuid4()
            )
            _anonymise(registration, now)
        consents, _rows = ConsentRecord.objects.filter(
            context__in=[photo_consent_context(r) for r in expired]
        ).delete()
        return {"registrations_anonymised": len(expired), "registration_consents_deleted": consents}


def _anonymise(registration: Registration, now: datetime.datetime) -> None:
    registration.full_name = ""
    registration.email = ""
    registration.anonymised_at = now
    registration.save(
        update_fields=[
            "full_name",
            "email",
            "organisation_name",
            "image_consent",
            "person",
            "anonymised_at",
            "updated_at",
        ]
    )


def clear_photo_consent(sender: Any, *, record: ConsentRecord, actor: Any, **kwargs: Any) -> None:
    """A withdrawn photo consent for a registration: no more photos of this person."""
    if record.purpose != ConsentPurpose.PHOTOS or not record.context.startswith(CONTEXT_PREFIX):
        return
    try:
        registration_id = int(record.context.removeprefix(CONTEXT_PREFIX))
    except ValueError:
        return
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update()
            .filter(pk=registration_id, image_consent=True)
            .first()
        )
        if registration is None:
            return
        registration.image_consent = False
        registration.save(update_fields=["image_consent", "updated_at"])
        audit.record(
            actor=actor, action="meetings.registration.photo_consent_withdrawn", target=registration
        )


def describe_registration(context: str) -> str:
    """A consent's context as people know it: the meeting they registered for."""
    registration_id = context.removeprefix(CONTEXT_PREFIX)
    registration = (
        Registration.objects.select_related("meeting").filter(pk=registration_id).first()
        if registration_id.isdigit()
        else None
    )
    if registration is None:
        return str(_("a meeting registration that no longer exists"))
    meeting = registration.meeting
    return f"{meeting.title} ({timezone.localtime(meeting.starts_at):%Y-%m-%d})"


def register_providers() -> None:
    register(RegistrationProvider())
    register_context(CONTEXT_PREFIX, describe_registration)
    consent_withdrawn.connect(clear_photo_consent, dispatch_uid="meetings.clear_photo_consent")
