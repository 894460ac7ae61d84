"""Validating and cleaning uploaded photos with Pillow.

A photo is accepted only if Pillow decodes it as JPEG, PNG or WebP (the file name and
the browser's content type are not trusted), it is at most `MAX_PHOTO_BYTES`, and its
pixel count is sane. The stored copy is re-encoded upright with the EXIF GPS block
removed, so a phone photo never publishes where it was taken.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import ExifTags, Image, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
MAX_PIXELS = 60_000_000
THUMBNAIL_SIZE = (640, 480)


@dataclass(frozen=True)
class CleanedPhoto:
    image: ContentFile[bytes]
    thumbnail: ContentFile[bytes]
    width: int
    height: int


def _size_of(upload: IO[bytes]) -> int:
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, io.SEEK_END)
        size = upload.tell()
    upload.seek(0)
    return int(size)


def clean_photo(upload: IO[bytes], *, name: str = "photo") -> CleanedPhoto:
    max_bytes = settings.MAX_PHOTO_BYTES
    if _size_of(upload) > max_bytes:
        raise ValidationError(
            _("The photo is larger than %(limit)s.") % {"limit": filesizeformat(max_bytes)},
            code="too_large",
        )
    try:
        with Image.open(upload) as probe:
            probe.verify()
        upload.seek(0)
        image = Image.open(upload)
        image_format = image.format or ""
        if image_format not in ALLOWED_FORMATS:
            raise ValidationError(
                _("Upload a JPEG, PNG or WebP photo; this file is a %(format)s image.")
                % {"format": image_format or "?"},
                code="bad_format",
            )
        if image.width * image.height > MAX_PIXELS:
            raise ValidationError(_("The photo has too many pixels."), code="too_many_pixels")
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as error:
        raise ValidationError(
            _("The file is not a readable image."), code="not_an_image"
        ) from error

    upright = ImageOps.exif_transpose(image)  # before the tags go: it reads Orientation
    exif = image.getexif()
    exif.pop(ExifTags.IFD.GPSInfo, None)
    exif.pop(ExifTags.Base.Orientation, None)
    if image_format == "JPEG" and upright.mode not in ("RGB", "L"):
        upright = upright.convert("RGB")

    extension = ALLOWED_FORMATS[image_format]
    stored = io.BytesIO()
    save_options: dict[str, object] = {"exif": exif.tobytes()}
    if image_format == "JPEG":
        save_options.update(quality=88, optimize=True)
    upright.save(stored, format=image_format, **save_options)

    thumbnail_image = upright.copy()
    thumbnail_image.thumbnail(THUMBNAIL_SIZE)
    if thumbnail_image.mode not in ("RGB", "L"):
        thumbnail_image = thumbnail_image.convert("RGB")
    thumbnail = io.BytesIO()
    thumbnail_image.save(thumbnail, format="JPEG", quality=82, optimize=True)

    stem = name.rsplit(".", 1)[0][:80] or "photo"
    return CleanedPhoto(
        image=ContentFile(stored.getvalue(), name=f"{stem}.{extension}"),
        thumbnail=ContentFile(thumbnail.getvalue(), name=f"{stem}-thumb.jpg"),
        width=upright.width,
        height=upright.height,
    )
