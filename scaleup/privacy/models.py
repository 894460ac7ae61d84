from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class ConsentPurpose(models.TextChoices):
    """Processing that rests on consent (GDPR art. 6(1)(a)); each is asked for separately."""

    PUBLIC_LISTING = "public_listing", _("being listed by name on the public group page")
    PHOTOS = "photos", _("publication of photos showing me")


class ConsentRecord(models.Model):
    """One consent given, with the version of the text the person agreed to.

    A withdrawal closes the record; a new consent opens a new one, so the history stays.
    `context` says what the consent is about when it is narrower than the person, such as
    one meeting's photos (`meetings.registration:42`).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="consents",
    )
    email = models.EmailField(_("e-mail"))
    purpose = models.CharField(_("purpose"), max_length=30, choices=ConsentPurpose.choices)
    context = models.CharField(_("about"), max_length=100, blank=True)
    text_version = models.CharField(_("version of the consent text"), max_length=20)
    given_at = models.DateTimeField(_("given at"))
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                "purpose",
                "context",
                condition=Q(withdrawn_at__isnull=True),
                name="consent_one_active_per_subject_purpose",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | Q(withdrawn_at__gte=F("given_at")),
                name="consent_withdrawn_after_given",
            ),
            models.CheckConstraint(
                condition=Q(purpose__in=ConsentPurpose.values), name="consent_purpose_valid"
            ),
        ]
        indexes = [models.Index(Lower("email"), name="consent_email_ci")]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} ({self.given_at:%Y-%m-%d})"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None
