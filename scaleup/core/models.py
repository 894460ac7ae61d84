from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from scaleup.core.i18n import Translated


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, editable=False)

    class Meta:
        abstract = True


class DebouncedRun(models.Model):
    """State of a debounced background computation of one record (see `core.debounce`):
    requests set `pending`, one run at a time holds `running`, and a run repeats while
    requests keep arriving."""

    pending = models.BooleanField(_("recompute requested"), default=False)
    requested_at = models.DateTimeField(_("requested at"), null=True, blank=True)
    running = models.BooleanField(_("running"), default=False)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    runs = models.PositiveIntegerField(_("runs"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    failures = models.PositiveSmallIntegerField(_("failed runs in a row"), default=0, db_default=0)
    retry_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=models.Q(running=False) | models.Q(started_at__isnull=False),
                name="%(app_label)s_%(class)s_running_has_start",
            ),
            models.CheckConstraint(
                condition=models.Q(pending=False) | models.Q(requested_at__isnull=False),
                name="%(app_label)s_%(class)s_pending_has_request_time",
            ),
        ]


class AuditEntry(models.Model):
    """One row per state change made through a service: who did what to which record."""

    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=100, db_index=True)
    target_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    target_id = models.CharField(max_length=64, blank=True)
    target_repr = models.CharField(_("target"), max_length=255, blank=True)
    # The partner region of the target. Not a foreign key: the log must outlive the partner,
    # and core stays below the projects app.
    tenant_id = models.PositiveBigIntegerField(_("partner region"), null=True, blank=True)
    data: models.JSONField[dict[str, Any]] = models.JSONField(_("data"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["target_type", "target_id"]),
            models.Index(fields=["tenant_id", "-created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.target_repr}"


class SiteConfiguration(TimeStampedModel):
    """The portal's editable settings: social profiles and the accessibility declaration.

    There is exactly one row (id 1); a check constraint keeps it so.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)

    portal_name_pl = models.CharField(_("portal name (Polish)"), max_length=200)
    portal_name_en = models.CharField(_("portal name (English)"), max_length=200, blank=True)
    portal_name = Translated("portal_name")
    operator_name = models.CharField(
        _("operator"), max_length=200, help_text=_("The public body that runs this portal.")
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    shows_demo_data = models.BooleanField(
        _("shows demonstration data"),
        default=False,
        help_text=_("Shows a notice on every page that the content is invented for a demo."),
    )
    facebook_url = models.URLField(_("Facebook profile"), blank=True)
    x_url = models.URLField(_("X profile"), blank=True)
    youtube_url = models.URLField(_("YouTube channel"), blank=True)

    # Deklaracja dostępności (accessibility declaration), required by Polish law.
    a11y_published_on = models.DateField(_("portal published on"), null=True, blank=True)
    a11y_updated_on = models.DateField(_("portal last updated on"), null=True, blank=True)
    a11y_status = models.CharField(
        _("compliance status"),
        max_length=20,
        choices=[
            ("full", _("fully compliant")),
            ("partial", _("partially compliant")),
            ("none", _("not compliant")),
        ],
        default="full",
    )
    a11y_notes_pl = models.TextField(_("non-conformities and exemptions (Polish)"), blank=True)
    a11y_notes_en = models.TextField(_("non-conformities and exemptions (English)"), blank=True)
    a11y_notes = Translated("a11y_notes")
    a11y_prepared_on = models.DateField(_("declaration prepared on"), null=True, blank=True)
    a11y_reviewed_on = models.DateField(_("declaration last reviewed on"), null=True, blank=True)
    a11y_assessment_pl = models.CharField(
        _("assessment method (Polish)"), max_length=255, blank=True
    )
    a11y_assessment_en = models.CharField(
        _("assessment method (English)"), max_length=255, blank=True
    )
    a11y_assessment = Translated("a11y_assessment")
    a11y_contact_person = models.CharField(_("contact person"), max_length=200, blank=True)
    a11y_contact_email = models.EmailField(_("contact e-mail"), blank=True)
    a11y_contact_phone = models.CharField(_("contact phone"), max_length=50, blank=True)
    a11y_architecture_pl = models.TextField(_("architectural accessibility (Polish)"), blank=True)
    a11y_architecture_en = models.TextField(_("architectural accessibility (English)"), blank=True)
    a11y_architecture = Translated("a11y_architecture")

    class Meta:
        verbose_name = _("site configuration")
        verbose_name_plural = _("site configuration")
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="core_siteconfiguration_single")
        ]

    def __str__(self) -> str:
        return str(self.portal_name)

    @property
    def social_links(self) -> list[tuple[str, str]]:
        links = [("Facebook", self.facebook_url), ("X", self.x_url), ("YouTube", self.youtube_url)]
        return [(name, url) for name, url in links if url]
