"""Photo files leave the disk with their rows, or when replaced: a withdrawn image consent
must really remove them."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.db.models.signals import post_delete, pre_save
from django.dispatch import receiver

from scaleup.meetings.models import Photo


def _delete_after_commit(files: list[FieldFile]) -> None:
    names = [(f.storage, f.name) for f in files if f and f.name]

    def remove() -> None:
        for storage, name in names:
            storage.delete(name)

    transaction.on_commit(remove)


@receiver(post_delete, sender=Photo, dispatch_uid="meetings.photo.delete_files")
def delete_photo_files(sender: type[Photo], instance: Photo, **kwargs: Any) -> None:
    _delete_after_commit([instance.image, instance.thumbnail])


@receiver(pre_save, sender=Photo, dispatch_uid="meetings.photo.delete_replaced_files")
def delete_replaced_photo_files(sender: type[Photo], instance: Photo, **kwargs: Any) -> None:
    if instance.pk is None:
        return
    previous = Photo.objects.filter(pk=instance.pk).first()
    if previous is None:
        return
    _delete_after_commit(
        [
            old
            for old, new in (
                (previous.image, instance.image),
                (previous.thumbnail, instance.thumbnail),
            )
            if old.name and old.name != new.name
        ]
    )
