from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from PIL import ExifTags, Image

from scaleup.core.images import clean_photo


def photo_bytes(fmt="JPEG", size=(1600, 1200), gps=False, orientation=None) -> io.BytesIO:
    image = Image.new("RGB", size, (10, 80, 160))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "TestCam"
    if gps:
        exif[ExifTags.IFD.GPSInfo] = {
            ExifTags.GPS.GPSLatitudeRef: "N",
            ExifTags.GPS.GPSLatitude: (51.0, 14.0, 0.0),
        }
    if orientation:
        exif[ExifTags.Base.Orientation] = orientation
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, exif=exif.tobytes())
    buffer.seek(0)
    return buffer


def test_gps_block_is_removed_but_other_exif_kept():
    cleaned = clean_photo(photo_bytes(gps=True))
    stored = Image.open(io.BytesIO(cleaned.image.read()))
    exif = stored.getexif()
    assert ExifTags.IFD.GPSInfo not in exif
    assert exif[ExifTags.Base.Make] == "TestCam"


def test_thumbnail_fits_the_box():
    cleaned = clean_photo(photo_bytes())
    thumbnail = Image.open(io.BytesIO(cleaned.thumbnail.read()))
    assert thumbnail.width <= 640
    assert thumbnail.height <= 480
    assert (cleaned.width, cleaned.height) == (1600, 1200)


def test_rotated_phone_photo_is_stored_upright():
    cleaned = clean_photo(photo_bytes(size=(400, 300), orientation=6))
    assert (cleaned.width, cleaned.height) == (300, 400)


def test_png_stays_png():
    cleaned = clean_photo(photo_bytes(fmt="PNG"))
    assert str(cleaned.image.name).endswith(".png")


def test_text_file_named_jpg_is_refused():
    upload = io.BytesIO(b"this is not a picture")
    with pytest.raises(ValidationError) as error:
        clean_photo(upload, name="holiday.jpg")
    assert error.value.code == "not_an_image"


def test_gif_is_refused_with_its_format_named():
    buffer = io.BytesIO()
    Image.new("P", (10, 10)).save(buffer, format="GIF")
    buffer.seek(0)
    with pytest.raises(ValidationError, match="GIF"):
        clean_photo(buffer)


def test_oversized_file_is_refused(settings):
    settings.MAX_PHOTO_BYTES = 1024
    with pytest.raises(ValidationError) as error:
        clean_photo(photo_bytes())
    assert error.value.code == "too_large"
