"""Registration, waiting list, attendance and photos of meetings.

Capacity is a cross-row rule no constraint can express, so every change to a meeting's
seats first locks the meeting row (`select_for_update`); registrations for one meeting
are thereby serialised, while other meetings are unaffected. After every such change
no seat is free while someone waits: `_fill_free_seats` keeps that true.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from scaleup.core.audit import changes, record, snapshot, stored_snapshot
from scaleup.core.i18n import active_language
from scaleup.core.images import clean_photo
from scaleup.core.mail import send_after_commit
from scaleup.core.storage import save_file, storage_guard
from scaleup.meetings.models import Meeting, Photo, Registration
from scaleup.meetings.personal_data import photo_consent_context
from scaleup.privacy.models import ConsentPurpose
from scaleup.privacy.services import give_consent
from scaleup.stakeholders.selectors import find_organisation


def _send_status_mail(registration: Registration) -> None:
    send_after_commit(
        to=registration.email,
        subject_template="meetings/mail/registration_subject.txt",
        body_template="meetings/mail/registration.txt",
        context={"registration": registration, "meeting": registration.meeting},
        language=registration.language,
    )


def _lock(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


def person_for(email: str) -> uuid.UUID:
    """The person's token: the one their earlier registrations carry, else a new one.
    (Two first registrations of one address at the same instant may get two.)"""
    known = (
        Registration.objects.filter(email__iexact=email, person__isnull=False)
        .values_list("person", flat=True)
        .first()
    )
    return known or uuid.uuid4()


def _fill_free_seats(meeting: Meeting, actor: Any) -> list[Registration]:
    """Give free seats to the people waiting, first come first served. Caller holds the lock."""
    if meeting.is_past:
        return []
    confirmed = meeting.registrations.filter(status=Registration.Status.CONFIRMED).count()
    free = meeting.capacity - confirmed
    if free <= 0:
        return []
    promoted = list(
        meeting.registrations.filter(status=Registration.Status.WAITLISTED).order_by(
            "created_at", "id"
        )[:free]
    )
    for registration in promoted:
        registration.status = Registration.Status.CONFIRMED
        registration.save(update_fields=["status", "updated_at"])
        record(actor=actor, action="meetings.registration.promoted", target=registration)
        _send_status_mail(registration)
    return promoted


@transaction.atomic
def register_for_meeting(
    *,
    meeting: Meeting,
    full_name: str,
    email: str,
    organisation_name: str,
    organisation_kind: str,
    image_consent: bool = False,
    actor: Any = None,
) -> Registration:
    meeting = _lock(meeting)
    if not meeting.accepts_registrations:
        raise ValidationError(_("Registration for this meeting is closed."))
    active = meeting.registrations.exclude(status=Registration.Status.CANCELLED)
    if active.filter(email__iexact=email).exists():
        raise ValidationError(
            _("%(email)s is already registered for this meeting.") % {"email": email}
        )
    confirmed = active.filter(status=Registration.Status.CONFIRMED).count()
    someone_waits = active.filter(status=Registration.Status.WAITLISTED).exists()
    status = (
        Registration.Status.CONFIRMED
        if confirmed < meeting.capacity and not someone_waits
        else Registration.Status.WAITLISTED
    )
    registration = Registration.objects.create(
        meeting=meeting,
        full_name=full_name.strip(),
        email=email,
        organisation_name=organisation_name.strip(),
        organisation_kind=organisation_kind,
        organisation=find_organisation(organisation_name),
        status=status,
        consent_given_at=timezone.now(),
        image_consent=image_consent,
        language=active_language(),
        person=person_for(email),
    )
    record(actor=actor, action=f"meetings.registration.{status}", target=registration)
    if image_consent:
        # The photo consent is separate and versioned; withdrawing it clears image_consent.
        signed_in = getattr(actor, "is_authenticated", False)
        give_consent(
            email=email,
            purpose=ConsentPurpose.PHOTOS,
            context=photo_consent_context(registration),
            user=actor if signed_in and actor.email.lower() == email.lower() else None,
            actor=actor,
        )
    _send_status_mail(registration)
    return registration


@transaction.atomic
def cancel_registration(*, registration: Registration, actor: Any = None) -> Registration | None:
    """Cancel a seat and give it to the first person waiting; returns who was promoted.

    Once a meeting has taken place its registrations are the attendance record, so they
    can no longer be cancelled.
    """
    meeting = _lock(registration.meeting)
    registration = Registration.objects.get(pk=registration.pk)
    if registration.status == Registration.Status.CANCELLED:
        return None
    if meeting.is_past:
        raise ValidationError(
            _("This meeting has already taken place; its registrations are kept as the record.")
        )
    registration.status = Registration.Status.CANCELLED
    registration.save(update_fields=["status", "updated_at"])
    record(actor=actor, action="meetings.registration.cancelled", target=registration)
    promoted = _fill_free_seats(meeting, actor)
    return promoted[0] if promoted else None


@transaction.atomic
def save_meeting(*, meeting: Meeting, actor: Any) -> list[Registration]:
    """Save a meeting edited in the back office; a larger capacity seats people waiting."""
    created = meeting.pk is None
    before = stored_snapshot(meeting)
    meeting.save()
    record(
        actor=actor,
        action="meetings.meeting.created" if created else "meetings.meeting.changed",
        target=meeting,
        changes=changes(before, snapshot(meeting)),
    )
    if created:
        return []
    return _fill_free_seats(_lock(meeting), actor)


@transaction.atomic
def mark_attendance(*, registrations: Iterable[Registration], attended: bool, actor: Any) -> int:
    """Record who came. Only confirmed registrations can be marked as attended."""
    ids = [r.pk for r in registrations]
    rows = list(Registration.objects.select_for_update().filter(pk__in=ids))
    not_confirmed = [r for r in rows if r.status != Registration.Status.CONFIRMED]
    if attended and not_confirmed:
        raise ValidationError(
            _("These people are not confirmed, so they cannot be marked as attended: %(names)s.")
            % {"names": ", ".join(r.full_name for r in not_confirmed)}
        )
    now = timezone.now()
    for row in rows:
        row.attended = attended
        row.attendance_marked_at = now
        row.save(update_fields=["attended", "attendance_marked_at", "updated_at"])
        record(actor=actor, action="meetings.attendance.marked", target=row, attended=attended)
    return len(rows)


@storage_guard()
@transaction.atomic
def add_photo(
    *,
    meeting: Meeting,
    upload: IO[bytes],
    alt_text_pl: str,
    alt_text_en: str = "",
    caption_pl: str = "",
    caption_en: str = "",
    position: int = 0,
    actor: Any,
) -> Photo:
    """The cleaned copy and its thumbnail, both or neither: a file the server cannot store
    is a ValidationError, and the other file is removed with the row (`storage_guard`)."""
    if not alt_text_pl.strip():
        raise ValidationError(_("Describe the photo in Polish for people who cannot see it."))
    cleaned = clean_photo(upload, name=getattr(upload, "name", "photo") or "photo")
    photo = Photo(
        meeting=meeting,
        position=position,
        alt_text_pl=alt_text_pl.strip(),
        alt_text_en=alt_text_en.strip(),
        caption_pl=caption_pl,
        caption_en=caption_en,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    save_file(photo.image, cleaned.image.name or "photo", cleaned.image)
    save_file(photo.thumbnail, cleaned.thumbnail.name or "thumb.jpg", cleaned.thumbnail)
    photo.save()
    record(actor=actor, action="meetings.photo.added", target=photo)
    return photo
