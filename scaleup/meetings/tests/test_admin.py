"""The meetings back office: attendance and cancellation actions, and photo uploads that are
validated and cleaned (no GPS position is ever stored)."""

from __future__ import annotations

import io
import random
from typing import TYPE_CHECKING, Any

import pytest
from django.conf import LazySettings
from django.contrib.auth.models import User
from django.contrib.messages import ERROR, SUCCESS
from django.contrib.messages.storage.base import Message
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import ExifTags, Image

from scaleup.core.models import AuditEntry
from scaleup.meetings.models import Meeting, Photo, Registration
from scaleup.meetings.tests.factories import MeetingFactory, RegistrationFactory
from scaleup.stakeholders.tests.factories import StakeholderGroupFactory

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

pytestmark = pytest.mark.django_db

GPS = {
    ExifTags.GPS.GPSLatitudeRef: "N",
    ExifTags.GPS.GPSLatitude: (51.0, 14.0, 52.0),
    ExifTags.GPS.GPSLongitudeRef: "E",
    ExifTags.GPS.GPSLongitude: (22.0, 34.0, 5.0),
}


def _jpeg_with_gps(size: tuple[int, int] = (120, 90)) -> bytes:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.IFD.GPSInfo] = GPS
    buffer = io.BytesIO()
    Image.new("RGB", size, "orange").save(buffer, format="JPEG", exif=exif)
    data = buffer.getvalue()
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(ExifTags.IFD.GPSInfo)  # sanity
    return data


def _noisy_jpeg(size: tuple[int, int] = (200, 200)) -> bytes:
    """A JPEG that does not compress well, so it is comfortably over a few kilobytes."""
    rng = random.Random(1)
    image = Image.frombytes(
        "RGB", size, bytes(rng.randrange(256) for _ in range(3 * size[0] * size[1]))
    )
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=95)
    return buffer.getvalue()


def _gps_of(path: str) -> dict[int, Any]:
    with Image.open(path) as stored:
        exif = stored.getexif()
        assert ExifTags.IFD.GPSInfo not in exif
        return dict(exif.get_ifd(ExifTags.IFD.GPSInfo))


def _image_error_codes(response: Response) -> list[str | None]:
    errors = response.context["adminform"].form.errors.as_data()
    return [error.code for error in errors.get("image", [])]


def _messages(response: Response, level: int) -> list[str]:
    stored: list[Message] = list(response.context["messages"])
    return [m.message for m in stored if m.level == level]


def _run_action(client: Client, action: str, *registrations: Registration) -> Response:
    response: Response = client.post(
        reverse("admin:meetings_registration_changelist"),
        {"action": action, "_selected_action": [r.pk for r in registrations]},
        follow=True,
    )
    return response


# --- Attendance and cancellation ------------------------------------------------------------


def test_mark_attended_action_records_attendance(admin_client: Client) -> None:
    meeting = MeetingFactory.create()
    first, second = RegistrationFactory.create_batch(2, meeting=meeting)

    response = _run_action(admin_client, "mark_attended", first, second)

    for registration in (first, second):
        registration.refresh_from_db()
        assert registration.attended
        assert registration.attendance_marked_at is not None
    assert _messages(response, SUCCESS)


def test_mark_not_attended_action_clears_attendance(admin_client: Client) -> None:
    registration = RegistrationFactory.create(attended=True, attendance_marked_at=timezone.now())

    _run_action(admin_client, "mark_not_attended", registration)

    registration.refresh_from_db()
    assert not registration.attended


def test_marking_a_waitlisted_person_as_attended_is_an_error(admin_client: Client) -> None:
    meeting = MeetingFactory.create()
    confirmed = RegistrationFactory.create(meeting=meeting)
    waiting = RegistrationFactory.create(
        meeting=meeting, full_name="Piotr Czekający", status=Registration.Status.WAITLISTED
    )

    response = _run_action(admin_client, "mark_attended", confirmed, waiting)

    confirmed.refresh_from_db()
    assert not confirmed.attended
    errors = _messages(response, ERROR)
    assert len(errors) == 1
    assert "Piotr Czekający" in errors[0]


def test_cancel_action_gives_the_seat_to_the_first_on_the_waiting_list(
    admin_client: Client,
) -> None:
    meeting = MeetingFactory.create(capacity=1)
    seated = RegistrationFactory.create(meeting=meeting)
    first_waiting = RegistrationFactory.create(
        meeting=meeting, full_name="Pierwsza Osoba", status=Registration.Status.WAITLISTED
    )
    second_waiting = RegistrationFactory.create(
        meeting=meeting, status=Registration.Status.WAITLISTED
    )

    response = _run_action(admin_client, "cancel_selected", seated)

    seated.refresh_from_db()
    first_waiting.refresh_from_db()
    second_waiting.refresh_from_db()
    assert seated.status == Registration.Status.CANCELLED
    assert first_waiting.status == Registration.Status.CONFIRMED
    assert second_waiting.status == Registration.Status.WAITLISTED
    assert any("Pierwsza Osoba" in message for message in _messages(response, SUCCESS))


