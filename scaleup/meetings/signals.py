"""Photo files leave the disk with their rows: a withdrawn image consent must really remove them."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from scaleup.meetings.models import Photo


@receiver(post_delete, sender=Photo, dispatch_uid="meetings.photo.delete_files")
def delete_photo_files(sender: type[Photo], instance: Photo, **kwargs: Any) -> None:
    files = [f for f in (instance.image, instance.thumbnail) if f and f.name]

    def remove() -> None:
        for file in files:
            file.storage.delete(file.name)

    transaction.on_commit(remove)
