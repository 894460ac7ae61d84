from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from scaleup.core.i18n import Translated
from scaleup.core.models import TimeStampedModel
from scaleup.core.tenancy import Scope
from scaleup.stakeholders.models import Organisation, OrganisationKind, StakeholderGroup


class Meeting(TimeStampedModel):
    class Format(models.TextChoices):
        WORKSHOP = "workshop", _("workshop")
        MEETING = "meeting", _("meeting")
        STUDY_VISIT = "study_visit", _("study visit")
        PEER_REVIEW = "peer_review", _("peer review")
        STAFF_EXCHANGE = "staff_exchange", _("staff exchange")
        CONFERENCE = "conference", _("conference")

    group = models.ForeignKey(
        StakeholderGroup,
        verbose_name=_("stakeholder group"),
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    slug = models.SlugField(_("slug"), unique=True, max_length=120)
    format = models.CharField(
        _("format"), max_length=20, choices=Format.choices, default=Format.WORKSHOP
    )
    title_pl = models.CharField(_("title (Polish)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    title = Translated("title")
    theme_pl = models.TextField(_("theme (Polish)"))
    theme_en = models.TextField(_("theme (English)"), blank=True)
    theme = Translated("theme")
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    venue_pl = models.CharField(_("venue (Polish)"), max_length=300)
    venue_en = models.CharField(_("venue (English)"), max_length=300, blank=True)
    venue = Translated("venue")
    address = models.CharField(_("address"), max_length=300, blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"), help_text=_("Number of seats; later registrations go to the waiting list.")
    )
    registration_open = models.BooleanField(_("registration open"), default=True)
    is_published = models.BooleanField(_("published"), default=False)
    minutes_pl = models.TextField(_("minutes (Polish)"), blank=True)
    minutes_en = models.TextField(_("minutes (English)"), blank=True)
    minutes = Translated("minutes")

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="meeting_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(capacity__gt=0), name="meeting_capacity_positive"),
        ]

    def __str__(self) -> str:
        return f"{timezone.localtime(self.starts_at):%Y-%m-%d} {self.title_pl}"

    def get_absolute_url(self) -> str:
        return reverse("meetings:detail", kwargs={"slug": self.slug})

    @property
    def access_scope(self) -> Scope:
        return self.group.access_scope

    @property
    def is_learning_event(self) -> bool:
        """An interregional learning event, where lessons about good practices are kept."""
        return self.format in LEARNING_EVENT_FORMATS

    @property
    def is_past(self) -> bool:
        return self.ends_at < timezone.now()

    @property
    def accepts_registrations(self) -> bool:
        return self.is_published and self.registration_open and not self.is_past


LEARNING_EVENT_FORMATS = frozenset(
    {Meeting.Format.STUDY_VISIT, Meeting.Format.PEER_REVIEW, Meeting.Format.STAFF_EXCHANGE}
)


class AgendaItem(models.Model):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="agenda_items"
    )
    position = models.PositiveSmallIntegerField(_("order"))
    starts_at = models.TimeField(_("starts at"), null=True, blank=True)
    title_pl = models.CharField(_("title (Polish)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    title = Translated("title")
    description_pl = models.TextField(_("description (Polish)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description = Translated("description")
    speaker = models.CharField(_("speaker"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda")
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "position"], name="agenda_unique_position")
        ]

    def __str__(self) -> str:
        return self.title_pl

    @property
    def access_scope(self) -> Scope:
        return self.meeting.access_scope


class Registration(TimeStampedModel):
    """A seat, or a place on the waiting list, taken through the public form."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("confirmed")
        WAITLISTED = "waitlisted", _("on the waiting list")
        CANCELLED = "cancelled", _("cancelled")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="registrations"
    )
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    full_name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    organisation_name = models.CharField(_("organisation"), max_length=200)
    organisation_kind = models.CharField(
        _("kind of organisation"), max_length=30, choices=OrganisationKind.choices
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("registered organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="registrations",
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    consent_given_at = models.DateTimeField(_("privacy notice accepted at"))
    image_consent = models.BooleanField(_("agrees to be photographed"), default=False)
    language = models.CharField(
        _("language"), max_length=8, default="pl", help_text=_("Mails to this person use it.")
    )
    attended = models.BooleanField(_("attended"), default=False)
    person = models.UUIDField(
        _("person"),
        null=True,
        blank=True,
        editable=False,
        db_index=True,
        help_text=_(
            "The same for all registrations with one e-mail, and kept when they are "
            "anonymised, so that a person who came three times is counted once. Random: "
            "it tells nothing about the person."
        ),
    )
    attendance_marked_at = models.DateTimeField(_("attendance marked at"), null=True, blank=True)
    anonymised_at = models.DateTimeField(
        _("anonymised at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "Name and e-mail were removed (on request or after the retention period); "
            "the row stays for attendance statistics."
        ),
    )

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["meeting", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                "meeting",
                Lower("email"),
                condition=~Q(status="cancelled") & Q(anonymised_at__isnull=True),
                name="registration_one_active_per_email",
            ),
            models.CheckConstraint(
                condition=Q(attended=False) | Q(status="confirmed"),
                name="registration_only_confirmed_attend",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["confirmed", "waitlisted", "cancelled"]),
                name="registration_status_valid",
            ),
        ]
        indexes = [models.Index(fields=["meeting", "status"])]

    def __str__(self) -> str:
        name = _("anonymised") if self.anonymised_at else self.full_name
        return f"{name} ({self.get_status_display()})"

    @property
    def access_scope(self) -> Scope:
        return self.meeting.access_scope


def photo_path(instance: Photo, filename: str) -> str:
    return f"meetings/{instance.meeting_id}/{uuid.uuid4().hex}-{filename}"


class Photo(TimeStampedModel):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="photos"
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    image = models.ImageField(
        _("image"), upload_to=photo_path, width_field="width", height_field="height"
    )
    thumbnail = models.ImageField(_("thumbnail"), upload_to=photo_path, editable=False)
    width = models.PositiveIntegerField(editable=False, default=0)
    height = models.PositiveIntegerField(editable=False, default=0)
    alt_text_pl = models.CharField(
        _("alternative text (Polish)"),
        max_length=250,
        help_text=_("What the photo shows, for people who cannot see it."),
    )
    alt_text_en = models.CharField(_("alternative text (English)"), max_length=250, blank=True)
    alt_text = Translated("alt_text")
    caption_pl = models.CharField(_("caption (Polish)"), max_length=300, blank=True)
    caption_en = models.CharField(_("caption (English)"), max_length=300, blank=True)
    caption = Translated("caption")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["meeting", "position", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(alt_text_pl=""), name="photo_has_alt_text")
        ]

    def __str__(self) -> str:
        return self.alt_text_pl

    @property
    def access_scope(self) -> Scope:
        return self.meeting.access_scope