def test_promoted_person_is_mailed_after_commit(
    admin_client: Client, django_capture_on_commit_callbacks: Any, mailoutbox: list[Any]
) -> None:
    meeting = MeetingFactory.create(capacity=1)
    seated = RegistrationFactory.create(meeting=meeting)
    RegistrationFactory.create(
        meeting=meeting, email="czeka@example.org", status=Registration.Status.WAITLISTED
    )

    with django_capture_on_commit_callbacks(execute=True):
        _run_action(admin_client, "cancel_selected", seated)

    assert [message.to for message in mailoutbox] == [["czeka@example.org"]]


def test_registrations_are_filtered_by_meeting_and_attendance(admin_client: Client) -> None:
    meeting = MeetingFactory.create()
    wanted = RegistrationFactory.create(meeting=meeting, attended=True)
    RegistrationFactory.create(meeting=meeting)
    RegistrationFactory.create(attended=True)  # another meeting

    response = admin_client.get(
        reverse("admin:meetings_registration_changelist"),
        {"meeting__id__exact": str(meeting.pk), "attended__exact": "1"},
    )

    assert list(response.context["cl"].result_list) == [wanted]


# --- Photos ---------------------------------------------------------------------------------


def _add_photo(client: Client, meeting: Meeting, upload: SimpleUploadedFile) -> Response:
    response: Response = client.post(
        reverse("admin:meetings_photo_add"),
        {
            "meeting": meeting.pk,
            "position": 0,
            "image": upload,
            "alt_text_pl": "Uczestnicy warsztatu przy stole",
        },
    )
    return response


def test_photo_upload_stores_a_copy_without_gps_and_a_thumbnail(
    admin_client: Client, admin_user: User
) -> None:
    meeting = MeetingFactory.create()
    original = _jpeg_with_gps()

    response = _add_photo(
        admin_client, meeting, SimpleUploadedFile("warsztat.jpg", original, "image/jpeg")
    )

    assert response.status_code == 302
    photo = Photo.objects.get()
    assert photo.image.read() != original
    assert _gps_of(photo.image.path) == {}
    assert photo.thumbnail.storage.exists(photo.thumbnail.name)
    with Image.open(photo.thumbnail.path) as thumbnail:
        assert thumbnail.format == "JPEG"
    assert (photo.width, photo.height) == (120, 90)
    assert photo.uploaded_by == admin_user
    assert AuditEntry.objects.filter(action="meetings.photo.added").count() == 1


def test_text_file_named_jpg_is_a_form_error(admin_client: Client) -> None:
    meeting = MeetingFactory.create()
    fake = SimpleUploadedFile("zdjecie.jpg", b"not an image at all\n" * 50, "image/jpeg")

    response = _add_photo(admin_client, meeting, fake)

    assert response.status_code == 200
    assert _image_error_codes(response) == ["invalid_image"]
    assert not Photo.objects.exists()


def test_photo_over_the_size_limit_is_a_form_error(
    admin_client: Client, settings: LazySettings
) -> None:
    settings.MAX_PHOTO_BYTES = 1000
    meeting = MeetingFactory.create()
    data = _noisy_jpeg()
    assert len(data) > 1000

    response = _add_photo(admin_client, meeting, SimpleUploadedFile("duze.jpg", data))

    assert response.status_code == 200
    assert _image_error_codes(response) == ["too_large"]
    assert not Photo.objects.exists()


def test_photo_in_another_format_is_a_form_error(admin_client: Client) -> None:
    meeting = MeetingFactory.create()
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), "blue").save(buffer, format="GIF")

    response = _add_photo(admin_client, meeting, SimpleUploadedFile("anim.gif", buffer.getvalue()))

    assert response.status_code == 200
    assert _image_error_codes(response) == ["bad_format"]
    assert not Photo.objects.exists()


def test_photo_needs_polish_alt_text(admin_client: Client) -> None:
    meeting = MeetingFactory.create()
    response = admin_client.post(
        reverse("admin:meetings_photo_add"),
        {
            "meeting": meeting.pk,
            "position": 0,
            "image": SimpleUploadedFile("a.jpg", _jpeg_with_gps()),
            "alt_text_pl": "   ",
        },
    )

    assert response.status_code == 200
    assert "alt_text_pl" in response.context["adminform"].form.errors
    assert not Photo.objects.exists()


