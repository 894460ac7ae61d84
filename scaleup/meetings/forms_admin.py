"""Forms of the meetings back office."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile

from scaleup.core.images import CleanedPhoto, clean_photo
from scaleup.meetings.models import Photo


class PhotoAdminForm(forms.ModelForm):
    """A meeting photo: the upload is checked and cleaned by `clean_photo`.

    A file that is not a JPEG, PNG or WebP image, or is larger than
    `settings.MAX_PHOTO_BYTES`, is a form error. What is stored is the re-encoded copy
    without the EXIF GPS block, together with its thumbnail; the original upload is
    never saved.
    """

    class Meta:
        model = Photo
        fields = (
            "meeting",
            "position",
            "image",
            "alt_text_pl",
            "alt_text_en",
            "caption_pl",
            "caption_en",
        )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cleaned_photo: CleanedPhoto | None = None
        self.fields["alt_text_pl"].required = True

    def clean_image(self) -> Any:
        upload = self.cleaned_data.get("image")
        if not isinstance(upload, UploadedFile):
            return upload  # unchanged: the stored, already cleaned file
        self.cleaned_photo = clean_photo(upload, name=upload.name or "photo")
        return self.cleaned_photo.image

    def save(self, commit: bool = True) -> Photo:
        photo: Photo = super().save(commit=False)
        if self.cleaned_photo is not None:
            photo.thumbnail = self.cleaned_photo.thumbnail
            photo.width = self.cleaned_photo.width
            photo.height = self.cleaned_photo.height
        if commit:
            photo.save()
            self.save_m2m()
        return photo
