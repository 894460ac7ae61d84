"""Access tokens of the REST API: a person's key for scripts and other systems."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from scaleup.core.models import TimeStampedModel

#: Every key starts with this, so a leaked one is recognisable (secret scanners, logs).
KEY_PREFIX = "scaleup_"


def hash_key(key: str) -> str:
    """Keys are long random strings, so one round of SHA-256 is enough to store them."""
    return hashlib.sha256(key.encode()).hexdigest()


class ApiToken(TimeStampedModel):
    """Acts as its owner: the API checks the owner's permissions, as the pages do.

    Only the key's hash is stored; the key itself is shown once, when it is made.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(
        _("name"), max_length=100, help_text=_("What the token is for, e.g. the reporting script.")
    )
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True, editable=False)
    key_start = models.CharField(
        _("start of the key"), max_length=16, editable=False, help_text=_("To recognise the key.")
    )
    read_only = models.BooleanField(
        _("read only"),
        default=False,
        db_default=False,
        help_text=_("The token may read what its owner may read, and change nothing."),
    )
    expires_at = models.DateTimeField(_("expires"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=F("created_at")), name="api_token_expires_after_creation"
            ),
            models.UniqueConstraint(
                fields=["user", "name"],
                condition=Q(revoked_at__isnull=True),
                name="api_token_unique_name_per_user",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.key_start}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()