def _meeting_form_data(meeting: Meeting) -> dict[str, Any]:
    local_start = timezone.localtime(meeting.starts_at)
    local_end = timezone.localtime(meeting.ends_at)
    return {
        "group": meeting.group.pk,
        "format": meeting.format,
        "title_pl": meeting.title_pl,
        "slug": meeting.slug,
        "theme_pl": meeting.theme_pl,
        "starts_at_0": local_start.strftime("%Y-%m-%d"),
        "starts_at_1": local_start.strftime("%H:%M:%S"),
        "ends_at_0": local_end.strftime("%Y-%m-%d"),
        "ends_at_1": local_end.strftime("%H:%M:%S"),
        "venue_pl": meeting.venue_pl,
        "capacity": meeting.capacity,
        "is_published": "on",
        "registration_open": "on",
        "agenda_items-TOTAL_FORMS": "0",
        "agenda_items-INITIAL_FORMS": "0",
        "photos-TOTAL_FORMS": "1",
        "photos-INITIAL_FORMS": "0",
    }


def test_photo_inline_on_meeting_stores_a_copy_without_gps(
    admin_client: Client, admin_user: User
) -> None:
    meeting = MeetingFactory.create()
    data = _meeting_form_data(meeting)
    data.update(
        {
            "photos-0-image": SimpleUploadedFile("sala.jpg", _jpeg_with_gps()),
            "photos-0-position": "1",
            "photos-0-alt_text_pl": "Sala obrad",
        }
    )

    response = admin_client.post(reverse("admin:meetings_meeting_change", args=[meeting.pk]), data)

    assert response.status_code == 302
    photo = Photo.objects.get(meeting=meeting)
    assert _gps_of(photo.image.path) == {}
    assert photo.thumbnail.storage.exists(photo.thumbnail.name)
    assert photo.uploaded_by == admin_user


def test_photo_inline_on_a_new_meeting_is_stored_under_that_meeting(
    admin_client: Client,
) -> None:
    template = MeetingFactory.build(group=StakeholderGroupFactory.create(), slug="nowe-spotkanie")
    data = _meeting_form_data(template)
    data.update(
        {
            "photos-0-image": SimpleUploadedFile("sala.jpg", _jpeg_with_gps()),
            "photos-0-position": "1",
            "photos-0-alt_text_pl": "Sala obrad",
        }
    )

    response = admin_client.post(reverse("admin:meetings_meeting_add"), data)

    assert response.status_code == 302
    meeting = Meeting.objects.get(slug="nowe-spotkanie")
    photo = Photo.objects.get()
    assert photo.meeting == meeting
    assert photo.image.name.startswith(f"meetings/{meeting.pk}/")


def test_photo_inline_on_meeting_refuses_a_file_that_is_not_an_image(
    admin_client: Client,
) -> None:
    meeting = MeetingFactory.create()
    data = _meeting_form_data(meeting)
    data.update(
        {
            "photos-0-image": SimpleUploadedFile("sala.jpg", b"plain text"),
            "photos-0-position": "1",
            "photos-0-alt_text_pl": "Sala obrad",
        }
    )

    response = admin_client.post(reverse("admin:meetings_meeting_change", args=[meeting.pk]), data)

    assert response.status_code == 200
    photo_formset = response.context["inline_admin_formsets"][1].formset
    assert list(photo_formset.forms[0].errors) == ["image"]
    assert not Photo.objects.exists()


def test_photo_inline_shows_the_thumbnail(admin_client: Client) -> None:
    meeting = MeetingFactory.create()
    _add_photo(admin_client, meeting, SimpleUploadedFile("a.jpg", _jpeg_with_gps()))
    photo = Photo.objects.get()

    response = admin_client.get(reverse("admin:meetings_meeting_change", args=[meeting.pk]))

    assert photo.thumbnail.url in response.content.decode()


def test_registrations_cannot_be_deleted_in_admin(admin_client):
    from scaleup.meetings.tests.factories import RegistrationFactory as Factory

    registration = Factory.create()
    response = admin_client.get(
        reverse("admin:meetings_registration_delete", args=[registration.pk])
    )
    assert response.status_code == 403


def test_correcting_an_email_makes_the_registration_that_addresss_person(
    admin_client: Client,
) -> None:
    typo = RegistrationFactory.create(email="ewa.lis@exmaple.org")
    right = RegistrationFactory.create(email="ewa.lis@example.org")
    response = admin_client.post(
        f"/admin/meetings/registration/{typo.pk}/change/",
        {
            "full_name": typo.full_name,
            "email": "ewa.lis@example.org",
            "organisation_name": typo.organisation_name,
            "organisation_kind": typo.organisation_kind,
            "organisation": "",
        },
    )
    assert response.status_code == 302
    typo.refresh_from_db()
    assert typo.person == right.person
