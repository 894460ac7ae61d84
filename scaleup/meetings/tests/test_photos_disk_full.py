"""A full disk while a meeting photo is stored: its image and thumbnail both or neither.

The disk is simulated (`scaleup.testing.disk.DiskFills`): the first bytes really reach
MEDIA_ROOT, then every write fails with ENOSPC.
"""

from __future__ import annotations

import io
import random
from pathlib import Path

import pytest
from django.contrib.admin.models import LogEntry
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from scaleup.core.images import clean_photo
from scaleup.core.models import AuditEntry
from scaleup.meetings import services
from scaleup.meetings.models import Meeting, Photo
from scaleup.meetings.tests.factories import MeetingFactory
from scaleup.meetings.tests.test_admin import _meeting_form_data
from scaleup.testing.disk import DiskFills, tree

pytestmark = pytest.mark.django_db

NO_ROOM = "The server has no room to store your file right now, so nothing was saved."


def _photo(seed: int = 1) -> bytes:
    rng = random.Random(seed)
    image = Image.frombytes("RGB", (300, 200), bytes(rng.randrange(256) for _ in range(180_000)))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=95)
    return buffer.getvalue()


def _stored_image_size(data: bytes) -> int:
    """Bytes of the cleaned copy written before the thumbnail."""
    return len(clean_photo(io.BytesIO(data), name="photo.jpg").image.read())


@pytest.fixture
def media_root(settings) -> Path:
    return Path(settings.MEDIA_ROOT)


def test_a_thumbnail_that_does_not_fit_takes_the_image_with_it(admin_user, media_root, monkeypatch):
    data = _photo()
    disk = DiskFills([media_root], room=_stored_image_size(data) + 500).install(monkeypatch)

    with pytest.raises(ValidationError) as raised:
        services.add_photo(
            meeting=MeetingFactory.create(),
            upload=io.BytesIO(data),
            alt_text_pl="Sala obrad",
            actor=admin_user,
        )

    assert disk.refused == 1  # the image was stored whole, the thumbnail was not
    assert raised.value.code == "storage_full"
    assert raised.value.messages[0].startswith(NO_ROOM)
    assert tree(media_root) == []
    assert not Photo.objects.exists()
    assert not AuditEntry.objects.exists()


def test_an_image_that_does_not_fit_stores_nothing(admin_user, media_root, monkeypatch):
    DiskFills([media_root], room=2000).install(monkeypatch)

    with pytest.raises(ValidationError):
        services.add_photo(
            meeting=MeetingFactory.create(),
            upload=io.BytesIO(_photo()),
            alt_text_pl="Sala obrad",
            actor=admin_user,
        )

    assert tree(media_root) == []
    assert not Photo.objects.exists()


def test_the_admin_shows_a_full_disk_as_a_form_error(admin_client, media_root, monkeypatch):
    data = _photo()
    meeting = MeetingFactory.create()
    DiskFills([media_root], room=_stored_image_size(data) + 500).install(monkeypatch)

    response = admin_client.post(
        reverse("admin:meetings_photo_add"),
        {
            "meeting": meeting.pk,
            "position": 3,
            "image": SimpleUploadedFile("sala.jpg", data, "image/jpeg"),
            "alt_text_pl": "Uczestnicy warsztatu przy stole",
            "caption_pl": "Warsztat w Lublinie",
        },
        headers={"accept-language": "en"},  # the messages checked in English
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [
        NO_ROOM + " Please try again later, or tell the site administrator."
    ]
    assert NO_ROOM in response.text
    assert 'value="Uczestnicy warsztatu przy stole"' in response.text  # typed text kept
    assert 'value="Warsztat w Lublinie"' in response.text
    assert tree(media_root) == []
    assert not Photo.objects.exists()
    assert not AuditEntry.objects.exists()
    assert not LogEntry.objects.exists()


def test_a_meeting_saved_with_photos_inline_is_not_changed_at_all(
    admin_client, media_root, monkeypatch
):
    """The first photo fits, the second does not: the meeting's edit, the first photo and
    its files are rolled back with it, and the form is shown again."""
    first, second = _photo(1), _photo(2)
    meeting = MeetingFactory.create(title_pl="Warsztat I")
    data = _meeting_form_data(meeting)
    data.update(
        {
            "title_pl": "Warsztat I (po zmianie)",
            "photos-TOTAL_FORMS": "2",
            "photos-0-image": SimpleUploadedFile("a.jpg", first),
            "photos-0-position": "1",
            "photos-0-alt_text_pl": "Sala obrad",
            "photos-1-image": SimpleUploadedFile("b.jpg", second),
            "photos-1-position": "2",
            "photos-1-alt_text_pl": "Przerwa kawowa",
        }
    )
    # Room for the first photo and its thumbnail and part of the second image.
    disk = DiskFills([media_root], room=_stored_image_size(first) + 60_000).install(monkeypatch)

    response = admin_client.post(
        reverse("admin:meetings_meeting_change", args=[meeting.pk]),
        data,
        headers={"accept-language": "en"},
    )

    assert disk.written == disk.room  # the first photo was stored whole before the refusal
    assert response.status_code == 200
    assert NO_ROOM in response.text
    assert 'value="Warsztat I (po zmianie)"' in response.text
    assert 'value="Przerwa kawowa"' in response.text
    assert Meeting.objects.get(pk=meeting.pk).title_pl == "Warsztat I"
    assert not Photo.objects.exists()
    assert tree(media_root) == []
    assert not AuditEntry.objects.exists()
    assert not [m for m in response.context["messages"] if m.level_tag == "success"]


def test_the_same_photo_is_stored_once_there_is_room(admin_client, media_root, monkeypatch):
    data = _photo()
    meeting = MeetingFactory.create()
    fields = {"meeting": meeting.pk, "position": 0, "alt_text_pl": "Sala obrad"}
    DiskFills([media_root], room=100).install(monkeypatch)
    refused = admin_client.post(
        reverse("admin:meetings_photo_add"),
        fields | {"image": SimpleUploadedFile("sala.jpg", data)},
    )
    assert refused.status_code == 200
    monkeypatch.undo()

    response = admin_client.post(
        reverse("admin:meetings_photo_add"),
        fields | {"image": SimpleUploadedFile("sala.jpg", data)},
    )

    assert response.status_code == 302
    photo = Photo.objects.get()
    assert sorted(tree(media_root))[-2:] == sorted([photo.image.name, photo.thumbnail.name])
    assert AuditEntry.objects.filter(action="meetings.photo.added").count() == 1
